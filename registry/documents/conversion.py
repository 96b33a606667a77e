"""Word (DOCX) and OpenDocument (ODT) files into a version's Markdown body.

DOCX goes through mammoth (maintained, reads Word's semantic structure: headings,
lists with their levels, tables, links, images), ODT through odfpy with a small walker
of our own; both meet as HTML, which nh3 cleans and markdownify turns into the
CommonMark + tables dialect the registry renders. Images become attachments
(`![alt](attachment:kuva-1.png)`, see rendering.py). What has no Markdown equivalent
is listed as a warning; tracked changes are refused, never silently accepted.

Nothing here reads outside the file: mammoth's external file access stays off and
linked (outside) images are dropped with a warning.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nh3
from flask_babel import lazy_gettext as _l

from registry.documents import filetypes
from registry.documents._odt import SAFE_LINK_RE, OdtWalker
from registry.documents.rendering import image_reference, xml_safe
from registry.errors import PayloadTooLarge, UnsupportedFileType, ValidationError

SOURCE_TYPES = (filetypes.DOCX, filetypes.ODT)
MAX_PART = 8 * 1024 * 1024  # the unpacked text part a parser builds a tree of (see extraction.py)
MAX_IMAGES = 45  # a version holds at most 50 attachments (attachments.MAX_PER_VERSION), the source among them
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TRACKED_DOCX_RE = re.compile(rb"<w:(ins|del|moveFrom|moveTo)\b")
_HTML_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}


@dataclass(frozen=True)
class ConvertedImage:
    name: str
    data: bytes
    media_type: str


@dataclass
class Conversion:
    """The Markdown body, the images it refers to, and what could not be carried over."""

    markdown: str
    images: list[ConvertedImage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Images:
    """Collects a document's images as PNG/JPEG attachments named kuva-1.png, kuva-2.jpg, ..."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.items: list[ConvertedImage] = []
        self.by_content: dict[bytes, str] = {}
        self.unsupported: set[str] = set()
        self.outside = 0

    def add(self, data: bytes, content_type: str | None) -> str | None:
        """The reference for the image bytes, or None when the image cannot be shown."""
        if len(data) > self.max_bytes:
            raise PayloadTooLarge(
                _l(
                    "An image inside the file is %(size)s MB; an image may be at most %(mb)s MB. "
                    "Make the image smaller in the word processor and try again.",
                    size=f"{len(data) / 1048576:.1f}",
                    mb=f"{self.max_bytes / 1048576:.0f}",
                )
            )
        if data in self.by_content:
            return self.by_content[data]
        data, media_type = _web_image(data)
        if media_type is None:
            self.unsupported.add((content_type or "?").split("/")[-1].upper())
            return None
        if len(self.items) >= MAX_IMAGES:
            raise ValidationError({"file": _l("The file has more than %(n)d images.", n=MAX_IMAGES)})
        name = f"kuva-{len(self.items) + 1}{filetypes.KINDS[media_type].extension}"
        self.items.append(ConvertedImage(name, data, media_type))
        self.by_content[data] = image_reference(name)
        return self.by_content[data]

    def warnings(self) -> list[str]:
        found = []
        if self.unsupported:
            found.append(
                str(
                    _l(
                        "Images in formats a browser cannot show (%(formats)s) were left out; "
                        "save them as PNG or JPEG and add them in the editor.",
                        formats=", ".join(sorted(self.unsupported)),
                    )
                )
            )
        if self.outside:
            found.append(
                str(
                    _l(
                        "%(n)d image(s) linked from outside the file were left out: the registry "
                        "fetches nothing from other addresses.",
                        n=self.outside,
                    )
                )
            )
        return found


def _web_image(data: bytes) -> tuple[bytes, str | None]:
    """PNG and JPEG as they are; GIF, BMP and TIFF turned into PNG; anything else unsupported."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return data, filetypes.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return data, filetypes.JPEG
    if data[:4] in (b"GIF8", b"II*\x00", b"MM\x00*") or data[:2] == b"BM":
        from PIL import Image

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.seek(0)
                out = io.BytesIO()
                image.convert("RGBA").save(out, "PNG")
            return out.getvalue(), filetypes.PNG
        except Exception:  # noqa: BLE001 - a broken picture is left out with a warning, not a failed import
            return data, None
    return data, None


# --- checks before any parser runs -------------------------------------------------------------


def refuse_unconvertible(path: Path) -> None:
    """Refuse, with a message saying what to do, files that look like Word but cannot be converted."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == OLE_MAGIC:
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnsupportedFileType(
                _l(
                    "The file is password-protected. Remove the password in Word (File > Info > Protect "
                    "Document) and try again."
                ),
                code="encrypted_file",
            )
        raise UnsupportedFileType(
            _l("This is an old Word 97–2003 file (.doc). Save it as a Word document (.docx) and try again.")
        )
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            types = archive.read("[Content_Types].xml")[:1_000_000] if "[Content_Types].xml" in names else b""
            manifest = archive.read("META-INF/manifest.xml")[:1_000_000] if "META-INF/manifest.xml" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, KeyError):
        return  # sniffing names the damage
    if b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UnsupportedFileType(
            _l(
                "Macro-enabled Word files (.docm) are not accepted. Save the document as a Word document "
                "(.docx) without macros and try again."
            ),
            code="macros_not_accepted",
        )
    if b"encryption-data" in manifest:
        raise UnsupportedFileType(
            _l("The file is password-protected. Save it without a password and try again."), code="encrypted_file"
        )
    if any(n.startswith(("Basic/", "Scripts/")) for n in names):
        raise UnsupportedFileType(
            _l("The OpenDocument file contains macros. Save it without macros and try again."),
            code="macros_not_accepted",
        )


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART:
        raise ValidationError(
            {
                "file": _l(
                    "The text of the file is %(mb)s MB unpacked; at most %(max)s MB can be converted.",
                    mb=f"{info.file_size / 1e6:.0f}",
                    max=f"{MAX_PART / 1e6:.0f}",
                )
            }
        )
    return archive.read(info)


# --- DOCX --------------------------------------------------------------------------------------


def _docx_warnings(archive: zipfile.ZipFile) -> list[str]:
    document = _read_part(archive, "word/document.xml")
    if TRACKED_DOCX_RE.search(document):
        raise ValidationError(
            {
                "file": _l(
                    "The file has tracked changes that are not accepted or rejected. Accept or reject them in Word "
                    "(Review > Accept / Reject) and try again: the registry never decides them for you."
                )
            }
        )
    names = set(archive.namelist())
    warnings = []
    if b"<w:commentReference" in document or "word/comments.xml" in names:
        warnings.append(_l("Comments were left out."))
    if b"<w:txbxContent" in document:
        warnings.append(_l("Text boxes were moved into the running text; check where their text landed."))
    if b"<w:object" in document or any(n.startswith("word/embeddings/") for n in names):
        warnings.append(_l("Embedded objects (for example Excel tables or charts) were left out."))
    return [str(w) for w in warnings]


_MAMMOTH_STYLES = """
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => h2:fresh
p[style-name='Otsikko'] => h1:fresh
u => em
"""


def _convert_docx(path: Path, images: _Images) -> tuple[str, list[str]]:
    import mammoth

    with zipfile.ZipFile(path) as archive:
        warnings = _docx_warnings(archive)

    def convert_image(image):
        try:
            with image.open() as handle:
                data = handle.read(images.max_bytes + 1)
        except Exception:  # noqa: BLE001 - an outside link (mammoth refuses to open it) or a missing part
            images.outside += 1
            return {}
        reference = images.add(data, image.content_type)
        return {"src": reference, "alt": image.alt_text or ""} if reference else {}

    with path.open("rb") as handle:
        result = mammoth.convert_to_html(
            handle,
            convert_image=mammoth.images.img_element(convert_image),
            style_map=_MAMMOTH_STYLES,
            include_default_style_map=True,
        )
    unknown = sorted(
        {m.message.split("'")[1] for m in result.messages if m.message.startswith("Unrecognised") and "'" in m.message}
    )
    if unknown:
        warnings.append(
            str(
                _l(
                    "Styles with no Markdown equivalent became plain paragraphs: %(styles)s.",
                    styles=", ".join(unknown[:8]),
                )
            )
        )
    return result.value, warnings


# --- ODT ---------------------------------------------------------------------------------------


def _convert_odt(path: Path, images: _Images) -> tuple[str, list[str]]:
    from odf.opendocument import load

    with zipfile.ZipFile(path) as archive:
        content = _read_part(archive, "content.xml")
        if b"<text:tracked-changes" in content and b"<text:changed-region" in content:
            raise ValidationError(
                {
                    "file": _l(
                        "The file has tracked changes that are not accepted or rejected. Accept or reject them "
                        "(Edit > Track Changes > Manage) and try again: the registry never decides them for you."
                    )
                }
            )
        document = load(str(path))
        walker = OdtWalker(document, archive, images, _read_part)
        html = walker.html(document.text)
    return html, walker.warnings()


# --- HTML to Markdown --------------------------------------------------------------------------


def _markdown(html: str) -> str:
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):
        def convert_a(self, el, text, parent_tags):
            href = el.get("href") or ""
            if not SAFE_LINK_RE.match(href) or href.startswith("#"):
                return text  # a javascript:, file: or in-document link keeps only its text
            return super().convert_a(el, text, parent_tags)

        def convert_img(self, el, text, parent_tags):
            src = el.attrs.get("src") or ""
            return (
                super().convert_img(el, text, parent_tags)
                if src.startswith("attachment:") or src.startswith("<attachment:")
                else (el.attrs.get("alt") or "")
            )

        def convert_td(self, el, text, parent_tags):
            return super().convert_td(el, _cell(text), parent_tags)

        def convert_th(self, el, text, parent_tags):
            return super().convert_th(el, _cell(text), parent_tags)

    return Converter(
        heading_style="ATX",
        bullets="-",
        strong_em_symbol="*",
        escape_underscores=False,
        keep_inline_images_in=["td", "th", "li", "a", "p", "strong", "em"],
    ).convert(html)


def _cell(text: str) -> str:
    """Markdown table cells hold one line: paragraphs and list items join with a separator."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " · ".join(lines).replace("|", "\\|")


def _first_row_as_header(html: str) -> str:
    """Word tables rarely mark a header row; the first row becomes the Markdown table's header."""
    return re.sub(
        r"<table>(\s*(?:<thead>|<tbody>)?\s*)<tr>(.*?)</tr>",
        lambda m: (
            "<table>"
            + m.group(1)
            + "<tr>"
            + re.sub(r"<td(\s|>)", r"<th\1", m.group(2)).replace("</td>", "</th>")
            + "</tr>"
        ),
        html,
        flags=re.S,
    )


def html_to_markdown(html: str) -> str:
    """Clean HTML (nh3) into the Markdown the registry stores."""
    clean = nh3.clean(
        html,
        tags=_HTML_TAGS,
        attributes={"a": {"href"}, "img": {"src", "alt"}},
        url_schemes={"http", "https", "mailto", "attachment"},
        link_rel=None,
    )
    text = _markdown(_first_row_as_header(clean))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return xml_safe(text) + "\n" if text else ""


CONVERTERS: dict[str, Callable[[Path, _Images], tuple[str, list[str]]]] = {
    filetypes.DOCX: _convert_docx,
    filetypes.ODT: _convert_odt,
}


def convert(path: Path, media_type: str, *, max_image_bytes: int) -> Conversion:
    """Convert a checked DOCX or ODT file; raises a ServiceError with a clear message when it cannot."""
    images = _Images(max_image_bytes)
    try:
        html, warnings = CONVERTERS[media_type](path, images)
    except (ValidationError, PayloadTooLarge, UnsupportedFileType):
        raise
    except KeyError as error:
        raise UnsupportedFileType(_l("The file is damaged or is not a valid document.")) from error
    except Exception as error:  # noqa: BLE001 - a parser's failure on a damaged file is the user's to fix
        raise UnsupportedFileType(
            _l(
                "The file could not be converted (%(reason)s). Open it in Word or LibreOffice, save it again "
                "and retry.",
                reason=type(error).__name__,
            )
        ) from error
    return Conversion(html_to_markdown(html), images.items, warnings + images.warnings())
