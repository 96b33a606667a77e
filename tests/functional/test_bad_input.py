"""Bad input from a browser or an API client: a clear 4xx that changes nothing, never a 500.

Run on PostgreSQL too (LAMPPU_TEST_DATABASE_URL): it refuses NUL characters in text
and integers above 2^31-1 where SQLite is more lenient.
"""

from __future__ import annotations

import io

import pytest

from registry.documents.models import Document, DocumentVersion
from registry.extensions import db
from registry.goals import services as goals
from tests.filegen import pdf_bytes
from tests.goals_helpers import build_plan


def _assert_nul_refused(response, field: str | None = None):
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "invalid_input" and error["message"]
    if field is not None:
        assert field in error["fields"]


# --- NUL characters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"type": "TO", "title": "x\u0000y"}, "title"),
        ({"type": "TO", "title": "Ohje", "body": "Teksti\u0000"}, "body"),
        ({"type": "TO", "title": "Ohje", "tags": ["a\u0000"]}, "tags"),
    ],
)
def test_nul_in_api_json_is_400_and_creates_nothing(client, make, bearer, payload, field):
    make.doc_type("TO")
    response = client.post("/api/v1/documents", json=payload, headers=bearer(make.user("author")))
    _assert_nul_refused(response, field)
    assert db.session.execute(db.select(Document)).first() is None


def test_nul_in_a_version_patch_is_400_and_changes_nothing(client, make, bearer):
    author = make.user("author")
    make.draft(author, body="Alkuperäinen.")
    response = client.patch(
        "/api/v1/documents/TO-001/versions/1", json={"body": "Uusi\u0000", "revision": 1}, headers=bearer(author)
    )
    _assert_nul_refused(response, "body")
    db.session.expire_all()
    version = db.session.execute(db.select(DocumentVersion)).scalar_one()
    assert version.body == "Alkuperäinen." and version.revision == 1


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/documents?owner=a%00b", "owner"),
        ("/api/v1/audit?actor=%00", "actor"),
        ("/api/v1/documents/TO-001%00", None),
    ],
)
def test_nul_in_the_query_string_or_path_is_400(client, make, bearer, url, field):
    response = client.get(url, headers=bearer(make.user("auditor")))
    _assert_nul_refused(response, field)


def test_nul_in_the_new_document_form_shows_a_message_and_creates_nothing(client, make, login):
    make.doc_type("TO")
    login(make.user("author"))
    response = client.post(
        "/documents/new",
        data={
            "type": "TO",
            "title": "Uusi\x00ohje",
            "visibility": "internal",
            "language": "fi",
            "body": "Teksti.",
        },
    )
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Document)).first() is None


def test_nul_in_the_draft_edit_form_changes_nothing(client, make, login):
    author = make.user("author")
    make.draft(author, body="Alkuperäinen.")
    login(author)
    response = client.post(
        "/d/TO-001/v/1/edit",
        data={
            "title": "Työohje",
            "body": "Uusi\x00",
            "change_summary": "",
            "revision": "1",
        },
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.execute(db.select(DocumentVersion)).scalar_one().body == "Alkuperäinen."


def test_nul_bytes_in_an_uploaded_file_are_not_refused(client, make, bearer):
    """Files are binary: only text fields are checked."""
    author = make.user("author")
    make.draft(author)
    pdf = pdf_bytes("Liite", "Teksti.")
    assert b"\x00" in pdf
    response = client.post(
        "/api/v1/documents/TO-001/versions/1/attachments",
        headers=bearer(author),
        data={"file": (io.BytesIO(pdf), "liite.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json


# --- integers in URLs beyond what a database integer holds ---------------------------------------

HUGE = ("2147483648", "3000000000", "99999999999999999999", "9" * 5000)
HUGE_IDS = ("2^31", "3e9", "1e20", "5000-digits")


@pytest.mark.parametrize("number", HUGE, ids=HUGE_IDS)
@pytest.mark.parametrize(
    "template",
    [
        "/api/v1/documents/TO-001/versions/{n}",
        "/api/v1/documents/TO-001/versions/1/attachments/{n}",
        "/api/v1/documents/TO-001/versions/{n}/diff/1",
        "/api/v1/plans/{n}/report",
    ],
)
def test_huge_numbers_in_api_urls_are_404(client, make, bearer, template, number):
    quality = make.user("author", "quality_owner", "auditor")
    make.published(quality)
    response = client.get(template.format(n=number), headers=bearer(quality))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("number", HUGE, ids=HUGE_IDS)
@pytest.mark.parametrize(
    "template",
    [
        "/d/TO-001/v/{n}",
        "/d/TO-001/v/{n}/print",
        "/d/TO-001/v/1/attachments/{n}",
        "/plans/{n}",
        "/goals/{n}",
        "/admin/users/{n}",
    ],
)
def test_huge_numbers_in_page_urls_are_404(client, make, login, template, number):
    quality = make.user("author", "quality_owner", "admin")
    make.published(quality)
    login(quality)
    assert client.get(template.format(n=number)).status_code == 404


def test_huge_indicator_id_in_a_measurement_post_is_404(client, make, bearer):
    owner = make.user("quality_owner")
    build_plan(owner)
    response = client.post(
        "/api/v1/indicators/3000000000/measurements", json={"period": "2012", "value": 1}, headers=bearer(owner)
    )
    assert response.status_code == 404


def test_the_largest_database_integer_still_matches(client, make, login):
    owner = make.user("quality_owner")
    _plan, (t1, _t2, _t3) = build_plan(owner)
    login(owner)
    assert client.get("/goals/2147483647").status_code == 404
    assert client.get(f"/goals/{t1.id}").status_code == 200
    assert goals.require_goal_id(t1.id) is t1


# --- JSON bodies that Python's json module cannot read ---------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"type": "TO", "title": "x", "review_interval_months": 1' + "0" * 5000 + "}",
    ],
    ids=["nested-too-deeply", "5000-digit-number"],
)
def test_an_unreadable_json_body_is_400_and_creates_nothing(client, make, bearer, body):
    make.doc_type("TO")
    response = client.post(
        "/api/v1/documents", data=body, content_type="application/json", headers=bearer(make.user("author"))
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_input" and response.json["error"]["message"]
    assert db.session.execute(db.select(Document)).first() is None


def test_a_malformed_or_empty_json_body_is_still_answered_by_the_schema(client, make, bearer):
    make.doc_type("TO")
    headers = bearer(make.user("author"))
    malformed = client.post("/api/v1/documents", data="{not json", content_type="application/json", headers=headers)
    assert malformed.status_code == 400 and malformed.json["error"]["code"] == "bad_request"
    empty = client.post("/api/v1/documents", data="", content_type="application/json", headers=headers)
    assert empty.status_code == 422 and {"type", "title"} <= set(empty.json["error"]["fields"])


# --- numbers written in query strings and JSON fields -------------------------------------------


@pytest.mark.parametrize(
    "ref",
    ["3000000000", "99999999999999999999", "²", "9" * 5000],
    ids=["3e9", "1e20", "superscript-two", "5000-digits"],
)
def test_a_plan_number_no_row_can_have_is_an_unknown_plan(client, make, bearer, ref):
    owner = make.user("quality_owner")
    build_plan(owner)
    headers = bearer(owner)
    assert client.get(f"/api/v1/goals?plan={ref}", headers=headers).status_code == 404
    response = client.post("/api/v1/goals", json={"plan": ref, "code": "T9", "title": "X"}, headers=headers)
    assert response.status_code == 404


@pytest.mark.parametrize("number", ["²", "3000000000", "9" * 5000], ids=["superscript-two", "3e9", "5000-digits"])
def test_compare_with_a_version_number_that_is_none_shows_the_form_again(client, make, login, number):
    quality = make.user("author", "quality_owner", "auditor")
    make.published(quality, bodies=("v1", "v2"))
    login(quality)
    response = client.get(f"/d/TO-001/compare?a={number}&b=2")
    assert response.status_code == 400 and "<form" in response.get_data(as_text=True)
