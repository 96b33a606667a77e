"""Frameworks, criterion links, self-assessments with their evidence, and the evidence pack download."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from registry import transaction
from registry.db import utcnow
from registry.errors import ServiceError, ValidationError
from registry.evaluation import forms, pack, report, services
from registry.evaluation.evidence import criterion_evidence
from registry.evaluation.importer import COLUMNS
from registry.goals import services as goals

bp = Blueprint("evaluation", __name__, url_prefix="/evaluation")


def _require_view() -> None:
    if not services.can_view_evaluation(current_user):
        abort(403)


def _require_manage() -> None:
    if not services.can_manage_evaluation(current_user):
        abort(403)


def _flash_error(error: ServiceError) -> None:
    for text in error.fields.values() or [error.message]:
        flash(str(text), "error")


@bp.route("/frameworks")
@login_required
def frameworks():
    _require_view()
    return render_template(
        "evaluation/frameworks.html",
        frameworks=services.list_frameworks(),
        form=forms.FrameworkUploadForm(),
        columns=",".join(COLUMNS),
        errors=[],
    )


def _read_upload(form) -> str | None:
    upload = form.file.data
    data = upload.read(forms.MAX_UPLOAD + 1) if upload else b""
    if not data:
        flash(_("Choose a CSV file."), "error")
    elif len(data) > forms.MAX_UPLOAD:
        flash(_("The file is too large (at most 2 MB)."), "error")
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            flash(_("The file is not UTF-8 text."), "error")
    return None


@bp.route("/frameworks/import", methods=["POST"])
@login_required
def import_framework():
    _require_manage()
    form = forms.FrameworkUploadForm()
    text = _read_upload(form) if form.validate_on_submit() else None
    if text is not None:
        with transaction.transaction():
            framework, errors = services.import_framework(current_user, text)
            if errors:
                transaction.rollback()
        if not errors:
            flash(_("Framework imported."), "success")
            return redirect(url_for("evaluation.framework", framework_id=framework.id))
        page = render_template(
            "evaluation/frameworks.html",
            frameworks=services.list_frameworks(),
            form=form,
            columns=",".join(COLUMNS),
            errors=errors,
        )
        return page, 422
    return redirect(url_for("evaluation.frameworks"))


@bp.route("/frameworks/<int:framework_id>")
@login_required
def framework(framework_id: int):
    _require_view()
    item = services.require_framework(framework_id)
    tree = services.criteria_tree(item)
    links = {c.id: (services.linked_documents(c), services.linked_goals(c)) for c, _depth in tree}
    return render_template(
        "evaluation/framework.html",
        framework=item,
        tree=tree,
        links=links,
        leaves=services.leaf_ids(item),
        can_manage=services.can_manage_evaluation(current_user),
        form=forms.CriterionLinksForm(formdata=None),
    )


@bp.route("/frameworks/<int:framework_id>/criteria/<int:criterion_id>/links", methods=["POST"])
@login_required
def criterion_links(framework_id: int, criterion_id: int):
    _require_manage()
    item = services.require_framework(framework_id)
    criterion = services.require_criterion(item, criterion_id)
    form = forms.CriterionLinksForm()
    if form.validate_on_submit():
        try:
            transaction.run(
                services.set_criterion_links,
                current_user,
                criterion,
                forms.split_codes(form.documents.data),
                forms.split_codes(form.goals.data),
            )
        except ValidationError as error:
            _flash_error(error)
        else:
            flash(_("Links saved."), "success")
    return redirect(url_for("evaluation.framework", framework_id=item.id, _anchor=f"c{criterion.id}"))


@bp.route("/assessments", methods=["GET", "POST"])
@login_required
def assessments():
    _require_view()
    form = forms.AssessmentForm()
    form.framework.choices = [SelectChoice(str(f.id), f"{f.code} · {f.title_fi}") for f in services.list_frameworks()]
    if form.is_submitted():
        _require_manage()
    if form.validate_on_submit():
        try:
            created = transaction.run(
                services.create_assessment,
                current_user,
                services.require_framework(int(form.framework.data)),
                title=form.title.data,
                period_start=form.period_start.data,
                period_end=form.period_end.data,
            )
        except ValidationError as error:
            _flash_error(error)
        else:
            flash(_("Self-assessment started."), "success")
            return redirect(url_for("evaluation.assessment", assessment_id=created.id))
    status = 422 if form.is_submitted() else 200
    return render_template("evaluation/assessments.html", assessments=services.list_assessments(), form=form), status


def _row_form(assessment, item) -> forms.RowForm:
    row = item.row
    form = forms.RowForm(formdata=None, obj=row, prefix=f"c{item.criterion.id}")
    form.level.choices = [SelectChoice("", _("(not assessed)"))] + [
        SelectChoice(lv.code, report.title_of(lv)) for lv in assessment.framework.levels
    ]
    form.level.data = row.level_code if row and row.level_code else ""
    return form


def _goal_form() -> forms.GoalFromImprovementForm:
    form = forms.GoalFromImprovementForm(formdata=None)
    form.plan.choices = [SelectChoice(str(p.id), f"{p.code} · {p.name}") for p in goals.list_plans()]
    return form


@bp.route("/assessments/<int:assessment_id>")
@login_required
def assessment(assessment_id: int):
    _require_view()
    item = services.require_assessment(assessment_id)
    evidence = criterion_evidence(current_user, item, utcnow().date())
    editable = services.can_manage_evaluation(current_user) and not item.is_completed
    return render_template(
        "evaluation/assessment.html",
        assessment=item,
        evidence=evidence,
        editable=editable,
        row_forms={e.criterion.id: _row_form(item, e) for e in evidence if e.is_leaf} if editable else {},
        goal_form=_goal_form() if editable else None,
        gap_count=sum(len(e.gaps) for e in evidence),
    )


@bp.route("/assessments/<int:assessment_id>/criteria/<int:criterion_id>", methods=["POST"])
@login_required
def assess(assessment_id: int, criterion_id: int):
    _require_manage()
    item = services.require_assessment(assessment_id)
    criterion = services.require_criterion(item.framework, criterion_id)
    form = forms.RowForm(prefix=f"c{criterion.id}")
    form.level.choices = [SelectChoice("", "")] + [SelectChoice(lv.code, lv.code) for lv in item.framework.levels]
    form.level.validate_choice = False  # the service names the framework's levels in its refusal
    if form.validate_on_submit():
        try:
            transaction.run(
                services.assess_criterion,
                current_user,
                item,
                criterion,
                level=form.level.data,
                justification=form.justification.data,
                strengths=form.strengths.data,
                improvements=form.improvements.data,
            )
        except ServiceError as error:
            _flash_error(error)
            return redirect(url_for("evaluation.assessment", assessment_id=item.id, _anchor=f"c{criterion.id}"))
        flash(_("Criterion %(code)s saved.", code=criterion.code), "success")
    else:
        flash(_("The form was not saved; check the lengths of the texts."), "error")
    return redirect(url_for("evaluation.assessment", assessment_id=item.id, _anchor=f"c{criterion.id}"))


@bp.route("/assessments/<int:assessment_id>/criteria/<int:criterion_id>/goal", methods=["POST"])
@login_required
def improvement_goal(assessment_id: int, criterion_id: int):
    _require_manage()
    item = services.require_assessment(assessment_id)
    criterion = services.require_criterion(item.framework, criterion_id)
    form = forms.GoalFromImprovementForm()
    form.plan.choices = [SelectChoice(str(p.id), p.code) for p in goals.list_plans()]
    if form.validate_on_submit():
        try:
            goal = transaction.run(
                services.improvement_goal,
                current_user,
                item,
                criterion,
                goals.require_plan(int(form.plan.data)),
                code=form.code.data,
            )
        except ServiceError as error:
            _flash_error(error)
        else:
            flash(_("Goal %(code)s created and linked to the criterion.", code=goal.code), "success")
    else:
        flash(_("Choose a plan and give a code."), "error")
    return redirect(url_for("evaluation.assessment", assessment_id=item.id, _anchor=f"c{criterion.id}"))


@bp.route("/assessments/<int:assessment_id>/complete", methods=["POST"])
@login_required
def complete(assessment_id: int):
    _require_manage()
    item = services.require_assessment(assessment_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            transaction.run(services.complete_assessment, current_user, item)
        except ServiceError as error:
            _flash_error(error)
        else:
            flash(_("Self-assessment completed."), "success")
    return redirect(url_for("evaluation.assessment", assessment_id=item.id))


@bp.route("/assessments/<int:assessment_id>/evidence")
@login_required
def evidence_pack(assessment_id: int):
    _require_view()
    item = services.require_assessment(assessment_id)
    built = transaction.run(pack.build_pack, current_user, item)
    return Response(
        built.content,
        mimetype=pack.PACK_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{built.filename}"'},
    )
