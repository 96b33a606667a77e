"""Controlled copies out: a version as PDF or DOCX with its header, footer, approvals and watermark.

Every page says who issued the copy, which version it is, when it was printed or downloaded
(an uncontrolled copy from then on), and carries the QR code of the version's check page.
A version that is not in force is watermarked with its state on every page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registry import audit
from registry.auth import permissions
from registry.auth.models import User
from registry.db import utcnow
from registry.documents import attachments, storage
from registry.documents.models import DocumentVersion, VersionState
from registry.errors import ConflictError, NotFoundError, ValidationError
from registry.extensions import db
from registry.labels import state_label
from registry.workflow import controlled_copy_formats, rounds, signatures
from registry.workflow.models import VersionTransition
from registry.workflow.qr import check_url
from registry.workflow.transitions import Action

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_TYPES = {"pdf": "application/pdf", "docx": DOCX_TYPE}
EXPORT_FORMATS = tuple(MEDIA_TYPES)


@dataclass(frozen=True)
class ApprovalLine:
    name: str
    meaning: str
    signed_at: str


@dataclass(frozen=True)
class CopyFacts:
    """Everything a copy shows besides the body, as text in the reader's language."""

    organisation: str
    code: str
    title: str
    label: str
    effective: str
    printed: str
    check_url: str
    watermark: str | None
    approvals: list[ApprovalLine] = field(default_factory=list)
    import_note: str | None = None
    language: str = "fi"

    @property
    def version_line(self) -> str:
        version = f"{_('Version')} {self.label}"
        return f"{version} · {_('effective from %(date)s', date=self.effective)}" if self.effective else version

    @property
    def footer_line(self) -> str:
        return _("Printed/downloaded %(date)s: uncontrolled copy", date=self.printed)


@dataclass(frozen=True)
class ExportedCopy:
    content: bytes
    filename: str
    media_type: str


def _date(value: datetime | None) -> str:
    return format_date(value, "medium") if value else ""


def is_in_force(version: DocumentVersion) -> bool:
    return version.state == VersionState.EFFECTIVE.value and not version.document.is_withdrawn


def watermark_text(version: DocumentVersion) -> str | None:
    """`LUONNOS – EI VOIMASSA` for a version not in force; None for the one in force."""
    if is_in_force(version):
        return None
    return f"{state_label(version.state).upper()} – {_('NOT IN FORCE')}"


def _signed_approvals(version: DocumentVersion) -> list[ApprovalLine]:
    signed = [d for d in rounds.all_decisions(version) if d.decision == "approve"]
    last_round = max((d.round for d in signed), default=0)  # a returned round's approvals were not enough
    return [
        ApprovalLine(
            d.approver.display_name, signatures.meaning_label(d.meaning), format_datetime(d.signed_at, "short")
        )
        for d in signed
        if d.round == last_round
    ]


def import_record(version: DocumentVersion) -> dict:
    """The data of the version's `import` transition: original approvers and approval date."""
    row = (
        db.session.execute(
            db.select(VersionTransition).where(
                VersionTransition.version_id == version.id, VersionTransition.action == Action.IMPORT.value
            )
        )
        .scalars()
        .first()
    )
    try:
        return json.loads(row.data_json) if row is not None and row.data_json else {}
    except ValueError:
        return {}


def _imported_approvals(version: DocumentVersion) -> list[ApprovalLine]:
    data = import_record(version)
    approved_at = data.get("original_approved_at")
    when = _date(datetime.fromisoformat(approved_at)) if approved_at else "–"
    emails = [str(e) for e in data.get("original_approvers") or []]
    users = {u.email: u for u in db.session.execute(db.select(User).where(User.email.in_(emails))).scalars()}
    meaning = _("Approved in the earlier system")
    return [ApprovalLine(users[e].display_name if e in users else e, meaning, when) for e in emails]


def copy_facts(version: DocumentVersion) -> CopyFacts:
    document = version.document
    imported = version.imported
    return CopyFacts(
        organisation=current_app.config["ORGANISATION_NAME"],
        code=document.code,
        title=version.title,
        label=version.display_label,
        effective=_date(version.effective_from),
        printed=_date(utcnow()),
        check_url=check_url(document, version),
        watermark=watermark_text(version),
        approvals=_imported_approvals(version) if imported else _signed_approvals(version),
        import_note=_("Imported from an earlier system: approved there, not in Lamppu.") if imported else None,
        language=document.language,
    )


def image_files(version: DocumentVersion) -> dict[str, Path]:
    """The version's image attachments by name, as files in the store (for embedding)."""
    return {
        name: storage.local_file(sha256)
        for name, sha256 in attachments.inline_images(version, lambda a: a.sha256).items()
    }


def export_filename(version: DocumentVersion, fmt: str) -> str:
    """`TO-014_v2.0.pdf`; a version without a label is named by its number."""
    stem = f"{version.document.code}_v{version.label}" if version.label else f"{version.document.code}_{version.number}"
    return re.sub(r"[^A-Za-z0-9._-]", "_", stem) + f".{fmt}"


def export_version(actor: User, version: DocumentVersion, fmt: str) -> ExportedCopy:
    """The version as a controlled copy in `fmt` (pdf or docx); the export is audited."""
    if fmt not in MEDIA_TYPES:
        message = _l("Unknown export format: choose PDF or DOCX.")
        raise ValidationError({"format": message}, message)
    if not permissions.can_view_version(actor, version):
        raise NotFoundError(_l("Version not found."))
    if version.disposed_at is not None:
        raise ConflictError(
            _l("The version was disposed of after its retention period; there is no text left to export."),
            code="disposed",
        )
    facts = copy_facts(version)
    render = controlled_copy_formats.render_pdf if fmt == "pdf" else controlled_copy_formats.render_docx
    content = render(facts, version.body, image_files(version))
    audit.record(
        actor,
        "version.export",
        "document_version",
        version.id,
        document_code=version.document.code,
        after={
            "format": fmt,
            "number": version.number,
            "label": version.label,
            "state": version.state,
            "bytes": len(content),
        },
    )
    return ExportedCopy(content, export_filename(version, fmt), MEDIA_TYPES[fmt])
