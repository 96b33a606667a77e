"""API routes for the audit log, a document's history and version diffs."""

from __future__ import annotations

import re

from flask import g
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from registry.api.auth import authenticate_request
from registry.api.schemas import Input, PageArgs, error_responses
from registry.audit import services
from registry.audit.views import export_response
from registry.auth import permissions
from registry.documents import services as documents
from registry.documents.diffs import diff_versions
from registry.errors import PermissionDenied

blp = Blueprint("api_audit", __name__, description="The audit log, document history and version diffs")
blp.before_request(authenticate_request)
# GET endpoints here that write: the export records its own audit event.
WRITING_ENDPOINTS = ("api_audit.AuditExport",)


# What parse_moment reads; a date that matches but does not exist (2024-02-30) is answered 422.
MOMENT_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$"
)
# The same for Python: `$` there would also match before a final newline.
MOMENT_RE = re.compile(MOMENT_PATTERN.removesuffix("$") + r"\Z")
MOMENT_MESSAGE = _l("Give a date as YYYY-MM-DD or a time as YYYY-MM-DDTHH:MM.")


class FilterArgs(Input):
    actor = fields.String(validate=validate.Length(max=200))
    action = fields.String(validate=validate.Length(max=200))
    object = fields.String(validate=validate.Length(max=200))
    document = fields.String(validate=validate.Length(max=30))
    since = fields.String(
        validate=validate.Regexp(MOMENT_RE, error=MOMENT_MESSAGE),
        metadata={"description": "YYYY-MM-DD (a local day) or an ISO 8601 time", "pattern": MOMENT_PATTERN},
    )
    until = fields.String(
        validate=validate.Regexp(MOMENT_RE, error=MOMENT_MESSAGE),
        metadata={
            "description": "YYYY-MM-DD (up to the end of that local day) or an ISO time",
            "pattern": MOMENT_PATTERN,
        },
    )


class AuditListArgs(PageArgs, FilterArgs):
    pass


class ExportArgs(FilterArgs):
    format = fields.String(required=True, validate=validate.OneOf(services.EXPORT_FORMATS))


class EventOut(Schema):
    id = fields.Integer()
    seq = fields.Integer()
    occurred_at = fields.String()
    actor_id = fields.Integer(allow_none=True)
    actor = fields.String()
    action = fields.String()
    object_type = fields.String()
    object_id = fields.String(allow_none=True)
    document_code = fields.String(allow_none=True)
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)
    reason = fields.String(allow_none=True)
    remote_addr = fields.String(allow_none=True)
    prev_hash = fields.String()
    hash = fields.String()


class EventPageOut(Schema):
    items = fields.List(fields.Nested(EventOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class HistoryOut(EventPageOut):
    code = fields.String()


class VerifyOut(Schema):
    ok = fields.Boolean()
    events = fields.Integer()
    first_bad_event = fields.Integer(allow_none=True)
    first_bad_seq = fields.Integer(allow_none=True)
    problem = fields.String(allow_none=True)


class SegmentOut(Schema):
    op = fields.String()
    text = fields.String()


class FieldDiffOut(Schema):
    field = fields.String()
    changed = fields.Boolean()
    segments = fields.List(fields.Nested(SegmentOut))


class DiffOut(Schema):
    code = fields.String()
    a = fields.Integer()
    b = fields.Integer()
    changes = fields.List(fields.Nested(FieldDiffOut))


def _require_auditor() -> None:
    if not permissions.can_read_audit(g.api_user):
        raise PermissionDenied(_l("Only auditors and administrators may read the audit log."))


@blp.route("/audit")
class AuditLog(MethodView):
    @blp.arguments(AuditListArgs, location="query")
    @blp.response(200, EventPageOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 403)
    def get(self, args):
        """Events, newest first, filtered by actor, action, object, document, since and until."""
        _require_auditor()
        page = services.query_events(services.parse_filters(args), page=args["page"], per_page=args["per_page"])
        return {
            "items": [services.event_dict(e) for e in page.items],
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
        }


@blp.route("/audit/export")
class AuditExport(MethodView):
    @blp.arguments(ExportArgs, location="query")
    @blp.response(200, content_type="text/csv")
    @blp.alt_response(200, content_type="application/json", description="format=json")
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 403)
    def get(self, args):
        """The matching events as a CSV or JSON download; the export is itself recorded."""
        _require_auditor()
        return export_response(args["format"], services.parse_filters(args), "audit-log", g.api_user)


@blp.route("/audit/verify")
class AuditVerify(MethodView):
    @blp.response(200, VerifyOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 403)
    def get(self):
        """Walk the whole chain: ok with the count, or the first event whose hash does not match."""
        _require_auditor()
        return services.verify_chain().as_dict()


@blp.route("/documents/<code>/history")
class DocumentHistory(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, HistoryOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 403, 404)
    def get(self, args, code):
        """Every audit event about the document, oldest first, a page at a time (auditors, admins, the owner)."""
        document = documents.require_document(g.api_user, code)
        if not permissions.can_view_history(g.api_user, document):
            raise PermissionDenied(_l("Only auditors, administrators and the document's owner may see its history."))
        page = services.query_events(
            services.EventFilters(document=document.code),
            page=args["page"],
            per_page=args["per_page"],
            newest_first=False,
        )
        return {
            "code": document.code,
            "items": [services.event_dict(e) for e in page.items],
            "total": page.total,
            "page": page.page,
            "per_page": page.per_page,
        }


@blp.route("/documents/<code>/versions/<int:a>/diff/<int:b>")
class VersionDiff(MethodView):
    @blp.response(200, DiffOut)
    @blp.doc(security=[{"bearerAuth": []}])
    @error_responses(blp, 401, 404)
    def get(self, code, a, b):
        """Word-level differences from version a to version b: title, body and attachment text."""
        document = documents.require_document(g.api_user, code)
        old = documents.require_version(g.api_user, document, a)
        new = documents.require_version(g.api_user, document, b)
        return {"code": document.code, "a": a, "b": b, "changes": [d.as_dict() for d in diff_versions(old, new)]}
