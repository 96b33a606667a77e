"""Which goals each document serves: links, their audit, and the read side (coverage)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from registry import audit, search
from registry.auth import permissions
from registry.auth.models import User
from registry.documents.models import OPEN_CHANGE_REQUEST_STATES, ChangeRequest, Document, DocumentVersion
from registry.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from registry.extensions import db
from registry.goals.lookup import find_goals, goal_tree, resolve_goal  # noqa: F401  (find_goals: the API reads it here)
from registry.goals.models import Goal, Indicator, Plan, document_goal
from registry.states import VersionState


def goals_for_document(document: Document) -> list[Goal]:
    """The goals a document serves, in plan and goal order."""
    return list(
        db.session.execute(
            db.select(Goal)
            .join(document_goal, document_goal.c.goal_id == Goal.id)
            .join(Plan, Goal.plan_id == Plan.id)
            .where(document_goal.c.document_id == document.id)
            .order_by(Plan.name, Goal.position, Goal.code)
        ).scalars()
    )


def goal_codes_for_documents(document_ids) -> dict[int, list[str]]:
    """{document id: [goal codes]} for the search index (every id present, possibly empty)."""
    ids = list(document_ids)
    result: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return result
    rows = db.session.execute(
        db.select(document_goal.c.document_id, Goal.code)
        .join(Goal, document_goal.c.goal_id == Goal.id)
        .where(document_goal.c.document_id.in_(ids))
        .order_by(Goal.position, Goal.code)
    )
    for document_id, code in rows:
        if code not in result[document_id]:
            result[document_id].append(code)
    return result


def resolve_goal_codes(codes) -> list[Goal]:
    """Goals for codes like `T1` or `LAMPPU:T1`; a field error names every unknown or ambiguous code."""
    if isinstance(codes, str) or not all(isinstance(c, str) for c in codes or []):
        raise ValidationError({"goals": _l("Give the goals as a list of codes.")})
    goals, bad = [], []
    for code in dict.fromkeys(c.strip() for c in codes if c and c.strip()):
        try:
            goal = resolve_goal(code)
        except (NotFoundError, ConflictError):
            bad.append(code)
            continue
        if goal.archived:
            bad.append(code)
        elif goal not in goals:
            goals.append(goal)
    if bad:
        raise ValidationError({"goals": _l("Unknown, archived or ambiguous goal: %(codes)s", codes=", ".join(bad))})
    return goals


def _qualified(goal: Goal) -> str:
    return f"{goal.plan.code}:{goal.code}"


def set_document_goals(actor: User, document: Document, goals: list[Goal], *, check_permission: bool = True) -> bool:
    """Replace the goals a document serves; audited with before and after. True when something changed."""
    if check_permission and not permissions.can_link_goals(actor, document):
        raise PermissionDenied(_l("Only the document's owner or a quality owner may change its goals."))
    current = goals_for_document(document)
    before, after = sorted(map(_qualified, current)), sorted(map(_qualified, goals))
    if before == after:
        return False
    db.session.execute(document_goal.delete().where(document_goal.c.document_id == document.id))
    if goals:
        db.session.execute(document_goal.insert(), [{"document_id": document.id, "goal_id": g.id} for g in goals])
    db.session.flush()
    audit.record(
        actor,
        "document.goals",
        "document",
        document.id,
        document_code=document.code,
        before={"goals": before},
        after={"goals": after},
    )
    search.mark_documents_changed([document.id])  # the index carries goal codes as a filter field
    return True


def linked_document_ids(goal: Goal) -> set[int]:
    """The ids of the documents linked to `goal`, without loading them (the document list's filter)."""
    return set(
        db.session.execute(db.select(document_goal.c.document_id).where(document_goal.c.goal_id == goal.id)).scalars()
    )


def linked_documents(goal: Goal) -> list[Document]:
    return list(
        db.session.execute(
            db.select(Document)
            .join(document_goal, document_goal.c.document_id == Document.id)
            .where(document_goal.c.goal_id == goal.id)
            .order_by(Document.code)
        ).scalars()
    )


@dataclass
class LinkedDocument:
    document: Document
    current: DocumentVersion
    open_requests: int = 0

    def is_overdue(self, today: date) -> bool:
        due = self.document.next_review_due
        return due is not None and due < today


def linked_current_documents(user, goal: Goal) -> list[LinkedDocument]:
    """Documents in force (an effective version, not withdrawn) that serve the goal and the user may see."""
    rows = db.session.execute(
        db.select(Document, DocumentVersion)
        .join(document_goal, document_goal.c.document_id == Document.id)
        .join(
            DocumentVersion,
            (DocumentVersion.document_id == Document.id) & (DocumentVersion.state == VersionState.EFFECTIVE),
        )
        .where(document_goal.c.goal_id == goal.id, Document.withdrawn_at.is_(None))
        .order_by(Document.code)
    ).all()
    return [LinkedDocument(d, v) for d, v in rows if permissions.can_view_document(user, d)]


@dataclass
class CoverageRow:
    goal: Goal
    depth: int
    documents: list[LinkedDocument]
    overdue: list[LinkedDocument]
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def has_gap(self) -> bool:
        return not self.documents or not self.indicators


def open_change_request_counts(document_ids) -> dict[int, int]:
    """{document id: open (new or accepted) change requests} in one query; absent ids have none."""
    ids = sorted(set(document_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(ChangeRequest.document_id, db.func.count())
        .where(ChangeRequest.document_id.in_(ids), ChangeRequest.state.in_(OPEN_CHANGE_REQUEST_STATES))
        .group_by(ChangeRequest.document_id)
    )
    return {document_id: count for document_id, count in rows}


def count_open_change_requests(linked: list[LinkedDocument]) -> None:
    """Fill in each linked document's open change requests (one query for all of them)."""
    counts = open_change_request_counts(item.document.id for item in linked)
    for item in linked:
        item.open_requests = counts.get(item.document.id, 0)


def coverage(user, plans: list[Plan], today: date) -> list[tuple[Plan, list[CoverageRow]]]:
    """For every active goal: the current documents serving it (with their open change requests),
    which are overdue, and its indicators."""
    result = []
    for plan in plans:
        rows = []
        for goal, depth in goal_tree(plan, include_archived=False):
            docs = linked_current_documents(user, goal)
            rows.append(CoverageRow(goal, depth, docs, [d for d in docs if d.is_overdue(today)], list(goal.indicators)))
        result.append((plan, rows))
    count_open_change_requests([d for _plan, rows in result for row in rows for d in row.documents])
    return result
