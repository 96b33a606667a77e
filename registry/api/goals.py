"""API routes for plans, goals, indicators, progress entries, reports and document goal links."""

from __future__ import annotations

from flask import Response, abort, g, jsonify, render_template
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from registry.api.auth import authenticate_request
from registry.api.schemas import Input, PageArgs, error_responses
from registry.auth import permissions
from registry.db import parse_row_number, utcnow
from registry.documents import services as documents
from registry.errors import NotFoundError, PermissionDenied
from registry.extensions import db
from registry.goals import links, reports, services
from registry.goals.models import DIRECTIONS, FREQUENCIES, PLAN_KINDS
from registry.transaction import transactional

blp = Blueprint("api_goals", __name__, description="Plans, goals, indicators and the goal progress report")
blp.before_request(authenticate_request)
SECURITY = [{"bearerAuth": []}]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class PlanIn(Input):
    code = fields.String(required=True, validate=validate.Length(min=1, max=30))
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    kind = fields.String(load_default="project", validate=validate.OneOf(PLAN_KINDS))
    organisation = fields.String(load_default="")
    contact = fields.String(load_default="")
    period = fields.String(load_default="")
    description = fields.String(load_default="")


class PlanOut(Schema):
    id = fields.Integer()
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    organisation = fields.String()
    contact = fields.String()
    period = fields.String()
    description = fields.String()


class PlanPage(Schema):
    items = fields.List(fields.Nested(PlanOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class GoalIn(Input):
    plan = fields.String(required=True, metadata={"description": "plan code (or id)"})
    code = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(load_default="")
    parent = fields.String(load_default=None, allow_none=True)
    owner = fields.Email(load_default=None, allow_none=True)


class GoalListArgs(PageArgs):
    plan = fields.String()
    include_archived = fields.Boolean(load_default=False)


class MeasurementOut(Schema):
    period = fields.String()
    value = fields.Float()
    note = fields.String()


class IndicatorOut(Schema):
    id = fields.Integer()
    goal = fields.String()
    name = fields.String()
    unit = fields.String()
    target = fields.Float(allow_none=True)
    direction = fields.String()
    frequency = fields.String()
    status = fields.String()
    measurements = fields.List(fields.Nested(MeasurementOut))


class ProgressOut(Schema):
    period = fields.String()
    text = fields.String()
    author = fields.String(allow_none=True)
    updated_at = fields.DateTime()


class LinkedDocumentOut(Schema):
    code = fields.String()
    title = fields.String()
    label = fields.String(allow_none=True)
    next_review_due = fields.Date(allow_none=True)
    overdue = fields.Boolean()


class GoalOut(Schema):
    id = fields.Integer()
    plan = fields.String()
    code = fields.String()
    title = fields.String()
    description = fields.String()
    parent = fields.String(allow_none=True)
    owner = fields.String(allow_none=True)
    archived = fields.Boolean()
    documents = fields.List(fields.Nested(LinkedDocumentOut))
    indicators = fields.List(fields.Nested(IndicatorOut))
    progress = fields.List(fields.Nested(ProgressOut))


class GoalPage(Schema):
    items = fields.List(fields.Nested(GoalOut))
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class ProgressIn(Input):
    period = fields.String(required=True)
    text = fields.String(required=True)


class IndicatorIn(Input):
    goal = fields.String(required=True, metadata={"description": "goal code, `T1` or `PLAN:T1`"})
    name = fields.String(required=True)
    unit = fields.String(load_default="")
    target = fields.Raw(load_default=None, allow_none=True, metadata={"type": "number", "description": "a number"})
    direction = fields.String(load_default="higher", validate=validate.OneOf(DIRECTIONS))
    frequency = fields.String(load_default="annual", validate=validate.OneOf(FREQUENCIES))


class MeasurementIn(Input):
    period = fields.String(required=True)
    value = fields.Raw(required=True, metadata={"type": "number", "description": "a number in the indicator's unit"})
    note = fields.String(load_default="")


class ReportArgs(Input):
    format = fields.String(load_default="json", validate=validate.OneOf(["html", "json", "docx", "pdf"]))


class GoalCodes(Input):
    goals = fields.List(fields.String(), required=True)


class DocumentGoalsOut(Schema):
    code = fields.String()
    goals = fields.List(fields.String())


def plan_out(plan) -> dict:
    return {"id": plan.id, **services.describe_plan(plan)}


def indicator_out(indicator) -> dict:
    return {
        **services.describe_indicator(indicator),
        "id": indicator.id,
        "status": services.indicator_status(indicator).status,
        "measurements": [
            {"period": m.period, "value": m.value, "note": m.note} for m in services.sorted_measurements(indicator)
        ],
    }


def goal_out(goal, user, *, full: bool = True) -> dict:
    data = {"id": goal.id, **services.describe_goal(goal)}
    if full:
        today = utcnow().date()
        data["documents"] = [
            {
                "code": d.document.code,
                "title": d.current.title,
                "label": d.current.label,
                "next_review_due": d.document.next_review_due,
                "overdue": d.is_overdue(today),
            }
            for d in services.linked_current_documents(user, goal)
        ]
        data["indicators"] = [indicator_out(i) for i in goal.indicators]
        data["progress"] = [
            {
                "period": e.period,
                "text": e.text,
                "updated_at": e.updated_at,
                "author": e.author.email if e.author else None,
            }
            for e in services.progress_by_period(goal)
        ]
    return data


def _page(items: list, args: dict) -> dict:
    start = (args["page"] - 1) * args["per_page"]
    return {
        "items": items[start : start + args["per_page"]],
        "total": len(items),
        "page": args["page"],
        "per_page": args["per_page"],
    }


def _plan_by_ref(ref: str):
    plan = services.get_plan_by_code(ref)
    plan_id = parse_row_number(ref) if plan is None else None
    if plan_id is not None:
        plan = db.session.get(services.Plan, plan_id)
    if plan is None:
        raise NotFoundError(_l("Plan not found."))
    return plan


@blp.route("/plans")
class Plans(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, PlanPage)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401)
    def get(self, args):
        """Every plan (strategy or project)."""
        return _page([plan_out(p) for p in services.list_plans()], args)

    @blp.arguments(PlanIn)
    @blp.response(201, PlanOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403)
    @transactional
    def post(self, data):
        """Create a plan (quality owners)."""
        plan = services.create_plan(g.api_user, **data)
        return plan_out(plan), 201


@blp.route("/goals")
class Goals(MethodView):
    @blp.arguments(GoalListArgs, location="query")
    @blp.response(200, GoalPage)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 404)
    def get(self, args):
        """Goals in plan and tree order; `plan` filters by plan code."""
        plans = [_plan_by_ref(args["plan"])] if args.get("plan") else services.list_plans()
        items = [
            goal_out(goal, g.api_user, full=False)
            for plan in plans
            for goal, _depth in services.goal_tree(plan, include_archived=args["include_archived"])
        ]
        return _page(items, args)

    @blp.arguments(GoalIn)
    @blp.response(201, GoalOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404)
    @transactional
    def post(self, data):
        """Create a goal under a plan (quality owners)."""
        plan = _plan_by_ref(data.pop("plan"))
        goal = services.create_goal(g.api_user, plan, **data)
        return goal_out(goal, g.api_user), 201


@blp.route("/goals/<code>")
class GoalDetail(MethodView):
    @blp.response(200, GoalOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 404, 409)
    def get(self, code):
        """The goal with its linked current documents, indicators and progress entries."""
        return goal_out(services.resolve_goal(code), g.api_user)


@blp.route("/goals/<code>/progress")
class GoalProgress(MethodView):
    @blp.arguments(ProgressIn)
    @blp.response(201, ProgressOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404, 409)
    @transactional
    def post(self, data, code):
        """Write the results of a reporting period (the goal's owner or a quality owner)."""
        entry = services.write_progress_entry(g.api_user, services.resolve_goal(code), **data)
        return {
            "period": entry.period,
            "text": entry.text,
            "updated_at": entry.updated_at,
            "author": g.api_user.email,
        }, 201


@blp.route("/indicators")
class Indicators(MethodView):
    @blp.arguments(IndicatorIn)
    @blp.response(201, IndicatorOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404, 409)
    @transactional
    def post(self, data):
        """Create an indicator (mittari) for a goal (quality owners)."""
        goal = services.resolve_goal(data.pop("goal"))
        indicator = services.create_indicator(g.api_user, goal, **data)
        return indicator_out(indicator), 201


@blp.route("/indicators/<int:indicator_id>/measurements")
class Measurements(MethodView):
    @blp.arguments(MeasurementIn)
    @blp.response(201, IndicatorOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404)
    @transactional
    def post(self, data, indicator_id):
        """Record a measured value for a period; returns the indicator with all its values."""
        indicator = services.require_indicator(indicator_id)
        services.record_measurement(g.api_user, indicator, **data)
        return indicator_out(indicator), 201


@blp.route("/reports/coverage")
class Coverage(MethodView):
    @blp.doc(security=SECURITY, responses={200: {"description": "coverage per goal"}})
    @error_responses(blp, 401)
    def get(self):
        """For each goal: linked current documents, overdue reviews, indicator status."""
        result = []
        for plan, rows in links.coverage(g.api_user, services.list_plans(), utcnow().date()):
            result.append(
                {
                    "plan": plan_out(plan),
                    "goals": [
                        {
                            "code": row.goal.code,
                            "title": row.goal.title,
                            "documents": [d.document.code for d in row.documents],
                            "overdue": [d.document.code for d in row.overdue],
                            "open_change_requests": {d.document.code: d.open_requests for d in row.documents},
                            "indicators": [
                                {"name": i.name, "status": services.indicator_status(i).status} for i in row.indicators
                            ],
                            "no_document": not row.documents,
                            "no_indicator": not row.indicators,
                        }
                        for row in rows
                    ],
                }
            )
        return jsonify({"plans": result})


@blp.route("/plans/<int:plan_id>/report")
class PlanReport(MethodView):
    @blp.arguments(ReportArgs, location="query")
    @blp.doc(security=SECURITY, responses={200: {"description": "the report as JSON, HTML, DOCX or PDF"}})
    @error_responses(blp, 401, 403, 404)
    def get(self, args, plan_id):
        """The goal progress report (the shape of the seed report)."""
        if not permissions.can_view_goals(g.api_user):
            abort(403)
        plan = services.require_plan(plan_id)
        data = reports.build_report(g.api_user, plan)
        if args["format"] == "json":
            return jsonify(data)
        html = render_template(
            "goals/report_pdf.html", report=data, line=reports.indicator_line, heading=reports.results_heading
        )
        if args["format"] == "html":
            return Response(html, mimetype="text/html")
        name = f"{plan.code.lower()}-report"
        if args["format"] == "docx":
            body, media, name = reports.render_docx(data), DOCX_TYPE, f"{name}.docx"
        else:
            body, media, name = reports.render_pdf(html), "application/pdf", f"{name}.pdf"
        return Response(body, mimetype=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blp.route("/documents/<code>/goals")
class DocumentGoals(MethodView):
    @blp.arguments(GoalCodes)
    @blp.response(200, DocumentGoalsOut)
    @blp.doc(security=SECURITY)
    @error_responses(blp, 401, 403, 404)
    @transactional
    def put(self, data, code):
        """Replace the goals the document serves (its owner or a quality owner); audited."""
        document = documents.require_document(g.api_user, code)
        if not permissions.can_link_goals(g.api_user, document):
            raise PermissionDenied(_l("Only the document's owner or a quality owner may change its goals."))
        services.set_document_goals(g.api_user, document, services.resolve_goal_codes(data["goals"]))
        return {"code": document.code, "goals": links.goal_codes_for_documents([document.id])[document.id]}
