"""Administration pages (admins only) and the /healthz endpoint for monitoring."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from registry import search, transaction
from registry.admin.forms import ConfirmForm, DocumentTypeForm, PasswordResetForm, UnitForm, UserForm
from registry.admin.health import health_report
from registry.auth import permissions
from registry.auth import services as accounts
from registry.auth.models import ApiToken, Unit, User
from registry.documents import catalog
from registry.documents import services as documents
from registry.documents.models import DocumentType
from registry.errors import ConflictError, ServiceError, ValidationError
from registry.extensions import db
from registry.web import permission_required

bp = Blueprint("admin", __name__)


admin_required = permission_required(permissions.can_administer)


@bp.app_context_processor
def _admin_helpers() -> dict:
    return {
        "can_administer": permissions.can_administer,
        "can_view_disposition": permissions.can_view_disposition,
        "retention_basis_label": retention_basis_label,
    }


RETENTION_BASIS_LABELS = {
    "superseded": _l("counted from the end of the version's validity"),
    "withdrawn": _l("counted from the withdrawal of the document"),
}


def retention_basis_label(basis: str) -> str:
    return str(RETENTION_BASIS_LABELS.get(basis, basis))


def _show_errors(form, error: ServiceError) -> None:
    if not error.fields:
        flash(str(error.message), "error")
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + [str(message)]
        else:
            flash(str(message), "error")


def _status(form) -> int:
    return 422 if form.errors else 200


@bp.get("/healthz")
def healthz():
    report = health_report()
    return jsonify(report), 200 if report["ok"] else 503


@bp.get("/admin/")
@admin_required
def status():
    return render_template("admin/status.html", report=health_report(), analysis=search.analysis_info())


# --- users ---------------------------------------------------------------------------------------


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=None)
    form.units.choices = [SelectChoice(u.code, u.name) for u in documents.list_units()]
    if user is not None and not form.is_submitted():
        form.name.data, form.locale.data = user.display_name, user.locale
        form.roles.data, form.units.data = sorted(user.roles), [u.code for u in user.units]
    return form


@bp.get("/admin/users")
@admin_required
def users():
    counts = dict(
        db.session.execute(
            db.select(ApiToken.user_id, db.func.count()).where(ApiToken.revoked_at.is_(None)).group_by(ApiToken.user_id)
        ).all()
    )
    return render_template("admin/users.html", users=accounts.list_users(), token_counts=counts)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_required
def create_user():
    form = _user_form()
    if form.validate_on_submit():
        password = form.password.data or accounts.generate_password()
        try:
            user = transaction.run(
                accounts.create_user,
                current_user,
                form.email.data or "",
                form.name.data,
                password,
                form.roles.data or [],
                form.units.data or [],
                form.locale.data,
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            flash(_("User %(email)s created.", email=user.email), "success")
            if form.password.data:
                return redirect(url_for("admin.user", user_id=user.id))
            return render_template("admin/password_shown.html", user=user, password=password)
    return render_template("admin/user_new.html", form=form), _status(form)


def _user_page(user: User, form: UserForm, status: int = 200):
    return render_template(
        "admin/user.html",
        user=user,
        form=form,
        password_form=PasswordResetForm(),
        confirm_form=ConfirmForm(),
        tokens=accounts.tokens_of(user),
    ), status


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = _user_form(user)
    if form.validate_on_submit():
        try:
            transaction.run(
                accounts.update_user,
                current_user,
                user,
                name=form.name.data,
                locale=form.locale.data,
                roles=form.roles.data or [],
                unit_codes=form.units.data or [],
            )
        except (ValidationError, ConflictError) as error:
            _show_errors(form, error)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.user", user_id=user.id))
    return _user_page(user, form, _status(form))


@bp.post("/admin/users/<int:user_id>/password")
@admin_required
def reset_password(user_id: int):
    user = db.get_or_404(User, user_id)
    form = PasswordResetForm()
    if not form.validate_on_submit():
        abort(400)
    password = form.password.data or accounts.generate_password()
    try:
        transaction.run(accounts.reset_password, current_user, user, password)
    except ValidationError as error:
        flash(str(error.fields["password"]), "error")
        return redirect(url_for("admin.user", user_id=user.id))
    if form.password.data:
        flash(_("The password was changed; the user's sessions have ended."), "success")
        return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/password_shown.html", user=user, password=password)


@bp.post("/admin/users/<int:user_id>/deactivate")
@admin_required
def deactivate_user(user_id: int):
    user = db.get_or_404(User, user_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        transaction.run(accounts.deactivate_user, current_user, user, form.reason.data)
    except ConflictError as error:
        flash(str(error.message), "error")
        return redirect(url_for("admin.user", user_id=user_id))
    flash(_("%(email)s was deactivated: sessions ended and API tokens revoked.", email=user.email), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/reactivate")
@admin_required
def reactivate_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    transaction.run(accounts.reactivate_user, current_user, user)
    flash(_("%(email)s can log in again.", email=user.email), "success")
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/admin/tokens/<int:token_id>/revoke")
@admin_required
def revoke_token(token_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    token = transaction.run(accounts.revoke_api_token, current_user, token_id)
    flash(_("The token was revoked."), "success")
    return redirect(url_for("admin.user", user_id=token.user_id))


# --- units -----------------------------------------------------------------------------------------


def _unit_form(unit: Unit | None = None) -> UnitForm:
    form = UnitForm()
    others = [u for u in documents.list_units() if unit is None or u.id != unit.id]
    form.parent.choices = [SelectChoice("", _("(none)"))] + [
        SelectChoice(u.code, f"{u.code} – {u.name}") for u in others
    ]
    if unit is not None and not form.is_submitted():
        form.code.data, form.name.data, form.name_en.data = unit.code, unit.name, unit.name_en
        form.parent.data = unit.parent.code if unit.parent else ""
    return form


def _unit_fields(form: UnitForm) -> catalog.UnitFields:
    return catalog.UnitFields(
        code=form.code.data or "",
        name=form.name.data or "",
        name_en=form.name_en.data,
        parent_code=form.parent.data or None,
    )


@bp.route("/admin/units", methods=["GET", "POST"])
@admin_required
def units():
    form = _unit_form()
    if form.validate_on_submit():
        try:
            unit = transaction.run(catalog.create_unit, current_user, _unit_fields(form))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            flash(_("Unit %(code)s created.", code=unit.code), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/units.html", units=documents.list_units(), form=form), _status(form)


@bp.route("/admin/units/<int:unit_id>", methods=["GET", "POST"])
@admin_required
def unit(unit_id: int):
    unit = db.get_or_404(Unit, unit_id)
    form = _unit_form(unit)
    if form.validate_on_submit():
        try:
            transaction.run(catalog.update_unit, current_user, unit, _unit_fields(form))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit.html", unit=unit, form=form), _status(form)


# --- document types --------------------------------------------------------------------------------


def _type_fields(form: DocumentTypeForm, prefix: str) -> catalog.TypeFields:
    return catalog.TypeFields(
        prefix=prefix,
        name_fi=form.name_fi.data or "",
        name_en=form.name_en.data or "",
        review_interval_months=form.review_interval_months.data,
        requires_acknowledgement=form.requires_acknowledgement.data,
        retention_years=form.retention_years.data,
        retention_basis=form.retention_basis.data or "superseded",
    )


@bp.route("/admin/types", methods=["GET", "POST"])
@admin_required
def types():
    form = DocumentTypeForm()
    if form.validate_on_submit():
        try:
            doc_type = transaction.run(
                catalog.create_document_type, current_user, _type_fields(form, form.prefix.data or "")
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            flash(_("Document type %(prefix)s created.", prefix=doc_type.prefix), "success")
            return redirect(url_for("admin.types"))
    return render_template(
        "admin/types.html", types=documents.list_types(), form=form, counts=catalog.document_counts_by_type()
    ), _status(form)


@bp.route("/admin/types/<int:type_id>", methods=["GET", "POST"])
@admin_required
def doc_type(type_id: int):
    doc_type = db.get_or_404(DocumentType, type_id)
    form = DocumentTypeForm(obj=doc_type)
    if form.validate_on_submit():
        try:
            transaction.run(catalog.update_document_type, current_user, doc_type, _type_fields(form, doc_type.prefix))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.types"))
    return render_template("admin/type.html", doc_type=doc_type, form=form), _status(form)
