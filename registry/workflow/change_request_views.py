"""Pages for change requests: send one on a document, see a document's requests, decide on one,
and the quality owners' list of every open request with its age."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry import transaction
from registry.auth import permissions
from registry.documents import services as documents
from registry.documents.models import CHANGE_REQUEST_STATES, OPEN_CHANGE_REQUEST_STATES
from registry.errors import ServiceError, ValidationError
from registry.workflow import change_requests
from registry.workflow.blueprint import bp
from registry.workflow.forms import ChangeRequestDecisionForm, ChangeRequestForm, apply_field_errors


def _document_page(document, form, status=200):
    return render_template(
        "workflow/document_change_requests.html",
        document=document,
        requests=[(r, None) for r in change_requests.for_document(document)],
        form=form,
        can_send=permissions.can_send_change_request(current_user, document),
        anonymous_allowed=change_requests.anonymous_allowed(),
    ), status


@bp.get("/d/<code>/change-requests")
@login_required
def document_change_requests(code: str):
    document = documents.require_document(current_user, code)
    return _document_page(document, ChangeRequestForm())


@bp.post("/d/<code>/change-requests")
@login_required
def send_change_request(code: str):
    document = documents.require_document(current_user, code)
    form = ChangeRequestForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        created = transaction.run(
            change_requests.create_change_request,
            current_user,
            document,
            text=form.text.data,
            suggestion=form.suggestion.data,
            quote=form.anchor.data,
            anonymous=form.anonymous.data,
        )
    except ValidationError as error:
        apply_field_errors(form, error)
        return _document_page(document, form, 422)
    flash(_("Thank you: change request #%(number)d was sent to the document's owner.", number=created.id), "success")
    return redirect(url_for("workflow.document_change_requests", code=document.code))


@bp.get("/change-requests/<int:request_id>")
@login_required
def change_request(request_id: int):
    found = change_requests.require_change_request(current_user, request_id)
    return render_template(
        "workflow/change_request.html",
        item=found,
        moves=change_requests.allowed_moves(current_user, found),
        form=ChangeRequestDecisionForm(),
    )


@bp.post("/change-requests/<int:request_id>/<any(accept, reject, reopen):action>")
@login_required
def decide_change_request(request_id: int, action: str):
    found = change_requests.require_change_request(current_user, request_id)
    form = ChangeRequestDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        transaction.run(change_requests.move_change_request, current_user, found, action, comment=form.comment.data)
    except ServiceError as error:
        if error.status in (403, 404):
            raise
        flash(str(next(iter(error.fields.values()), error.message)), "error")
        moves = change_requests.allowed_moves(current_user, found)
        return render_template("workflow/change_request.html", item=found, moves=moves, form=form), error.status
    flash(_("Change request #%(number)d is now: %(state)s.", number=found.id, state=_state(found)), "success")
    return redirect(url_for("workflow.change_request", request_id=found.id))


def _state(found) -> str:
    return change_requests.state_label(found.state)


@bp.get("/change-requests")
@login_required
def change_requests_list():
    if not permissions.can_list_change_requests(current_user):
        abort(403)
    state = request.args.get("state", "open")
    states = OPEN_CHANGE_REQUEST_STATES if state not in CHANGE_REQUEST_STATES else (state,)
    return render_template(
        "workflow/change_requests.html",
        rows=[(row.request, row.age_days) for row in change_requests.list_all(current_user, states)],
        state=state if state in CHANGE_REQUEST_STATES else "open",
        states=CHANGE_REQUEST_STATES,
    )
