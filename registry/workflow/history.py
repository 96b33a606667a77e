"""A document's change history (muutoshistoria): versions, transitions, approvals and audit events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from registry.audit.models import AuditEvent
from registry.audit.rows import EventRow, decode_json, event_row
from registry.documents import services as documents
from registry.documents.models import Document, DocumentVersion
from registry.extensions import db
from registry.workflow import models as workflow_models
from registry.workflow.models import VersionTransition


@dataclass(frozen=True)
class ApprovalInfo:
    """One approver's decision as the history shows it, whatever recorded it."""

    who: str
    decision: str
    meaning: str | None
    at: datetime | str | None
    comment: str | None
    source: str  # "approval", "transition" or "import"


@dataclass
class VersionHistory:
    version: DocumentVersion
    transitions: list[VersionTransition] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    approvals: list[ApprovalInfo] = field(default_factory=list)
    supersedes: DocumentVersion | None = None
    superseded_by: DocumentVersion | None = None
    previous: DocumentVersion | None = None

    @property
    def withdrawal_reasons(self) -> list[str]:
        return [t.comment for t in self.transitions if t.action == "withdraw" and t.comment]

    @property
    def review_confirmations(self) -> list[VersionTransition]:
        return [t for t in self.transitions if t.action == "confirm_review"]


@dataclass
class DocumentHistory:
    document: Document
    versions: list[VersionHistory]
    document_events: list[EventRow]


def document_events(document: Document) -> list[AuditEvent]:
    """Every audit event about the document, oldest first."""
    return list(
        db.session.execute(
            db.select(AuditEvent).where(AuditEvent.document_code == document.code).order_by(AuditEvent.seq)
        ).scalars()
    )


def _approvals_from_model(version: DocumentVersion) -> list[ApprovalInfo] | None:
    model = getattr(workflow_models, "Approval", None)
    if model is None or not hasattr(model, "version_id"):
        return None
    rows = db.session.execute(db.select(model).where(model.version_id == version.id)).scalars()
    result = []
    for row in rows:
        approver = getattr(row, "approver", None) or getattr(row, "user", None)
        result.append(
            ApprovalInfo(
                who=getattr(approver, "display_name", None) or str(getattr(row, "approver_id", "?")),
                decision=str(getattr(row, "decision", "approve")),
                meaning=getattr(row, "meaning", None),
                at=getattr(row, "signed_at", None) or getattr(row, "created_at", None),
                comment=getattr(row, "comment", None),
                source="approval",
            )
        )
    return result


def _approvals_from_transitions(transitions: list[VersionTransition]) -> list[ApprovalInfo]:
    result = []
    for t in transitions:
        data = decode_json(t.data_json)
        if t.action in ("approve", "return"):
            who = t.actor.display_name if t.actor else "?"
            result.append(ApprovalInfo(who, t.action, data.get("meaning"), t.occurred_at, t.comment, "transition"))
        elif t.action == "import":
            for email in data.get("original_approvers") or []:
                result.append(ApprovalInfo(email, "approve", None, data.get("original_approved_at"), None, "import"))
    return result


def _link_supersession(rows: list[VersionHistory]) -> None:
    published = sorted((r for r in rows if r.version.effective_from), key=lambda r: r.version.effective_from)
    for earlier, later in pairwise(published):
        later.supersedes, earlier.superseded_by = earlier.version, later.version
    for earlier, later in pairwise(rows):
        later.previous = earlier.version


def _transitions(version_ids: list[int]) -> dict[int, list[VersionTransition]]:
    found: dict[int, list[VersionTransition]] = {i: [] for i in version_ids}
    if version_ids:
        rows = db.session.execute(
            db.select(VersionTransition)
            .where(VersionTransition.version_id.in_(version_ids))
            .order_by(VersionTransition.occurred_at, VersionTransition.id)
        ).scalars()
        for row in rows:
            found[row.version_id].append(row)
    return found


def document_history(user, document: Document) -> DocumentHistory:
    """The history of every version `user` may see, oldest first, with the document-level events."""
    versions = list(reversed(documents.visible_versions(user, document)))
    transitions = _transitions([v.id for v in versions])
    rows = {v.id: VersionHistory(v, transitions[v.id]) for v in versions}
    hidden_version_ids = {v.id for v in document.versions} - set(rows)
    other: list[EventRow] = []
    for event in document_events(document):
        version_id = int(event.object_id) if event.object_type == "document_version" and event.object_id else None
        if version_id in rows:
            rows[version_id].events.append(event_row(event))
        elif version_id not in hidden_version_ids:
            other.append(event_row(event))
    for row in rows.values():
        from_model = _approvals_from_model(row.version)
        row.approvals = from_model if from_model else _approvals_from_transitions(row.transitions)
    ordered = list(rows.values())
    _link_supersession(ordered)
    return DocumentHistory(document, ordered, other)
