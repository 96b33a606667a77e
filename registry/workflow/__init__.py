"""The version state machine and the services that move versions through it."""

from __future__ import annotations

import logging

from flask import Flask, request

log = logging.getLogger(__name__)

# Pages that show which version is in force: a due scheduled version takes effect before they answer.
APPLY_ON_READ_ENDPOINTS = frozenset(
    {
        "documents.register",
        "documents.permalink",
        "documents.version",
        "documents.versions",
        "documents.print_view",
        "workflow.check_version",
        "workflow.to_read",
        "workflow.export_version",
        "api_documents.Documents",
        "api_documents.Document",
        "api_documents.Versions",
        "api_documents.Version",
        "api_documents.VersionExport",
        "search.results",
        "api_search.Search",
    }
)


def available_actions(user, version) -> list[str]:
    """What `user` may do with `version` now; the document page asks this through a template global."""
    from registry.auth import permissions
    from registry.documents import services as documents
    from registry.workflow import approvals, read_confirmations

    if not permissions.is_logged_in(user):
        return []
    document = version.document
    checks = {
        "edit": permissions.can_edit_version(user, version),
        "new_draft": permissions.can_start_draft(user, document)
        and documents.open_draft(document) is None
        and documents.version_in_review(document) is None,
        "submit": permissions.can_submit_version(user, version),
        "recall": permissions.can_recall_version(user, version),
        "publish": permissions.can_publish_version(user, version),
        "withdraw": version.state == "effective" and permissions.can_withdraw_document(user, document),
        "confirm_review": version.state == "effective" and permissions.can_confirm_review(user, document),
        "acknowledgements": version.state in ("effective", "superseded", "withdrawn")
        and permissions.can_see_acknowledgements(user, document),
    }
    if version.state == "in_review":
        named = [a.id for a in approvals.named_approvers(version)]
        checks["review"] = permissions.can_decide_version(user, version, named) and not any(
            d.approver_id == user.id for d in approvals.decisions(version)
        )
    actions = [name for name, allowed in checks.items() if allowed]
    if read_confirmations.reading_info(user, version).can_acknowledge:
        actions.append("acknowledge")
    return actions


def apply_due_on_read() -> None:
    """Before a page that shows what is in force: let due scheduled versions take effect. A worker asks
    the database at most once a second (publishing.DUE_CHECK_SECONDS) unless the next scheduled
    version it knows of has come; reads never write otherwise."""
    if request.method != "GET" or request.endpoint not in APPLY_ON_READ_ENDPOINTS:
        return
    from sqlalchemy.exc import DBAPIError, IntegrityError

    from registry import clock
    from registry.extensions import db
    from registry.workflow import publishing

    now = clock.now()
    if not publishing.due_check_needed(now):
        return
    try:
        next_due = publishing.next_due_at()
        if next_due is not None and publishing._aware(next_due) <= now:
            publishing.apply_due_versions(now)
            db.session.commit()
            next_due = publishing.next_due_at()
        publishing.remember_next_due(next_due)
    except (IntegrityError, DBAPIError):  # another worker applied it at the same moment
        db.session.rollback()
        log.info("scheduled versions were applied by another worker")


def _template_globals() -> dict:
    from registry.auth.permissions import can_import
    from registry.labels import state_label
    from registry.workflow import approvals, notifications, read_confirmations, signatures
    from registry.workflow.forms import ActionForm, NewDraftForm
    from registry.workflow.qr import check_qr_data_uri

    return {
        # Imported macros (state_badge) do not see context processors; a global reaches them.
        "state_label": state_label,
        "workflow_actions": available_actions,
        "NewDraftForm": NewDraftForm,
        "WorkflowActionForm": ActionForm,
        "workflow_reading": read_confirmations.reading_info,
        "workflow_decisions": approvals.all_decisions,
        "workflow_named_approvers": approvals.named_approvers,
        "signature_meaning": signatures.meaning_label,
        "unread_notifications": notifications.unread_count,
        "check_qr_data_uri": check_qr_data_uri,
        "can_import": can_import,
    }


def init_app(app: Flask) -> None:
    from registry.database import WRITING_GET_ENDPOINTS
    from registry.workflow.notifications import init_mail

    WRITING_GET_ENDPOINTS.add("workflow.export_version")  # the download records its audit event

    app.config.setdefault("MAIL_SERVER", None)
    app.config.setdefault("MAIL_PORT", 25)
    app.config.setdefault("MAIL_USE_TLS", False)
    app.config.setdefault("MAIL_SENDER", "lamppu@localhost")
    app.jinja_env.globals.update(_template_globals())
    app.before_request(apply_due_on_read)
    init_mail()
