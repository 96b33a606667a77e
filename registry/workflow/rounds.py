"""Approval rounds: who was asked to approve a version, who has decided, and who shaped its content."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from registry import audit
from registry.auth.models import User
from registry.documents import services as documents
from registry.documents.models import DocumentVersion
from registry.errors import ConflictError
from registry.extensions import db
from registry.workflow.models import Approval, ApprovalRequest


def current_round(version: DocumentVersion) -> int:
    return db.session.execute(
        db.select(db.func.coalesce(db.func.max(ApprovalRequest.round), 0)).where(
            ApprovalRequest.version_id == version.id
        )
    ).scalar_one()


def named_approvers(version: DocumentVersion, round_: int | None = None) -> list[User]:
    round_ = current_round(version) if round_ is None else round_
    rows = db.session.execute(
        db.select(ApprovalRequest)
        .where(ApprovalRequest.version_id == version.id, ApprovalRequest.round == round_)
        .order_by(ApprovalRequest.id)
    ).scalars()
    return [r.approver for r in rows]


def decisions(version: DocumentVersion, round_: int | None = None) -> list[Approval]:
    """Decisions of one round (the current one by default), oldest first."""
    stmt = db.select(Approval).where(Approval.version_id == version.id)
    if round_ != 0:
        stmt = stmt.where(Approval.round == (current_round(version) if round_ is None else round_))
    return list(db.session.execute(stmt.order_by(Approval.signed_at, Approval.id)).scalars())


def all_decisions(version: DocumentVersion) -> list[Approval]:
    """Every decision of every round, kept on the record after a return."""
    return decisions(version, 0)


def other_draft_refusal(version: DocumentVersion) -> ConflictError | None:
    """Refusal when another draft of the document is open (a version back in draft would be a second one)."""
    draft = documents.open_draft(version.document)
    if draft is not None and draft.id != version.id:
        return ConflictError(
            _l("Another draft of this document is open; it must be finished or discarded first."),
            code="draft_exists",
        )
    return None


def contributor_ids(version: DocumentVersion) -> set[int]:
    """Who shaped this version's content: its author, everyone who saved an edit of it and everyone
    who submitted it. None of them may approve it (four eyes), whatever their roles."""
    editors = audit.actor_ids("version.edit", "document_version", version.id)
    submitters = db.session.execute(
        db.select(ApprovalRequest.requested_by_id).where(ApprovalRequest.version_id == version.id)
    ).scalars()
    return {version.author_id, *editors, *submitters} - {None}
