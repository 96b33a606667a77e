"""Sign-in through SAML 2.0 against pysaml2's real IdP; unsigned, altered and replayed answers refused."""

from __future__ import annotations

import base64
import json
import re

import pytest
import requests

from registry.audit.models import AuditEvent
from registry.auth.models import ExternalIdentity, User
from registry.extensions import db
from tests.sso_servers import SAML_USERS, posted_form

ROUTE_ENDPOINTS = {"sso.saml_login", "sso.saml_acs", "sso.saml_metadata"}


@pytest.fixture
def app_config(app_config, saml_idp):
    app_config.update(saml_idp.app_config())
    return app_config


@pytest.fixture
def registered(client, saml_idp):
    """The IdP knows this app: its administrator loaded Lamppu's /saml/metadata."""
    answer = client.get("/saml/metadata")
    assert answer.status_code == 200
    saml_idp.register_sp(answer.get_data(as_text=True))
    return saml_idp


def idp_answer(client, idp, login: str) -> tuple[str, dict]:
    answer = client.get("/saml/login")
    assert answer.status_code == 302 and answer.location.startswith(idp.base)
    with requests.Session() as browser:
        return idp.log_in(browser, answer.location, login)


def failures(reason: str) -> int:
    events = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")).scalars()
    return sum(1 for e in events if json.loads(e.after_json or "{}").get("reason") == reason)


def is_signed_in(client) -> bool:
    return client.get("/").status_code == 200


def post_to_acs(client, acs: str, fields: dict):
    """Post the IdP's answer as a browser does, also through Lamppu's page that posts it again."""
    answer = client.post(acs, data=fields)
    if answer.status_code == 200 and "resubmitted" in answer.get_data(as_text=True):
        again_to, again = posted_form(answer.get_data(as_text=True))
        answer = client.post(again_to, data=again)
    return answer


def rewrite(fields: dict, change) -> dict:
    xml = base64.b64decode(fields["SAMLResponse"]).decode("utf-8")
    changed = change(xml)
    assert changed != xml
    return {**fields, "SAMLResponse": base64.b64encode(changed.encode("utf-8")).decode("ascii")}


def test_metadata_describes_the_service_provider(client):
    answer = client.get("/saml/metadata")
    body = answer.get_data(as_text=True)
    assert answer.mimetype == "application/samlmetadata+xml"
    assert 'entityID="http://localhost/saml/metadata"' in body
    assert "http://localhost/saml/acs" in body
    assert 'WantAssertionsSigned="true"' in body


def test_first_sign_in_creates_the_user_with_mapped_roles(client, registered):
    acs, fields = idp_answer(client, registered, "sanna")
    assert acs == "http://localhost/saml/acs"
    answer = post_to_acs(client, acs, fields)
    assert answer.status_code == 302 and answer.location.endswith("/")
    assert is_signed_in(client)
    user = db.session.execute(db.select(User).where(User.email == SAML_USERS["sanna"]["mail"][0])).scalar_one()
    assert user.display_name == "Sanna Saml"
    assert user.roles == {"reader", "approver", "quality_owner"}
    identity = db.session.execute(db.select(ExternalIdentity).where(ExternalIdentity.user_id == user.id)).scalar_one()
    assert (identity.protocol, identity.subject) == ("saml", "sanna")


def test_unsigned_assertion_is_refused(client, registered):
    acs, fields = idp_answer(client, registered, "timo")
    unsigned = rewrite(fields, lambda xml: re.sub(r"<(\w+:)?Signature\b.*?</(\w+:)?Signature>", "", xml, flags=re.S))
    post_to_acs(client, acs, unsigned)
    assert not is_signed_in(client)
    assert failures("assertion_invalid") == 1


def test_altered_assertion_is_refused(client, registered):
    acs, fields = idp_answer(client, registered, "timo")
    altered = rewrite(fields, lambda xml: xml.replace("opettajat", "laatu-hyvaksyjat"))
    post_to_acs(client, acs, altered)
    assert not is_signed_in(client)
    assert failures("assertion_invalid") == 1
    assert db.session.execute(db.select(User).where(User.email == SAML_USERS["timo"]["mail"][0])).first() is None


def test_replayed_answer_is_refused(client, registered):
    acs, fields = idp_answer(client, registered, "timo")
    post_to_acs(client, acs, fields)
    assert is_signed_in(client)
    client.post("/logout")
    post_to_acs(client, acs, fields)
    assert not is_signed_in(client)
    assert failures("no_pending") == 1
    client.get("/saml/login")  # a new request: the old answer is not its answer
    post_to_acs(client, acs, fields)
    assert not is_signed_in(client)
    assert failures("state_mismatch") + failures("assertion_invalid") == 1


def test_answer_to_no_request_is_refused(client, registered):
    acs, fields = idp_answer(client, registered, "timo")
    with client.application.test_client() as stranger:
        # Without a session cookie the answer is first posted again from Lamppu's own page...
        page = stranger.post(acs, data=fields).get_data(as_text=True)
        again_to, again = posted_form(page)
        assert again_to == "/saml/acs" and again["resubmitted"] == "1"
        # ... and then refused: this browser asked for nothing.
        stranger.post(again_to, data=again)
        assert stranger.get("/").status_code == 302
    assert failures("no_pending") == 1


def test_login_page_offers_saml(client):
    assert "/saml/login" in client.get("/login").get_data(as_text=True)
