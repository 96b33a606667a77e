"""Attachment services: add to a draft, remove from a draft, open for download.

Only a draft accepts changes, so attachments freeze with their version; their
hashes are part of the version's content hash (see workflow.services.content_hash).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import current_app
from flask_babel import lazy_gettext as _l

from registry import audit, clock
from registry.auth import permissions
from registry.auth.models import User
from registry.documents import extraction, filetypes, storage
from registry.documents.models import Attachment, AttachmentRole, DocumentVersion
from registry.errors import ConflictError, NotFoundError
from registry.extensions import db

MAX_PER_VERSION = 50


class Upload(Protocol):
    """What a werkzeug FileStorage offers: a stream and the name the client sent."""

    stream: BinaryIO
    filename: str | None


@dataclass(frozen=True)
class PreparedFile:
    """A checked file in the store, ready to become an attachment row."""

    filename: str
    media_type: str
    stored: storage.StoredFile
    text: str | None
    error: str | None


def max_bytes() -> int:
    return int(current_app.config["MAX_ATTACHMENT_BYTES"])


def describe(attachment: Attachment) -> dict:
    """The audited view of an attachment."""
    return {
        "filename": attachment.filename,
        "media_type": attachment.media_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "version": attachment.version.number if attachment.version else None,
    }


def inspect_file(
    path: Path, filename: str, *, allowed=filetypes.UPLOAD_TYPES, seconds: float | None = None
) -> tuple[str, str, extraction.Extraction]:
    """Sniff and extract a file on disk: (media type, display name, extraction); raises when refused."""
    media_type, name = filetypes.sniff(path, filename, allowed=allowed)
    return media_type, name, extraction.extract_text(path, media_type, seconds=seconds)


def prepare_upload(stream: BinaryIO, filename: str | None, *, allowed=filetypes.UPLOAD_TYPES) -> PreparedFile:
    """Spool (capped), check the type, extract the text and move the file to its content address."""
    tmp_path, sha256, size = storage.spool(stream, max_bytes())
    try:
        media_type, name, extracted = inspect_file(
            tmp_path, filename or "", allowed=allowed, seconds=current_app.config["EXTRACTION_SECONDS"]
        )
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    stored = storage.commit_spooled(tmp_path, sha256, size)
    return PreparedFile(name, media_type, stored, extracted.text, extracted.error)


def new_attachment(actor: User, prepared: PreparedFile, role: AttachmentRole = AttachmentRole.FILE) -> Attachment:
    """An unsaved attachment row for a prepared file (the caller adds it to a version)."""
    return Attachment(
        filename=prepared.filename,
        media_type=prepared.media_type,
        size=prepared.stored.size,
        sha256=prepared.stored.sha256,
        extracted_text=prepared.text,
        extraction_error=prepared.error,
        uploaded_by_id=actor.id,
        uploaded_at=clock.now(),
        role=role.value,
    )


def attach_prepared(actor: User, version: DocumentVersion, prepared: PreparedFile, role: AttachmentRole) -> Attachment:
    """Add a checked, stored file to a draft in the given role, audited like an upload."""
    return _attach(actor, version, new_attachment(actor, prepared, role))


def source_file(version: DocumentVersion) -> Attachment | None:
    """The Word or ODT file the version's text was converted from, if any."""
    return next((a for a in version.attachments if a.role == AttachmentRole.SOURCE.value), None)


def add_attachment(actor: User, version: DocumentVersion, upload: Upload) -> Attachment:
    """Attach an uploaded file to a draft; the type is judged from the content.

    The functions that change a draft's attachments leave the edit rule (who, which state, which
    revision) to their caller, the workflow machine, which checks it before calling them.
    """
    _require_room(version)
    prepared = prepare_upload(upload.stream, upload.filename)
    if any(a.sha256 == prepared.stored.sha256 for a in version.attachments):
        raise ConflictError(_l("This file is already attached to the draft."), code="duplicate_attachment")
    return _attach(actor, version, new_attachment(actor, prepared))


def add_image(actor: User, version: DocumentVersion, upload: Upload) -> Attachment:
    """Attach a PNG or JPEG shown inline in the draft's body; the same image already attached is returned."""
    prepared = prepare_upload(upload.stream, upload.filename, allowed=IMAGE_TYPES)
    existing = next((a for a in version.attachments if a.sha256 == prepared.stored.sha256), None)
    if existing is not None:
        return existing
    _require_room(version)
    attachment = new_attachment(actor, prepared, AttachmentRole.IMAGE)
    # A body names its images by file name, so two different images may not share one
    # (every pasted picture arrives as "image.png").
    attachment.filename = _unused_name(version, attachment.filename)
    return _attach(actor, version, attachment)


def _require_room(version: DocumentVersion) -> None:
    if len(version.attachments) >= MAX_PER_VERSION:
        raise ConflictError(_l("A version may have at most %(n)d attachments.", n=MAX_PER_VERSION))


def _unused_name(version: DocumentVersion, filename: str) -> str:
    """The file name, or with -2, -3... before its extension if the version already has one so named."""
    taken = {a.filename for a in version.attachments}
    stem, suffix = Path(filename).stem, Path(filename).suffix
    number = 2
    name = filename
    while name in taken:
        name, number = f"{stem}-{number}{suffix}", number + 1
    return name


def _attach(actor: User, version: DocumentVersion, attachment: Attachment) -> Attachment:
    version.attachments.append(attachment)
    version.updated_at = clock.now()
    db.session.flush()
    audit.record(
        actor,
        "attachment.add",
        "attachment",
        attachment.id,
        document_code=version.document.code,
        after=describe(attachment) | {"extraction_error": attachment.extraction_error, "role": attachment.role},
    )
    return attachment


def get_attachment(version: DocumentVersion, attachment_id: int) -> Attachment:
    """The attachment of this version with this id; NotFoundError for any other id."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.version_id != version.id:
        raise NotFoundError(_l("Attachment not found."))
    return attachment


def remove_attachment(actor: User, version: DocumentVersion, attachment_id: int) -> None:
    """Remove an attachment from a draft (the stored file stays: other versions may share it)."""
    attachment = get_attachment(version, attachment_id)
    before = describe(attachment)
    version.attachments.remove(attachment)
    db.session.delete(attachment)
    version.updated_at = clock.now()
    db.session.flush()
    audit.record(
        actor, "attachment.remove", "attachment", attachment_id, document_code=version.document.code, before=before
    )


def open_attachment(user, version: DocumentVersion, attachment_id: int) -> tuple[Attachment, Path]:
    """An attachment and its file, if the user may see the version; NotFoundError otherwise."""
    if not permissions.can_view_version(user, version):
        raise NotFoundError(_l("Attachment not found."))
    attachment = get_attachment(version, attachment_id)
    if version.disposed_at is not None:
        raise NotFoundError(_l("The version was disposed of after its retention period; its files were destroyed."))
    path = storage.local_file(attachment.sha256)
    if not path.is_file():
        raise NotFoundError(_l("The attachment's file is missing from the file store."))
    return attachment, path


IMAGE_TYPES = (filetypes.PNG, filetypes.JPEG)


def inline_images(version: DocumentVersion, url_for_attachment) -> dict[str, str]:
    """Image attachments of the version by name, with the URL each is served at (for rendering)."""
    return {a.filename: url_for_attachment(a) for a in version.attachments if a.media_type in IMAGE_TYPES}


def copy_attachments(source: DocumentVersion | None, target: DocumentVersion) -> None:
    """A new draft starts with the attachments of the version it is based on (same stored files).

    The source file stays with the version it was converted into: the new draft's text is edited
    from here on, and naming the old file as its source would claim more than is true.
    """
    for item in source.attachments if source is not None else []:
        if item.role == AttachmentRole.SOURCE.value:
            continue
        target.attachments.append(
            Attachment(
                filename=item.filename,
                media_type=item.media_type,
                size=item.size,
                sha256=item.sha256,
                extracted_text=item.extracted_text,
                extraction_error=item.extraction_error,
                uploaded_by_id=item.uploaded_by_id,
                uploaded_at=item.uploaded_at,
                role=item.role,
            )
        )
