"""The file store, type sniffing and text extraction."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from registry.documents import extraction, filetypes, storage
from registry.errors import NotFoundError, PayloadTooLarge, UnsupportedFileType
from tests import filegen

FINNISH = "Hätäpoistumistiet on merkittävä näkyvästi ja pidettävä esteettöminä."


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_store_is_content_addressed_and_never_overwrites(app, tmp_path):
    first = storage.store(io.BytesIO(b"sama sisalto"), 1000)
    second = storage.store(io.BytesIO(b"sama sisalto"), 1000)
    assert first.path == second.path and first.created and not second.created
    assert first.path.name == first.sha256 and first.path.parent.parent.parent == storage.files_dir()
    assert first.path.read_bytes() == b"sama sisalto"
    assert not os.access(first.path, os.W_OK) or os.geteuid() == 0
    assert list((storage.files_dir() / "tmp").iterdir()) == []


def test_store_refuses_past_the_limit_and_leaves_no_temporary_file(app):
    with pytest.raises(PayloadTooLarge):
        storage.store(io.BytesIO(b"x" * 2001), 2000)
    assert list((storage.files_dir() / "tmp").iterdir()) == []


def test_path_for_refuses_anything_but_a_hash(app):
    with pytest.raises(NotFoundError):
        storage.path_for("../../etc/passwd")


@pytest.mark.parametrize(
    "name,data,media_type",
    [
        ("ohje.pdf", filegen.pdf_bytes("Ohje", FINNISH), filetypes.PDF),
        ("ohje.docx", filegen.docx_bytes("Ohje", FINNISH), filetypes.DOCX),
        ("ohje.odt", filegen.odt_bytes("Ohje", FINNISH), filetypes.ODT),
        ("mittarit.xlsx", filegen.xlsx_bytes([["Mittari", 3]]), filetypes.XLSX),
        ("kuva.png", filegen.png_bytes(), filetypes.PNG),
        ("kuva.jpeg", filegen.jpeg_bytes(), filetypes.JPEG),
    ],
)
def test_accepted_types_are_recognised_from_content(app, tmp_path, name, data, media_type):
    assert filetypes.sniff(_write(tmp_path, "upload", data), name) == (media_type, name)


def test_a_name_without_extension_gets_the_content_type_extension(app, tmp_path):
    path = _write(tmp_path, "upload", filegen.png_bytes())
    assert filetypes.sniff(path, "kuvakaappaus") == (filetypes.PNG, "kuvakaappaus.png")


@pytest.mark.parametrize(
    "name,data,code",
    [
        ("raportti.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "unsupported_media_type"),  # renamed executable
        ("ohje.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "unsupported_media_type"),
        ("kuva.png", filegen.pdf_bytes("x"), "disguised_file"),  # a PDF named as an image
        ("ohje.docx", filegen.odt_bytes("x"), "disguised_file"),
        ("sivu.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "unsupported_media_type"),
        (
            "kuva.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "unsupported_media_type",
        ),
        ("kuva.png", b"<svg onload=alert(1)>", "unsupported_media_type"),  # SVG named as PNG
        ("paketti.zip", filegen.many_parts_docx(3)[:0] + b"PK\x03\x04garbage", "unsupported_media_type"),
        ("teksti.txt", "Pelkkää tekstiä".encode(), "unsupported_media_type"),  # text is not an upload type
        ("ohje.pdf.exe", filegen.pdf_bytes("x"), "disguised_file"),
    ],
)
def test_refused_types(app, tmp_path, name, data, code):
    with pytest.raises(UnsupportedFileType) as caught:
        filetypes.sniff(_write(tmp_path, "upload", data), name)
    assert caught.value.code == code and caught.value.status == 415


def test_plain_zip_that_is_no_office_document_is_refused(app, tmp_path):
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hei")
    with pytest.raises(UnsupportedFileType):
        filetypes.sniff(_write(tmp_path, "upload", buffer.getvalue()), "ohje.docx")


def test_macro_enabled_word_file_renamed_to_docx_is_refused(app, tmp_path):
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(filegen.docx_bytes("Makro", "x")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
            archive.writestr(item, data)
    with pytest.raises(UnsupportedFileType):
        filetypes.sniff(_write(tmp_path, "upload", out.getvalue()), "makro.docx")


def test_zip_bomb_is_refused_from_the_central_directory(app, tmp_path):
    path = _write(tmp_path, "upload", filegen.zip_bomb_docx(50))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(UnsupportedFileType) as caught:
        filetypes.sniff(path, "pommi.docx")
    assert caught.value.code == "unsafe_archive"


def test_unpacked_size_limit_applies_even_at_a_modest_ratio(app, tmp_path):
    app.config["ZIP_MAX_UNCOMPRESSED_BYTES"] = 10_000
    path = _write(tmp_path, "upload", filegen.docx_bytes("Ohje", FINNISH * 200))
    with pytest.raises(UnsupportedFileType) as caught:
        filetypes.sniff(path, "ohje.docx")
    assert caught.value.code == "unsafe_archive" and "purettuna" in str(caught.value.message)


def test_thousands_of_parts_are_refused(app, tmp_path):
    path = _write(tmp_path, "upload", filegen.many_parts_docx(5000))
    with pytest.raises(UnsupportedFileType) as caught:
        filetypes.sniff(path, "osat.docx")
    assert caught.value.code == "unsafe_archive"


@pytest.mark.parametrize(
    "raw,shown",
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\Työohje.docx", "Työohje.docx"),
        ('<img src=x onerror="alert(1)">.pdf', "img src_x onerror_alert_1_.pdf"),
        ("..\\..\\.bashrc", "bashrc"),
        ("Ääkköset ja ÅÖ raportti.pdf", "Ääkköset ja ÅÖ raportti.pdf"),
        ("nolla\x00tavu.pdf", "nollatavu.pdf"),
    ],
)
def test_safe_filename_keeps_finnish_letters_and_drops_path_parts(raw, shown):
    assert filetypes.safe_filename(raw) == shown


@pytest.mark.parametrize(
    "maker,media_type,name",
    [
        (filegen.pdf_bytes, filetypes.PDF, "x.pdf"),
        (filegen.docx_bytes, filetypes.DOCX, "x.docx"),
        (filegen.odt_bytes, filetypes.ODT, "x.odt"),
    ],
)
def test_extraction_of_each_document_format(tmp_path, maker, media_type, name):
    path = _write(tmp_path, name, maker("Työturvallisuusohje", FINNISH, "Toinen kappale: ÅÄÖ åäö."))
    result = extraction.extract_text(path, media_type)
    assert result.error is None
    assert "Työturvallisuusohje" in result.text and FINNISH in result.text and "ÅÄÖ åäö" in result.text


def test_extraction_of_docx_headings_becomes_markdown(tmp_path):
    path = _write(tmp_path, "x.docx", filegen.docx_bytes("Pääotsikko", "Kappale."))
    assert extraction.extract_text(path, filetypes.DOCX).text.startswith("# Pääotsikko")


def test_extraction_of_xlsx_and_markdown(tmp_path):
    sheet = _write(tmp_path, "x.xlsx", filegen.xlsx_bytes([["Mittari", "Tavoite"], ["Läpäisyaste", 85]]))
    assert "Läpäisyaste | 85" in extraction.extract_text(sheet, filetypes.XLSX).text
    text = _write(tmp_path, "x.md", "\ufeff# Ohje\n\nÄänestys.".encode())
    assert extraction.extract_text(text, filetypes.MARKDOWN).text == "# Ohje\n\nÄänestys."


def test_a_damaged_file_gives_an_error_instead_of_failing(tmp_path):
    path = _write(tmp_path, "x.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 50)
    result = extraction.extract_text(path, filetypes.PDF)
    assert result.text is None and result.error


def test_images_have_no_text_and_no_error(tmp_path):
    path = _write(tmp_path, "x.png", filegen.png_bytes())
    assert extraction.extract_text(path, filetypes.PNG) == extraction.Extraction(None, None)


def test_a_pdf_past_the_time_budget_keeps_the_text_read_so_far(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for number in range(3):
        pdf.add_page()
        pdf.cell(0, 10, f"Sivu {number}")
    path = _write(tmp_path, "x.pdf", bytes(pdf.output()))
    result = extraction.extract_text(path, filetypes.PDF, seconds=0)
    assert result.text == "Sivu 0" and "1 of 3 pages" in result.error


@pytest.mark.parametrize(
    "media_type, part, maker",
    [
        (filetypes.DOCX, "word/document.xml", lambda: filegen.docx_bytes("Iso", "Teksti.")),
        (filetypes.ODT, "content.xml", lambda: filegen.odt_bytes("Iso", "Teksti.")),
    ],
)
def test_a_document_whose_text_part_would_take_too_much_memory_is_stored_without_text(
    tmp_path, media_type, part, maker
):
    """Within the zip limits (ratio, total size) but a text part the XML parsers would hold whole."""
    import random

    rng = random.Random(3)
    words = " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyzäö", k=8)) for _ in range(1_100_000))
    source = zipfile.ZipFile(io.BytesIO(maker()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = data.replace(b"Teksti.", words.encode())
            target.writestr(info, data)
    path = _write(tmp_path, "iso." + ("docx" if media_type == filetypes.DOCX else "odt"), out.getvalue())
    result = extraction.extract_text(path, media_type)
    assert result.text is None and "at most 8 MB" in result.error
