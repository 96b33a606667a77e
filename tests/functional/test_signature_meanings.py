"""GET /api/v1/signature-meanings and the meanings enumerated in the OpenAPI schema."""

from __future__ import annotations

from registry.workflow.signatures import MEANINGS

ROUTE_ENDPOINTS = {"api_workflow.SignatureMeanings"}


def test_meanings_are_listed_with_labels(client, make, bearer):
    answer = client.get("/api/v1/signature-meanings", headers=bearer(make.user()))
    assert answer.status_code == 200
    items = answer.get_json()["items"]
    assert [item["code"] for item in items] == list(MEANINGS)
    assert all(item["label"] and item["label"] != item["code"] for item in items)


def test_meanings_need_credentials(client):
    answer = client.get("/api/v1/signature-meanings")
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"]


def test_meanings_are_enumerated_in_the_openapi_schema(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/signature-meanings" in spec["paths"]
    schemas = spec["components"]["schemas"]
    transition = next(s for name, s in schemas.items() if name.startswith("TransitionIn"))
    assert [m for m in transition["properties"]["meaning"]["enum"] if m is not None] == list(MEANINGS)
    meaning_out = next(s for name, s in schemas.items() if name.startswith("SignatureMeaningOut"))
    assert meaning_out["properties"]["code"]["enum"] == list(MEANINGS)
