"""Sign-in through OpenID Connect against the real oidc-provider, and the attacks it must refuse."""

from __future__ import annotations

import dataclasses
import json
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from joserfc import jwt
from joserfc.jwk import RSAKey

from registry import create_app
from registry.audit.models import AuditEvent
from registry.auth import oidc
from registry.auth.models import ExternalIdentity, User, UserRole
from registry.config import ConfigError
from registry.extensions import db
from tests.sso_servers import OIDC_ACCOUNTS, free_port

CALLBACK = "http://localhost/oidc/callback"
ROUTE_ENDPOINTS = {"sso.oidc_login", "sso.oidc_callback"}


@pytest.fixture
def app_config(app_config, oidc_provider):
    client_id, secret = oidc_provider.register_client(CALLBACK)
    app_config.update(oidc_provider.app_config(client_id, secret))
    return app_config


def provider_redirect(client, oidc_provider, login: str) -> str:
    """Begin a sign-in in Lamppu, log in at the provider; the callback URL it sends back."""
    answer = client.get("/oidc/login")
    assert answer.status_code == 302 and answer.location.startswith(oidc_provider.issuer)
    return oidc_provider.log_in(requests.Session(), answer.location, login)


def failures(reason: str) -> int:
    events = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")).scalars()
    return sum(1 for e in events if json.loads(e.after_json or "{}").get("reason") == reason)


def is_signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_first_sign_in_creates_the_user_with_mapped_roles(client, oidc_provider):
    callback = provider_redirect(client, oidc_provider, "liisa")
    assert callback.startswith(CALLBACK)
    query = parse_qs(urlsplit(callback).query)
    assert "code" in query and "state" in query
    answer = client.get(callback)
    assert answer.status_code == 302 and answer.location.endswith("/")
    assert is_signed_in(client)
    user = db.session.execute(db.select(User).where(User.email == OIDC_ACCOUNTS["liisa"]["email"])).scalar_one()
    assert user.display_name == "Liisa Laatu"
    assert user.roles == {"reader", "approver", "quality_owner"}
    identity = db.session.execute(db.select(ExternalIdentity).where(ExternalIdentity.user_id == user.id)).scalar_one()
    assert (identity.protocol, identity.subject, identity.issuer) == ("oidc", "liisa", oidc_provider.issuer)


def test_second_sign_in_uses_the_same_account_and_brings_roles_in_line(client, oidc_provider):
    client.get(provider_redirect(client, oidc_provider, "olli"))
    client.post("/logout")
    assert not is_signed_in(client)
    olli = db.session.execute(db.select(User).where(User.email == OIDC_ACCOUNTS["olli"]["email"])).scalar_one()
    olli.role_rows.append(UserRole(role="admin"))  # not in the provider's claim
    db.session.commit()
    client.get(provider_redirect(client, oidc_provider, "olli"))
    assert is_signed_in(client)
    db.session.expire_all()
    users = db.session.execute(db.select(User).where(User.email == OIDC_ACCOUNTS["olli"]["email"])).scalars().all()
    assert len(users) == 1 and users[0].roles == {"reader", "author"}
    synced = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "user.roles_synchronised")).scalars()
    assert any("admin" in (e.before_json or "") and "admin" not in (e.after_json or "") for e in synced)


def test_sign_in_request_uses_pkce_nonce_and_state(client):
    location = client.get("/oidc/login").location
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["nonce"][0] and query["state"][0] and query["response_type"] == ["code"]
    assert "prompt" not in query  # an ordinary sign-in may reuse the provider's session


def test_state_mismatch_is_refused(client, oidc_provider):
    callback = provider_redirect(client, oidc_provider, "liisa")
    forged = callback.replace("state=", "state=x")
    answer = client.get(forged, follow_redirects=True)
    assert "did not match the request" in answer.get_data(as_text=True) or "ei vastannut" in answer.get_data(
        as_text=True
    )
    assert not is_signed_in(client)
    assert failures("state_mismatch") == 1


def test_replayed_callback_is_refused(client, oidc_provider):
    callback = provider_redirect(client, oidc_provider, "liisa")
    assert client.get(callback).status_code == 302
    client.post("/logout")
    client.get(callback)
    assert not is_signed_in(client)
    assert failures("no_pending") == 1
    # Even inside a newly begun sign-in, the old answer does not fit.
    client.get("/oidc/login")
    client.get(callback)
    assert not is_signed_in(client)
    assert failures("state_mismatch") == 1


def test_provider_error_is_refused(client):
    state = parse_qs(urlsplit(client.get("/oidc/login").location).query)["state"][0]
    client.get(f"/oidc/callback?error=access_denied&state={state}")
    assert not is_signed_in(client)
    assert failures("provider_error") == 1


def test_unverified_email_does_not_take_over_an_account(client, make, oidc_provider):
    admin = make.user("admin", email="admin@kao.example")
    db.session.commit()
    client.get(provider_redirect(client, oidc_provider, "unverified"))
    assert not is_signed_in(client)
    assert db.session.execute(db.select(ExternalIdentity).where(ExternalIdentity.user_id == admin.id)).first() is None


def test_login_page_offers_the_organisation_account(client):
    client.get("/lang/fi")
    page = client.get("/login").get_data(as_text=True)
    assert "/oidc/login" in page


def test_unknown_role_in_the_role_map_stops_the_start(app_config):
    app_config["OIDC_ROLE_MAP"] = json.dumps({"opettajat": ["author", "superuser"]})
    with pytest.raises(ConfigError, match="LAMPPU_OIDC_ROLE_MAP.*superuser"):
        create_app(app_config)


# --- ID tokens the callback must refuse: real tokens of the provider, and tokens signed elsewhere ---


def genuine_id_token(oidc_provider, nonce: str, login: str = "liisa", **params) -> tuple[str, str]:
    """A real ID token from the provider, issued to a client of its own (not Lamppu's), and that client."""
    redirect = "http://127.0.0.1:9/elsewhere"
    client_id, secret = oidc_provider.register_client(redirect)
    session = OAuth2Session(
        client_id, secret, scope="openid email", redirect_uri=redirect, code_challenge_method="S256"
    )
    verifier = "v" * 64
    discovery = requests.get(f"{oidc_provider.issuer}/.well-known/openid-configuration", timeout=10).json()
    url, _ = session.create_authorization_url(
        discovery["authorization_endpoint"], nonce=nonce, code_verifier=verifier, **params
    )
    callback = oidc_provider.log_in(requests.Session(), url, login)
    token = session.fetch_token(discovery["token_endpoint"], authorization_response=callback, code_verifier=verifier)
    return token["id_token"], client_id


def as_client(app, client_id: str) -> None:
    """Let Lamppu act as the client the token was issued to, so that one check at a time is tested."""
    app.extensions["lamppu_oidc"] = dataclasses.replace(app.extensions["lamppu_oidc"], client_id=client_id)


def forged_id_token(app, kid: str | None, **claims) -> str:
    key = RSAKey.generate_key(2048, parameters={"kid": kid} if kid else None)
    now = int(time.time())
    payload = {
        "iss": app.config["OIDC_ISSUER"],
        "aud": app.config["OIDC_CLIENT_ID"],
        "sub": "liisa",
        "iat": now,
        "exp": now + 600,
        "auth_time": now,
        "nonce": "n-1",
        **claims,
    }
    return jwt.encode({"alg": "RS256", **({"kid": kid} if kid else {})}, payload, key)


def test_id_token_for_another_client_is_refused(app, oidc_provider):
    token, other_client = genuine_id_token(oidc_provider, nonce="n-aud")
    with app.test_request_context():
        with pytest.raises(oidc.OidcRefused):
            oidc.verify_id_token(token, nonce="n-aud")
        as_client(app, other_client)
        assert oidc.verify_id_token(token, nonce="n-aud")["sub"] == "liisa"  # only the audience was wrong
    assert failures("id_token_invalid") == 1


def test_expired_id_token_is_refused(app, oidc_provider):
    token, other_client = genuine_id_token(oidc_provider, nonce="n-exp")
    as_client(app, other_client)
    with app.test_request_context():
        claims = oidc.verify_id_token(token, nonce="n-exp")
        with pytest.raises(oidc.OidcRefused):
            oidc.verify_id_token(token, nonce="n-exp", now=claims["exp"] + oidc.CLOCK_LEEWAY + 1)
    assert failures("id_token_invalid") == 1


def test_id_token_signed_with_another_key_is_refused(app, oidc_provider):
    provider_kid = requests.get(f"{oidc_provider.issuer}/jwks", timeout=10).json()["keys"][0]["kid"]
    with app.test_request_context():
        for kid in (provider_kid, "attacker-key", None):
            with pytest.raises(oidc.OidcRefused):
                oidc.verify_id_token(forged_id_token(app, kid), nonce="n-1")
    assert failures("id_token_invalid") == 3


def test_replayed_id_token_with_an_old_nonce_is_refused(app, oidc_provider):
    token, other_client = genuine_id_token(oidc_provider, nonce="an-earlier-sign-in")
    as_client(app, other_client)
    with app.test_request_context():
        assert oidc.verify_id_token(token, nonce="an-earlier-sign-in")["sub"] == "liisa"
        with pytest.raises(oidc.OidcRefused):
            oidc.verify_id_token(token, nonce="this-sign-in")
    assert failures("id_token_invalid") == 1


def test_fresh_authentication_needs_a_new_auth_time(app, oidc_provider):
    token, other_client = genuine_id_token(oidc_provider, nonce="n-fresh", prompt="login", max_age=0)
    as_client(app, other_client)
    with app.test_request_context():
        auth_time = oidc.verify_id_token(token, nonce="n-fresh")["auth_time"]
        assert oidc.verify_id_token(token, nonce="n-fresh", authenticated_after=auth_time)
        with pytest.raises(oidc.OidcRefused):
            oidc.verify_id_token(token, nonce="n-fresh", authenticated_after=auth_time + oidc.FRESH_AUTH_SLACK + 1)
    assert failures("not_fresh") == 1


def test_unreachable_provider_gives_a_clear_message(app_config):
    app_config["OIDC_ISSUER"] = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    site = create_app(app_config)
    try:
        with site.test_client() as browser:
            answer = browser.get("/oidc/login")
            assert answer.status_code == 302 and answer.location.endswith("/login")
            page = browser.get("/login?lang=en").get_data(as_text=True)
    finally:
        _close(site)
    assert "could not be reached" in page or "yhteyttä" in page


def _close(site) -> None:
    """A second app's pool holds its own connections: close them (PostgreSQL warns of one left open)."""
    with site.app_context():
        db.engine.dispose()


def test_without_a_role_map_roles_stay_as_given_in_lamppu(app_config, oidc_provider):
    app_config["OIDC_ROLE_MAP"] = ""
    site = create_app(app_config)
    try:
        with site.app_context(), site.test_client() as browser:
            browser.get(provider_redirect(browser, oidc_provider, "olli"))
            user = db.session.execute(db.select(User).where(User.email == OIDC_ACCOUNTS["olli"]["email"])).scalar_one()
            assert user.roles == {"reader"}
            user.role_rows.append(UserRole(role="approver"))
            db.session.commit()
            browser.post("/logout")
            browser.get(provider_redirect(browser, oidc_provider, "olli"))
            db.session.expire_all()
            assert db.session.get(User, user.id).roles == {"reader", "approver"}
    finally:
        _close(site)
