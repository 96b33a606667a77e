"""Signing stays a signature: a user who signed in through OpenID Connect signs by signing in again."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from registry.auth.models import User
from registry.db import utcnow
from registry.extensions import db
from registry.workflow import approvals
from registry.workflow.models import Approval
from tests.sso_servers import OIDC_ACCOUNTS, provider_link

CALLBACK = "http://localhost/oidc/callback"


@pytest.fixture
def app_config(app_config, oidc_provider):
    client_id, secret = oidc_provider.register_client(CALLBACK)
    app_config.update(oidc_provider.app_config(client_id, secret))
    return app_config


@pytest.fixture
def browser():
    """The user's browser at the provider: it keeps the provider's session cookie between logins."""
    with requests.Session() as session:
        yield session


@pytest.fixture
def in_review(client, make, oidc_provider, browser):
    """Liisa signed in through OIDC; a version waiting for her approval."""
    answer = client.get("/oidc/login")
    client.get(oidc_provider.log_in(browser, answer.location, "liisa"))
    liisa = db.session.execute(db.select(User).where(User.email == OIDC_ACCOUNTS["liisa"]["email"])).scalar_one()
    author = make.user("author")
    version = make.draft(author, title="Opiskelijapalaute")
    approvals.submit_version(author, version, approvers=[liisa], change_type="major", change_summary="Uusi")
    db.session.commit()
    return version


def approve_url(version) -> str:
    return f"/d/{version.document.code}/v/{version.number}/approve"


def approval_of(version):
    return db.session.execute(db.select(Approval).where(Approval.version_id == version.id)).scalar_one_or_none()


def test_review_page_offers_signing_at_the_identity_provider(client, in_review):
    page = client.get(f"/d/{in_review.document.code}/v/{in_review.number}/review").get_data(as_text=True)
    assert 'type="password"' not in page
    assert "meaning" in page


def test_approval_asks_the_provider_for_a_new_login_and_records_it(client, oidc_provider, browser, in_review):
    asked_at = utcnow()
    to_provider = provider_link(client.post(approve_url(in_review), data={"meaning": "content_owner"}))
    assert to_provider.startswith(oidc_provider.issuer)
    query = parse_qs(urlsplit(to_provider).query)
    assert query["prompt"] == ["login"] and query["max_age"] == ["0"]
    assert approval_of(in_review) is None
    # The provider's session is alive, yet it asks for the password again.
    at_provider = browser.get(to_provider, allow_redirects=False, timeout=10)
    assert "/interaction/" in at_provider.headers["Location"]
    callback = oidc_provider.log_in(browser, urljoin(oidc_provider.issuer, at_provider.headers["Location"]), "liisa")
    done = client.get(callback)
    assert done.status_code == 302 and done.location.endswith("/approvals")
    approval = approval_of(in_review)
    assert approval is not None and approval.meaning == "content_owner"
    assert approval.signature_method == "oidc"
    assert asked_at - timedelta(seconds=5) <= approval.authenticated_at <= utcnow()
    db.session.refresh(in_review)
    assert in_review.state == "approved"


def test_a_password_does_not_sign_for_a_provider_session(client, in_review):
    answer = client.post(approve_url(in_review), data={"meaning": "content_owner", "password": "anything-at-all"})
    assert provider_link(answer).startswith(client.application.config["OIDC_ISSUER"])  # not signed: sent there
    assert approval_of(in_review) is None


def test_signing_in_again_as_someone_else_signs_nothing(client, oidc_provider, in_review):
    to_provider = provider_link(client.post(approve_url(in_review), data={"meaning": "content_owner"}))
    with requests.Session() as colleagues_browser:
        callback = oidc_provider.log_in(colleagues_browser, to_provider, "olli")
    client.get(callback)
    assert approval_of(in_review) is None
    db.session.refresh(in_review)
    assert in_review.state == "in_review"


def test_an_ordinary_sign_in_answer_does_not_sign(client, oidc_provider, browser, in_review):
    client.post(approve_url(in_review), data={"meaning": "content_owner"})
    # An answer to an ordinary sign-in started elsewhere (another state, no fresh login) is refused.
    other = client.application.test_client()
    old_answer = oidc_provider.log_in(browser, other.get("/oidc/login").location, "liisa")
    client.get(old_answer)
    assert approval_of(in_review) is None


def test_meaning_is_required_before_going_to_the_provider(client, in_review):
    answer = client.post(approve_url(in_review), data={"meaning": ""})
    assert answer.status_code == 422
    assert approval_of(in_review) is None


def test_the_api_shows_how_the_approval_was_signed(client, oidc_provider, browser, in_review, make, bearer):
    to_provider = provider_link(client.post(approve_url(in_review), data={"meaning": "content_owner"}))
    client.get(oidc_provider.log_in(browser, to_provider, "liisa"))
    path = f"/api/v1/documents/{in_review.document.code}/versions/{in_review.number}"
    body = client.get(path, headers=bearer(make.user("auditor"))).get_json()
    (approval,) = body["approvals"]
    assert approval["signature_method"] == "oidc" and approval["authenticated_at"]


def test_a_local_sign_in_after_a_provider_session_signs_with_the_password(client, in_review, make, login):
    """The browser's earlier provider sign-in does not decide how a local user signs."""
    client.post("/logout")
    with client.session_transaction() as session:
        assert session.get("auth_method")  # still in the browser's session after signing out
    local = login(make.user("approver"))
    author = make.user("author")
    version = make.draft(author, title="Toinen ohje")
    approvals.submit_version(author, version, approvers=[local], change_type="major", change_summary="x")
    db.session.commit()
    page = client.get(f"/d/{version.document.code}/v/{version.number}/review").get_data(as_text=True)
    assert 'type="password"' in page
