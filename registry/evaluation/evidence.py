"""The evidence the registry already holds for each criterion of a self-assessment, and its gaps.

Read in a fixed number of queries whatever the number of criteria: the links, the current and
period versions, the read confirmations and the goals are each loaded once for the whole framework.
Another feature adds its own kind of evidence with `register_evidence_provider` (the page and the
evidence pack show every provider's items under the criterion).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func

from registry import clock
from registry.auth import permissions
from registry.auth.models import User
from registry.documents.models import OPEN_CHANGE_REQUEST_STATES, ChangeRequest, Document, DocumentVersion
from registry.evaluation.models import Assessment, AssessmentRow, Criterion, criterion_document, criterion_goal
from registry.evaluation.services import criteria_tree, leaf_ids
from registry.extensions import db
from registry.goals import services as goals
from registry.goals.models import Goal
from registry.states import VersionState
from registry.workflow.models import Acknowledgement


@dataclass
class DocumentEvidence:
    document: Document
    current: DocumentVersion | None
    audience: int = 0
    confirmed: int = 0
    changes: list[DocumentVersion] = field(default_factory=list)  # versions that took effect in the period

    @property
    def read_share(self) -> float | None:
        """The share of the staff who must read the current version who confirmed it (None: nobody must)."""
        if self.current is None or not self.document.type.requires_acknowledgement or not self.audience:
            return None
        return self.confirmed / self.audience

    def is_overdue(self, today: date) -> bool:
        due = self.document.next_review_due
        return due is not None and due < today


@dataclass
class GoalEvidence:
    goal: Goal
    indicators: list[tuple]  # (indicator, IndicatorStatus)

    @property
    def has_measurements(self) -> bool:
        return any(status.latest is not None for _indicator, status in self.indicators)


@dataclass
class Gap:
    kind: str  # no_document, overdue_review, goal_unmeasured
    message: str


@dataclass
class CriterionEvidence:
    criterion: Criterion
    depth: int
    is_leaf: bool
    row: AssessmentRow | None
    documents: list[DocumentEvidence] = field(default_factory=list)
    goals: list[GoalEvidence] = field(default_factory=list)
    extra: dict[str, list] = field(default_factory=dict)  # provider name -> items
    gaps: list[Gap] = field(default_factory=list)


# name -> function(assessment, {criterion id: [Document]}) -> {criterion id: [item]}
EvidenceProvider = Callable[[Assessment, dict[int, list[Document]]], dict[int, list]]
_PROVIDERS: dict[str, EvidenceProvider] = {}


def register_evidence_provider(name: str, provider: EvidenceProvider) -> None:
    """Add a kind of evidence (e.g. open change requests on the linked documents) to every criterion."""
    _PROVIDERS[name] = provider


def open_change_requests(_assessment: Assessment, documents: dict[int, list[Document]]) -> dict[int, list]:
    """Evidence of the improvement loop: open change requests (new or accepted) on each criterion's documents."""
    ids = {d.id for docs in documents.values() for d in docs}
    if not ids:
        return {}
    counts = {
        document_id: (count, oldest)
        for document_id, count, oldest in db.session.execute(
            db.select(ChangeRequest.document_id, func.count(), func.min(ChangeRequest.created_at))
            .where(ChangeRequest.document_id.in_(ids), ChangeRequest.state.in_(OPEN_CHANGE_REQUEST_STATES))
            .group_by(ChangeRequest.document_id)
        ).all()
    }
    today = clock.now().date()
    found: dict[int, list] = {}
    for criterion_id, docs in documents.items():
        for document in docs:
            if document.id not in counts:
                continue
            count, oldest = counts[document.id]
            found.setdefault(criterion_id, []).append(
                ngettext(
                    "%(code)s: %(num)d open change request (oldest %(days)d days)",
                    "%(code)s: %(num)d open change requests (oldest %(days)d days)",
                    count,
                    code=document.code,
                    days=(today - oldest.date()).days,
                )
            )
    return found


def period_bounds(assessment: Assessment) -> tuple[datetime, datetime]:
    """The period as UTC moments: from the start of its first day to the end of its last (exclusive)."""
    start = datetime.combine(assessment.period_start, time(0), UTC)
    end = datetime.combine(assessment.period_end + timedelta(days=1), time(0), UTC)
    return start, end


def _links(framework_id: int):
    documents: dict[int, list[Document]] = {}
    rows = db.session.execute(
        db.select(criterion_document.c.criterion_id, Document)
        .join(Document, criterion_document.c.document_id == Document.id)
        .join(Criterion, criterion_document.c.criterion_id == Criterion.id)
        .where(Criterion.framework_id == framework_id)
        .order_by(Document.code)
    ).all()
    for criterion_id, document in rows:
        documents.setdefault(criterion_id, []).append(document)
    linked_goals: dict[int, list[Goal]] = {}
    rows = db.session.execute(
        db.select(criterion_goal.c.criterion_id, Goal)
        .join(Goal, criterion_goal.c.goal_id == Goal.id)
        .join(Criterion, criterion_goal.c.criterion_id == Criterion.id)
        .where(Criterion.framework_id == framework_id)
        .order_by(Goal.position, Goal.code)
    ).all()
    for criterion_id, goal in rows:
        linked_goals.setdefault(criterion_id, []).append(goal)
    return documents, linked_goals


def _document_evidence(user, documents: list[Document], assessment: Assessment) -> dict[int, DocumentEvidence]:
    ids = [d.id for d in documents]
    if not ids:
        return {}
    start, end = period_bounds(assessment)
    versions = db.session.execute(
        db.select(DocumentVersion)
        .where(DocumentVersion.document_id.in_(ids), DocumentVersion.effective_from.is_not(None))
        .order_by(DocumentVersion.document_id, DocumentVersion.number)
    ).scalars()
    result = {d.id: DocumentEvidence(d, None) for d in documents}
    for version in versions:
        item = result[version.document_id]
        if version.state == VersionState.EFFECTIVE.value and not item.document.is_withdrawn:
            item.current = version
        if start <= version.effective_from < end:
            item.changes.append(version)
    current_ids = [e.current.id for e in result.values() if e.current is not None]
    confirmed: dict[int, set[int]] = {}
    for version_id, user_id in db.session.execute(
        db.select(Acknowledgement.version_id, Acknowledgement.user_id).where(
            Acknowledgement.version_id.in_(current_ids)
        )
    ):
        confirmed.setdefault(version_id, set()).add(user_id)
    staff = list(db.session.execute(db.select(User).where(User.active.is_(True))).scalars())
    for item in result.values():
        if item.current is None:
            continue
        audience = {u.id for u in staff if permissions.can_view_document(u, item.document)}
        item.audience = len(audience)
        item.confirmed = len(confirmed.get(item.current.id, set()) & audience)
    return result


def _gaps(item: CriterionEvidence, today: date) -> list[Gap]:
    gaps = []
    if item.is_leaf and not any(d.current is not None for d in item.documents):
        gaps.append(Gap("no_document", str(_l("No document in force shows how this criterion is met."))))
    for d in item.documents:
        if d.current is not None and d.is_overdue(today):
            gaps.append(Gap("overdue_review", str(_l("%(code)s is overdue for review.", code=d.document.code))))
    for g in item.goals:
        if not g.has_measurements:
            gaps.append(Gap("goal_unmeasured", str(_l("Goal %(code)s has no measurements.", code=g.goal.code))))
    return gaps


def criterion_evidence(user, assessment: Assessment, today: date) -> list[CriterionEvidence]:
    """Every criterion of the assessment's framework in tree order, with its evidence and gaps."""
    framework = assessment.framework
    tree = criteria_tree(framework)
    leaves = leaf_ids(framework)
    rows = {r.criterion_id: r for r in assessment.rows}
    documents, linked_goals = _links(framework.id)
    visible = {d.id: d for docs in documents.values() for d in docs if permissions.can_view_document(user, d)}
    by_document = _document_evidence(user, list(visible.values()), assessment)
    shown = {cid: [d for d in docs if d.id in visible] for cid, docs in documents.items()}
    extras = {name: provider(assessment, shown) for name, provider in _PROVIDERS.items()}
    result = []
    for criterion, depth in tree:
        item = CriterionEvidence(criterion, depth, criterion.id in leaves, rows.get(criterion.id))
        item.documents = [by_document[d.id] for d in documents.get(criterion.id, []) if d.id in by_document]
        item.goals = [
            GoalEvidence(g, [(i, goals.indicator_status(i)) for i in g.indicators])
            for g in linked_goals.get(criterion.id, [])
        ]
        item.extra = {name: found.get(criterion.id, []) for name, found in extras.items()}
        item.gaps = _gaps(item, today)
        result.append(item)
    return result
