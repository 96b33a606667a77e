"""Sign-in at the organisation's identity provider (OpenID Connect, SAML); the views stay thin."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from registry import transaction
from registry.auth import external, oidc, saml
from registry.auth.views import finish_login
from registry.extensions import csrf
from registry.web import is_safe_next

bp = Blueprint("sso", __name__)

# The session remembers how the user signed in: a signature then asks that provider again.
METHOD_KEY = "auth_method"


def register_reauthentication_handler(app, purpose: str, handler) -> None:
    """`handler(proof, extra)` finishes an action that asked for a fresh sign-in; returns a response."""
    app.extensions.setdefault("lamppu_reauth_handlers", {})[purpose] = handler


def signed_in_externally() -> str | None:
    """'oidc' or 'saml' when the current session began at the identity provider."""
    method, user_id = (session.get(METHOD_KEY) or [None, None])[:2]
    # The user id too: after a sign-out, a local sign-in in the same browser is not taken for this one.
    if method in ("oidc", "saml") and current_user.is_authenticated and user_id == current_user.id:
        return method
    return None


def start_reauthentication(purpose: str, extra: dict):
    """Send the user to their identity provider for a new login made for one action."""
    method = signed_in_externally()
    if method == "oidc":
        url = oidc.begin(url_for("sso.oidc_callback", _external=True), purpose=purpose, fresh=True, extra=extra)
    elif method == "saml":
        url = saml.begin(purpose=purpose, fresh=True, extra=extra)
    else:
        abort(404)
    # A page that follows the link, not a redirect: this answers a form, and the Content-Security-Policy
    # (form-action 'self') stops a form's answer from redirecting to another site.
    return render_template("auth/continue_at_provider.html", url=url)


@bp.get("/oidc/login")
def oidc_login():
    if not oidc.is_enabled():
        abort(404)
    target = request.args.get("next", "")
    extra = {"next": target} if is_safe_next(target) else {}
    try:
        url = transaction.run(oidc.begin, url_for("sso.oidc_callback", _external=True), extra=extra)
    except oidc.OidcRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("auth.login"))
    return redirect(url)


@bp.get("/oidc/callback")
def oidc_callback():
    if not oidc.is_enabled():
        abort(404)
    try:
        verified = transaction.run(oidc.complete, request.args)
        if verified.purpose != "login":
            return _finish_reauthentication("oidc", verified)
        user = transaction.run(oidc.sign_in, verified)
    except (oidc.OidcRefused, external.ExternalLoginRefused) as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("auth.login"))
    return _logged_in(user, "oidc", verified.extra.get("next"))


@bp.get("/saml/metadata")
def saml_metadata():
    if not saml.is_enabled():
        abort(404)
    return Response(saml.metadata_xml(), mimetype="application/samlmetadata+xml")


@bp.get("/saml/login")
def saml_login():
    if not saml.is_enabled():
        abort(404)
    target = request.args.get("next", "")
    try:
        url = transaction.run(saml.begin, extra={"next": target} if is_safe_next(target) else {})
    except saml.SamlRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("auth.login"))
    return redirect(url)


@bp.post("/saml/acs")
@csrf.exempt  # the identity provider posts here; the pending request id and RelayState stand in for the token
def saml_acs():
    if not saml.is_enabled():
        abort(404)
    if saml.SESSION_KEY not in session and not request.form.get("resubmitted"):
        # The session cookie (SameSite=Lax) does not come with the identity provider's cross-site
        # POST: post the same answer again from Lamppu's own page, where it does.
        form = request.form
        return render_template(
            "auth/saml_continue.html",
            saml_response=form.get("SAMLResponse", ""),
            relay_state=form.get("RelayState", ""),
        )
    try:
        verified = transaction.run(saml.complete, request.form)
        if verified.purpose != "login":
            return _finish_reauthentication("saml", verified)
        user = transaction.run(saml.sign_in, verified)
    except (saml.SamlRefused, external.ExternalLoginRefused) as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("auth.login"))
    return _logged_in(user, "saml", verified.extra.get("next"))


def _logged_in(user, method: str, target: str | None):
    """Sign in as a password login does (the session recorded, a new installation's setup offered)."""
    response = finish_login(user, target)
    session[METHOD_KEY] = [method, user.id]
    return response


def _finish_reauthentication(method: str, verified):
    handler = current_app.extensions.get("lamppu_reauth_handlers", {}).get(verified.purpose)
    if handler is None or not current_user.is_authenticated:
        abort(404)
    if method == "oidc":
        proof = external.Reauthentication(
            protocol=method,
            issuer=oidc.provider().issuer,
            subject=str(verified.claims["sub"]),
            authenticated_at=datetime.fromtimestamp(verified.claims["auth_time"], UTC),
        )
    else:
        proof = external.Reauthentication(
            protocol=method,
            issuer=verified.issuer,
            subject=verified.subject,
            authenticated_at=verified.authenticated_at,
        )
    return handler(proof, verified.extra)


def init_app(app) -> None:
    oidc.init_app(app)
    saml.init_app(app)
    app.register_blueprint(bp)
    app.context_processor(
        lambda: {
            "oidc_enabled": app.extensions.get("lamppu_oidc") is not None,
            "saml_enabled": app.extensions.get("lamppu_saml_enabled", False),
        }
    )
