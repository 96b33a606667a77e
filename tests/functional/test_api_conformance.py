"""What the OpenAPI document promises, the server keeps: 405 with Allow, maxLength, enums, long URLs."""

from __future__ import annotations

import pytest

from registry.extensions import db


@pytest.fixture
def headers(make):
    from registry.auth.services import create_api_token

    user = make.user("quality_owner", "auditor", email="owner@example.org")
    token = create_api_token(user, user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE"])
def test_an_undeclared_method_gets_405_with_allow_and_the_json_error(client, headers, method):
    response = client.open("/api/v1/documents", method=method, headers=headers)
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_a_page_answers_405_with_allow_too(client):
    response = client.open("/login", method="TRACE")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("name", ["actor", "action", "object"])
def test_audit_filters_longer_than_their_max_length_are_refused(client, headers, name):
    response = client.get(f"/api/v1/audit?{name}={'a' * 201}", headers=headers)
    assert response.status_code == 422
    assert name in response.get_json()["error"]["fields"]


def test_an_audit_time_the_pattern_refuses_is_refused_by_the_server(client, headers):
    response = client.get("/api/v1/audit?since=2024-01-01T10", headers=headers)
    assert response.status_code == 422
    assert "since" in response.get_json()["error"]["fields"]


def test_a_signature_meaning_outside_the_enum_is_refused_with_422(client, headers, make):
    from registry.auth.models import User

    owner = db.session.execute(db.select(User).filter_by(email="owner@example.org")).scalar_one()
    version = make.draft(owner)
    response = client.post(
        f"/api/v1/documents/{version.document.code}/versions/{version.number}/transitions",
        json={"action": "approve", "password": "x", "meaning": "whatever"},
        headers=headers,
    )
    assert response.status_code == 422
    assert "meaning" in response.get_json()["error"]["fields"]
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["schemas"]["TransitionIn"]["properties"]["meaning"]["enum"][:-1] == [
        "content_owner",
        "quality_manager",
        "management",
    ]


def test_a_request_target_over_the_limit_gets_the_json_414(client, headers):
    from registry.web import MAX_REQUEST_TARGET

    response = client.get("/api/v1/search?q=" + "a" * MAX_REQUEST_TARGET, headers=headers)
    assert response.status_code == 414
    assert response.get_json()["error"]["code"] == "uri_too_long"
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "414" in spec["paths"]["/api/v1/search"]["get"]["responses"]


def test_every_text_parameter_carries_the_text_pattern(client):
    from registry.api.schemas import TEXT_PATTERN

    spec = client.get("/api/v1/openapi.json").get_json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for parameter in item.get("parameters", []) + operation.get("parameters", []):
                schema = parameter["schema"]
                if schema.get("type") == "string" and not {"enum", "format"} & schema.keys():
                    assert "pattern" in schema, (method, path, parameter["name"])
                    if parameter["in"] == "path":
                        assert schema["pattern"] == TEXT_PATTERN
