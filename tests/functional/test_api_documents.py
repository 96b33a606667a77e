from __future__ import annotations

import pytest

from registry.documents.models import Document
from registry.extensions import db


def test_no_or_bad_token_is_401_in_the_error_format(client):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/documents", headers=headers)
        assert response.status_code == 401
        assert response.json["error"]["code"] == "unauthorized"
        assert response.json["error"]["message"]


def test_create_document_allocates_code_and_returns_the_draft(client, make, bearer):
    make.doc_type("TO")
    headers = bearer(make.user("author"))
    response = client.post(
        "/api/v1/documents", json={"type": "TO", "title": "Poissaolot", "body": "## Ohje"}, headers=headers
    )
    assert response.status_code == 201
    body = response.json
    assert body["code"] == "TO-001" and body["current"] is None
    assert body["draft"]["state"] == "draft" and body["draft"]["body_html"].startswith("<h2>")
    assert response.headers["Location"].endswith("/api/v1/documents/TO-001")


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"title": "x"}, "type"),
        ({"type": "TO"}, "title"),
        ({"type": "TO", "title": "x", "visibility": "secret"}, "visibility"),
        ({"type": "TO", "title": "x", "unknown": 1}, "unknown"),
        ({"type": "ZZ", "title": "x"}, "type"),
    ],
)
def test_invalid_create_is_422_with_fields_and_creates_nothing(client, make, bearer, payload, field):
    make.doc_type("TO")
    response = client.post("/api/v1/documents", json=payload, headers=bearer(make.user("author")))
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert db.session.execute(db.select(Document)).first() is None


def test_malformed_json_is_a_client_error_not_a_500(client, make, bearer):
    response = client.post(
        "/api/v1/documents",
        data="{not json",
        headers=bearer(make.user("author")) | {"Content-Type": "application/json"},
    )
    assert 400 <= response.status_code < 500
    assert "error" in response.json


def test_reader_may_not_create(client, make, bearer):
    make.doc_type("TO")
    response = client.post("/api/v1/documents", json={"type": "TO", "title": "x"}, headers=bearer(make.user()))
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"


def test_get_document_versions_and_one_version(client, make, bearer):
    quality = make.user("author", "quality_owner")
    make.published(quality, bodies=("v1", "v2"))
    headers = bearer(make.user())
    document = client.get("/api/v1/documents/to1", headers=headers).json
    assert document["code"] == "TO-001" and document["current"]["body"] == "v2"
    versions = client.get("/api/v1/documents/TO-001/versions", headers=headers).json
    assert [v["number"] for v in versions["items"]] == [2, 1]
    one = client.get("/api/v1/documents/TO-001/versions/1", headers=headers).json
    assert one["state"] == "superseded" and one["label"] == "1.0" and len(one["content_hash"]) == 64


def test_versions_list_is_paged_like_every_list(client, make, bearer):
    quality = make.user("author", "quality_owner")
    make.published(quality, bodies=("v1", "v2", "v3"))
    headers = bearer(make.user())
    body = client.get("/api/v1/documents/TO-001/versions", headers=headers).json
    assert (body["total"], body["page"], body["per_page"]) == (3, 1, 20)
    body = client.get("/api/v1/documents/TO-001/versions?page=2&per_page=2", headers=headers).json
    assert [v["number"] for v in body["items"]] == [1]
    assert (body["total"], body["page"], body["per_page"]) == (3, 2, 2)
    assert client.get("/api/v1/documents/TO-001/versions?per_page=101", headers=headers).status_code == 422


def test_a_readers_view_hides_drafts_and_restricted_documents(client, make, bearer):
    author = make.user("author")
    make.draft(author, title="Luonnos")
    unit = make.unit("A")
    quality = make.user("author", "quality_owner")
    make.published(quality, title="Rajattu", visibility="restricted", audience_codes=[unit.code])
    headers = bearer(make.user())
    assert client.get("/api/v1/documents/TO-001", headers=headers).status_code == 404
    assert client.get("/api/v1/documents/TO-002", headers=headers).status_code == 404
    assert client.get("/api/v1/documents/TO-002/versions/1", headers=headers).status_code == 404
    assert client.get("/api/v1/documents", headers=headers).json["total"] == 0


def test_patch_with_stale_revision_is_409(client, make, bearer):
    author = make.user("author")
    make.draft(author)
    headers = bearer(author)
    ok = client.patch("/api/v1/documents/TO-001/versions/1", json={"body": "Uusi", "revision": 1}, headers=headers)
    assert ok.status_code == 200 and ok.json["revision"] == 2
    stale = client.patch("/api/v1/documents/TO-001/versions/1", json={"body": "Vanha", "revision": 1}, headers=headers)
    assert stale.status_code == 409 and stale.json["error"]["code"] == "stale_revision"
    assert client.get("/api/v1/documents/TO-001/versions/1", headers=headers).json["body"] == "Uusi"


def test_new_draft_via_api_and_conflict_when_open(client, make, bearer):
    quality = make.user("author", "quality_owner")
    make.published(quality)
    headers = bearer(quality)
    assert client.post("/api/v1/documents/TO-001/versions", headers=headers).status_code == 201
    conflict = client.post("/api/v1/documents/TO-001/versions", headers=headers)
    assert conflict.status_code == 409 and conflict.json["error"]["code"] == "draft_exists"


def test_pagination_limits(client, make, bearer):
    headers = bearer(make.user())
    assert client.get("/api/v1/documents?per_page=101", headers=headers).status_code == 422
    assert client.get("/api/v1/documents?page=0", headers=headers).status_code == 422


def test_session_cookie_works_for_get_but_not_for_writes(client, make, login):
    make.doc_type("TO")
    login(make.user("author"))
    assert client.get("/api/v1/documents").status_code == 200
    assert client.post("/api/v1/documents", json={"type": "TO", "title": "x"}).status_code == 401


def test_openapi_document_describes_the_routes(client):
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    for path in (
        "/api/v1/documents",
        "/api/v1/documents/{code}",
        "/api/v1/documents/{code}/versions",
        "/api/v1/documents/{code}/versions/{number}",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/documents/{code}/versions/{number}"]) >= {"get", "patch"}


def _resolve(spec: dict, item: dict) -> dict:
    while "$ref" in item:
        *_, section, name = item["$ref"].split("/")
        item = spec["components"][section][name]
    return item


def _error_schema(spec: dict, response_doc: dict) -> dict:
    return _resolve(spec, _resolve(spec, response_doc)["content"]["application/json"]["schema"])


JSON_TYPES = {"string": str, "object": dict, "array": list, "integer": int}


def test_openapi_error_schema_is_the_body_errors_really_have(client, make, bearer):
    spec = client.get("/api/v1/openapi.json").json
    make.doc_type("TO")
    headers = bearer(make.user("author"))
    answers = [
        ("/api/v1/documents/{code}", "get", client.get("/api/v1/documents/TO-999", headers=headers)),
        ("/api/v1/documents", "post", client.post("/api/v1/documents", json={"type": "TO"}, headers=headers)),
        ("/api/v1/documents", "get", client.get("/api/v1/documents")),
    ]
    assert [r.status_code for *_, r in answers] == [404, 422, 401]
    assert "title" in answers[1][2].json["error"]["fields"]
    for path, method, response in answers:
        responses = spec["paths"][path][method]["responses"]
        for declared in (responses[str(response.status_code)], responses["default"]):
            schema = _error_schema(spec, declared)
            assert set(response.json) == set(schema["properties"]) == set(schema["required"])
            detail = _resolve(spec, schema["properties"]["error"])
            body = response.json["error"]
            assert set(detail["required"]) <= set(body) <= set(detail["properties"])
            for key, value in body.items():
                assert isinstance(value, JSON_TYPES[detail["properties"][key]["type"]]), key


def test_openapi_declares_the_error_responses_of_each_route(client):
    spec = client.get("/api/v1/openapi.json").json
    for path, operations in spec["paths"].items():
        for method in set(operations) & {"get", "post", "put", "patch", "delete"}:
            responses = operations[method]["responses"]
            assert "401" in responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if "requestBody" in operations[method]:
                assert "422" in responses, (method, path)
            for status, declared in responses.items():
                if status == "default" or int(status) >= 400:
                    assert "error" in _error_schema(spec, declared)["properties"], (method, path, status)
    transitions = spec["paths"]["/api/v1/documents/{code}/versions/{number}/transitions"]["post"]["responses"]
    assert {"401", "403", "404", "409", "422"} <= set(transitions)


def test_state_filter_matches_only_versions_the_caller_may_see(client, make, bearer):
    from registry.workflow import machine as workflow

    quality = make.user("author", "quality_owner")
    author = make.user("author")
    document = make.published(quality, title="Voimassa")
    workflow.start_new_draft(author, document)
    make.draft(author, title="Ensimmäinen luonnos")
    db.session.commit()

    def codes(user, query):
        body = client.get(f"/api/v1/documents?{query}", headers=bearer(user)).json
        assert body["total"] == len(body["items"])
        return [item["code"] for item in body["items"]]

    reader = make.user()
    assert codes(reader, "state=draft") == []
    assert codes(reader, "state=effective") == ["TO-001"]
    assert codes(author, "state=draft") == ["TO-001", "TO-002"]
    assert codes(make.user("author"), "state=draft") == []
    assert codes(quality, "state=draft") == ["TO-001", "TO-002"]


def test_type_filter_takes_the_prefix_in_any_case(client, make, bearer):
    quality = make.user("author", "quality_owner")
    make.published(quality, title="Ohje", prefix="TO")
    make.published(quality, title="Lomake", prefix="LO")
    headers = bearer(make.user())
    for prefix in ("TO", "to", "To", " to "):
        body = client.get("/api/v1/documents", query_string={"type": prefix}, headers=headers).json
        assert [item["code"] for item in body["items"]] == ["TO-001"], prefix
