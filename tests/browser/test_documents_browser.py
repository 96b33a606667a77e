"""A staff member and an author use Lamppu with the keyboard in headless Chromium."""

from __future__ import annotations

import re

from tests.browser.conftest import check_accessibility, expect


def _login_with_keyboard(page, email: str, password: str) -> None:
    page.goto(page.base_url + "/login")
    # The form has focus on arrival; the browser applies autofocus after the first
    # rendering, so wait for it (a page without it fails here after the timeout).
    page.wait_for_function("document.activeElement && document.activeElement.id === 'email'", timeout=5000)
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_login_page_is_accessible_and_wrong_password_is_explained(page):
    page.goto(page.base_url + "/login")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert check_accessibility(page) == []
    _login_with_keyboard(page, "henkilosto@kao.example", "väärä-salasana")
    assert page.get_by_role("alert").inner_text().strip() == "Väärä sähköpostiosoite tai salasana."


def test_skip_link_is_the_first_stop_and_leads_to_the_content(page):
    page.goto(page.base_url + "/no-such-page")  # a page without an autofocused field
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    # Fragment navigation moves focus in a task of its own: wait for it (fails after the timeout).
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'", timeout=5000)


def test_staff_member_finds_and_reads_the_current_instruction(page):
    _login_with_keyboard(page, "henkilosto@kao.example", "henkilosto-demo-2026")
    assert page.get_by_role("heading", level=1).inner_text() == "Asiakirjarekisteri"
    assert check_accessibility(page) == []
    page.get_by_label("Otsikko tai tunnus").fill("poissaolojen")
    page.get_by_label("Otsikko tai tunnus").press("Enter")
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=re.compile(r"^TO-\d{3}$")).first.click()
    page.wait_for_load_state("networkidle")
    assert "Opiskelijoiden poissaolojen käsittely" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".banner").count() == 0  # the current version: no warning banner
    assert check_accessibility(page) == []
    page.get_by_role("link", name="Kaikki versiot").click()
    page.get_by_role("link", name="1.0").click()
    page.wait_for_load_state("networkidle")
    assert "Tämä on vanha versio" in page.locator(".banner").inner_text()
    page.get_by_role("link", name="In English").click()
    expect(page.locator(".banner")).to_contain_text("This is an old version")


def test_author_starts_and_edits_a_new_version(page):
    _login_with_keyboard(page, "laatu@kao.example", "laatu-demo-2026")
    page.goto(page.base_url + "/d/TY-001")
    page.get_by_role("button", name="Aloita uusi versio").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Muokkaa luonnosta"
    assert check_accessibility(page) == []
    page.locator(".toastui-editor-mode-switch").get_by_text("Markdown").click()  # the editor's Markdown tab
    body = page.get_by_role("textbox", name="Teksti (Markdown)")
    body.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type("\n\n## Lisäys\n\nSuojalasit ovat pakolliset koko ajan.")
    page.get_by_label("Muutosten kuvaus").fill("Lisätty suojalasivaatimus.")
    page.get_by_role("button", name="Tallenna luonnos").click()
    page.wait_for_load_state("networkidle")
    assert "Luonnos tallennettu." in page.locator(".flash").inner_text()
    assert page.get_by_role("heading", name="Lisäys").is_visible()
    assert "ei ole voimassa" in page.locator(".banner").inner_text()


def test_new_document_form_is_accessible(page):
    _login_with_keyboard(page, "kirjoittaja@kao.example", "kirjoittaja-demo-2026")
    page.goto(page.base_url + "/documents/new")
    assert check_accessibility(page) == []
    page.get_by_role("button", name="Luo luonnos").click()
    expect(page.locator(".field-error").first).to_contain_text("Otsikko on pakollinen.")
