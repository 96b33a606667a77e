"""Auditor pages: the global event log, its verification and exports.

A document's history and version diffs are the workflow's pages (`registry.workflow.history_views`);
they reuse `export_response` and `format_arg` from here.
"""

from __future__ import annotations

import io
import tempfile

from flask import Blueprint, Flask, Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry import transaction
from registry.audit import services
from registry.audit.labels import action_label, problem_label
from registry.audit.rows import event_row
from registry.auth import permissions
from registry.auth.models import User
from registry.database import WRITING_GET_ENDPOINTS
from registry.db import utcnow
from registry.errors import ValidationError

bp = Blueprint("audit", __name__)

PER_PAGE = 50
SPOOL_BYTES = 8 * 1024 * 1024
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _require_auditor() -> None:
    if not permissions.can_read_audit(current_user):
        abort(403)


def _page_arg() -> int:
    try:  # int() refuses "²" (which isdigit() accepts) and more than 4300 digits
        page = int(request.args.get("page", "1"))
    except ValueError:
        return 1
    return min(max(page, 1), 100_000)


@bp.route("/audit/")
@login_required
def log():
    _require_auditor()
    try:
        filters, errors = services.parse_filters(request.args), {}
    except ValidationError as error:
        filters, errors = services.EventFilters(), error.fields
    page = services.query_events(filters, page=_page_arg(), per_page=PER_PAGE)
    return render_template(
        "audit/log.html",
        page=page,
        rows=[event_row(e) for e in page.items],
        args=request.args,
        errors=errors,
        head=services.chain_head(),
        missing=services.missing_triggers(),
        filter_args={k: v for k, v in request.args.items() if k != "page" and v},
    )


@bp.route("/audit/verify")
@login_required
def verify():
    _require_auditor()
    report = services.verify_chain()
    return render_template("audit/verify.html", report=report, missing=services.missing_triggers(), checked_at=utcnow())


def export_response(fmt: str, filters: services.EventFilters, name: str, actor: User | None = None):
    """Write the export into a spooled file inside the transaction, commit, then send it."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (_chunks closes it)
    text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
    try:
        transaction.run(services.export_events, actor or current_user, filters, fmt, text)
    except Exception:
        spool.close()
        raise
    text.flush()
    text.detach()
    spool.seek(0)
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    disposition = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return Response(_chunks(spool), mimetype=MEDIA_TYPES[fmt], headers={"Content-Disposition": disposition})


def _chunks(spool):
    try:
        while chunk := spool.read(64 * 1024):
            yield chunk
    finally:
        spool.close()


def format_arg() -> str:
    """The export format of the query string; a clear refusal for anything but csv or json."""
    fmt = request.args.get("format", "")
    if fmt not in services.EXPORT_FORMATS:
        raise ValidationError({"format": _("Choose CSV or JSON.")}, _("Unknown export format."))
    return fmt


@bp.route("/audit/export")
@login_required
def export():
    _require_auditor()
    fmt = format_arg()
    return export_response(fmt, services.parse_filters(request.args), "audit-log")


def init_app(app: Flask) -> None:
    WRITING_GET_ENDPOINTS.add("audit.export")
    app.jinja_env.globals["can_read_audit"] = permissions.can_read_audit
    app.jinja_env.globals["can_view_history"] = permissions.can_view_history
    app.jinja_env.globals["action_label"] = action_label
    app.jinja_env.globals["problem_label"] = problem_label
    app.register_blueprint(bp)
