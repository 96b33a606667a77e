"""A quality owner's first day in a real Chromium: a Word file in, a table cell edited in the visual
editor, approval with an e-signature, publishing, and the controlled PDF copy out."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests import filegen
from tests.browser.conftest import check_accessibility, expect

SHOTS = Path(tempfile.gettempdir()) / "lamppu-authoring"  # pictures to look at by hand, outside the repository


def _login(page, key: str):
    page.context.clear_cookies()
    page.goto(page.base_url + "/login")
    page.get_by_label("Sähköposti").fill(f"{key}@kao.example")
    page.get_by_label("Salasana").fill(f"{key}-demo-2026")
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_load_state("networkidle")


def _pdf_pages_as_images(pdf: Path) -> list[Path]:
    """PNG pages of the PDF (poppler's pdftoppm), for a person to read; none when poppler is missing."""
    if shutil.which("pdftoppm") is None:
        return []
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(SHOTS / "copy")], check=True)  # noqa: S603
    return sorted(SHOTS.glob("copy-*.png"))


def test_word_file_in_edit_a_table_cell_approve_publish_and_pdf_out(page, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    source = tmp_path / "Opiskelijavalinta.docx"
    source.write_bytes(filegen.rich_docx_bytes(image=filegen.png_image(320, 180), pages=3))

    _login(page, "laatu")
    page.goto(page.base_url + "/documents/new")
    page.get_by_label("Asiakirjatyyppi").select_option("TO")
    page.get_by_label("Otsikko").fill("Opiskelijavalinnan työohje")
    page.get_by_label("Tuo Word- tai ODT-tiedostosta").set_input_files(str(source))
    page.get_by_role("button", name="Luo luonnos").click()
    expect(page.locator(".flash-success")).to_contain_text("luotiin luonnoksena")
    code = re.search(r"/d/([A-Z]+-\d+)/v/1", page.url).group(1)

    body = page.locator(".doc-body")
    expect(body.locator("h2", has_text="Vastuut").first).to_be_visible()
    expect(body.locator("li li", has_text="Varahenkilönä apulaisrehtori").first).to_be_visible()
    expect(body.locator("table td", has_text="huhtikuu 1")).to_be_visible()
    expect(body.locator("a", has_text="Opetushallitus")).to_have_attribute("href", "https://www.oph.fi/")
    image = body.locator("img").first
    expect(image).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) == 320
    expect(page.locator(".source-file")).to_contain_text("Opiskelijavalinta.docx")
    assert check_accessibility(page) == []
    page.screenshot(path=SHOTS / "1-converted-version.png", full_page=True)

    page.goto(f"{page.base_url}/d/{code}/v/1/edit")
    editor = page.locator(".toastui-editor-ww-container [contenteditable=true]")
    expect(editor).to_be_visible()
    cell = editor.locator("td", has_text="huhtikuu 1").first
    cell.click()
    page.keyboard.press("End")
    for _ in range(len("huhtikuu 1")):
        page.keyboard.press("Backspace")
    page.keyboard.type("toukokuu 1")
    page.get_by_label("Muutosten kuvaus").fill("Valinnan aikataulu siirtyi toukokuulle.")
    page.screenshot(path=SHOTS / "2-editor.png", full_page=True)
    page.get_by_role("button", name="Tallenna luonnos").click()
    expect(page.locator(".flash-success")).to_have_text("Luonnos tallennettu.")
    expect(page.locator(".doc-body table td", has_text="toukokuu 1")).to_be_visible()
    assert page.locator(".doc-body table td", has_text="huhtikuu 1").count() == 0

    page.get_by_role("link", name="Lähetä hyväksyttäväksi").click()
    page.get_by_label("Hyväksyjät").select_option(label="Riitta Rehtonen")
    page.get_by_role("radio", name=re.compile("Merkittävä")).check()
    page.get_by_role("button", name="Lähetä hyväksyttäväksi").click()
    expect(page.locator(".flash-success")).to_have_text("Lähetetty hyväksyttäväksi.")

    _login(page, "rehtori")
    page.goto(f"{page.base_url}/d/{code}/v/1/review")
    expect(page.locator(".doc-body table td", has_text="toukokuu 1")).to_be_visible()
    page.get_by_label("Allekirjoituksen merkitys").select_option(label="Hyväksytty sisällön omistajana")
    page.get_by_label("Salasanasi (sähköinen allekirjoitus)").fill("rehtori-demo-2026")
    page.get_by_role("button", name="Hyväksy ja allekirjoita").click()
    expect(page.locator(".flash-success")).to_have_text("Hyväksytty ja allekirjoitettu.")

    _login(page, "laatu")
    page.goto(f"{page.base_url}/d/{code}/v/1")
    page.get_by_role("link", name="Julkaise").click()
    page.get_by_role("button", name="Julkaise").click()
    expect(page.locator(".flash-success")).to_have_text("Julkaistu.")
    expect(page.locator(".doc-version")).to_contain_text("Voimassa")

    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa PDF").click()
    pdf = SHOTS / f"{code}.pdf"
    download.value.save_as(pdf)
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages]
    assert len(pages) >= 2
    text = "\n".join(pages)
    assert "toukokuu 1" in text and "huhtikuu 1" not in text
    assert "Riitta Rehtonen" in pages[0] and "Hyväksytty sisällön omistajana" in pages[0]
    for number, content in enumerate(pages, start=1):
        assert code in content and "ohjaamaton kopio" in content and f"{number}/{len(pages)}" in content
        assert "EI VOIMASSA" not in content
    _pdf_pages_as_images(pdf)
