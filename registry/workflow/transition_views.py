"""Pages that move versions through the workflow, the personal lists and the printed-copy check."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from registry import transaction
from registry.auth import external, permissions
from registry.auth.models import User
from registry.auth.sso_views import signed_in_externally, start_reauthentication
from registry.documents import services as documents
from registry.documents import translations as language_versions
from registry.documents.diffs import diff_versions
from registry.documents.http import download_response
from registry.documents.views import version_html
from registry.errors import NotFoundError, ServiceError, ValidationError
from registry.extensions import db
from registry.workflow import (
    approvals,
    change_requests,
    controlled_copies,
    machine,
    notifications,
    publishing,
    read_confirmations,
    rounds,
)
from registry.workflow.blueprint import bp
from registry.workflow.forms import (
    ActionForm,
    ApproveForm,
    PublishForm,
    ReauthApproveForm,
    ReturnForm,
    SubmitForm,
    WithdrawForm,
    apply_field_errors,
)
from registry.workflow.signatures import MEANINGS, SignatureRejected
from registry.workflow.transitions import Action


def _load(code: str, number: int, action: Action | None = None):
    document = documents.require_document(current_user, code)
    version = documents.require_version(current_user, document, number)
    if action is not None:
        machine.check_move(current_user, version, action, guards=False)  # the page shows the move's form
    return document, version


def _to_version(version):
    return redirect(url_for("documents.version", code=version.document.code, number=version.number))


def _submit_form(version) -> SubmitForm:
    form = SubmitForm(change_summary=version.change_summary, change_type=version.change_type or "major")
    users = db.session.execute(db.select(User).where(User.active.is_(True)).order_by(User.display_name)).scalars()
    form.approvers.choices = [
        SelectChoice(u.id, u.display_name)
        for u in users
        if permissions.can_be_approver(u) and u.id != version.author_id
    ]
    form.change_requests.choices = [
        SelectChoice(r.id, f"#{r.id} {r.text[:120]}") for r in change_requests.open_for_document(version.document)
    ]
    if request.method == "GET":
        form.change_requests.data = [r.id for r in change_requests.addressed_by(version) if r.is_open]
    return form


@bp.route("/d/<code>/v/<int:number>/submit", methods=["GET", "POST"])
@login_required
def submit_version(code: str, number: int):
    document, version = _load(code, number, Action.SUBMIT)
    form = _submit_form(version)
    if form.validate_on_submit():
        chosen = [db.session.get(User, i) for i in form.approvers.data]
        try:
            transaction.run(
                approvals.submit_version,
                current_user,
                version,
                approvers=chosen,
                change_type=form.change_type.data,
                change_summary=form.change_summary.data,
                change_request_ids=form.change_requests.data,
            )
        except ValidationError as error:
            apply_field_errors(form, error)
        else:
            flash(_("Sent for approval."), "success")
            return _to_version(version)
    status = 422 if form.errors else 200
    return render_template("workflow/submit.html", form=form, document=document, version=version), status


@bp.post("/d/<code>/v/<int:number>/recall")
@login_required
def recall_version(code: str, number: int):
    _document, version = _load(code, number, Action.RECALL)
    if not ActionForm().validate_on_submit():
        abort(400)
    transaction.run(approvals.recall_version, current_user, version)
    flash(_("The version was recalled to draft."), "success")
    return _to_version(version)


def _render_review(document, version, approve_form=None, return_form=None, status=200):
    current = documents.current_version(document)
    reauthenticate = signed_in_externally()
    approve_form = approve_form or (ReauthApproveForm() if reauthenticate else ApproveForm())
    approve_form.meaning.choices = [SelectChoice("", _("Choose…"))] + _meaning_choices()
    return render_template(
        "workflow/review.html",
        document=document,
        version=version,
        current=current,
        changes=diff_versions(current, version) if current else None,
        body_html=version_html(version),
        approve_form=approve_form,
        reauthenticate=reauthenticate,
        return_form=return_form or ReturnForm(),
        approvers=rounds.named_approvers(version),
        decisions=rounds.decisions(version),
    ), status


def _meaning_choices() -> list[SelectChoice]:
    return [SelectChoice(k, str(v)) for k, v in MEANINGS.items()]


@bp.get("/d/<code>/v/<int:number>/review")
@login_required
def review_version(code: str, number: int):
    document, version = _load(code, number, Action.APPROVE)
    return _render_review(document, version)


@bp.post("/d/<code>/v/<int:number>/approve")
@login_required
def approve_version(code: str, number: int):
    document, version = _load(code, number, Action.APPROVE)
    if signed_in_externally():
        return _approve_at_identity_provider(document, version)
    form = ApproveForm()
    form.meaning.choices = _meaning_choices()
    if form.validate_on_submit():
        try:
            transaction.run(
                approvals.approve_version, current_user, version, password=form.password.data, meaning=form.meaning.data
            )
        except (ValidationError, SignatureRejected) as error:
            apply_field_errors(form, error)
        else:
            flash(_("Approved and signed."), "success")
            return redirect(url_for("workflow.waiting_for_me"))
    return _render_review(document, version, approve_form=form, status=422)


def _approve_at_identity_provider(document, version):
    """A user who signed in at the identity provider signs by signing in there again, now."""
    form = ReauthApproveForm()
    form.meaning.choices = _meaning_choices()
    if not form.validate_on_submit():
        return _render_review(document, version, approve_form=form, status=422)
    pending = {
        "code": document.code,
        "number": version.number,
        "meaning": form.meaning.data,
        "content_hash": version.content_hash,
    }
    return start_reauthentication("approve", pending)


def finish_approval(proof: external.Reauthentication, pending: dict):
    """Called back after the fresh sign-in: sign exactly the text the approver saw."""
    document, version = _load(pending["code"], pending["number"], Action.APPROVE)
    review = redirect(url_for("workflow.review_version", code=document.code, number=version.number))
    if version.content_hash != pending.get("content_hash"):
        flash(_("The content changed after it was submitted; it cannot be approved."), "error")
        return review
    try:
        transaction.run(
            approvals.approve_version,
            current_user,
            version,
            meaning=pending.get("meaning", ""),
            reauthentication=proof,
        )
    except ServiceError as error:
        flash(str(error), "error")
        return review
    flash(_("Approved and signed."), "success")
    return redirect(url_for("workflow.waiting_for_me"))


@bp.post("/d/<code>/v/<int:number>/return")
@login_required
def return_version(code: str, number: int):
    document, version = _load(code, number, Action.RETURN)
    form = ReturnForm()
    if form.validate_on_submit():
        try:
            transaction.run(approvals.return_version, current_user, version, comment=form.comment.data)
        except ValidationError as error:
            apply_field_errors(form, error)
        else:
            flash(_("The version was returned to its author."), "success")
            return redirect(url_for("workflow.waiting_for_me"))
    return _render_review(document, version, return_form=form, status=422)


def _effective_from(form: PublishForm) -> datetime | None:
    if form.when.data != "later":
        return None
    if form.effective_date.data is None:
        raise ValidationError({"effective_date": _("Choose the date the version takes effect.")})
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(form.effective_date.data, form.effective_time.data or time(0, 0), zone)


@bp.route("/d/<code>/v/<int:number>/publish", methods=["GET", "POST"])
@login_required
def publish_version(code: str, number: int):
    document, version = _load(code, number, Action.PUBLISH)
    form = PublishForm()
    if form.validate_on_submit():
        try:
            transaction.run(publishing.publish_version, current_user, version, effective_from=_effective_from(form))
        except ValidationError as error:
            error.fields = {("effective_date" if k == "effective_from" else k): v for k, v in error.fields.items()}
            apply_field_errors(form, error)
        else:
            flash(_("Published."), "success")
            return _to_version(version)
    status = 422 if form.is_submitted() else 200
    return render_template("workflow/publish.html", form=form, document=document, version=version), status


@bp.route("/d/<code>/v/<int:number>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_document(code: str, number: int):
    document, version = _load(code, number, Action.WITHDRAW)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            transaction.run(publishing.withdraw_document, current_user, version, reason=form.reason.data)
        except ValidationError as error:
            error.fields = {("reason" if k == "comment" else k): v for k, v in error.fields.items()}
            apply_field_errors(form, error)
        else:
            flash(_("The document %(code)s was withdrawn.", code=document.code), "success")
            return _to_version(version)
    status = 422 if form.is_submitted() else 200
    return render_template("workflow/withdraw.html", form=form, document=document, version=version), status


@bp.post("/d/<code>/v/<int:number>/confirm-review")
@login_required
def confirm_review(code: str, number: int):
    document, version = _load(code, number, Action.CONFIRM_REVIEW)
    if not ActionForm().validate_on_submit():
        abort(400)
    transaction.run(publishing.confirm_review, current_user, version)
    flash(_("Review recorded; the next review is due %(date)s.", date=document.next_review_due.isoformat()), "success")
    return redirect(url_for("workflow.reviews_due"))


@bp.post("/d/<code>/v/<int:number>/acknowledge")
@login_required
def acknowledge(code: str, number: int):
    _document, version = _load(code, number)
    if not ActionForm().validate_on_submit():
        abort(400)
    transaction.run(read_confirmations.acknowledge_version, current_user, version)
    flash(_("Thank you: your reading was recorded."), "success")
    return _to_version(version)


@bp.get("/d/<code>/v/<int:number>/acknowledgements")
@login_required
def acknowledgements(code: str, number: int):
    document, version = _load(code, number)
    if not permissions.can_see_acknowledgements(current_user, document):
        abort(403)
    rows = read_confirmations.acknowledgement_status(version)
    return render_template(
        "workflow/acknowledgements.html",
        document=document,
        version=version,
        rows=rows,
        done=sum(1 for r in rows if r.acknowledged_at),
    )


@bp.get("/approvals")
@login_required
def waiting_for_me():
    return render_template("workflow/waiting.html", versions=approvals.waiting_for(current_user))


@bp.get("/reviews")
@login_required
def reviews_due():
    rows = publishing.reviews_due(current_user)
    return render_template("workflow/reviews.html", rows=rows, today=publishing.clock.now().date())


@bp.get("/to-read")
@login_required
def to_read():
    return render_template("workflow/to_read.html", versions=read_confirmations.to_read(current_user))


@bp.get("/inbox")
@login_required
def inbox():
    counts = {
        "approvals": len(approvals.waiting_for(current_user)),
        "to_read": len(read_confirmations.to_read(current_user)),
        "reviews": len(publishing.reviews_due(current_user)),
    }
    return render_template(
        "workflow/inbox.html",
        change_requests=change_requests.open_for_owner(current_user),
        notes=notifications.inbox(current_user),
        counts=counts,
        stale_translations=language_versions.out_of_date_owned_by(current_user),
        message_text=notifications.message_text,
    )


@bp.post("/inbox/read")
@login_required
def mark_read():
    if not ActionForm().validate_on_submit():
        abort(400)
    transaction.run(notifications.mark_all_read, current_user)
    return redirect(url_for("workflow.inbox"))


@bp.get("/d/<code>/v/<int:number>/check")
def check_version(code: str, number: int):
    """Where a printed copy's QR code leads: is this printed version still the one in force?"""
    try:
        document, version = _load(code, number)
    except NotFoundError:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        raise
    current = documents.current_version(document)
    is_current = current is not None and current.id == version.id and not document.is_withdrawn
    changes = diff_versions(version, current) if current is not None and not is_current else None
    return render_template(
        "workflow/check.html",
        document=document,
        version=version,
        current=current,
        is_current=is_current,
        changes=changes,
    )


@bp.get("/d/<code>/v/<int:number>/export")
@login_required
@transaction.transactional
def export_version(code: str, number: int):
    """The version as a controlled copy (?format=pdf or docx); the download is audited."""
    _document, version = _load(code, number)
    copy = controlled_copies.export_version(current_user, version, request.args.get("format", ""))
    return download_response(copy.content, copy.media_type, copy.filename)
