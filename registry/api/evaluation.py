"""API routes for self-assessments and their evidence packs."""

from __future__ import annotations

from flask import Response, g
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from registry.api.auth import authenticate_request
from registry.api.schemas import PageArgs, error_responses
from registry.db import utcnow
from registry.errors import PermissionDenied
from registry.evaluation import pack, services
from registry.evaluation.evidence import criterion_evidence
from registry.transaction import transactional

blp = Blueprint("api_evaluation", __name__, description="Self-assessments against evaluation frameworks")
blp.before_request(authenticate_request)
SECURITY = [{"bearerAuth": []}]
WRITING_ENDPOINTS = ("api_evaluation.AssessmentEvidence",)


class AssessmentOut(Schema):
    id = fields.Integer()
    title = fields.String()
    framework = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    state = fields.String()
    completed_at = fields.DateTime(allow_none=True)


class AssessmentPage(Schema):
    items = fields.List(fields.Nested(AssessmentOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class EvidenceDocumentOut(Schema):
    code = fields.String()
    title = fields.String(allow_none=True)
    label = fields.String(allow_none=True)
    next_review_due = fields.Date(allow_none=True)
    overdue = fields.Boolean()
    read_share = fields.Float(allow_none=True)
    changes_in_period = fields.List(fields.String())


class CriterionOut(Schema):
    code = fields.String()
    title = fields.String()
    parent = fields.String(allow_none=True)
    assessed = fields.Boolean(metadata={"description": "false for a heading that groups criteria"})
    level = fields.String(allow_none=True)
    justification = fields.String()
    strengths = fields.String()
    improvements = fields.String()
    documents = fields.List(fields.Nested(EvidenceDocumentOut))
    goals = fields.List(fields.String())
    gaps = fields.List(fields.Dict())


class AssessmentDetailOut(AssessmentOut):
    levels = fields.List(fields.String())
    criteria = fields.List(fields.Nested(CriterionOut))


def _require_view() -> None:
    if not services.can_view_evaluation(g.api_user):
        raise PermissionDenied(_l("Only quality owners, auditors and administrators may read self-assessments."))


def assessment_out(item) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "framework": item.framework.code,
        "period_start": item.period_start,
        "period_end": item.period_end,
        "state": item.state,
        "completed_at": item.completed_at,
    }


def _criterion_out(item, today) -> dict:
    row = item.row
    return {
        "code": item.criterion.code,
        "title": item.criterion.title_fi,
        "parent": item.criterion.parent.code if item.criterion.parent else None,
        "assessed": item.is_leaf,
        "level": row.level_code if row else None,
        "justification": row.justification if row else "",
        "strengths": row.strengths if row else "",
        "improvements": row.improvements if row else "",
        "documents": [
            {
                "code": d.document.code,
                "title": d.current.title if d.current else None,
                "label": d.current.display_label if d.current else None,
                "next_review_due": d.document.next_review_due,
                "overdue": d.is_overdue(today),
                "read_share": d.read_share,
                "changes_in_period": [v.display_label for v in d.changes],
            }
            for d in item.documents
        ],
        "goals": [f"{e.goal.plan.code}:{e.goal.code}" for e in item.goals],
        "gaps": [{"kind": gap.kind, "message": gap.message} for gap in item.gaps],
    }


@blp.route("/assessments")
class Assessments(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, AssessmentPage)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403)
    def get(self, args):
        """Every self-assessment, newest period first (quality owners, auditors, administrators)."""
        _require_view()
        items = services.list_assessments()
        start = (args["page"] - 1) * args["per_page"]
        return {
            "items": [assessment_out(a) for a in items[start : start + args["per_page"]]],
            "total": len(items),
            "page": args["page"],
            "per_page": args["per_page"],
        }


@blp.route("/assessments/<int:assessment_id>")
class AssessmentDetail(MethodView):
    @blp.response(200, AssessmentDetailOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404)
    def get(self, assessment_id):
        """One self-assessment: every criterion with its level, reasons, evidence and gaps."""
        _require_view()
        item = services.require_assessment(assessment_id)
        today = utcnow().date()
        return assessment_out(item) | {
            "levels": [lv.code for lv in item.framework.levels],
            "criteria": [_criterion_out(e, today) for e in criterion_evidence(g.api_user, item, today)],
        }


@blp.route("/assessments/<int:assessment_id>/evidence")
class AssessmentEvidence(MethodView):
    @blp.response(200, content_type="application/zip", description="the evidence pack")
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404)
    @transactional
    def get(self, assessment_id):
        """The evidence pack (ZIP) with its manifest and verifier; the download is audited."""
        _require_view()
        built = pack.build_pack(g.api_user, services.require_assessment(assessment_id))
        return Response(
            built.content,
            mimetype=pack.PACK_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{built.filename}"'},
        )
