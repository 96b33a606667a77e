"""Retention and disposition of versions no longer in force (the records management plan, TOS).

A document type's rule says how long its versions are kept after they stopped being in force
(or after the document was withdrawn); None keeps them permanently. Nothing is disposed of
automatically: a quality owner proposes a disposal with a reason, an administrator (another
person) approves it, and only then is the version's text destroyed and its files deleted. The
version row stays as a tombstone with its metadata and hashes, and the audit chain records what
was destroyed and why. A legal hold on the document stops every disposal.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from registry import audit, clock, transaction
from registry.auth import permissions
from registry.auth.models import User
from registry.documents import rendering, storage
from registry.documents.models import (
    Attachment,
    DisposalRequest,
    DisposalStatus,
    Document,
    DocumentType,
    DocumentVersion,
    RetentionBasis,
    VersionState,
)
from registry.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from registry.extensions import db

ENDED_STATES = (VersionState.SUPERSEDED.value, VersionState.WITHDRAWN.value)
MAX_REASON = 2000


class DisposalRefused(ConflictError):
    code = "disposal_refused"


@dataclass(frozen=True)
class DueVersion:
    """A version past its retention, with the proposal waiting for a decision if there is one."""

    version: DocumentVersion
    retention_ended: datetime
    request: DisposalRequest | None


def add_years(moment: datetime, years: int) -> datetime:
    """The same moment `years` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def retention_start(version: DocumentVersion) -> datetime | None:
    """The moment the type's retention is counted from, or None while it has not begun."""
    document = version.document
    if document.type.retention_basis == RetentionBasis.WITHDRAWN.value:
        return document.withdrawn_at
    if version.state == VersionState.WITHDRAWN.value:
        return version.effective_until or document.withdrawn_at
    if version.state == VersionState.SUPERSEDED.value:
        return version.effective_until
    return None


def retention_end(version: DocumentVersion) -> datetime | None:
    """When the version's retention ends; None when it is kept permanently or has not begun."""
    years = version.document.type.retention_years
    start = retention_start(version)
    if years is None or start is None:
        return None
    return add_years(start, years)


def refusal(version: DocumentVersion, now: datetime | None = None) -> str | None:
    """Why this version may not be disposed of now, or None when it may."""
    document = version.document
    if version.disposed_at is not None:
        return str(_l("The version has already been disposed of."))
    if version.state == VersionState.EFFECTIVE.value:
        return str(_l("The version is the current version of the document; it cannot be disposed of."))
    if version.state not in ENDED_STATES:
        return str(_l("Only superseded and withdrawn versions can be disposed of."))
    if document.is_on_hold:
        return str(_l("The document is under a legal hold; nothing of it can be disposed of."))
    if document.type.retention_years is None:
        return str(_l("Versions of this document type are kept permanently."))
    end = retention_end(version)
    if end is None or end > (now or clock.now()):
        when = end.date().isoformat() if end else "–"
        return str(_l("The retention period has not ended yet (it ends %(date)s).", date=when))
    return None


def disposition_list(now: datetime | None = None) -> list[DueVersion]:
    """Versions past their retention and not under a legal hold, oldest retention end first."""
    now = now or clock.now()
    stmt = (
        db.select(DocumentVersion)
        .join(Document, DocumentVersion.document_id == Document.id)
        .join(DocumentType, Document.type_id == DocumentType.id)
        .where(
            DocumentVersion.state.in_(ENDED_STATES),
            DocumentVersion.disposed_at.is_(None),
            Document.legal_hold_at.is_(None),
            DocumentType.retention_years.is_not(None),
        )
        .order_by(Document.code, DocumentVersion.number)
    )
    versions = [v for v in db.session.execute(stmt).scalars() if refusal(v, now) is None]
    pending = pending_requests_by_version([v.id for v in versions])
    due = [DueVersion(v, retention_end(v), pending.get(v.id)) for v in versions]
    return sorted(due, key=lambda d: d.retention_ended)


def pending_requests_by_version(version_ids: list[int]) -> dict[int, DisposalRequest]:
    if not version_ids:
        return {}
    rows = db.session.execute(
        db.select(DisposalRequest).where(
            DisposalRequest.version_id.in_(version_ids), DisposalRequest.status == DisposalStatus.PENDING.value
        )
    ).scalars()
    return {r.version_id: r for r in rows}


def pending_requests() -> list[DisposalRequest]:
    return list(
        db.session.execute(
            db.select(DisposalRequest)
            .where(DisposalRequest.status == DisposalStatus.PENDING.value)
            .order_by(DisposalRequest.requested_at, DisposalRequest.id)
        ).scalars()
    )


def held_documents() -> list[Document]:
    return list(
        db.session.execute(db.select(Document).where(Document.legal_hold_at.is_not(None)).order_by(Document.code))
        .scalars()
        .unique()
    )


def _reason(text: str | None, field: str = "reason") -> str:
    reason = (text or "").strip()
    if not reason:
        raise ValidationError({field: _l("Give a reason.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({field: _l("At most %(n)s characters.", n=MAX_REASON)})
    return reason


# --- legal holds ---------------------------------------------------------------------------------


def _locked_document(document: Document) -> Document:
    # Lock the row alone (PostgreSQL refuses FOR UPDATE over the outer joins of the eager loads), then re-read it.
    db.session.execute(db.select(Document.id).where(Document.id == document.id).with_for_update()).scalar_one()
    db.session.refresh(document)
    return document


def set_legal_hold(actor: User, document: Document, reason: str | None) -> Document:
    """Put the document under a legal hold: none of its versions can be disposed of until released."""
    if not permissions.can_set_legal_hold(actor):
        raise PermissionDenied(_l("Only a quality owner or an administrator can set a legal hold."))
    reason = _reason(reason)
    document = _locked_document(document)
    if document.is_on_hold:
        raise ConflictError(_l("The document is already under a legal hold."))
    document.legal_hold_at, document.legal_hold_by_id, document.legal_hold_reason = clock.now(), actor.id, reason
    db.session.flush()
    audit.record(
        actor,
        "document.hold",
        "document",
        document.id,
        document_code=document.code,
        after={"hold": True},
        reason=reason,
    )
    return document


def release_legal_hold(actor: User, document: Document, reason: str | None) -> Document:
    """Release the document's legal hold; disposal becomes possible again (never automatic)."""
    if not permissions.can_set_legal_hold(actor):
        raise PermissionDenied(_l("Only a quality owner or an administrator can release a legal hold."))
    reason = _reason(reason)
    document = _locked_document(document)
    if not document.is_on_hold:
        raise ConflictError(_l("The document is not under a legal hold."))
    before = {"hold": True, "since": document.legal_hold_at.isoformat(), "reason": document.legal_hold_reason}
    document.legal_hold_at = document.legal_hold_by_id = document.legal_hold_reason = None
    db.session.flush()
    audit.record(
        actor,
        "document.release_hold",
        "document",
        document.id,
        document_code=document.code,
        before=before,
        after={"hold": False},
        reason=reason,
    )
    return document


# --- proposing and deciding ----------------------------------------------------------------------


def _version_for_update(version_id: int) -> DocumentVersion:
    version = db.session.get(DocumentVersion, version_id)
    if version is None:
        raise NotFoundError(_l("Version not found."))
    _locked_document(version.document)  # a hold set meanwhile is seen; two decisions do not both win
    db.session.refresh(version)
    return version


def _describe(version: DocumentVersion) -> dict:
    return {"number": version.number, "label": version.label, "state": version.state}


def request_disposal(actor: User, version_ids: list[int], reason: str | None) -> list[DisposalRequest]:
    """Propose disposing of these versions; each must be past its retention and not held."""
    if not permissions.can_propose_disposal(actor):
        raise PermissionDenied(_l("Only a quality owner can propose a disposal."))
    reason = _reason(reason)
    if not version_ids:
        raise ValidationError({"versions": _l("Choose at least one version.")})
    created = []
    for version_id in sorted(set(version_ids)):
        version = _version_for_update(version_id)
        label = f"{version.document.code} {version.display_label}"
        problem = refusal(version)
        if problem:
            raise DisposalRefused(f"{label}: {problem}")
        if pending_requests_by_version([version.id]):
            raise DisposalRefused(_l("%(version)s: a disposal has already been proposed.", version=label))
        row = DisposalRequest(version_id=version.id, reason=reason, requested_by_id=actor.id, requested_at=clock.now())
        db.session.add(row)
        db.session.flush()
        audit.record(
            actor,
            "version.dispose_request",
            "document_version",
            version.id,
            document_code=version.document.code,
            after=_describe(version) | {"request": row.id, "retention_ended": retention_end(version).isoformat()},
            reason=reason,
        )
        created.append(row)
    return created


def _pending_request(request_id: int) -> DisposalRequest:
    row = db.session.get(DisposalRequest, request_id)
    if row is None:
        raise NotFoundError(_l("Disposal proposal not found."))
    if row.status != DisposalStatus.PENDING.value:
        raise DisposalRefused(_l("The proposal has already been decided."))
    return row


def reject_disposal(actor: User, request_id: int, comment: str | None) -> DisposalRequest:
    """Turn down a proposal; the version stays as it is."""
    if not permissions.can_approve_disposal(actor):
        raise PermissionDenied(_l("Only an administrator can decide on a disposal."))
    comment = _reason(comment, "comment")
    row = _pending_request(request_id)
    row.status, row.decided_by_id, row.decided_at, row.decision_comment = (
        DisposalStatus.REJECTED.value,
        actor.id,
        clock.now(),
        comment,
    )
    db.session.flush()
    audit.record(
        actor,
        "version.dispose_reject",
        "document_version",
        row.version_id,
        document_code=row.version.document.code,
        after={"request": row.id},
        reason=comment,
    )
    return row


def approve_disposal(actor: User, request_id: int) -> DocumentVersion:
    """Approve a proposal made by someone else and destroy the version's content now."""
    if not permissions.can_approve_disposal(actor):
        raise PermissionDenied(_l("Only an administrator can approve a disposal."))
    row = _pending_request(request_id)
    if row.requested_by_id == actor.id:
        raise DisposalRefused(_l("You proposed this disposal; another person must approve it."))
    version = _version_for_update(row.version_id)
    problem = refusal(version)
    if problem:
        raise DisposalRefused(problem)
    row.status, row.decided_by_id, row.decided_at = DisposalStatus.APPROVED.value, actor.id, clock.now()
    return _destroy(actor, version, row)


# --- destroying ----------------------------------------------------------------------------------


def _files_still_used(sha256s: set[str], version_id: int) -> set[str]:
    """Of these file hashes, those a version not disposed of (other than this one) still uses."""
    if not sha256s:
        return set()
    rows = db.session.execute(
        db.select(Attachment.sha256)
        .join(DocumentVersion, Attachment.version_id == DocumentVersion.id)
        .where(
            Attachment.sha256.in_(sha256s),
            Attachment.version_id != version_id,
            DocumentVersion.disposed_at.is_(None),
        )
    ).scalars()
    return set(rows)


def _destroy(actor: User, version: DocumentVersion, row: DisposalRequest) -> DocumentVersion:
    body_sha = hashlib.sha256((version.body or "").encode("utf-8")).hexdigest()
    files = [{"filename": a.filename, "sha256": a.sha256, "size": a.size, "role": a.role} for a in version.attachments]
    hashes = {a.sha256 for a in version.attachments}
    shared = _files_still_used(hashes, version.id)
    inline_copies = audit.events_holding("document_version", version.id, "body")
    texts = audit.destroy_texts("document_version", version.id, digests={body_sha})
    version.body = ""
    for attachment in version.attachments:
        attachment.extracted_text = None
        attachment.extraction_error = None
    version.disposed_at, version.disposed_by_id, version.disposal_reason = clock.now(), actor.id, row.reason
    db.session.flush()
    audit.record(
        actor,
        "version.dispose",
        "document_version",
        version.id,
        document_code=version.document.code,
        before=_describe(version) | {"content_hash": version.content_hash, "body_sha256": body_sha, "files": files},
        after={
            "disposed": True,
            "request": row.id,
            "proposed_by": row.requested_by.email,
            "approved_by": actor.email,
            "retention_ended": retention_end(version).isoformat(),
            "files_deleted": sorted(hashes - shared),
            "files_kept_in_use": sorted(shared),
            "edit_texts_destroyed": texts,
            "events_with_inline_text": inline_copies,
        },
        reason=row.reason,
    )
    transaction.after_commit(lambda: _delete_files(hashes, version.id), key=f"dispose-files-{version.id}")
    return version


def _delete_files(hashes: set[str], version_id: int) -> None:
    """After the commit: delete the files no version in force still uses, and drop cached renderings."""
    for sha256 in sorted(hashes - _files_still_used(hashes, version_id)):
        storage.destroy(sha256)
    db.session.rollback()
    rendering.forget_cached()
    if db.engine.dialect.name == "sqlite":
        # Copy the overwritten pages from the write-ahead log into the database file and empty the log,
        # so that no earlier image of them stays on disk (best effort: a busy reader postpones it).
        raw = db.engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            raw.close()
