"""One entry point for the transitions a person asks for (the UI forms and the API share it)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from registry.auth.models import User
from registry.auth.services import find_user
from registry.documents.models import DocumentVersion
from registry.errors import ValidationError
from registry.workflow import approvals, publishing
from registry.workflow.transitions import USER_ACTIONS, Action


def resolve_approvers(emails: list[str]) -> list[User]:
    """Users for the given e-mail addresses; an unknown address is a field error."""
    users, unknown = [], []
    for email in emails or []:
        user = find_user(email)
        (users if user is not None else unknown).append(user or email)
    if unknown:
        raise ValidationError({"approvers": _l("Unknown user: %(emails)s", emails=", ".join(unknown))})
    return users


def apply_action(
    actor: User,
    version: DocumentVersion,
    action: str,
    *,
    approvers: list[User] | None = None,
    change_type: str | None = None,
    change_summary: str | None = None,
    password: str | None = None,
    meaning: str | None = None,
    comment: str | None = None,
    effective_from: datetime | None = None,
    change_requests: list[int] | None = None,
) -> DocumentVersion:
    """Apply a user action to `version` through its service (whose `require_move` asks the table)."""
    try:
        chosen = Action(action)
    except ValueError:
        chosen = None
    if chosen not in USER_ACTIONS:
        raise ValidationError({"action": _l("Unknown action.")})
    if chosen is Action.SUBMIT:
        return approvals.submit_version(
            actor,
            version,
            approvers=approvers or [],
            change_type=change_type,
            change_summary=change_summary,
            change_request_ids=change_requests,
        )
    if chosen is Action.RECALL:
        return approvals.recall_version(actor, version)
    if chosen is Action.APPROVE:
        return approvals.approve_version(actor, version, password=password or "", meaning=meaning or "")
    if chosen is Action.RETURN:
        return approvals.return_version(actor, version, comment=comment or "")
    if chosen is Action.PUBLISH:
        return publishing.publish_version(actor, version, effective_from=effective_from)
    if chosen is Action.WITHDRAW:
        return publishing.withdraw_document(actor, version, reason=comment or "")
    return publishing.confirm_review(actor, version, comment=comment)
