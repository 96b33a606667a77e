"""Sign-in at the organisation's OpenID provider: authorisation code flow with PKCE.

The provider is found by issuer discovery; `state` and `nonce` are single use and kept in the
session; the ID token's signature (the provider's JWKS), issuer, audience, expiry and nonce are
verified here, and for a signature (`fresh=True`) the provider is asked for a new login
(`prompt=login`, `max_age=0`) whose `auth_time` must come after the request.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import requests
from authlib.integrations.requests_client import OAuth2Session
from flask import current_app, session
from flask_babel import lazy_gettext as _l
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import extract_compact

from registry import audit
from registry.auth import external
from registry.errors import RecordedRefusal

SESSION_KEY = "oidc_pending"
HTTP_TIMEOUT = 10
DISCOVERY_TTL = 3600
CLOCK_LEEWAY = 60  # seconds of clock difference allowed between Lamppu and the provider
FRESH_AUTH_SLACK = 5  # auth_time may be this much before the request (the provider's clock)
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]


class OidcRefused(RecordedRefusal):
    """The provider's answer could not be accepted; recorded, the user sees the message."""

    status = 403
    code = "oidc_refused"


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    role_claim: str
    role_map: dict


@dataclass(frozen=True)
class Verified:
    """A completed sign-in: the ID token's claims and what the request was for."""

    claims: dict
    purpose: str
    extra: dict


def init_app(app) -> None:
    """Check the OIDC settings at start: a role map naming an unknown role stops the start."""
    config = app.config
    role_map = external.parse_role_map(config.get("OIDC_ROLE_MAP"), "LAMPPU_OIDC_ROLE_MAP")
    app.extensions["lamppu_oidc"] = None
    if config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"):
        app.extensions["lamppu_oidc"] = Provider(
            issuer=config["OIDC_ISSUER"].rstrip("/"),
            client_id=config["OIDC_CLIENT_ID"],
            client_secret=config.get("OIDC_CLIENT_SECRET") or "",
            role_claim=config.get("OIDC_ROLE_CLAIM") or "groups",
            role_map=role_map,
        )
    app.extensions["lamppu_oidc_cache"] = {}


def provider() -> Provider | None:
    return current_app.extensions.get("lamppu_oidc")


def is_enabled() -> bool:
    return provider() is not None


def metadata(refresh: bool = False) -> dict:
    """The provider's discovery document, cached for an hour; its issuer must be the configured one."""
    cache = current_app.extensions["lamppu_oidc_cache"]
    if refresh or cache.get("metadata_until", 0) < time.time():
        issuer = provider().issuer
        document = _get_json(f"{issuer}/.well-known/openid-configuration")
        if document.get("issuer", "").rstrip("/") != issuer:
            raise OidcRefused(_l("The identity provider's configuration names another issuer."))
        cache.update(metadata=document, metadata_until=time.time() + DISCOVERY_TTL, jwks=None)
    return cache["metadata"]


def key_set(refresh: bool = False) -> KeySet:
    """The provider's signing keys; fetched again once when a token names a key not in the set."""
    cache = current_app.extensions["lamppu_oidc_cache"]
    if refresh or cache.get("jwks") is None:
        cache["jwks"] = KeySet.import_key_set(_get_json(metadata()["jwks_uri"]))
    return cache["jwks"]


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError):
        raise OidcRefused(_l("The identity provider could not be reached. Try again in a moment.")) from None


def _client(redirect_uri: str) -> OAuth2Session:
    settings = provider()
    return OAuth2Session(
        settings.client_id,
        settings.client_secret,
        scope="openid email profile",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",  # noqa: S106  (a method name, not a password)
    )


def begin(redirect_uri: str, *, purpose: str = "login", fresh: bool = False, extra: dict | None = None) -> str:
    """Remember a new state, nonce and PKCE verifier in the session; return the provider's login URL."""
    pending = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(48),
        "purpose": purpose,
        "fresh": fresh,
        "started": int(time.time()),
        "redirect_uri": redirect_uri,
        "extra": extra or {},
    }
    session[SESSION_KEY] = pending
    params = {"nonce": pending["nonce"], "code_verifier": pending["verifier"]}
    if fresh:
        params.update(prompt="login", max_age=0)
    url, _ = _client(redirect_uri).create_authorization_url(
        metadata()["authorization_endpoint"], state=pending["state"], **params
    )
    return url


def complete(args) -> Verified:
    """Check the provider's redirect (state, code), fetch and verify the ID token; single use."""
    pending = session.pop(SESSION_KEY, None)
    if not pending:
        _refuse("no_pending", _l("This sign-in had expired or was already used. Please sign in again."))
    if args.get("error"):
        _refuse("provider_error", _l("The identity provider did not sign you in."), detail=args.get("error"))
    if not secrets.compare_digest(str(args.get("state", "")), pending["state"]):
        _refuse("state_mismatch", _l("The sign-in answer did not match the request. Please sign in again."))
    if args.get("iss") and args["iss"].rstrip("/") != provider().issuer:
        _refuse("issuer_mismatch", _l("The sign-in answer came from another identity provider."))
    id_token = _exchange(args.get("code", ""), pending)
    claims = verify_id_token(
        id_token, nonce=pending["nonce"], authenticated_after=pending["started"] if pending["fresh"] else None
    )
    return Verified(claims=claims, purpose=pending["purpose"], extra=pending["extra"])


def _exchange(code: str, pending: dict) -> str:
    try:
        token = _client(pending["redirect_uri"]).fetch_token(
            metadata()["token_endpoint"],
            code=code,
            code_verifier=pending["verifier"],
            timeout=HTTP_TIMEOUT,
        )
    except Exception as error:  # authlib raises OAuthError, requests its own; neither may become a 500
        _refuse("token_exchange", _l("The identity provider refused the sign-in."), detail=type(error).__name__)
    if not token.get("id_token"):
        _refuse("no_id_token", _l("The identity provider did not send an ID token."))
    return token["id_token"]


def verify_id_token(
    id_token: str, *, nonce: str, authenticated_after: int | None = None, now: int | None = None
) -> dict:
    """The verified claims of an ID token, or OidcRefused: signature, iss, aud, azp, exp, iat, nonce."""
    settings = provider()
    try:
        token = _decode(id_token)
        registry = jwt.JWTClaimsRegistry(
            now=now,
            leeway=CLOCK_LEEWAY,
            iss={"essential": True, "value": settings.issuer},
            aud={"essential": True, "value": settings.client_id},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        registry.validate(token.claims)
    except (JoseError, ValueError, UnicodeError) as error:
        _refuse("id_token_invalid", _l("The identity provider's ID token was not valid."), detail=str(error)[:200])
    claims = token.claims
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != settings.client_id:
        _refuse("id_token_invalid", _l("The identity provider's ID token was not valid."), detail="azp")
    if authenticated_after is not None:
        auth_time = claims.get("auth_time")
        if not isinstance(auth_time, int) or auth_time < authenticated_after - FRESH_AUTH_SLACK:
            _refuse("not_fresh", _l("The identity provider did not ask for your password again; nothing was signed."))
    return claims


def _decode(id_token: str):
    keys = key_set()
    kid = extract_compact(id_token.encode("ascii")).headers().get("kid")
    if kid and kid not in {key.kid for key in keys.keys}:
        keys = key_set(refresh=True)  # the provider may have rotated its keys since they were fetched
    return jwt.decode(id_token, keys, algorithms=ALGORITHMS)


def profile_of(claims: dict) -> external.ExternalProfile:
    """The identity an ID token asserts; an unverified email is not used to find an account."""
    settings = provider()
    values = claims.get(settings.role_claim) or []
    values = [values] if isinstance(values, str) else [str(v) for v in values]
    email = claims.get("email") if claims.get("email_verified", False) is True else ""
    return external.ExternalProfile(
        protocol="oidc",
        issuer=settings.issuer,
        subject=str(claims["sub"]),
        email=email or "",
        name=claims.get("name") or "",
        values=tuple(values),
    )


def sign_in(verified: Verified):
    """The Lamppu user for a completed sign-in (created on the first one)."""
    return external.sign_in(profile_of(verified.claims), provider().role_map)


def _refuse(reason: str, message, detail: str | None = None) -> None:
    audit.record(
        None,
        "auth.login_failed",
        "user",
        None,
        after={"method": "oidc", "reason": reason, **({"detail": detail} if detail else {})},
        actor_label="oidc",
    )
    raise OidcRefused(message)
