"""Deciding a file's type from its content, and refusing what is not allowed.

The name never decides the type: the first bytes do, and for the zip-based office
formats the members inside. A name whose extension disagrees with the content is
refused as a disguised file. Zip archives are judged from their central directory
(entry count, declared unpacked size, compression ratio) before anything is unpacked.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from registry.errors import UnsupportedFileType

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
MARKDOWN = "text/markdown"
TEXT = "text/plain"


@dataclass(frozen=True)
class FileKind:
    media_type: str
    extensions: tuple[str, ...]
    label: str

    @property
    def extension(self) -> str:
        return self.extensions[0]


KINDS = {
    PDF: FileKind(PDF, (".pdf",), "PDF"),
    DOCX: FileKind(DOCX, (".docx",), "Word (DOCX)"),
    XLSX: FileKind(XLSX, (".xlsx",), "Excel (XLSX)"),
    ODT: FileKind(ODT, (".odt",), "OpenDocument (ODT)"),
    PNG: FileKind(PNG, (".png",), "PNG"),
    JPEG: FileKind(JPEG, (".jpg", ".jpeg"), "JPEG"),
    MARKDOWN: FileKind(MARKDOWN, (".md", ".markdown"), "Markdown"),
    TEXT: FileKind(TEXT, (".txt",), "text"),
}
UPLOAD_TYPES = (PDF, DOCX, ODT, XLSX, PNG, JPEG)
IMPORT_TYPES = (PDF, DOCX, ODT, MARKDOWN, TEXT)

MARKUP_RE = re.compile(rb"^\s*<(!doctype|html|svg|\?xml|head|body|script|!--)", re.IGNORECASE)
PROGRAM_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")
SMALL_MEMBER = 1024 * 1024


def _setting(name: str, default: int) -> int:
    return int(current_app.config.get(name, default)) if has_app_context() else default


def refuse(message, code: str = "unsupported_media_type") -> UnsupportedFileType:
    return UnsupportedFileType(message, code=code)


def not_allowed(allowed: tuple[str, ...]) -> UnsupportedFileType:
    labels = ", ".join(KINDS[t].label for t in allowed)
    return refuse(_l("This file type is not accepted. Accepted types: %(types)s.", types=labels))


def _read_head(path: Path, size: int = 2048) -> bytes:
    with path.open("rb") as handle:
        return handle.read(size)


def check_zip(archive: zipfile.ZipFile, *, max_entries: int | None = None, max_total: int | None = None) -> None:
    """Refuse a zip bomb or an archive of thousands of parts, judged from the central directory."""
    entries = archive.infolist()
    if len(entries) > (max_entries or _setting("ZIP_MAX_ENTRIES", 1000)):
        raise refuse(_l("The file has too many internal parts (%(n)d).", n=len(entries)), "unsafe_archive")
    total = sum(e.file_size for e in entries)
    packed = sum(e.compress_size for e in entries)
    if total > (max_total or _setting("ZIP_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)):
        raise refuse(_l("The file would be too large when unpacked."), "unsafe_archive")
    ratio = _setting("ZIP_MAX_RATIO", 100)
    if total > SMALL_MEMBER and total > ratio * max(packed, 1):
        raise refuse(_l("The file is compressed suspiciously much (a possible zip bomb)."), "unsafe_archive")
    for entry in entries:
        if entry.file_size > SMALL_MEMBER and entry.file_size > ratio * max(entry.compress_size, 1):
            raise refuse(_l("The file is compressed suspiciously much (a possible zip bomb)."), "unsafe_archive")


def _member_text(archive: zipfile.ZipFile, name: str, limit: int = SMALL_MEMBER) -> str | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        return None
    with archive.open(info) as member:
        return member.read(limit).decode("utf-8", "replace")


def _office_type(path: Path) -> str:
    """DOCX, XLSX or ODT from the members of a checked zip; anything else is refused."""
    try:
        with zipfile.ZipFile(path) as archive:
            check_zip(archive)
            mimetype = _member_text(archive, "mimetype", 200)
            if mimetype is not None and mimetype.strip() == ODT and "content.xml" in archive.namelist():
                return ODT
            types = _member_text(archive, "[Content_Types].xml") or ""
            names = set(archive.namelist())
            if "word/document.xml" in names and "wordprocessingml.document.main+xml" in types:
                return DOCX
            if "xl/workbook.xml" in names and "spreadsheetml.sheet.main+xml" in types:
                return XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise refuse(_l("The file is damaged or is not a valid document.")) from None
    raise not_allowed(UPLOAD_TYPES)


def _text_type(path: Path, extension: str) -> str | None:
    """Markdown or plain text: valid UTF-8 without NUL bytes and not markup."""
    data = path.read_bytes()
    if b"\x00" in data or MARKUP_RE.match(data.lstrip(b"\xef\xbb\xbf")):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return TEXT if extension == ".txt" else MARKDOWN


def sniff_content(path: Path, extension: str = "", *, allowed: tuple[str, ...] = UPLOAD_TYPES) -> str:
    """The media type of the file at `path` judged from its bytes; UnsupportedFileType otherwise."""
    head = _read_head(path)
    body = head.lstrip(b"\xef\xbb\xbf")
    if MARKUP_RE.match(body):
        raise refuse(_l("HTML, SVG and other markup files are not accepted."))
    if head.startswith(PROGRAM_MAGIC):
        raise refuse(_l("Programs and scripts are not accepted."))
    media_type = None
    if head.startswith(b"%PDF-"):
        media_type = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        media_type = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        media_type = JPEG
    elif head.startswith(b"PK\x03\x04"):
        media_type = _office_type(path)
    elif MARKDOWN in allowed or TEXT in allowed:
        media_type = _text_type(path, extension)
    if media_type is None or media_type not in allowed:
        raise not_allowed(allowed)
    return media_type


def sniff(path: Path, filename: str, *, allowed: tuple[str, ...] = UPLOAD_TYPES) -> tuple[str, str]:
    """(media type, safe display name); a name whose extension disagrees with the content is refused."""
    name = safe_filename(filename)
    extension = Path(name).suffix.lower()
    media_type = sniff_content(path, extension, allowed=allowed)
    kind = KINDS[media_type]
    if not extension:
        return media_type, (name or "liite") + kind.extension
    if extension not in kind.extensions:
        raise refuse(
            _l(
                "The file name ends in “%(ext)s” but its content is %(kind)s. Renamed files are not accepted.",
                ext=extension,
                kind=kind.label,
            ),
            "disguised_file",
        )
    return media_type, name


SAFE_CHARS_RE = re.compile(r"[^\w.\- ]", re.UNICODE)


def safe_filename(filename: str | None) -> str:
    """werkzeug's secure_filename, but keeping Finnish (and other) letters: a display name only.

    Path parts are dropped, anything but letters, digits, `.`, `-`, `_` and spaces becomes `_`,
    leading dots go (no hidden files), and the result is at most 200 characters.
    """
    name = unicodedata.normalize("NFC", filename or "")
    name = PureWindowsPath(PurePosixPath(name).name).name  # last path part, either separator
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = SAFE_CHARS_RE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" ._")
    name = re.sub(r"_+", "_", name)
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else name[:200]
    return name
