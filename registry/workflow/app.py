"""The workflow feature in the application: template globals, due scheduled versions on read, mail."""

from __future__ import annotations

import logging

from flask import Flask, request
from sqlalchemy.exc import DBAPIError, IntegrityError

from registry import clock, read_cache, transaction
from registry.auth import permissions
from registry.auth.models import User
from registry.auth.sso_views import register_reauthentication_handler
from registry.database import WRITING_GET_ENDPOINTS
from registry.documents import services as documents
from registry.documents.models import DocumentVersion
from registry.labels import state_label
from registry.workflow import (
    change_requests,
    machine,
    notifications,
    publishing,
    read_confirmations,
    rounds,
    signatures,
)
from registry.workflow.forms import ActionForm, ChangeRequestForm, NewDraftForm
from registry.workflow.qr import check_qr_data_uri
from registry.workflow.transition_views import finish_approval

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


def available_actions(user: User | None, version: DocumentVersion) -> list[str]:
    """What `user` may do with `version` now, as the document page names it: the table's moves, plus
    starting a new draft, reading confirmations and the list of who has read it."""
    if not permissions.is_logged_in(user):
        return []
    document = version.document
    moves = {action.value for action in machine.allowed_moves(user, version)}
    actions = []
    for action in ("edit", "submit", "recall", "publish", "withdraw", "confirm_review"):
        if action in moves:
            actions.append(action)
    if moves & {"approve", "return"}:
        actions.append("review")
    if (
        permissions.can_start_draft(user, document)
        and documents.open_draft(document) is None
        and documents.version_in_review(document) is None
    ):
        actions.insert(1 if "edit" in actions else 0, "new_draft")
    if version.state in permissions.PUBLISHED and permissions.can_see_acknowledgements(user, document):
        actions.append("acknowledgements")
    if read_confirmations.reading_info(user, version).can_acknowledge:
        actions.append("acknowledge")
    return actions


def apply_due_on_read() -> None:
    """Before a page that shows what is in force: let due scheduled versions take effect. A worker asks
    the database at most once a second (publishing.DUE_CHECK_SECONDS) unless the next scheduled
    version it knows of has come; reads never write otherwise."""
    if request.method != "GET" or request.endpoint not in APPLY_ON_READ_ENDPOINTS:
        return
    now = clock.now()
    if not publishing.due_check_needed(now):
        return
    try:
        next_due = publishing.next_due_at()
        if next_due is not None and publishing.aware(next_due) <= now:
            publishing.apply_due_versions(now)
            transaction.commit()
            next_due = publishing.next_due_at()
        publishing.remember_next_due(next_due)
    except (IntegrityError, DBAPIError):  # another worker applied it at the same moment
        transaction.rollback()
        log.info("scheduled versions were applied by another worker")


def _template_globals() -> dict:
    return {
        # Imported macros (state_badge) do not see context processors; a global reaches them.
        "state_label": state_label,
        "workflow_actions": available_actions,
        "NewDraftForm": NewDraftForm,
        "WorkflowActionForm": ActionForm,
        "workflow_reading": read_confirmations.reading_info,
        "workflow_decisions": rounds.all_decisions,
        "workflow_named_approvers": rounds.named_approvers,
        "signature_meaning": signatures.meaning_label,
        "unread_notifications": notifications.unread_count,
        "check_qr_data_uri": check_qr_data_uri,
        "can_import": permissions.can_import,
        "can_send_change_request": permissions.can_send_change_request,
        "can_list_change_requests": permissions.can_list_change_requests,
        "change_request_form": ChangeRequestForm,
        "change_requests_anonymous": change_requests.anonymous_allowed,
        "change_requests_addressed": change_requests.addressed_by,
        "change_request_state": change_requests.state_label,
        "change_request_move": change_requests.move_label,
    }


def init_app(app: Flask) -> None:
    WRITING_GET_ENDPOINTS.add("workflow.export_version")  # the download records its audit event
    WRITING_GET_ENDPOINTS.add("workflow.history_export")  # so does the history export

    app.config.setdefault("MAIL_SERVER", None)
    app.config.setdefault("MAIL_PORT", 25)
    app.config.setdefault("MAIL_USE_TLS", False)
    app.config.setdefault("MAIL_SENDER", "lamppu@localhost")
    app.jinja_env.globals.update(_template_globals())
    app.before_request(apply_due_on_read)
    if apply_due_on_read not in read_cache.PAGE_CHECKS:
        read_cache.PAGE_CHECKS.append(apply_due_on_read)  # also before a kept page is looked up
    register_reauthentication_handler(app, "approve", finish_approval)
