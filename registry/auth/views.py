"""Login, logout, language switch and the user's own profile (API tokens)."""

from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from registry import read_cache, transaction
from registry.auth import directory, services, sessions, two_factor
from registry.auth.forms import CodeForm, LoginForm, RevokeTokenForm, SignOutEverywhereForm, TokenForm
from registry.extensions import limiter
from registry.web import is_safe_next

# app.extensions key: callables (user) -> URL or None, asked in order after a sign-in without a target.
FIRST_STOPS = "lamppu_login_first_stops"

bp = Blueprint("auth", __name__)
PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 300  # the second factor must follow the password within five minutes


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@read_cache.cached_page(anonymous=True)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if directory.settings() is None:  # without a directory, only e-mail addresses sign in
        form.email.label.text = _("Email")
    if form.validate_on_submit():
        try:
            user = transaction.run(services.sign_in, form.email.data, form.password.data)
        except (services.LoginRefused, services.DirectoryNotAnswering) as refusal:
            flash(str(refusal.message), "error")
        else:
            session.pop(sessions.SESSION_KEY, None)  # a key left by a session ended elsewhere is not this login's
            if two_factor.enabled(user):  # the password was right: now the second factor
                session[PENDING_KEY] = {"id": user.get_id(), "next": form.next.data or "", "at": time.time()}
                return redirect(url_for("auth.verify_code"))
            return finish_login(user, form.next.data)
    elif form.is_submitted() and form.errors and "csrf_token" in form.errors:
        flash(_("The form had expired. Please try again."), "error")
    return render_template("auth/login.html", form=form)


def finish_login(user, target: str | None):
    login_user(user)
    session[sessions.SESSION_KEY] = transaction.run(
        sessions.start, user, request.user_agent.string, request.remote_addr
    )
    session["lang"] = user.locale
    if is_safe_next(target):
        return redirect(target)
    # A feature may ask to meet a user first (the administrator of a new installation: the setup page);
    # it registers that in app.extensions, so that auth, beside every layer, imports none of them.
    for first_stop in current_app.extensions.get(FIRST_STOPS, ()):
        if (url := first_stop(user)) is not None:
            return redirect(url)
    return redirect(url_for("documents.register"))


def _pending_user():
    """The user who gave the right password and owes the second factor (for PENDING_SECONDS), or None."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        return None, None
    return services.load_session_user(str(pending.get("id", ""))), pending.get("next")


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def verify_code():
    user, target = _pending_user()
    if user is None:
        flash(_("Please log in again."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            transaction.run(two_factor.check_code, user, form.code.data)
        except two_factor.WrongCode as refusal:
            form.code.errors = [str(refusal.message)]
            status = 401
        else:
            session.pop(PENDING_KEY, None)
            return finish_login(user, target)
    elif form.errors:
        status = 422
    return render_template("auth/verify_code.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    transaction.run(sessions.end_by_key, session.pop(sessions.SESSION_KEY, None))
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>")
def set_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    target = request.args.get("next")
    return redirect(target if is_safe_next(target) else url_for("documents.register"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token = transaction.run(services.create_api_token, current_user, current_user, form.name.data)
    tokens = services.tokens_of(current_user)
    return render_template(
        "auth/profile.html",
        form=form,
        new_token=new_token,
        tokens=tokens,
        revoke_form=RevokeTokenForm(),
        sessions=sessions.active_sessions(current_user),
        this_session=session.get(sessions.SESSION_KEY),
        end_form=RevokeTokenForm(),
        everywhere_form=SignOutEverywhereForm(),
    )


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if RevokeTokenForm().validate_on_submit():
        transaction.run(services.revoke_api_token, current_user, token_id)
        flash(_("The token was revoked."), "info")
    return redirect(url_for("auth.profile"))


@bp.post("/profile/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int):
    if RevokeTokenForm().validate_on_submit():
        transaction.run(sessions.end, current_user, session_id)
        flash(_("The session was ended."), "info")
    return redirect(url_for("auth.profile"))


@bp.post("/profile/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    form = SignOutEverywhereForm()
    if form.validate_on_submit():
        transaction.run(sessions.end_all, current_user, revoke_tokens=form.revoke_tokens.data)
        session.pop(sessions.SESSION_KEY, None)
        logout_user()
        flash(_("You have been signed out on every device."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.profile"))
