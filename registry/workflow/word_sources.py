"""A Word or ODT file as a draft's text: converted body, its images, and the file kept as the source.

The page flow converts first and shows the result with its warnings; the author then
saves. Between the two requests only a signed reference to the stored file travels
(`source_token`), so a form cannot name a file of someone else's document.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer

from registry import audit
from registry.auth.models import User
from registry.documents import attachments, conversion, filetypes, storage
from registry.documents import services as documents
from registry.documents.models import AttachmentRole, DocumentVersion
from registry.errors import ConflictError, NotFoundError, ValidationError
from registry.workflow import machine
from registry.workflow.transitions import Action, find_rule

TOKEN_SALT = "lamppu-source-file"  # noqa: S105 - a signing namespace, not a secret
TOKEN_MAX_AGE = 6 * 3600  # a converted file waits this long for the author to save


@dataclass(frozen=True)
class PreparedSource:
    """A checked, stored source file and what it converts to."""

    filename: str
    media_type: str
    stored: storage.StoredFile
    conversion: conversion.Conversion

    @property
    def warnings(self) -> list[str]:
        return self.conversion.warnings


NOT_A_DRAFT = _l(
    "Only a draft's text can be replaced from a file; this version is no longer a draft. Start a new version first."
)


def require_draft_for_source(actor: User, version: DocumentVersion) -> None:
    """Only a draft, by its author or the document's owner, takes a new source file (the edit rule)."""
    if find_rule(version.state, Action.EDIT.value) is None:
        raise ConflictError(NOT_A_DRAFT, code="not_a_draft")
    machine.check_move(actor, version, Action.EDIT)


def _convert_stored(path: Path, filename: str) -> tuple[str, str, conversion.Conversion]:
    conversion.refuse_unconvertible(path)
    media_type, name = filetypes.sniff(path, filename, allowed=conversion.SOURCE_TYPES)
    return media_type, name, conversion.convert(path, media_type, max_image_bytes=attachments.max_bytes())


def prepare_source(stream: BinaryIO, filename: str | None) -> PreparedSource:
    """Receive (capped), check and convert an uploaded DOCX or ODT; raises a ServiceError when it cannot."""
    if not (filename or "").strip():
        raise ValidationError({"file": _l("Choose a Word (.docx) or OpenDocument (.odt) file.")})
    tmp_path, sha256, size = storage.spool(stream, attachments.max_bytes())
    try:
        media_type, name, converted = _convert_stored(tmp_path, filename or "")
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return PreparedSource(name, media_type, storage.commit_spooled(tmp_path, sha256, size), converted)


def source_token(actor: User, prepared: PreparedSource, version: DocumentVersion | None = None) -> str:
    """A signed reference to a converted file, for the form that saves it."""
    return _serializer().dumps(
        {
            "sha256": prepared.stored.sha256,
            "filename": prepared.filename,
            "user": actor.id,
            "version": version.id if version is not None else None,
        }
    )


def reopen_source(actor: User, token: str, version: DocumentVersion | None = None) -> PreparedSource:
    """The file a token from `source_token` names, converted again (conversion is deterministic)."""
    try:
        data = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
        path = storage.local_file(data["sha256"])
    except (BadSignature, NotFoundError, KeyError, TypeError):
        raise _expired() from None
    if data.get("user") != actor.id or data.get("version") != (version.id if version is not None else None):
        raise _expired()
    if not path.is_file():
        raise _expired()
    media_type, name, converted = _convert_stored(path, data["filename"])
    stored = storage.StoredFile(data["sha256"], path.stat().st_size, path, False)
    return PreparedSource(name, media_type, stored, converted)


def _expired() -> ValidationError:
    return ValidationError({"file": _l("The converted file has expired; choose the file again.")})


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=TOKEN_SALT)


def _store_images(prepared: PreparedSource) -> list[attachments.PreparedFile]:
    files = []
    for image in prepared.conversion.images:
        stored = storage.store(io.BytesIO(image.data), attachments.max_bytes())
        files.append(attachments.PreparedFile(image.name, image.media_type, stored, None, None))
    return files


def _attach_source(actor: User, version: DocumentVersion, prepared: PreparedSource) -> None:
    """Replace the draft's source file and converted images with these, and record the conversion."""
    for old in [a for a in version.attachments if a.role in (AttachmentRole.SOURCE.value, AttachmentRole.IMAGE.value)]:
        attachments.remove_attachment(actor, version, old.id)
    source = attachments.PreparedFile(prepared.filename, prepared.media_type, prepared.stored, None, None)
    attachments.attach_prepared(actor, version, source, AttachmentRole.SOURCE)
    for image in _store_images(prepared):
        attachments.attach_prepared(actor, version, image, AttachmentRole.IMAGE)
    audit.record(
        actor,
        "version.source",
        "document_version",
        version.id,
        document_code=version.document.code,
        after={
            "filename": prepared.filename,
            "sha256": prepared.stored.sha256,
            "size": prepared.stored.size,
            "images": len(prepared.conversion.images),
            "warnings": prepared.warnings,
        },
    )


def apply_source(
    actor: User,
    version: DocumentVersion,
    prepared: PreparedSource,
    *,
    revision: int,
    title: str | None = None,
    body: str | None = None,
    change_summary: str | None = None,
) -> DocumentVersion:
    """The draft's text becomes the converted text (or the author's edit of it); the file is kept as its source."""
    require_draft_for_source(actor, version)
    machine.edit_draft(
        actor,
        version,
        revision=revision,
        title=title,
        change_summary=change_summary,
        body=prepared.conversion.markdown if body is None else body,
    )
    _attach_source(actor, version, prepared)
    machine.mark_changed(version, revision)  # the new source file is a change even when the text is not
    return version


def create_from_source(
    actor: User, fields: documents.DocumentFields, prepared: PreparedSource, body: str | None = None
) -> DocumentVersion:
    """A new document whose first draft is the converted file."""
    version = machine.create_document_with_draft(actor, fields, prepared.conversion.markdown if body is None else body)
    _attach_source(actor, version, prepared)
    return version
