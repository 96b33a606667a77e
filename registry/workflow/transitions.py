"""The transition table: the whole workflow, as data (DESIGN.md section 4)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from registry.auth import permissions
from registry.auth.models import Role, User
from registry.documents.models import DocumentVersion, VersionState
from registry.documents.services import content_hash
from registry.errors import ConflictError, PermissionDenied, ServiceError
from registry.workflow import rounds


class Action(str, enum.Enum):
    CREATE = "create"
    EDIT = "edit"
    IMPORT = "import"
    SUBMIT = "submit"
    RECALL = "recall"
    APPROVE = "approve"
    RETURN = "return"
    PUBLISH = "publish"
    TAKE_EFFECT = "take_effect"  # the system, when a scheduled version's date is reached
    SUPERSEDE = "supersede"  # the system, in the same transaction as a newer version taking effect
    WITHDRAW = "withdraw"
    CONFIRM_REVIEW = "confirm_review"


# Actions a person asks for over the UI or the API (the others are the system's or have own routes).
USER_ACTIONS = (
    Action.SUBMIT,
    Action.RECALL,
    Action.APPROVE,
    Action.RETURN,
    Action.PUBLISH,
    Action.WITHDRAW,
    Action.CONFIRM_REVIEW,
)


# Who may ask for a row's move: a check that answers with the refusal, or None when the actor may.
ActorCheck = Callable[[User | None, DocumentVersion], PermissionDenied | None]
# What else must hold before the move (beyond the actor and the request's own input).
Guard = Callable[[User | None, DocumentVersion], ServiceError | None]


@dataclass(frozen=True)
class Rule:
    """One row of the table: from `source` by `action` to one of `targets`, by whom, under which guard."""

    source: VersionState | None
    action: Action
    targets: tuple[VersionState, ...]
    who: str  # the actor column in words (DESIGN.md section 4); `actor` is its check
    guard: str = ""  # the guard column in words; `guards` are the checks that need no request input
    actor: ActorCheck | None = None  # None: a row the system or an own service (create, import) applies
    guards: tuple[Guard, ...] = ()

    def refusal_for(self, actor: User | None, version: DocumentVersion, *, guards: bool = True) -> ServiceError | None:
        """Why `actor` may not make this move on `version` now, or None when they may."""
        if self.actor is None:
            return PermissionDenied(_l("Only the system makes this move."))
        refused = self.actor(actor, version)
        if refused is None and guards:
            refused = next((r for check in self.guards if (r := check(actor, version)) is not None), None)
        return refused


def _author_or_owner(message) -> ActorCheck:
    def check(actor: User, version):
        allowed = permissions.has_write_role(actor) and (
            permissions.is_author(actor, version) or permissions.is_owner(actor, version.document)
        )
        return None if allowed else PermissionDenied(message)

    return check


def _named_approver(actor: User | None, version) -> PermissionDenied | None:
    """A named approver of the current round who did not write, edit or submit the version (four eyes)."""
    if permissions.is_logged_in(actor) and actor.id in rounds.contributor_ids(version):
        return PermissionDenied(
            _l("Whoever wrote, edited or submitted a version cannot approve or return it (four eyes)."),
            code="four_eyes",
        )
    named = [a.id for a in rounds.named_approvers(version)]
    if permissions.has_write_role(actor) and not permissions.is_author(actor, version) and actor.id in named:
        return None
    return PermissionDenied(_l("Only the approvers named for this version may decide on it."))


def _owner_or_quality_owner(actor: User | None, version) -> PermissionDenied | None:
    allowed = permissions.has_write_role(actor) and (
        permissions.is_owner(actor, version.document) or permissions.has_role(actor, Role.QUALITY_OWNER)
    )
    return None if allowed else PermissionDenied(_l("Only the document owner or a quality owner may publish."))


def _quality_owner(actor: User | None, version) -> PermissionDenied | None:
    if permissions.has_role(actor, Role.QUALITY_OWNER):
        return None
    return PermissionDenied(_l("Only a quality owner may withdraw a document."))


def _document_owner(actor: User | None, version) -> PermissionDenied | None:
    if permissions.is_owner(actor, version.document) and permissions.has_write_role(actor):
        return None
    return PermissionDenied(_l("Only the document owner may confirm its review."))


def _not_approved_yet(actor: User | None, version) -> ConflictError | None:
    if any(d.decision == "approve" for d in rounds.decisions(version)):
        return ConflictError(
            _l("An approver has already approved this version; it can no longer be recalled."), code="already_approved"
        )
    return None


def _not_decided_yet(actor: User | None, version) -> ConflictError | None:
    if any(d.approver_id == actor.id for d in rounds.decisions(version)):
        return ConflictError(_l("You have already decided on this version."), code="already_decided")
    return None


def _no_other_draft(actor: User | None, version) -> ConflictError | None:
    return rounds.other_draft_refusal(version)


def _content_as_submitted(actor: User | None, version) -> ConflictError | None:
    if content_hash(version) != version.content_hash:
        return ConflictError(
            _l("The content changed after it was submitted; it cannot be approved."), code="content_changed"
        )
    return None


def _content_as_approved(actor: User | None, version) -> ConflictError | None:
    if content_hash(version) != version.content_hash:
        return ConflictError(
            _l("The content differs from what was approved; it cannot be published."), code="content_changed"
        )
    return None


def _document_in_force(actor: User | None, version) -> ConflictError | None:
    if version.document.is_withdrawn:
        return ConflictError(_l("The document has been withdrawn."), code="withdrawn")
    return None


S = VersionState
RULES: tuple[Rule, ...] = (
    Rule(
        None, Action.CREATE, (S.DRAFT,), "author, quality_owner, document owner", "no other open draft of the document"
    ),
    Rule(
        S.DRAFT,
        Action.EDIT,
        (S.DRAFT,),
        "the draft's author, document owner",
        "the edit names the revision it was based on",
        actor=_author_or_owner(_l("Only the draft's author or the document owner may edit it.")),
    ),
    Rule(
        None,
        Action.IMPORT,
        (S.EFFECTIVE, S.SUPERSEDED),
        "admin, quality_owner",
        "original dates and approvers recorded as an import",
    ),
    Rule(
        S.DRAFT,
        Action.SUBMIT,
        (S.IN_REVIEW,),
        "the draft's author, document owner",
        "change summary; at least one approver; no approver is the author; content hash recorded",
        actor=_author_or_owner(_l("Only the draft's author or the document owner may submit it.")),
    ),
    Rule(
        S.IN_REVIEW,
        Action.RECALL,
        (S.DRAFT,),
        "the version's author, document owner",
        "no approval given yet in this round",
        actor=_author_or_owner(_l("Only the version's author or the document owner may recall it.")),
        guards=(_not_approved_yet, _no_other_draft),
    ),
    Rule(
        S.IN_REVIEW,
        Action.APPROVE,
        (S.IN_REVIEW, S.APPROVED),
        "a named approver",
        "password re-entered with a meaning; not the author; approved when every named approver has",
        actor=_named_approver,
        guards=(_not_decided_yet, _content_as_submitted),
    ),
    Rule(
        S.IN_REVIEW,
        Action.RETURN,
        (S.DRAFT,),
        "a named approver",
        "comment required",
        actor=_named_approver,
        guards=(_not_decided_yet, _no_other_draft),
    ),
    Rule(
        S.APPROVED,
        Action.PUBLISH,
        (S.EFFECTIVE, S.SCHEDULED),
        "document owner, quality_owner",
        "effective_from now or later; content hash unchanged; the previous effective version superseded",
        actor=_owner_or_quality_owner,
        guards=(_document_in_force, _content_as_approved),
    ),
    Rule(
        S.SCHEDULED, Action.TAKE_EFFECT, (S.EFFECTIVE,), "the system", "effective_from reached; document not withdrawn"
    ),
    Rule(
        S.EFFECTIVE,
        Action.SUPERSEDE,
        (S.SUPERSEDED,),
        "the system",
        "in the same transaction as a newer version taking effect",
    ),
    Rule(
        S.EFFECTIVE,
        Action.WITHDRAW,
        (S.WITHDRAWN,),
        "quality_owner",
        "reason required",
        actor=_quality_owner,
        guards=(_document_in_force,),
    ),
    Rule(
        S.EFFECTIVE,
        Action.CONFIRM_REVIEW,
        (S.EFFECTIVE,),
        "document owner",
        "next review date moves by the review interval",
        actor=_document_owner,
        guards=(_document_in_force,),
    ),
)

TABLE: dict[tuple[VersionState | None, Action], Rule] = {(r.source, r.action): r for r in RULES}


def find_rule(source: str | None, action: str) -> Rule | None:
    """The rule for (state, action), or None when the table has no such row."""
    try:
        key = (VersionState(source) if source is not None else None, Action(action))
    except ValueError:
        return None
    return TABLE.get(key)


def actions_from(state: str | None) -> list[Action]:
    """Every action the table allows from `state`."""
    return [r.action for r in RULES if (r.source.value if r.source else None) == state]
