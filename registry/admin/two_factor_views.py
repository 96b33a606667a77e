"""The administrator's choice of roles that must sign in with a second factor."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from registry import transaction
from registry.admin.forms import CheckboxesField, role_choices
from registry.admin.views import admin_required, bp
from registry.auth import two_factor
from registry.errors import ValidationError


class TwoFactorPolicyForm(FlaskForm):
    roles = CheckboxesField(_l("Roles that must use two-factor login"), choices=role_choices(), validate_choice=False)


@bp.route("/admin/two-factor", methods=["GET", "POST"])
@admin_required
def two_factor_policy():
    form = TwoFactorPolicyForm()
    status = 200
    if form.validate_on_submit():
        try:
            transaction.run(two_factor.set_required_roles, current_user, form.roles.data or [])
        except ValidationError as error:
            form.roles.errors, status = [str(m) for m in error.fields.values()], 422
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("admin.two_factor_policy"))
    else:
        form.roles.data = sorted(two_factor.required_roles())
    return render_template("admin/two_factor.html", form=form), status
