"""The visual draft editor in headless Chromium: keyboard, bold text, a table cell, images, no JavaScript."""

from __future__ import annotations

from tests.browser.conftest import check_accessibility, expect

EDIT = "/d/TY-004/v/3/edit"  # the demo's open draft of the first-aid instruction, by kirjoittaja
TABLE = "\n\n| Vaihe | Vastuu |\n| --- | --- |\n| Hälytys | Kaikki |\n"


def _login(page, email="kirjoittaja@kao.example", password="kirjoittaja-demo-2026"):  # noqa: S107 - demo account
    page.goto(page.base_url + "/login")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_load_state("networkidle")


def _page_without_javascript(page):
    """A second window of the same browser with JavaScript off, logged in as the same author."""
    context = page.context.browser.new_context(java_script_enabled=False, locale="fi-FI")
    plain = context.new_page()
    plain.set_default_timeout(15000)
    plain.base_url = page.base_url
    _login(plain)
    return plain, context.close


def _stored_body(plain) -> str:
    plain.goto(plain.base_url + EDIT)
    return plain.locator("textarea#body").input_value()


def test_without_javascript_the_textarea_still_saves(page):
    plain, close = _page_without_javascript(page)
    try:
        plain.goto(plain.base_url + EDIT)
        body = plain.locator("textarea#body")
        assert body.is_visible() and plain.locator(".toastui-editor-defaultUI").count() == 0
        body.fill(body.input_value() + TABLE)
        plain.get_by_role("button", name="Tallenna luonnos").click()
        assert "Luonnos tallennettu." in plain.locator(".flash").inner_text()
        assert _stored_body(plain).rstrip("\n").endswith(TABLE.rstrip("\n"))
    finally:
        close()


def test_author_makes_text_bold_and_edits_a_table_cell_with_the_keyboard(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    plain, close = _page_without_javascript(page)
    try:
        plain.goto(plain.base_url + EDIT)
        plain.locator("textarea#body").fill(plain.locator("textarea#body").input_value() + TABLE)
        plain.get_by_role("button", name="Tallenna luonnos").click()

        _login(page)
        page.goto(page.base_url + EDIT)
        editor = page.locator(".toastui-editor-ww-container [contenteditable]")
        expect(editor).to_be_visible()
        assert page.locator("textarea#body").is_hidden()
        assert page.get_by_role("button", name="Lihavointi").is_visible()  # Finnish toolbar labels
        assert page.get_by_role("textbox", name="Teksti (Markdown)").count() == 1
        assert check_accessibility(page) == []

        # Tab into the editor (past its toolbar), and out of it again.
        page.locator("#title").focus()
        for _ in range(15):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.isContentEditable"):
                break
        assert page.evaluate("document.activeElement.isContentEditable")
        page.keyboard.press("Control+Home")
        page.keyboard.press("Tab")  # to the mode switch (Markdown, WYSIWYG), then the next field
        assert page.evaluate("document.activeElement.textContent") == "Markdown"
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "change_summary"
        for _ in range(3):
            page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.isContentEditable")

        # The last table cell: Ctrl+End lands in it.
        page.keyboard.press("Control+End")
        page.keyboard.type(" ja ohjaaja")
        # A bold paragraph after the first heading (clicked: a key press could still land in the cell).
        editor.locator("h1, h2, h3").first.click()
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        page.keyboard.press("Control+b")
        page.keyboard.type("Tärkeä lisäys")
        page.keyboard.press("Control+b")
        expect(editor.locator("strong", has_text="Tärkeä lisäys")).to_be_visible()
        page.get_by_role("button", name="Tallenna luonnos").click()
        page.wait_for_load_state("networkidle")
        assert "Luonnos tallennettu." in page.locator(".flash").inner_text()

        stored = _stored_body(plain)
        assert "**Tärkeä lisäys**" in stored
        assert "Hälytys" in stored and "Kaikki ja ohjaaja |" in stored and "| Vaihe" in stored
        assert "toastui" not in page.content()  # the version page does not load the editor
        assert not [e for e in errors if "Content Security Policy" in e], errors
    finally:
        close()


def test_editor_speaks_english_and_stays_accessible(page):
    _login(page)
    page.goto(page.base_url + "/lang/en?next=" + EDIT)
    expect(page.locator(".toastui-editor-ww-container [contenteditable]")).to_be_visible()
    assert page.get_by_role("button", name="Bold").is_visible()
    assert page.get_by_role("button", name="Undo").is_visible()
    assert page.get_by_role("textbox", name="Text (Markdown)").count() == 1
    assert check_accessibility(page) == []


def test_new_document_page_has_the_editor_without_image_upload(page):
    _login(page)
    page.goto(page.base_url + "/documents/new")
    expect(page.locator(".toastui-editor-ww-container [contenteditable]")).to_be_visible()
    assert page.get_by_role("button", name="Lisää kuva").count() == 0
    assert check_accessibility(page) == []
