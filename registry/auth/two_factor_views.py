"""The user's own two-factor page (enrol with a QR code, recovery codes, turn off) and its enforcement."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from registry import transaction
from registry.auth import two_factor
from registry.auth.forms import ConfirmCodeForm
from registry.auth.views import bp
from registry.errors import ValidationError

ENROLMENT_SESSION_KEY = "two_factor_secret"  # the secret being enrolled, until a code proves the app has it
# What a user who must enrol may still reach before enrolling.
OPEN_ENDPOINTS = frozenset({"auth.two_factor", "auth.logout", "auth.set_language", "auth.login", "static"})


@bp.before_app_request
def _require_enrolment():
    """A local user whose role requires two-factor login enrols before anything else (pages only)."""
    if (
        request.endpoint in OPEN_ENDPOINTS
        or request.path.startswith("/api/")
        or not current_user.is_authenticated
        or two_factor.enabled(current_user)
        or not two_factor.is_required(current_user)
    ):
        return None
    flash(_("Your role requires two-factor login. Set it up to continue."), "info")
    return redirect(url_for("auth.two_factor"))


@bp.route("/profile/two-factor", methods=["GET", "POST"], endpoint="two_factor")
@login_required
def two_factor_page():
    user = current_user._get_current_object()
    form = ConfirmCodeForm()
    status, codes = 200, None
    if two_factor.enabled(user):
        if form.validate_on_submit():  # turning it off: a fresh code proves the owner is here
            if two_factor.is_required(user):
                flash(_("Your role requires two-factor login; it cannot be turned off."), "error")
                return redirect(url_for("auth.two_factor"))
            try:
                transaction.run(_check_and_disable, user, form.code.data)
            except two_factor.WrongCode as refusal:
                form.code.errors, status = [str(refusal.message)], 401
            else:
                flash(_("Two-factor login is off."), "info")
                return redirect(url_for("auth.two_factor"))
        return render_template(
            "auth/two_factor.html",
            form=form,
            left=two_factor.recovery_codes_left(user),
            required=two_factor.is_required(user),
        ), status
    secret = session.get(ENROLMENT_SESSION_KEY) or two_factor.new_secret()
    session[ENROLMENT_SESSION_KEY] = secret
    if form.validate_on_submit():
        try:
            codes = transaction.run(two_factor.enrol, user, secret, form.code.data)
        except ValidationError as error:
            form.code.errors, status = [str(m) for m in error.fields.values()], 422
        else:
            session.pop(ENROLMENT_SESSION_KEY, None)
            return render_template("auth/recovery_codes.html", codes=codes)
    elif form.errors:
        status = 422
    uri = two_factor.provisioning_uri(user, secret, issuer=f"Lamppu ({current_app.config['ORGANISATION_NAME']})")
    return render_template(
        "auth/two_factor_enrol.html",
        form=form,
        secret=secret,
        qr=two_factor.qr_svg(uri),
        required=two_factor.is_required(user),
    ), status


def _check_and_disable(user, code: str) -> None:
    two_factor.check_code(user, code)
    two_factor.disable(user, user)
