"""The transition table: the whole workflow, as data (DESIGN.md section 4)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from registry.documents.models import VersionState


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


@dataclass(frozen=True)
class Rule:
    """One row of the table: from `source` by `action` to one of `targets`."""

    source: VersionState | None
    action: Action
    targets: tuple[VersionState, ...]
    who: str  # human description; the check itself is the guard in services
    guard: str = ""


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
    ),
    Rule(
        S.IN_REVIEW,
        Action.RECALL,
        (S.DRAFT,),
        "the version's author, document owner",
        "no approval given yet in this round",
    ),
    Rule(
        S.IN_REVIEW,
        Action.APPROVE,
        (S.IN_REVIEW, S.APPROVED),
        "a named approver",
        "password re-entered with a meaning; not the author; approved when every named approver has",
    ),
    Rule(S.IN_REVIEW, Action.RETURN, (S.DRAFT,), "a named approver", "comment required"),
    Rule(
        S.APPROVED,
        Action.PUBLISH,
        (S.EFFECTIVE, S.SCHEDULED),
        "document owner, quality_owner",
        "effective_from now or later; content hash unchanged; the previous effective version superseded",
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
    Rule(S.EFFECTIVE, Action.WITHDRAW, (S.WITHDRAWN,), "quality_owner", "reason required"),
    Rule(
        S.EFFECTIVE,
        Action.CONFIRM_REVIEW,
        (S.EFFECTIVE,),
        "document owner",
        "next review date moves by the review interval",
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
