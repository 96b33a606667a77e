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
