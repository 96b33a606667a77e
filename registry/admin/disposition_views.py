"""The disposition list: versions past their retention, disposal proposals and their decisions,
legal holds. Quality owners propose and set holds; administrators approve or turn down."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry import transaction
from registry.admin.views import bp
from registry.auth import permissions
from registry.documents import retention
from registry.documents import services as documents
from registry.errors import ServiceError
from registry.web import permission_required

disposition_required = permission_required(permissions.can_view_disposition)


def _back():
    return redirect(url_for("admin.disposition"), 303)


def _refused(error: ServiceError):
    messages = [str(m) for m in error.fields.values()] or [str(error.message)]
    for message in messages:
        flash(message, "error")
    return _back()


def _version_ids() -> list[int]:
    return [int(v) for v in request.form.getlist("version") if v.isdigit()]


@bp.get("/admin/disposition")
@disposition_required
def disposition():
    return render_template(
        "admin/disposition.html",
        due=retention.disposition_list(),
        pending=retention.pending_requests(),
        held=retention.held_documents(),
        can_propose=permissions.can_propose_disposal(current_user),
        can_decide=permissions.can_approve_disposal(current_user),
    )


@bp.post("/admin/disposition/requests")
@disposition_required
def request_disposal():
    try:
        rows = transaction.run(retention.request_disposal, current_user, _version_ids(), request.form.get("reason"))
    except ServiceError as error:
        return _refused(error)
    flash(_("Disposal proposed for %(n)s versions; an administrator decides.", n=len(rows)), "success")
    return _back()


@bp.post("/admin/disposition/requests/<int:request_id>/approve")
@disposition_required
def approve_disposal(request_id: int):
    try:
        version = transaction.run(retention.approve_disposal, current_user, request_id)
    except ServiceError as error:
        return _refused(error)
    flash(_("%(code)s %(label)s was disposed of.", code=version.document.code, label=version.display_label), "success")
    return _back()


@bp.post("/admin/disposition/requests/<int:request_id>/reject")
@disposition_required
def reject_disposal(request_id: int):
    try:
        transaction.run(retention.reject_disposal, current_user, request_id, request.form.get("comment"))
    except ServiceError as error:
        return _refused(error)
    flash(_("The proposal was turned down; nothing was disposed of."), "success")
    return _back()


def _document_arg():
    document = documents.get_document((request.form.get("code") or "").strip())
    if document is None:
        flash(_("No document has that code."), "error")
    return document


@bp.post("/admin/disposition/holds")
@disposition_required
def set_hold():
    document = _document_arg()
    if document is None:
        return _back()
    try:
        transaction.run(retention.set_legal_hold, current_user, document, request.form.get("reason"))
    except ServiceError as error:
        return _refused(error)
    flash(_("%(code)s is under a legal hold.", code=document.code), "success")
    return _back()


@bp.post("/admin/disposition/holds/release")
@disposition_required
def release_hold():
    document = _document_arg()
    if document is None:
        return _back()
    try:
        transaction.run(retention.release_legal_hold, current_user, document, request.form.get("reason"))
    except ServiceError as error:
        return _refused(error)
    flash(_("The legal hold of %(code)s was released.", code=document.code), "success")
    return _back()
