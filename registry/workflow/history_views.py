"""A document's change history (muutoshistoria), its export and the comparison of two versions.

Routes on the workflow blueprint; the URLs stay /d/<code>/history, /d/<code>/history/export and
/d/<code>/compare.
"""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user, login_required

from registry.audit import services as audit_services
from registry.audit.views import export_response, format_arg
from registry.auth import permissions
from registry.db import parse_row_number
from registry.documents import services as documents
from registry.documents.diffs import diff_versions
from registry.workflow.blueprint import bp
from registry.workflow.history import document_history


@bp.route("/d/<code>/history")
@login_required
def history(code: str):
    document = documents.require_document(current_user, code)
    if not permissions.can_view_history(current_user, document):
        abort(403)
    return render_template(
        "workflow/history.html",
        history=document_history(current_user, document),
        current=documents.current_version(document),
    )


@bp.route("/d/<code>/history/export")
@login_required
def history_export(code: str):
    document = documents.require_document(current_user, code)
    if not permissions.can_view_history(current_user, document):
        abort(403)
    fmt = format_arg()
    return export_response(fmt, audit_services.EventFilters(document=document.code), f"{document.code}-history")


def _version_arg(name: str) -> int | None:
    return parse_row_number(request.args.get(name, ""))


@bp.route("/d/<code>/compare")
def compare(code: str):
    document = documents.require_document(current_user, code)
    visible = documents.visible_versions(current_user, document)
    a, b = _version_arg("a"), _version_arg("b")
    old = new = None
    if a is not None and b is not None:
        old = documents.require_version(current_user, document, a)
        new = documents.require_version(current_user, document, b)
    status = 400 if (request.args.get("a") or request.args.get("b")) and old is None else 200
    return render_template(
        "workflow/compare.html",
        document=document,
        versions=visible,
        old=old,
        new=new,
        diffs=diff_versions(old, new) if old and new else None,
        bad_input=status == 400,
    ), status
