"""Plain text out of PDF, DOCX, ODT, XLSX, Markdown and text files, for search and imports.

Extraction never fails an upload: any error comes back as `Extraction.error` and the
file is stored without text. Zip-based formats have passed `filetypes.check_zip`
before they get here, so a parser only ever sees declared sizes within the limits.
"""

from __future__ import annotations

import logging
import time
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from registry.documents import filetypes
from registry.errors import UnsupportedFileType

MAX_CHARS = 2_000_000
MAX_PDF_PAGES = 2000
MAX_SHEET_CELLS = 200_000
# The XML part holding a DOCX's or ODT's text; its unpacked size bounds the parser's memory.
TEXT_PARTS = {filetypes.DOCX: "word/document.xml", filetypes.ODT: "content.xml"}
MAX_TEXT_PART = 8 * 1024 * 1024


@dataclass(frozen=True)
class Extraction:
    text: str | None
    error: str | None = None


class OutOfTime(Exception):
    """Extraction passed its time budget; carries the text read so far."""

    def __init__(self, text: str, done: int, total: int):
        super().__init__(f"time limit reached after {done} of {total} pages; the text is incomplete")
        self.text = text


class _Collector:
    """Collects text pieces and stops at MAX_CHARS."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def add(self, text: str | None) -> bool:
        if text:
            self.parts.append(text)
            self.size += len(text)
        return self.size < MAX_CHARS

    def text(self, separator: str = "\n\n") -> str:
        return separator.join(p.strip() for p in self.parts if p and p.strip())[:MAX_CHARS]


def _pdf(path: Path, deadline: float | None = None) -> str:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(path)
    if reader.is_encrypted:
        raise ValueError("encrypted PDF")
    out = _Collector()
    total = len(reader.pages)
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES or not out.add(page.extract_text() or ""):
            break
        if deadline is not None and time.monotonic() > deadline and number + 1 < total:
            raise OutOfTime(out.text(), number + 1, total)
    return out.text()


def _docx_blocks(document):
    """Paragraphs and table cells in document order; headings as Markdown headings."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style = (block.style.name or "") if block.style is not None else ""
            level = style.removeprefix("Heading ").strip()
            prefix = "#" * int(level) + " " if style.startswith("Heading ") and level.isdigit() else ""
            yield prefix + block.text if block.text.strip() else ""
        elif isinstance(block, Table):
            for row in block.rows:
                yield " | ".join(cell.text.strip() for cell in row.cells)


def _docx(path: Path) -> str:
    import docx

    out = _Collector()
    for text in _docx_blocks(docx.Document(str(path))):
        if not out.add(text):
            break
    return out.text()


def _odt_blocks(node):
    """Headings and paragraphs in document order (a paragraph's text is taken whole)."""
    from odf import teletype

    for child in node.childNodes:
        kind = child.qname[1] if getattr(child, "qname", None) else None
        if kind == "h":
            level = str(child.getAttribute("outlinelevel") or "1")
            yield "#" * int(level if level.isdigit() else 1) + " " + teletype.extractText(child)
        elif kind == "p":
            yield teletype.extractText(child)
        elif kind is not None:
            yield from _odt_blocks(child)


def _odt(path: Path) -> str:
    from odf.opendocument import load

    out = _Collector()
    for content in _odt_blocks(load(str(path)).text):
        if not out.add(content):
            break
    return out.text()


def _xlsx(path: Path) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    out, cells = _Collector(), 0
    try:
        for sheet in workbook.worksheets:
            out.add(f"## {sheet.title}")
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                values = [str(v) for v in row if v is not None and str(v).strip()]
                if cells > MAX_SHEET_CELLS or not out.add(" | ".join(values)):
                    return out.text("\n")
    finally:
        workbook.close()
    return out.text("\n")


def _plain(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")[:MAX_CHARS]


EXTRACTORS = {
    filetypes.PDF: _pdf,
    filetypes.DOCX: _docx,
    filetypes.ODT: _odt,
    filetypes.XLSX: _xlsx,
    filetypes.MARKDOWN: _plain,
    filetypes.TEXT: _plain,
}


def _check_archive(path: Path, media_type: str) -> None:
    if media_type in (filetypes.DOCX, filetypes.ODT, filetypes.XLSX):
        with zipfile.ZipFile(path) as archive:
            filetypes.check_zip(archive)
            part = TEXT_PARTS.get(media_type)
            size = archive.getinfo(part).file_size if part in archive.namelist() else 0
            if size > MAX_TEXT_PART:
                # python-docx and odfpy build the whole XML tree: 25-40 times the part's size in memory.
                raise ValueError(
                    f"the text part {part} is {size / 1e6:.0f} MB unpacked; at most "
                    f"{MAX_TEXT_PART / 1e6:.0f} MB is read"
                )


def extract_text(path: Path, media_type: str, *, seconds: float | None = None) -> Extraction:
    """The text of a stored file, or the reason it could not be read (never raises for bad files).

    With `seconds`, a long PDF stops at the page where the budget ran out: the text read so far
    is kept and the error says it is incomplete (a request must not run into the worker timeout).
    """
    extractor = EXTRACTORS.get(media_type)
    if extractor is None:
        return Extraction(None)
    try:
        _check_archive(path, media_type)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if media_type == filetypes.PDF and seconds is not None:
                text = _pdf(path, time.monotonic() + seconds)
            else:
                text = extractor(path)
    except OutOfTime as partial:
        return Extraction(partial.text, str(partial)[:300])
    except UnsupportedFileType as error:
        return Extraction(None, str(error.message)[:300])
    except Exception as error:  # noqa: BLE001 - any parser failure means "no text", never a failed upload
        return Extraction(None, f"{type(error).__name__}: {error}"[:300])
    return Extraction(text.replace("\x00", ""))
