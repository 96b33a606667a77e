"""Translated names of audit actions shown in the UI; an unknown action shows as recorded."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "document.create": _l("Document created"),
    "document.goals": _l("Goal links changed"),
    "version.create": _l("Draft created"),
    "version.edit": _l("Draft edited"),
    "version.import": _l("Imported from an earlier system"),
    "version.submit": _l("Sent for approval"),
    "version.recall": _l("Recalled from approval"),
    "version.approve": _l("Approved"),
    "version.return": _l("Returned for changes"),
    "version.publish": _l("Published"),
    "version.supersede": _l("Superseded"),
    "version.withdraw": _l("Withdrawn"),
    "version.confirm_review": _l("Periodic review confirmed"),
    "user.create": _l("User created"),
    "user.roles": _l("Roles changed"),
    "auth.login": _l("Logged in"),
    "auth.login_failed": _l("Failed login"),
    "auth.token_create": _l("API token created"),
    "auth.token_revoke": _l("API token revoked"),
    "audit.export": _l("Audit log exported"),
}

PROBLEM_LABELS = {
    "hash_mismatch": _l("the event's contents do not match its hash (edited)"),
    "broken_link": _l("the event does not link to the hash of the event before it"),
    "gap": _l("events are missing before this event (deleted)"),
    "truncated": _l("events at the end of the chain are missing (truncated)"),
    "head_mismatch": _l("the chain head does not match the last event"),
    "expected_head": _l("the chain does not contain the head kept elsewhere"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def problem_label(problem: str | None) -> str:
    return str(PROBLEM_LABELS.get(problem or "", problem or ""))
