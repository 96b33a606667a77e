"""Characters XML cannot hold: refused where text comes in, and harmless where older stored text has them.

The request layer refuses C0 controls (other than tab, newline and carriage return), U+FFFE and
U+FFFF in any field, as it refuses NUL. Text stored before that rule (or written past it) must still
show on every page and in every download: the DOCX and PDF writers drop what XML cannot carry.
"""

from __future__ import annotations

import io
import json

import pytest

from registry.documents.models import Document, DocumentVersion
from registry.extensions import db
from registry.goals.models import Goal, Plan
from tests.goals_helpers import build_plan

ODD = "\x03\x1f\ufffe"


@pytest.mark.parametrize("char", ["\x03", "\x1f", "\x0b", "\ufffe", "\uffff"])
def test_a_control_character_in_api_json_is_refused_naming_the_field(client, make, bearer, char):
    owner = make.user("quality_owner")
    response = client.post("/api/v1/plans", json={"code": "P1", "name": f"Suunnitelma{char}"}, headers=bearer(owner))
    assert response.status_code == 400
    error = response.json["error"]
    assert "name" in error["fields"] and f" {ord(char)})" in error["fields"]["name"]
    assert db.session.execute(db.select(Plan)).first() is None


def test_a_lone_surrogate_in_json_is_refused(client, make, bearer):
    owner = make.user("quality_owner")
    body = '{"code": "P1", "name": "Suunnitelma\\ud800"}'
    response = client.post("/api/v1/plans", data=body, content_type="application/json", headers=bearer(owner))
    assert response.status_code == 400 and "name" in response.json["error"]["fields"]


def test_a_control_character_in_a_form_is_refused_with_a_message(client, make, login):
    make.doc_type("TO")
    login(make.user("author"))
    response = client.post(
        "/documents/new",
        data={"type": "TO", "title": "Ohje\x03", "visibility": "internal", "language": "fi", "body": ""},
    )
    assert response.status_code == 400
    assert "ohjausmerkin" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Document)).first() is None


def test_tab_newline_and_carriage_return_are_still_text(client, make, bearer):
    owner = make.user("quality_owner")
    response = client.post(
        "/api/v1/plans", json={"code": "P1", "name": "Rivi\tyksi\r\nrivi kaksi"}, headers=bearer(owner)
    )
    assert response.status_code == 201


@pytest.fixture
def stored(make):
    """A plan, a goal, an effective document and a draft whose texts hold characters XML cannot hold,
    written straight into the database as an older installation may have them."""
    quality = make.user("author", "quality_owner", "auditor")
    plan, goals = build_plan(quality)
    document = make.published(quality, title="Ohje", bodies=("Ensimmäinen.", "Toinen."))
    draft = make.draft(quality, title="Luonnos", body="Teksti.")
    db.session.execute(db.update(Plan).values(name=f"Suunnitelma {ODD}", organisation=f"Opisto{ODD}"))
    db.session.execute(db.update(Goal).values(title=f"Tavoite {ODD}", description=f"Kuvaus {ODD}"))
    db.session.execute(db.update(Document).values(title=f"Ohje {ODD}"))
    db.session.execute(
        db.update(DocumentVersion).values(
            title=f"Ohje {ODD}",
            body=f"# Otsikko {ODD}\n\nTeksti {ODD}\n\n| a{ODD} | b |\n| --- | --- |\n| c | d |\n",
            change_summary=f"Muutos {ODD}",
        )
    )
    db.session.commit()
    return quality, plan, goals[0], document, draft


def test_every_page_and_download_shows_stored_control_characters(client, login, bearer, stored):
    quality, plan, goal, document, draft = stored
    login(quality)
    code, number = document.code, document.versions[-1].number
    pages = [
        "/",
        f"/d/{code}",
        f"/d/{code}/v/{number}",
        f"/d/{code}/v/{number}/print",
        f"/d/{code}/versions",
        f"/d/{code}/history",
        f"/d/{draft.document.code}/v/1/edit",
        f"/plans/{plan.id}",
        f"/goals/{goal.id}",
        "/goals/coverage",
        f"/plans/{plan.id}/report",
        "/search?q=ohje",
        "/audit/",
    ]
    for path in pages:
        assert client.get(path).status_code == 200, path
    downloads = [
        f"/d/{code}/v/{number}/export?format=pdf",
        f"/d/{code}/v/{number}/export?format=docx",
        f"/d/{draft.document.code}/v/1/export?format=docx",
        "/audit/export?format=csv",
        "/audit/export?format=json",
        f"/d/{code}/history/export?format=json",
    ]
    for path in downloads:
        response = client.get(path)
        assert response.status_code == 200 and response.data, path
    headers = bearer(quality)
    for fmt in ("html", "json", "docx", "pdf"):
        response = client.get(f"/api/v1/plans/{plan.id}/report?format={fmt}", headers=headers)
        assert response.status_code == 200, fmt
    assert client.get(f"/api/v1/documents/{code}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/goals/{goal.code}", headers=headers).status_code == 200
    exported = json.loads(client.get("/api/v1/audit/export?format=json", headers=headers).data)
    assert exported


def test_the_docx_report_keeps_the_text_around_the_dropped_characters(client, bearer, stored):
    import docx

    quality, plan, _goal, _document, _draft = stored
    response = client.get(f"/api/v1/plans/{plan.id}/report?format=docx", headers=bearer(quality))
    text = "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(response.data)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Suunnitelma " in text and "Tavoite " in text and "\x03" not in text
