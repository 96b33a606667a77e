"""Signing stays a signature: a user who signed in through SAML signs with a ForceAuthn sign-in."""

from __future__ import annotations

import base64
import json
import zlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from registry.audit.models import AuditEvent
from registry.auth.models import User
from registry.db import utcnow
from registry.extensions import db
from registry.workflow import approvals
from registry.workflow.models import Approval
from tests.sso_servers import SAML_USERS, posted_form, provider_link


@pytest.fixture
def app_config(app_config, saml_idp):
    app_config.update(saml_idp.app_config())
    return app_config


@pytest.fixture
def browser():
    with requests.Session() as session:
        yield session


@pytest.fixture
def in_review(client, make, saml_idp, browser):
    """Sanna signed in through SAML; a version waiting for her approval."""
    saml_idp.register_sp(client.get("/saml/metadata").get_data(as_text=True))
    acs, fields = saml_idp.log_in(browser, client.get("/saml/login").location, "sanna")
    client.post(acs, data=fields)
    sanna = db.session.execute(db.select(User).where(User.email == SAML_USERS["sanna"]["mail"][0])).scalar_one()
    author = make.user("author")
    version = make.draft(author, title="Harjoittelun ohje")
    approvals.submit_version(author, version, approvers=[sanna], change_type="major", change_summary="Uusi")
    db.session.commit()
    return version


def failures(reason: str) -> int:
    events = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")).scalars()
    return sum(1 for e in events if json.loads(e.after_json or "{}").get("reason") == reason)


def approve_url(version) -> str:
    return f"/d/{version.document.code}/v/{version.number}/approve"


def approval_of(version):
    return db.session.execute(db.select(Approval).where(Approval.version_id == version.id)).scalar_one_or_none()


def authn_request(location: str) -> str:
    encoded = parse_qs(urlsplit(location).query)["SAMLRequest"][0]
    return zlib.decompress(base64.b64decode(encoded), -15).decode("utf-8")


def test_approval_forces_a_new_authentication_and_records_it(client, saml_idp, browser, in_review):
    asked_at = utcnow()
    to_provider = provider_link(client.post(approve_url(in_review), data={"meaning": "quality_manager"}))
    assert to_provider.startswith(saml_idp.base)
    assert 'ForceAuthn="true"' in authn_request(to_provider)
    # The IdP session is alive, yet the IdP asks for the password again.
    page = browser.get(to_provider, timeout=10).text
    assert 'name="password"' in page
    acs, fields = saml_idp.log_in(browser, to_provider, "sanna")
    done = client.post(acs, data=fields)
    assert done.status_code == 302 and done.location.endswith("/approvals")
    approval = approval_of(in_review)
    assert approval is not None and approval.meaning == "quality_manager"
    assert approval.signature_method == "saml"
    assert asked_at - timedelta(seconds=5) <= approval.authenticated_at <= utcnow()


def test_an_answer_from_an_old_idp_session_does_not_sign(client, saml_idp, browser, in_review):
    """An IdP that ignores ForceAuthn answers from its session: the old AuthnInstant is refused."""
    to_provider = provider_link(client.post(approve_url(in_review), data={"meaning": "quality_manager"}))
    flag = saml_idp.folder / "ignore-force-authn"
    flag.write_text("600")  # as if the IdP sign-in had been ten minutes ago
    try:
        page = browser.get(to_provider, timeout=10).text
    finally:
        flag.unlink()
    assert 'name="password"' not in page  # it did not ask again
    acs, fields = posted_form(page)
    client.post(acs, data=fields)
    assert approval_of(in_review) is None
    assert failures("not_fresh") == 1


def test_signing_in_again_as_someone_else_signs_nothing(client, saml_idp, in_review):
    to_provider = provider_link(client.post(approve_url(in_review), data={"meaning": "quality_manager"}))
    with requests.Session() as colleagues_browser:
        acs, fields = saml_idp.log_in(colleagues_browser, to_provider, "timo")
    client.post(acs, data=fields)
    assert approval_of(in_review) is None
