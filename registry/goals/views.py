"""Plans, goal pages, forms, the coverage view and the goal progress report."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from registry import transaction
from registry.auth import permissions
from registry.db import utcnow
from registry.documents import services as documents
from registry.errors import ValidationError
from registry.goals import forms, links, reports, services
from registry.goals.charts import indicator_chart

bp = Blueprint("goals", __name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require(allowed: bool) -> None:
    if not allowed:
        abort(403)


def _save(form, template: str, action, done_url, message: str, **context):
    """Validate the form, call one service, commit and redirect; field errors re-render the form."""
    if form.validate_on_submit():
        try:
            result = transaction.run(action)
        except ValidationError as error:
            for name, text in error.fields.items():
                field = getattr(form, name, None)
                if field is not None:
                    field.errors = list(field.errors) + [str(text)]
                else:
                    flash(str(text), "error")
        else:
            flash(message, "success")
            return redirect(done_url(result) if callable(done_url) else done_url)
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


def _plan_data(form) -> dict:
    return {
        k: getattr(form, k).data for k in ("code", "name", "kind", "organisation", "contact", "period", "description")
    }


@bp.route("/plans")
@login_required
def plans():
    return render_template("goals/plans.html", plans=services.list_plans())


@bp.route("/plans/new", methods=["GET", "POST"])
@login_required
def create_plan():
    _require(permissions.can_manage_goals(current_user))
    form = forms.PlanForm()
    return _save(
        form,
        "goals/plan_form.html",
        lambda: services.create_plan(current_user, **_plan_data(form)),
        lambda plan: url_for("goals.plan", plan_id=plan.id),
        _("Plan saved."),
        plan=None,
    )


@bp.route("/plans/<int:plan_id>")
@login_required
def plan(plan_id: int):
    plan = services.require_plan(plan_id)
    return render_template("goals/plan.html", plan=plan, tree=services.goal_tree(plan))


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@login_required
def edit_plan(plan_id: int):
    _require(permissions.can_manage_goals(current_user))
    plan = services.require_plan(plan_id)
    form = forms.PlanForm(obj=plan)
    return _save(
        form,
        "goals/plan_form.html",
        lambda: services.update_plan(current_user, plan, **_plan_data(form)),
        url_for("goals.plan", plan_id=plan.id),
        _("Plan saved."),
        plan=plan,
    )


def _goal_form(plan, goal=None) -> forms.GoalForm:
    form = forms.GoalForm(
        obj=goal,
        data=None
        if goal is None
        else {"parent": goal.parent.code if goal.parent else "", "owner": goal.owner.email if goal.owner else ""},
    )
    form.parent.choices = [SelectChoice("", _("(none: a top-level goal)"))] + [
        SelectChoice(g.code, f"{'– ' * depth}{g.code} {g.title}")
        for g, depth in services.goal_tree(plan)
        if g is not goal
    ]
    form.owner.choices = forms.user_choices()
    return form


def _goal_data(form) -> dict:
    return {k: getattr(form, k).data for k in ("code", "title", "description", "parent", "owner")}


@bp.route("/plans/<int:plan_id>/goals/new", methods=["GET", "POST"])
@login_required
def create_goal(plan_id: int):
    _require(permissions.can_manage_goals(current_user))
    plan = services.require_plan(plan_id)
    form = _goal_form(plan)
    return _save(
        form,
        "goals/goal_form.html",
        lambda: services.create_goal(current_user, plan, **_goal_data(form)),
        lambda goal: url_for("goals.goal", goal_id=goal.id),
        _("Goal saved."),
        plan=plan,
        goal=None,
    )


@bp.route("/goals/<int:goal_id>")
@login_required
def goal(goal_id: int):
    goal = services.require_goal_id(goal_id)
    charts = {i.id: indicator_chart(i, services.sorted_measurements(i)) for i in goal.indicators}
    return render_template(
        "goals/goal.html",
        goal=goal,
        charts=charts,
        progress=services.progress_by_period(goal),
        linked=services.linked_current_documents(current_user, goal),
        today=utcnow().date(),
        statuses={i.id: services.indicator_status(i) for i in goal.indicators},
        status_labels=reports.STATUS_LABELS,
        confirm=forms.ConfirmForm(),
    )


@bp.route("/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_goal(goal_id: int):
    _require(permissions.can_manage_goals(current_user))
    goal = services.require_goal_id(goal_id)
    form = _goal_form(goal.plan, goal)
    return _save(
        form,
        "goals/goal_form.html",
        lambda: services.update_goal(current_user, goal, **_goal_data(form)),
        url_for("goals.goal", goal_id=goal.id),
        _("Goal saved."),
        plan=goal.plan,
        goal=goal,
    )


@bp.route("/goals/<int:goal_id>/<any(archive, restore):action>", methods=["POST"])
@login_required
def archive_goal(goal_id: int, action: str):
    _require(permissions.can_manage_goals(current_user))
    goal = services.require_goal_id(goal_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    transaction.run(services.set_goal_archived, current_user, goal, action == "archive")
    flash(_("Goal archived.") if action == "archive" else _("Goal restored."), "success")
    return redirect(url_for("goals.goal", goal_id=goal.id))


@bp.route("/goals/<int:goal_id>/delete", methods=["POST"])
@login_required
def delete_goal(goal_id: int):
    _require(permissions.can_manage_goals(current_user))
    goal = services.require_goal_id(goal_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    plan_id = goal.plan_id
    transaction.run(services.delete_goal, current_user, goal)
    flash(_("Goal deleted."), "success")
    return redirect(url_for("goals.plan", plan_id=plan_id))


def _indicator_data(form) -> dict:
    return {k: getattr(form, k).data for k in ("name", "unit", "target", "direction", "frequency")}


@bp.route("/goals/<int:goal_id>/indicators/new", methods=["GET", "POST"])
@login_required
def create_indicator(goal_id: int):
    _require(permissions.can_manage_goals(current_user))
    goal = services.require_goal_id(goal_id)
    form = forms.IndicatorForm()
    return _save(
        form,
        "goals/indicator_form.html",
        lambda: services.create_indicator(current_user, goal, **_indicator_data(form)),
        url_for("goals.goal", goal_id=goal.id),
        _("Indicator saved."),
        goal=goal,
        indicator=None,
    )


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@login_required
def edit_indicator(indicator_id: int):
    _require(permissions.can_manage_goals(current_user))
    indicator = services.require_indicator(indicator_id)
    form = forms.IndicatorForm(
        obj=indicator, data={"target": "" if indicator.target is None else reports.format_number(indicator.target)}
    )
    return _save(
        form,
        "goals/indicator_form.html",
        lambda: services.update_indicator(current_user, indicator, **_indicator_data(form)),
        url_for("goals.goal", goal_id=indicator.goal_id),
        _("Indicator saved."),
        goal=indicator.goal,
        indicator=indicator,
    )


@bp.route("/indicators/<int:indicator_id>/measurements/new", methods=["GET", "POST"])
@login_required
def record_measurement(indicator_id: int):
    indicator = services.require_indicator(indicator_id)
    _require(permissions.can_record_measurement(current_user, indicator))
    form = forms.MeasurementForm()
    return _save(
        form,
        "goals/measurement_form.html",
        lambda: services.record_measurement(
            current_user, indicator, period=form.period.data, value=form.value.data, note=form.note.data
        ),
        url_for("goals.goal", goal_id=indicator.goal_id),
        _("Value saved."),
        indicator=indicator,
    )


@bp.route("/goals/<int:goal_id>/progress", methods=["GET", "POST"])
@login_required
def write_progress(goal_id: int):
    goal = services.require_goal_id(goal_id)
    _require(permissions.can_write_progress(current_user, goal))
    period = request.args.get("period", "")
    existing = next((e for e in goal.progress_entries if e.period == period), None)
    form = forms.ProgressForm(data={"period": period, "text": existing.text if existing else ""})
    return _save(
        form,
        "goals/progress_form.html",
        lambda: services.write_progress_entry(current_user, goal, period=form.period.data, text=form.text.data),
        url_for("goals.goal", goal_id=goal.id),
        _("Results saved."),
        goal=goal,
    )


@bp.route("/goals/coverage")
@login_required
def coverage():
    rows = links.coverage(current_user, services.list_plans(), utcnow().date())
    return render_template("goals/coverage.html", plans=rows)


@bp.route("/plans/<int:plan_id>/report")
@login_required
def report(plan_id: int):
    plan = services.require_plan(plan_id)
    data = reports.build_report(current_user, plan)
    fmt = request.args.get("format", "html")
    filename = f"{plan.code.lower()}-report"
    if fmt == "json":
        return jsonify(data)
    if fmt == "docx":
        return _download(reports.render_docx(data), DOCX_TYPE, f"{filename}.docx")
    if fmt == "pdf":
        html = render_template(
            "goals/report_pdf.html", report=data, line=reports.indicator_line, heading=reports.results_heading
        )
        return _download(reports.render_pdf(html), "application/pdf", f"{filename}.pdf")
    if fmt != "html":
        abort(404)
    return render_template(
        "goals/report.html", plan=plan, report=data, line=reports.indicator_line, heading=reports.results_heading
    )


def _download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(body, mimetype=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/d/<code>/goals", methods=["POST"])
@login_required
def document_goals(code: str):
    document = documents.require_document(current_user, code)
    _require(permissions.can_link_goals(current_user, document))
    form = forms.DocumentGoalsForm()
    form.goals.choices = forms.goal_choices()
    if not form.validate_on_submit():
        flash(_("Choose goals from the list."), "error")
        return redirect(url_for("documents.permalink", code=document.code))
    # Archived goals are not offered in the form; their links stay until changed through the API.
    kept = [g for g in services.goals_for_document(document) if g.archived]
    chosen = [services.require_goal_id(int(i)) for i in form.goals.data or []]
    transaction.run(services.set_document_goals, current_user, document, chosen + kept)
    flash(_("Goal links saved."), "success")
    return redirect(url_for("documents.permalink", code=document.code))
