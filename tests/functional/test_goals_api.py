"""The goals section of API.md, PUT /documents/{code}/goals and goals in the documents API."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from registry.audit.models import AuditEvent
from registry.auth.services import create_api_token
from registry.extensions import db
from registry.goals import services
from tests.goals_helpers import build_plan


def _token(user) -> dict:
    token = create_api_token(None, user, "test")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def owner(make):
    return make.user("quality_owner", "author")


@pytest.fixture
def setup(owner):
    plan, goals = build_plan(owner)
    return plan, goals, _token(owner)


def test_openapi_lists_the_goals_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/plans",
        "/api/v1/goals",
        "/api/v1/goals/{code}",
        "/api/v1/goals/{code}/progress",
        "/api/v1/indicators",
        "/api/v1/indicators/{indicator_id}/measurements",
        "/api/v1/reports/coverage",
        "/api/v1/plans/{plan_id}/report",
        "/api/v1/documents/{code}/goals",
    ):
        assert path in paths, path
    assert "put" in paths["/api/v1/documents/{code}/goals"]


def test_plans_and_goals_round_trip(client, owner):
    headers = _token(owner)
    response = client.post("/api/v1/plans", json={"code": "strat", "name": "Laatustrategia 2026"}, headers=headers)
    assert response.status_code == 201 and response.get_json()["code"] == "STRAT"
    response = client.post("/api/v1/goals", json={"plan": "STRAT", "code": "S1", "title": "Tavoite"}, headers=headers)
    assert response.status_code == 201
    response = client.post(
        "/api/v1/goals", json={"plan": "STRAT", "code": "S1.1", "title": "Ala", "parent": "S1"}, headers=headers
    )
    assert response.get_json()["parent"] == "S1"
    listing = client.get("/api/v1/goals?plan=STRAT", headers=headers).get_json()
    assert [g["code"] for g in listing["items"]] == ["S1", "S1.1"] and listing["total"] == 2
    assert client.get("/api/v1/plans", headers=headers).get_json()["total"] == 1


def test_duplicate_goal_code_is_422_and_unknown_plan_404(client, setup):
    _plan, _goals, headers = setup
    response = client.post("/api/v1/goals", json={"plan": "LAMPPU", "code": "T1", "title": "X"}, headers=headers)
    assert response.status_code == 422 and "code" in response.get_json()["error"]["fields"]
    response = client.post("/api/v1/goals", json={"plan": "NOPE", "code": "T9", "title": "X"}, headers=headers)
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_progress_indicator_and_measurements(client, setup):
    _plan, _goals, headers = setup
    response = client.post(
        "/api/v1/goals/T1/progress", json={"period": "kevät 2012", "text": "Aloitettu."}, headers=headers
    )
    assert response.status_code == 201
    response = client.post(
        "/api/v1/indicators",
        json={"goal": "LAMPPU:T1", "name": "Kokoukset", "unit": "kpl", "target": "6"},
        headers=headers,
    )
    indicator = response.get_json()
    assert response.status_code == 201 and indicator["target"] == 6.0
    url = f"/api/v1/indicators/{indicator['id']}/measurements"
    assert client.post(url, json={"period": "kevät 2012", "value": "3,5"}, headers=headers).status_code == 201
    bad = client.post(url, json={"period": "kevät 2012", "value": "paljon"}, headers=headers)
    assert bad.status_code == 422 and "value" in bad.get_json()["error"]["fields"]
    bad = client.post(url, json={"period": "joskus", "value": 1}, headers=headers)
    assert bad.status_code == 422 and "period" in bad.get_json()["error"]["fields"]
    goal = client.get("/api/v1/goals/T1", headers=headers).get_json()
    assert goal["progress"][0]["text"] == "Aloitettu."
    assert goal["indicators"][0]["measurements"] == [{"period": "kevät 2012", "value": 3.5, "note": ""}]
    assert (
        client.post(
            "/api/v1/indicators/9999/measurements", json={"period": "2012", "value": 1}, headers=headers
        ).status_code
        == 404
    )


def test_a_400_digit_value_or_target_is_a_field_error(client, setup):
    _plan, _goals, headers = setup
    huge = int("9" * 400)
    response = client.post("/api/v1/indicators", json={"goal": "T1", "name": "Kpl", "target": huge}, headers=headers)
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"target"}
    indicator = client.post("/api/v1/indicators", json={"goal": "T1", "name": "Kpl"}, headers=headers).get_json()
    url = f"/api/v1/indicators/{indicator['id']}/measurements"
    response = client.post(url, json={"period": "2012", "value": -huge}, headers=headers)
    assert response.status_code == 422 and set(response.get_json()["error"]["fields"]) == {"value"}
    assert client.get("/api/v1/goals/T1", headers=headers).get_json()["indicators"][0]["measurements"] == []


def test_put_document_goals_replaces_links_and_is_audited(client, make, setup, owner):
    _plan, _goals, headers = setup
    document = make.published(owner, title="Laatustrategia")
    response = client.put(f"/api/v1/documents/{document.code}/goals", json={"goals": ["T1", "T3"]}, headers=headers)
    assert response.status_code == 200 and response.get_json()["goals"] == ["T1", "T3"]
    assert client.get(f"/api/v1/documents/{document.code}", headers=headers).get_json()["goals"] == ["T1", "T3"]
    bad = client.put(f"/api/v1/documents/{document.code}/goals", json={"goals": ["T1", "T404"]}, headers=headers)
    assert bad.status_code == 422 and "T404" in bad.get_json()["error"]["fields"]["goals"]
    assert (
        client.put(f"/api/v1/documents/{document.code}/goals", json={"goals": "T1"}, headers=headers).status_code == 422
    )
    assert services.goal_codes_for_documents([document.id])[document.id] == ["T1", "T3"]
    events = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "document.goals")).scalars().all()
    assert len(events) == 1
    goal = client.get("/api/v1/goals/T1", headers=headers).get_json()
    assert [d["code"] for d in goal["documents"]] == [document.code]


def test_put_document_goals_refused_for_others(client, make, setup, owner):
    document = make.published(owner, title="Ohje")
    reader = make.user()
    response = client.put(f"/api/v1/documents/{document.code}/goals", json={"goals": ["T1"]}, headers=_token(reader))
    assert response.status_code == 403
    assert client.put(f"/api/v1/documents/{document.code}/goals", json={"goals": ["T1"]}).status_code == 401
    assert services.goal_codes_for_documents([document.id])[document.id] == []


def test_post_document_with_goals(client, make, setup):
    make.doc_type("TO")
    _plan, _goals, headers = setup
    response = client.post(
        "/api/v1/documents", json={"type": "TO", "title": "Uusi ohje", "goals": ["T2"]}, headers=headers
    )
    assert response.status_code == 201 and response.get_json()["goals"] == ["T2"]
    bad = client.post("/api/v1/documents", json={"type": "TO", "title": "Toinen", "goals": ["T9"]}, headers=headers)
    assert bad.status_code == 422
    assert client.get("/api/v1/documents", headers=headers).get_json()["total"] == 1


def test_reports_in_every_format(client, setup):
    plan, _goals, headers = setup
    coverage = client.get("/api/v1/reports/coverage", headers=headers).get_json()
    assert [g["code"] for g in coverage["plans"][0]["goals"]] == ["T1", "T2", "T3"]
    assert coverage["plans"][0]["goals"][0]["no_document"] is True
    report = client.get(f"/api/v1/plans/{plan.id}/report", headers=headers).get_json()
    assert [g["code"] for g in report["goals"]] == ["T1", "T2", "T3"]
    html = client.get(f"/api/v1/plans/{plan.id}/report?format=html", headers=headers)
    assert html.mimetype == "text/html" and "Tavoite T2" in html.get_data(as_text=True)
    pdf = client.get(f"/api/v1/plans/{plan.id}/report?format=pdf", headers=headers)
    assert "TavoiteT3" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).replace(" ", "")
    docx = client.get(f"/api/v1/plans/{plan.id}/report?format=docx", headers=headers)
    assert docx.data[:2] == b"PK"
    assert client.get(f"/api/v1/plans/{plan.id}/report?format=xml", headers=headers).status_code == 422
    assert client.get(f"/api/v1/plans/{plan.id}/report").status_code == 401


def test_documents_list_filters_by_goal(client, make, setup, owner):
    _plan, (t1, _t2, _t3), headers = setup
    serving = make.published(owner, title="Palvelee")
    make.published(owner, title="Ei palvele")
    services.set_document_goals(owner, serving, [t1])
    db.session.commit()
    items = client.get("/api/v1/documents?goal=T1", headers=headers).get_json()["items"]
    assert [i["code"] for i in items] == [serving.code]
    assert client.get("/api/v1/documents?goal=NOPE", headers=headers).get_json()["total"] == 0
    assert client.get("/api/v1/documents", headers=headers).get_json()["total"] == 2
