"""Auditors are read-only everywhere: every write route, web and API, refuses a user whose
only elevated role is auditor, even when that user owns the document."""

from __future__ import annotations

import pytest

from registry.audit.models import AuditEvent
from registry.auth import permissions
from registry.extensions import db

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Account self-service, not a change to the registry: logging in and out, one's own API tokens.
# The auditor's own account: logging in and out, their tokens, marking their own notifications read.
ACCOUNT_ENDPOINTS = {
    "auth.login",
    "auth.logout",
    "auth.profile",
    "auth.revoke_token",
    "workflow.mark_read",
    # One's own sign-in: the second factor, one's own sessions, the identity provider's answer.
    "auth.verify_code",
    "auth.two_factor",
    "auth.end_session",
    "auth.sign_out_everywhere",
    "sso.saml_acs",
}
# Write routes with a valid body, so that only the role can be the reason for refusal.
VALID_BODIES = {
    "workflow.create_document": {"data": {"type": "TO", "title": "Uusi", "visibility": "internal", "language": "fi"}},
    "workflow.new_draft": {"data": {}},
    "workflow.edit_draft": {"data": {"title": "Muutettu", "body": "Muutettu", "revision": "1"}},
    "api_documents.Documents": {"json": {"type": "TO", "title": "Uusi"}},
    "api_documents.Versions": {"json": {}},
    "api_documents.Version": {"json": {"revision": 1, "body": "Muutettu"}},
    "workflow.send_change_request": {"data": {"text": "Puhelinnumero puuttuu."}},
    "api_change_requests.DocumentChangeRequests": {"json": {"text": "Puhelinnumero puuttuu."}},
}


@pytest.fixture
def setup(make):
    from registry.auth.services import create_api_token

    author = make.user("author", "quality_owner")
    auditor = make.user("auditor", email="auditor@example.org")
    draft = make.draft(author, title="Luonnos", body="Alku", owner_email=auditor.email)
    published = make.published(author, title="Julkaistu", owner_email=auditor.email)
    token = create_api_token(auditor, auditor)
    db.session.commit()
    return {"auditor": auditor, "draft": draft, "published": published, "token": token}


def _count() -> int:
    return db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one()


def _url(rule, setup) -> str:
    values = {}
    for arg in rule.arguments:
        if arg == "code":
            values[arg] = setup["draft"].document.code
        elif arg == "number":
            values[arg] = setup["draft"].number
        elif arg == "action" and rule.endpoint == "workflow.decide_change_request":
            values[arg] = "accept"  # /change-requests/<id>/<any(accept, reject, reopen):action>
        elif arg == "action":  # /goals/<id>/<any(archive, restore):action>
            values[arg] = "archive"
        else:
            values[arg] = 1
    return rule.build(values, append_unknown=False)[1]


def _write_rules(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(set(rule.methods or ()) & set(WRITE_METHODS)):
            if rule.endpoint not in ACCOUNT_ENDPOINTS:
                yield rule, method


def test_auditor_predicates_grant_no_write(setup):
    auditor, draft = setup["auditor"], setup["draft"]
    assert permissions.is_owner(auditor, draft.document)  # owns it, and still may not write
    assert not permissions.has_write_role(auditor)
    assert not permissions.can_create_document(auditor)
    assert not permissions.can_start_draft(auditor, setup["published"])
    assert not permissions.can_edit_version(auditor, draft)
    assert not permissions.can_import(auditor)
    assert permissions.can_view_version(auditor, draft)  # but reads everything


def test_every_write_route_refuses_an_auditor(app, client, login, setup):
    login(setup["auditor"])
    headers = {"Authorization": f"Bearer {setup['token']}"}
    before = _count()
    refused, wrong = set(), []
    for rule, method in _write_rules(app):
        is_api = rule.rule.startswith("/api/")
        body = VALID_BODIES.get(rule.endpoint, {"json": {}} if is_api else {"data": {}})
        response = client.open(_url(rule, setup), method=method, headers=headers if is_api else {}, **body)
        expected_403 = rule.endpoint in VALID_BODIES
        ok = response.status_code == 403 if expected_403 else 400 <= response.status_code < 500
        if ok:
            refused.add(rule.endpoint)
        else:
            wrong.append((method, rule.rule, response.status_code))
    assert wrong == []
    assert set(VALID_BODIES) <= refused
    # nothing changed: no event was written (no change without an event) and the draft is intact
    assert _count() == before
    db.session.expire_all()
    assert (setup["draft"].body, setup["draft"].revision) == ("Alku", 1)


def test_auditor_with_an_extra_write_role_may_write(make):
    both = make.user("auditor", "author")
    assert permissions.can_create_document(both)
