"""Translated names of states, roles and visibilities shown in the UI."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATE_LABELS = {
    "draft": _l("Draft"),
    "in_review": _l("In review"),
    "approved": _l("Approved"),
    "scheduled": _l("Scheduled"),
    "effective": _l("Effective"),
    "superseded": _l("Superseded"),
    "withdrawn": _l("Withdrawn"),
}

ROLE_LABELS = {
    "reader": _l("Reader"),
    "author": _l("Author"),
    "approver": _l("Approver"),
    "quality_owner": _l("Quality owner"),
    "auditor": _l("Auditor"),
    "admin": _l("Administrator"),
}

VISIBILITY_LABELS = {
    "public": _l("Public"),
    "internal": _l("Internal"),
    "restricted": _l("Restricted"),
}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def visibility_label(value: str) -> str:
    return str(VISIBILITY_LABELS.get(value, value))
