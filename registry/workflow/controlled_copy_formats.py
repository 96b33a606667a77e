"""The two shapes of a controlled copy: PDF (WeasyPrint) and DOCX (python-docx).

Nothing a copy shows is fetched from outside: the PDF's only resources are the QR code
and the version's own images, served from memory and the file store by a fetcher that
refuses every other URL.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import segno
from flask import render_template
from flask_babel import gettext as _

from registry.documents.docx_writer import write_markdown
from registry.documents.rendering import render_markdown, xml_safe

if TYPE_CHECKING:
    from registry.workflow.controlled_copies import CopyFacts

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
# A reserved, never-resolving host: the fetcher serves these addresses itself.
PRIVATE_ORIGIN = "https://copy.lamppu.invalid/"
QR_URL = PRIVATE_ORIGIN + "qr.png"
WATERMARK_GREY = "B4B4B4"
QR_MM = 18
QR_MODULE_PX = 8


def qr_resolution(url: str) -> float:
    """The dots per inch at which the PNG of qr_png(url) is QR_MM millimetres wide."""
    modules = segno.make(url, error="m").symbol_size(border=1)[0]
    return modules * QR_MODULE_PX * 25.4 / QR_MM


def css_string(text: str) -> str:
    """`text` as a quoted CSS string; anything but plain letters and punctuation is a hex escape,
    so that no stored text can end the string or the style element."""
    safe = "".join(c if c.isalnum() or c in " .,:;-_/()#" else f"\\{ord(c):x} " for c in xml_safe(text))
    return f'"{safe}"'


def qr_png(url: str) -> bytes:
    # A bitmap: WeasyPrint parses an SVG again on every page, a PNG is embedded once.
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=QR_MODULE_PX, border=1)
    return buffer.getvalue()


def _local_fetcher(serve: Callable[[str], tuple[bytes, str]]):
    """A WeasyPrint URL fetcher that answers only `serve`; any other URL raises (and is left out)."""
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except ImportError:  # WeasyPrint before URLFetcher: a function returning a dict
        return lambda url, *args, **kwargs: dict(zip(("string", "mime_type"), serve(url), strict=True))

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            body, media_type = serve(url)
            return URLFetcherResponse(url, body, {"Content-Type": media_type})

    return LocalFetcher(allowed_protocols=())


def _pdf_resources(facts: CopyFacts, images: Mapping[str, Path]) -> tuple[dict[str, str], Callable]:
    """Image names mapped to private URLs, and the function that serves those URLs."""
    urls = {name: f"{PRIVATE_ORIGIN}image/{index}" for index, name in enumerate(images)}
    files = {urls[name]: Path(path) for name, path in images.items()}

    def serve(url: str) -> tuple[bytes, str]:
        if url == QR_URL:
            return qr_png(facts.check_url), "image/png"
        if url in files:
            data = files[url].read_bytes()
            return data, "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
        raise ValueError(f"not fetched: {url[:80]}")

    return urls, serve


def render_pdf(facts: CopyFacts, body: str, images: Mapping[str, Path]) -> bytes:
    """The copy as PDF: running header and footer on every page, the watermark fixed on each."""
    from weasyprint import CSS, HTML

    urls, serve = _pdf_resources(facts, images)
    html = render_template(
        "workflow/copy_pdf.html",
        facts=facts,
        qr_url=QR_URL,
        css_string=css_string,
        qr_dpi=round(qr_resolution(facts.check_url), 1),
        body_html=render_markdown(xml_safe(body), urls),
    )
    stylesheet = CSS(filename=str(STATIC_DIR / "export-pdf.css"))
    return HTML(string=html, url_fetcher=_local_fetcher(serve)).write_pdf(stylesheets=[stylesheet])


# DOCX


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == instruction else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _plain_table(container, rows: int, cols: int, width):
    table = container.add_table(rows=rows, cols=cols, width=width)
    table.autofit = False
    return table


def _docx_header(section, facts: CopyFacts, width) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    header = section.header
    cells = _plain_table(header, 1, 3, width).rows[0].cells
    for cell, text, align in (
        (cells[0], facts.organisation, WD_ALIGN_PARAGRAPH.LEFT),
        (cells[1], f"{facts.code} {facts.title}", WD_ALIGN_PARAGRAPH.CENTER),
        (cells[2], facts.version_line, WD_ALIGN_PARAGRAPH.RIGHT),
    ):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        run = paragraph.add_run(xml_safe(text))
        run.font.size = Pt(8)
        run.bold = cell is cells[1]
    paragraph = header.paragraphs[0]  # python-docx starts the header with an empty paragraph
    if facts.watermark:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(facts.watermark)
        run.bold, run.font.size = True, Pt(30)
        run.font.color.rgb = RGBColor.from_string(WATERMARK_GREY)
    header._element.append(paragraph._p)  # below the header table


def _docx_footer(section, facts: CopyFacts, width) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    footer = section.footer
    cells = _plain_table(footer, 1, 2, width).rows[0].cells
    text = cells[0].paragraphs[0]
    text.add_run(xml_safe(facts.footer_line)).font.size = Pt(8)
    page = cells[0].add_paragraph()
    page.add_run(_("Page") + " ").font.size = Pt(8)
    _field(page, "PAGE")
    page.add_run("/")
    _field(page, "NUMPAGES")
    cells[0].add_paragraph().add_run(facts.check_url).font.size = Pt(7)
    qr = cells[1].paragraphs[0]
    qr.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    qr.add_run().add_picture(io.BytesIO(qr_png(facts.check_url)), width=Cm(1.8))
    closing = footer.paragraphs[0]  # python-docx starts the footer with an empty paragraph: move it last
    closing.paragraph_format.space_after = Pt(0)
    footer._element.append(closing._p)


def _docx_approvals(doc, facts: CopyFacts) -> None:
    doc.add_heading(xml_safe(f"{facts.code} {facts.title}"), level=0)
    doc.add_heading(_("Approval"), level=2)
    if facts.import_note:
        doc.add_paragraph(facts.import_note)
    if not facts.approvals:
        if not facts.import_note:
            doc.add_paragraph(_("Not approved."))
        return
    table = doc.add_table(rows=1, cols=3)
    table.style = doc.styles["Table Grid"]
    for cell, title in zip(table.rows[0].cells, (_("Approver"), _("Signature meaning"), _("Signed at")), strict=True):
        cell.paragraphs[0].add_run(title).bold = True
    for line in facts.approvals:
        cells = table.add_row().cells
        for cell, text in zip(cells, (line.name, line.meaning, line.signed_at), strict=True):
            cell.text = xml_safe(text)
    doc.add_paragraph()


def render_docx(facts: CopyFacts, body: str, images: Mapping[str, Path]) -> bytes:
    """The copy as DOCX: header and footer in the section, the approval table, then the body."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    width = section.page_width - section.left_margin - section.right_margin
    doc.core_properties.title = xml_safe(f"{facts.code} {facts.title}")[:255]
    _docx_header(section, facts, width)
    _docx_footer(section, facts, width)
    _docx_approvals(doc, facts)
    write_markdown(doc, body, images)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
