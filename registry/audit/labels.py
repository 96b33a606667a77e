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
    "version.take_effect": _l("Took effect"),
    "version.supersede": _l("Superseded"),
    "version.withdraw": _l("Withdrawn"),
    "version.confirm_review": _l("Periodic review confirmed"),
    "version.acknowledge": _l("Confirmed as read"),
    "version.export": _l("Version downloaded as PDF or DOCX"),
    "signature.failed": _l("Signature failed: wrong password"),
    "attachment.add": _l("Attachment added"),
    "attachment.remove": _l("Attachment removed"),
    "unit.create": _l("Unit created"),
    "unit.update": _l("Unit changed"),
    "document_type.create": _l("Document type created"),
    "document_type.update": _l("Document type changed"),
    "document_type.template": _l("Document type template chosen"),
    "version.source": _l("Text brought in from a Word or ODT file"),
    "user.create": _l("User created"),
    "user.update": _l("User details changed"),
    "user.roles_change": _l("Roles changed"),
    "user.deactivate": _l("User deactivated"),
    "user.reactivate": _l("User reactivated"),
    "user.password_reset": _l("Password reset by an administrator"),
    "auth.login": _l("Logged in"),
    "auth.login_failed": _l("Failed login"),
    "auth.token_create": _l("API token created"),
    "auth.token_revoke": _l("API token revoked"),
    "auth.session_end": _l("Session ended"),
    "auth.sign_out_everywhere": _l("Signed out everywhere"),
    "auth.two_factor_enable": _l("Two-factor login turned on"),
    "auth.two_factor_disable": _l("Two-factor login turned off"),
    "auth.two_factor_policy": _l("Roles required to use two-factor login changed"),
    "auth.recovery_code_used": _l("Recovery code used"),
    "user.directory_link": _l("Account linked to the directory"),
    "user.roles_synchronised": _l("Roles brought in line with the identity provider"),
    "audit.export": _l("Audit log exported"),
    "plan.create": _l("Plan created"),
    "plan.update": _l("Plan changed"),
    "search_synonym.create": _l("Search term added"),
    "search_synonym.update": _l("Search term changed"),
    "search_synonym.delete": _l("Search term removed"),
    "search_synonym.import": _l("Search terms imported from CSV"),
    "goal.create": _l("Goal created"),
    "goal.update": _l("Goal changed"),
    "goal.archive": _l("Goal archived"),
    "goal.restore": _l("Goal restored"),
    "goal.delete": _l("Goal deleted"),
    "indicator.create": _l("Indicator created"),
    "indicator.update": _l("Indicator changed"),
    "measurement.record": _l("Measurement recorded"),
    "progress.write": _l("Results written"),
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
