"""Bulk import of an existing document folder (`lamppu import DIR`).

One document per file (DOCX, PDF, ODT, Markdown): the file becomes the attachment of
an effective version recorded as an import, its text the version's body. Word and ODT
files go through the same converter as a single upload (documents.conversion): headings,
lists, tables, links and images are kept, and the file is kept as the version's source.
Everything is checked before anything is written, and the caller commits only when
the report has no errors: all or nothing per run. A file whose bytes are already in
the registry (same SHA-256) is skipped, so importing a folder twice creates nothing new.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import os
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registry.auth import permissions
from registry.auth.models import User
from registry.documents import attachments, conversion, filetypes, storage
from registry.documents import services as documents
from registry.documents.models import Attachment, AttachmentRole, Document, DocumentVersion
from registry.errors import PermissionDenied, ServiceError, ValidationError
from registry.extensions import db
from registry.workflow.machine import MAX_BODY, ImportedVersion, import_document

IMPORT_EXTENSIONS = (".docx", ".pdf", ".odt", ".md", ".markdown", ".txt")
MAX_LABEL = 20  # DocumentVersion.label
MANIFEST_COLUMNS = ("file", "code", "title", "type", "unit", "owner", "effective_date", "version_label")
LOCAL_TZ = ZoneInfo("Europe/Helsinki")


@dataclass
class ManifestRow:
    line: int
    values: dict[str, str]

    def get(self, name: str) -> str | None:
        return (self.values.get(name) or "").strip() or None


@dataclass
class ImportItem:
    """One file of the folder and what the run does with it."""

    relative: str
    path: Path
    sha256: str = ""
    size: int = 0
    media_type: str = ""
    filename: str = ""
    text: str = ""
    fields: documents.DocumentFields | None = None
    code: str | None = None
    label: str = "1.0"
    effective_from: datetime | None = None
    skip_reason: str | None = None
    warning: str | None = None
    created_code: str | None = None
    images: list[conversion.ConvertedImage] = field(default_factory=list)


@dataclass
class ImportReport:
    items: list[ImportItem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def to_create(self) -> list[ImportItem]:
        return [i for i in self.items if i.skip_reason is None]

    @property
    def skipped(self) -> list[ImportItem]:
        return [i for i in self.items if i.skip_reason is not None]


def discover(root: Path, manifest: Path | None) -> tuple[list[Path], list[Path]]:
    """(importable files, other files) under root, sorted; hidden files and the manifest are left out."""
    found, other = [], []
    manifest_resolved = manifest.resolve() if manifest else None
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or any(part.startswith((".", "~$")) for part in relative.parts):
            continue
        if manifest_resolved is not None and path.resolve() == manifest_resolved:
            continue
        (found if path.suffix.lower() in IMPORT_EXTENSIONS else other).append(path)
    return found, other


def read_manifest(manifest: Path, report: ImportReport) -> dict[str, ManifestRow]:
    """Manifest rows by file path (relative, `/`-separated); errors name the line."""
    try:
        text = manifest.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        report.errors.append(_("%(file)s: cannot be read as UTF-8 CSV (%(error)s).", file=manifest.name, error=error))
        return {}
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    if "file" not in header:
        columns = ", ".join(MANIFEST_COLUMNS)
        report.errors.append(
            _(
                "%(file)s: the header must have a “file” column (columns: %(columns)s).",
                file=manifest.name,
                columns=columns,
            )
        )
        return {}
    unknown = [h for h in header if h not in MANIFEST_COLUMNS]
    if unknown:
        report.errors.append(
            _("%(file)s: unknown columns %(columns)s.", file=manifest.name, columns=", ".join(unknown))
        )
    rows: dict[str, ManifestRow] = {}
    for number, values in enumerate(reader, start=2):
        row = ManifestRow(number, {k: v for k, v in values.items() if k})
        key = (row.get("file") or "").replace("\\", "/").strip("/")
        if not key:
            report.errors.append(
                _("%(file)s line %(line)d: the file column is empty.", file=manifest.name, line=number)
            )
        elif key in rows:
            report.errors.append(
                _(
                    "%(file)s line %(line)d: %(path)s is listed twice (also on line %(other)d).",
                    file=manifest.name,
                    line=number,
                    path=key,
                    other=rows[key].line,
                )
            )
        else:
            rows[key] = row
    return rows


def title_from_name(path: Path) -> str:
    """`toimintaohje_poissaolot-2023.docx` -> `Toimintaohje poissaolot 2023`."""
    words = re.sub(r"[_\-\s.]+", " ", path.stem).strip()
    return (words[:1].upper() + words[1:])[: documents.MAX_TITLE] or path.name


def type_from_folder(relative: Path, default: str) -> str:
    """The nearest folder naming a type (`TO`, `TO Toimintaohjeet`, `toimintaohjeet`), else `default`."""
    types = documents.list_types()
    for folder in reversed(relative.parent.parts):
        lowered = folder.lower().strip()
        for doc_type in types:
            prefix = doc_type.prefix.lower()
            if lowered == prefix or re.match(rf"^{re.escape(prefix)}[\s\-_]", lowered):
                return doc_type.prefix
            if any(lowered.startswith(n.lower()) for n in (doc_type.name_fi, doc_type.name_en) if n):
                return doc_type.prefix
    return default


def parse_date(text: str) -> date:
    """`2023-08-01` or the Finnish `1.8.2023`."""
    text = text.strip()
    match = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", text)
    if match:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    return date.fromisoformat(text)


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=LOCAL_TZ).astimezone(UTC)


def _known_files(sha256: str) -> str | None:
    """The code of a document that already holds a file with these bytes."""
    return db.session.execute(
        db.select(Document.code)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .join(Attachment, Attachment.version_id == DocumentVersion.id)
        .where(Attachment.sha256 == sha256)
        .limit(1)
    ).scalar_one_or_none()


def _hash_file(path: Path, limit: int) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(storage.CHUNK):
            size += len(chunk)
            if size > limit:
                raise storage.too_large(limit)
            digest.update(chunk)
    return digest.hexdigest(), size


def _read_content(item: ImportItem, report: ImportReport, seen: dict[str, str]) -> bool:
    """Hash, de-duplicate, sniff and extract one file; False when it is skipped or failed."""
    try:
        item.sha256, item.size = _hash_file(item.path, attachments.max_bytes())
    except (OSError, ServiceError) as error:
        report.errors.append(f"{item.relative}: {getattr(error, 'message', error)}")
        return False
    if item.sha256 in seen:
        item.skip_reason = _("same content as %(path)s", path=seen[item.sha256])
        return False
    seen[item.sha256] = item.relative
    existing = _known_files(item.sha256)
    if existing:
        item.skip_reason = _("already in the registry as %(code)s", code=existing)
        return False
    try:
        conversion.refuse_unconvertible(item.path)  # a locked or macro file is named as such, not as "wrong type"
        item.media_type, item.filename, extracted = attachments.inspect_file(
            item.path, item.path.name, allowed=filetypes.IMPORT_TYPES
        )
    except ServiceError as error:
        report.errors.append(f"{item.relative}: {error.message}")
        return False
    if extracted.error:
        report.errors.append(
            _("%(path)s: the text could not be read (%(error)s).", path=item.relative, error=extracted.error)
        )
        return False
    item.text = (extracted.text or "").strip()
    if item.media_type in conversion.SOURCE_TYPES and not _convert(item, report):
        return False
    if not item.text:
        item.warning = _("no text found (a scanned document?); imported with an empty body")
    if len(item.text) > MAX_BODY:
        item.text = item.text[: MAX_BODY - 100].rstrip() + "\n\n[…]"
        item.warning = _("text shortened to fit the body; the attachment keeps all of it")
    return True


def _convert(item: ImportItem, report: ImportReport) -> bool:
    """A Word or ODT file's text as Markdown with its images; what it could not keep is the item's warning."""
    try:
        converted = conversion.convert(item.path, item.media_type, max_image_bytes=attachments.max_bytes())
    except ServiceError as error:
        details = "; ".join(str(v) for v in error.fields.values()) or str(error.message)
        report.errors.append(f"{item.relative}: {details}")
        return False
    item.text, item.images = converted.markdown.strip(), converted.images
    if converted.warnings:
        item.warning = " ".join(converted.warnings)
    return True


def _metadata(
    actor: User, item: ImportItem, row: ManifestRow | None, default_type: str, report: ImportReport, codes: set[str]
) -> None:
    """Document fields, code, label and date from the manifest row or derived from the file."""
    where = _("%(path)s (manifest line %(line)d)", path=item.relative, line=row.line) if row else item.relative
    get = row.get if row else (lambda name: None)
    try:
        item.fields = documents.validate_document_fields(
            actor,
            type_prefix=get("type") or type_from_folder(Path(item.relative), default_type),
            title=get("title") or title_from_name(item.path),
            unit_code=get("unit"),
            owner_email=get("owner"),
        )
    except ValidationError as error:
        details = "; ".join(f"{k}: {v}" for k, v in error.fields.items())
        report.errors.append(f"{where}: {details}")
    item.label = (get("version_label") or "1.0").strip()
    if len(item.label) > MAX_LABEL:
        report.errors.append(
            _(
                "%(where)s: version_label “%(value)s” is longer than %(n)d characters.",
                where=where,
                value=item.label,
                n=MAX_LABEL,
            )
        )
    try:
        day = parse_date(get("effective_date")) if get("effective_date") else None
    except ValueError:
        report.errors.append(
            _(
                "%(where)s: effective_date “%(value)s” is not a date (2023-08-01 or 1.8.2023).",
                where=where,
                value=get("effective_date"),
            )
        )
        day = None
    item.effective_from = (
        local_midnight(day) if day else datetime.fromtimestamp(item.path.stat().st_mtime, UTC).replace(microsecond=0)
    )
    if get("code"):
        item.code = documents.normalise_code(get("code"))
        if item.code is None or item.code in codes or documents.get_document(item.code) is not None:
            report.errors.append(
                _("%(where)s: code “%(value)s” is invalid or already in use.", where=where, value=get("code"))
            )
        codes.add(item.code or "")


def plan_import(actor: User, root: Path, *, manifest: Path | None = None, default_type: str = "TO") -> ImportReport:
    """Read and check every file and manifest row; nothing is written."""
    if not permissions.can_import(actor):
        raise PermissionDenied(_l("Only administrators and quality owners may import documents."))
    report = ImportReport()
    rows = read_manifest(manifest, report) if manifest else {}
    files, other = discover(root, manifest)
    report.ignored = [str(p.relative_to(root)) for p in other]
    relatives = {p.relative_to(root).as_posix() for p in files}
    for key, row in rows.items():
        if key not in relatives:
            report.errors.append(
                _(
                    "%(file)s line %(line)d: %(path)s is not an importable file in the folder.",
                    file=manifest.name,
                    line=row.line,
                    path=key,
                )
            )
    seen: dict[str, str] = {}
    codes: set[str] = set()
    for path in files:
        item = ImportItem(relative=path.relative_to(root).as_posix(), path=path)
        report.items.append(item)
        if _read_content(item, report, seen):
            _metadata(actor, item, rows.get(item.relative), default_type, report, codes)
    return report


def _prepared(item: ImportItem, dry_run: bool) -> attachments.PreparedFile:
    if dry_run:
        stored = storage.StoredFile(item.sha256, item.size, storage.path_for(item.sha256), False)
    else:
        with item.path.open("rb") as handle:
            stored = storage.store(handle, attachments.max_bytes())
    return attachments.PreparedFile(item.filename, item.media_type, stored, item.text or None, None)


def _item_attachments(actor: User, item: ImportItem, dry_run: bool) -> list[Attachment]:
    """The file itself (the source of a converted Word/ODT text) and the images its text shows."""
    role = AttachmentRole.SOURCE if item.media_type in conversion.SOURCE_TYPES else AttachmentRole.FILE
    rows = [attachments.new_attachment(actor, _prepared(item, dry_run), role)]
    for image in item.images:
        if dry_run:
            continue
        stored = storage.store(io.BytesIO(image.data), attachments.max_bytes())
        prepared = attachments.PreparedFile(image.name, image.media_type, stored, None, None)
        rows.append(attachments.new_attachment(actor, prepared, AttachmentRole.IMAGE))
    return rows


def apply_import(actor: User, report: ImportReport, *, dry_run: bool = False) -> ImportReport:
    """Create the planned documents (files are stored unless dry_run); the caller commits or rolls back."""
    for item in report.to_create:
        try:
            version = ImportedVersion(
                label=item.label,
                title=item.fields.title,
                body=item.text,
                effective_from=item.effective_from,
                author=item.fields.owner,
                attachments=_item_attachments(actor, item, dry_run),
                change_summary=str(_l("Imported from %(path)s", path=item.relative)),
            )
            document = import_document(actor, item.fields, [version], code=item.code)
        except (ServiceError, OSError) as error:
            report.errors.append(f"{item.relative}: {getattr(error, 'message', error)}")
            return report
        item.created_code = document.code
    return report


def import_folder(
    actor: User, root: Path, *, manifest: Path | None = None, default_type: str = "TO", dry_run: bool = False
) -> ImportReport:
    """Plan, then (when the plan has no errors) create; commit only if the report has no errors."""
    report = plan_import(actor, root, manifest=manifest, default_type=default_type)
    if not report.errors:
        apply_import(actor, report, dry_run=dry_run)
    current_app.logger.info(
        "folder import of %s: %d to create, %d errors", root, len(report.to_create), len(report.errors)
    )
    return report


ARCHIVE_MAX_ENTRIES = 5000
UNUSABLE_MEMBER_ERRORS = (errno.EEXIST, errno.EISDIR, errno.ENOTDIR, errno.ENAMETOOLONG)


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author saw it: zips from Windows often carry CP437/CP850 names."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "cp850"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _safe_parts(name: str) -> list[str] | None:
    """Path parts inside the target folder, or None for anything that would leave it."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or any(p == ".." or ":" in p for p in parts):
        return None
    return parts


def _keep_member_time(path: Path, info: zipfile.ZipInfo) -> None:
    """The member's modification time (local time in the zip) becomes the file's: the default effective date."""
    try:
        stamp = datetime(*info.date_time, tzinfo=LOCAL_TZ).timestamp()
    except ValueError:
        return
    os.utime(path, (stamp, stamp))


def unpack_archive(archive_path: Path, target: Path) -> list[str]:
    """Unpack a zip of documents into `target` after checking its central directory; returns refused names."""
    refused: list[str] = []
    limit = int(current_app.config["MAX_IMPORT_ARCHIVE_BYTES"])
    try:
        with zipfile.ZipFile(archive_path) as archive:
            filetypes.check_zip(archive, max_entries=ARCHIVE_MAX_ENTRIES, max_total=2 * limit)
            for info in archive.infolist():
                name = _member_name(info)
                parts = _safe_parts(name)
                is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
                if info.is_dir():
                    continue
                if parts is None or is_link:
                    refused.append(name)
                    continue
                destination = target.joinpath(*parts)
                try:
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(info) as source, destination.open("xb") as out:  # never overwrite
                        shutil.copyfileobj(source, out, storage.CHUNK)
                except OSError as error:
                    if error.errno not in UNUSABLE_MEMBER_ERRORS:
                        raise
                    refused.append(name)  # a duplicate name, a file where a folder is, a name too long
                    continue
                _keep_member_time(destination, info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError):
        raise filetypes.refuse(_l("The file is damaged or is not a valid document.")) from None
    return refused
