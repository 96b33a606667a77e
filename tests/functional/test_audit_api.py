"""The audit API: log, export, verify, a document's history and version diffs."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import text

from registry.audit.models import AuditEvent
from registry.extensions import db

ROUTE_ENDPOINTS = {
    "api_audit.AuditLog",
    "api_audit.AuditExport",
    "api_audit.AuditVerify",
    "api_audit.DocumentHistory",
    "api_audit.VersionDiff",
}  # tested under every role below
ROLES = ("reader", "author", "approver", "quality_owner", "auditor", "admin")


@pytest.fixture
def world(make):
    from registry.auth.services import create_api_token

    owner = make.user("author", "quality_owner", email="owner@example.org")
    document = make.published(owner, title="Ohje", bodies=("Kädet pestään.", "Kädet pestään aina."))
    tokens = {}
    for role in ROLES:
        user = make.user(role, email=f"{role}@example.org")
        tokens[role] = create_api_token(user, user)
    tokens["owner"] = create_api_token(owner, owner)
    db.session.commit()
    return {"document": document, "tokens": tokens}


def _get(client, world, role, path):
    headers = {"Authorization": f"Bearer {world['tokens'][role]}"} if role != "anonymous" else {}
    return client.get(path.format(code=world["document"].code), headers=headers)


AUDIT_READERS = {"auditor": 200, "admin": 200, "anonymous": 401}


@pytest.mark.parametrize("role", ("anonymous", *ROLES))
@pytest.mark.parametrize(
    "path",
    ["/api/v1/audit", "/api/v1/audit/verify", "/api/v1/audit/export?format=json", "/api/v1/documents/{code}/history"],
)
def test_audit_api_by_role(client, world, role, path):
    response = _get(client, world, role, path)
    assert response.status_code == AUDIT_READERS.get(role, 403)
    if response.status_code >= 400:
        assert "error" in response.get_json()


@pytest.mark.parametrize("role", ("anonymous", *ROLES))
def test_diff_api_by_role(client, world, role):
    response = _get(client, world, role, "/api/v1/documents/{code}/versions/1/diff/2")
    assert response.status_code == (401 if role == "anonymous" else 200)


def test_owner_may_read_the_history(client, world):
    response = _get(client, world, "owner", "/api/v1/documents/{code}/history")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == len(body["items"]) >= 3
    seqs = [e["seq"] for e in body["items"]]
    assert seqs == sorted(seqs)  # oldest first
    assert {e["document_code"] for e in body["items"]} == {world["document"].code}


def test_history_is_paged_like_every_list(client, world):
    whole = _get(client, world, "auditor", "/api/v1/documents/{code}/history").get_json()
    assert (whole["code"], whole["page"], whole["per_page"]) == (world["document"].code, 1, 20)
    total = whole["total"]
    body = _get(client, world, "auditor", "/api/v1/documents/{code}/history?page=2&per_page=2").get_json()
    assert (body["total"], body["page"], body["per_page"]) == (total, 2, 2)
    assert [e["seq"] for e in body["items"]] == [e["seq"] for e in whole["items"][2:4]]
    response = _get(client, world, "auditor", "/api/v1/documents/{code}/history?per_page=101")
    assert response.status_code == 422


def test_log_filters_and_pagination(client, world):
    body = _get(client, world, "auditor", "/api/v1/audit?action=version.&per_page=1&page=2").get_json()
    assert body["total"] == 2 and body["page"] == 2 and len(body["items"]) == 1
    assert body["items"][0]["action"] == "version.import"
    query = "actor=approver@example.org&action=auth.token_create"
    body = _get(client, world, "auditor", f"/api/v1/audit?{query}").get_json()
    assert body["total"] == 1


@pytest.mark.parametrize(
    "query",
    [
        "since=tomorrow",
        "per_page=1000",
        "until=2026-99-01",
        "since=0001-01-01",
        "until=9999-12-31",
        "since=9999-12-31T23:59:59-05:00",
    ],
)
def test_bad_filters_are_a_clear_error(client, world, query):
    response = _get(client, world, "auditor", f"/api/v1/audit?{query}")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_failed"


def test_export_is_audited(client, world):
    before = db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one()
    response = _get(client, world, "auditor", "/api/v1/audit/export?format=json&document={code}")
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    assert data["events"][-1]["action"] == "audit.export"
    assert db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one() == before + 1
    assert _get(client, world, "auditor", "/api/v1/audit/export?format=xml").status_code == 422
    assert _get(client, world, "auditor", "/api/v1/audit/export?format=csv&until=9999-12-31").status_code == 422


def test_verify_names_the_tampered_event(client, world):
    assert _get(client, world, "auditor", "/api/v1/audit/verify").get_json()["ok"] is True
    target = db.session.execute(db.select(AuditEvent).where(AuditEvent.seq == 3)).scalar_one()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP TRIGGER audit_event_no_update ON audit_event"))
    else:
        db.session.execute(text("DROP TRIGGER audit_event_no_update"))
    db.session.execute(text("UPDATE audit_event SET actor_label = 'someone-else' WHERE id = :id"), {"id": target.id})
    from registry.audit.services import verify_chain

    report = verify_chain().as_dict()
    db.session.rollback()
    assert report == {
        "ok": False,
        "events": 2,
        "first_bad_event": target.id,
        "first_bad_seq": 3,
        "problem": "hash_mismatch",
    }


def test_diff_lists_word_changes(client, world):
    body = _get(client, world, "reader", "/api/v1/documents/{code}/versions/1/diff/2").get_json()
    fields = {c["field"]: c for c in body["changes"]}
    assert fields["title"]["changed"] is False
    assert {"op": "insert", "text": " aina"} in fields["body"]["segments"]
    assert _get(client, world, "reader", "/api/v1/documents/{code}/versions/1/diff/9").status_code == 404
    assert _get(client, world, "reader", "/api/v1/documents/NOPE-1/versions/1/diff/2").status_code == 404


def test_openapi_describes_the_audit_routes(client, world):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/audit",
        "/api/v1/audit/export",
        "/api/v1/audit/verify",
        "/api/v1/documents/{code}/history",
        "/api/v1/documents/{code}/versions/{a}/diff/{b}",
    ):
        assert path in paths


def test_history_lists_an_approval_signed_here_with_signer_and_meaning(client, make):
    from registry.auth.services import create_api_token
    from registry.workflow.models import Approval
    from tests.workflow_helpers import build, version_in

    flow = build(make)
    version = version_in(flow, "approved")
    approval = db.session.execute(db.select(Approval).where(Approval.version_id == version.id)).scalar_one()
    token = create_api_token(None, make.user("auditor"))
    db.session.commit()
    body = client.get(
        f"/api/v1/documents/{flow.document.code}/history", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    (event,) = [e for e in body["items"] if e["action"] == "version.approve"]
    assert (event["actor_id"], event["actor"]) == (flow.approver.id, flow.approver.email)
    assert event["object_id"] == str(version.id) and event["after"]["meaning"] == "content_owner"
    assert event["after"]["state"] == "approved" and event["before"] == {"state": "in_review"}
    assert abs((datetime.fromisoformat(event["occurred_at"]) - approval.signed_at).total_seconds()) < 5
