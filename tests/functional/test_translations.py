"""Language versions: creating a translation, its out-of-date mark, the permalink's language, the API."""

from __future__ import annotations

import pytest

from registry import search
from registry.audit.models import AuditEvent
from registry.documents import translations as language_versions
from registry.documents.models import Document
from registry.extensions import db
from registry.workflow import approvals, publishing, translations
from registry.workflow import machine as workflow
from tests.conftest import PASSWORD
from tests.workflow_helpers import switch_user


@pytest.fixture
def people(make):
    return {
        "quality": make.user("author", "quality_owner", email="laatu@example.org"),
        "approver": make.user("approver", email="hyvaksyja@example.org"),
        "staff": make.user(email="henkilo@example.org"),
    }


@pytest.fixture
def master(make, people):
    return make.published(
        people["quality"],
        title="Työohje koneille",
        visibility="public",
        bodies=("Koneita käytetään turvallisesti.",),
    )


def publish(people, version, *, change_type="major", translates=None):
    """Submit, approve and publish a draft through the real services."""
    if translates is not None:
        translations.name_master_version(people["quality"], version, translates, revision=version.revision)
    approvals.submit_version(
        people["quality"], version, approvers=[people["approver"]], change_type=change_type, change_summary="Muutos"
    )
    approvals.approve_version(people["approver"], version, password=PASSWORD, meaning="content_owner")
    publishing.publish_version(people["quality"], version)
    db.session.commit()
    return version


def new_version(people, document, body, **options):
    version = workflow.start_new_draft(people["quality"], document)
    workflow.edit_draft(people["quality"], version, revision=version.revision, body=body)
    db.session.commit()
    return publish(people, version, **options)


def translate(people, master, language="sv", body="Maskinerna används säkert."):
    draft = translations.create_translation(people["quality"], master, language)
    workflow.edit_draft(
        people["quality"], draft, revision=draft.revision, title="Arbetsinstruktion för maskiner", body=body
    )
    db.session.commit()
    publish(people, draft)
    return draft.document


def count_documents() -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Document)).scalar_one()


def test_a_translation_is_its_own_document_starting_from_the_masters_text(people, master):
    draft = translations.create_translation(people["quality"], master, "sv")
    db.session.commit()
    document = draft.document
    assert document.code == f"{master.code}-sv"
    assert document.language == "sv" and document.translation_of_id == master.id
    assert draft.state == "draft" and draft.body == "Koneita käytetään turvallisesti."
    current = language_versions.master_current(master)
    assert draft.translates_version_id == current.id
    actions = list(
        db.session.execute(
            db.select(AuditEvent.action).where(AuditEvent.document_code == document.code).order_by(AuditEvent.seq)
        ).scalars()
    )
    assert actions == ["document.create", "document.translate", "version.create"]
    translate_event = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "document.translate")
    ).scalar_one()
    assert translate_event.after_json == '{"language":"sv","master":"TO-001","translates":"1.0"}'


@pytest.mark.parametrize(
    "case, error_code, status",
    [
        ("translation_of_translation", "validation_failed", 422),
        ("second_sv", "translation_exists", 409),
        ("unknown_language", "validation_failed", 422),
        ("masters_own_language", "validation_failed", 422),
        ("withdrawn_master", "document_withdrawn", 409),
    ],
)
def test_bad_translations_are_refused_and_change_nothing(people, master, case, error_code, status):
    from registry.errors import ServiceError

    target, language = master, "sv"
    if case == "translation_of_translation":
        target = translate(people, master, "sv")
        language = "en"
    elif case == "second_sv":
        translate(people, master, "sv")
    elif case == "unknown_language":
        language = "de"
    elif case == "masters_own_language":
        language = "fi"
    elif case == "withdrawn_master":
        publishing.withdraw_document(people["quality"], language_versions.master_current(master), reason="Pois.")
        db.session.commit()
    before = count_documents()
    with pytest.raises(ServiceError) as refused:
        translations.create_translation(people["quality"], target, language)
    db.session.rollback()
    assert refused.value.status == status and refused.value.code == error_code
    assert str(refused.value.message)
    assert count_documents() == before


def test_a_reader_may_not_translate(people, master):
    from registry.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        translations.create_translation(people["staff"], master, "sv")


def test_out_of_date_after_a_major_master_change_and_in_step_again(people, master):
    translation = translate(people, master)
    assert not language_versions.is_out_of_date(translation)
    new_version(people, master, "Koneita käytetään vain suojalaseilla.", change_type="minor")
    assert not language_versions.is_out_of_date(translation)  # an editorial change leaves it in step
    new_version(people, master, "Koneita käyttää vain perehdytetty henkilö.", change_type="major")
    assert language_versions.is_out_of_date(translation)
    assert [d.code for d in language_versions.out_of_date_owned_by(people["quality"])] == [translation.code]
    # A new translation version naming an older master version does not bring it in step.
    new_version(people, translation, "Maskinerna används med skyddsglasögon.", translates=2)
    assert language_versions.is_out_of_date(translation)
    # Its next version starts naming the master's current version.
    draft = workflow.start_new_draft(people["quality"], translation)
    assert draft.translates_version_id == language_versions.master_current(master).id
    workflow.edit_draft(people["quality"], draft, revision=draft.revision, body="Endast introducerad personal.")
    db.session.commit()
    publish(people, draft)
    assert not language_versions.is_out_of_date(translation)
    assert language_versions.out_of_date_owned_by(people["quality"]) == []


def test_naming_a_master_version_never_in_force_is_refused(people, master):
    translation = translate(people, master)
    draft = workflow.start_new_draft(people["quality"], translation)
    db.session.commit()
    from registry.errors import ValidationError

    for bad in (99, "x", None):
        with pytest.raises(ValidationError) as refused:
            translations.name_master_version(people["quality"], draft, bad, revision=draft.revision)
        assert "translates" in refused.value.fields
    db.session.rollback()
    master_draft = workflow.start_new_draft(people["quality"], master)
    db.session.commit()
    with pytest.raises(ValidationError):  # a master draft is not a version a translation can follow
        translations.name_master_version(people["quality"], draft, master_draft.number, revision=draft.revision)


def test_pages_show_the_out_of_date_mark(client, login, people, master):
    translation = translate(people, master)
    new_version(people, master, "Uusi ohje.", change_type="major")
    login(people["quality"])
    page = client.get(f"/d/{translation.code}").get_data(as_text=True)
    assert "Käännös vanhentunut." in page and f"Asiakirjan {master.code} kieliversio: ruotsi." in page
    master_page = client.get(f"/d/{master.code}?lang=fi").get_data(as_text=True)
    assert "Kieliversiot" in master_page and translation.code in master_page
    assert "Käännös vanhentunut" in master_page
    tasks = client.get("/inbox").get_data(as_text=True)
    assert "Päivitettävät käännökset" in tasks and translation.code in tasks
    results = client.get("/search?q=arbetsinstruktionerna").get_data(as_text=True)
    assert translation.code in results and 'class="badge stale"' in results


def test_pages_without_translations_show_no_mark(client, login, people, master):
    login(people["staff"])
    page = client.get(f"/d/{master.code}").get_data(as_text=True)
    assert "Kieliversiot" not in page and "Käännös vanhentunut" not in page
    assert "Luo käännös" not in page  # a reader may not create documents
    login(people["quality"])
    switch_user(login, people["quality"])
    assert "Luo käännös" in client.get(f"/d/{master.code}").get_data(as_text=True)


def test_create_translation_from_the_page(client, login, people, master):
    login(people["quality"])
    response = client.post(f"/d/{master.code}/translations", data={"language": "en"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/d/{master.code}-en/v/1/edit")
    edit = client.get(f"/d/{master.code}-en/v/1/edit").get_data(as_text=True)
    assert "Käännetty alkuperäisen versiosta" in edit
    again = client.post(f"/d/{master.code}/translations", data={"language": "en"}, follow_redirects=True)
    assert "Asiakirjalla on jo käännös tällä kielellä." in again.get_data(as_text=True)
    assert count_documents() == 2


def test_the_edit_form_names_the_master_version(client, login, people, master):
    new_version(people, master, "Toinen teksti.", change_type="major")
    draft = translations.create_translation(people["quality"], master, "sv")
    db.session.commit()
    login(people["quality"])
    response = client.post(
        f"/d/{draft.document.code}/v/1/edit",
        data={"title": "Arbetsinstruktion", "body": "Text.", "revision": draft.revision, "translates": "1"},
    )
    assert response.status_code == 302
    db.session.refresh(draft)
    assert language_versions.named_master_version(draft).number == 1
    bad = client.post(
        f"/d/{draft.document.code}/v/1/edit",
        data={"title": "Arbetsinstruktion", "body": "Text.", "revision": draft.revision, "translates": "7"},
    )
    assert bad.status_code == 422 and "Valitse asiakirjan" in bad.get_data(as_text=True)
    db.session.refresh(draft)
    assert language_versions.named_master_version(draft).number == 1


def test_permalink_picks_the_readers_language(client, login, people, master):
    translation = translate(people, master)
    swedish = client.get(f"/d/{master.code}", headers={"Accept-Language": "sv-SE,sv;q=0.9"})
    text = swedish.get_data(as_text=True)
    assert swedish.status_code == 200 and "Arbetsinstruktion för maskiner" in text
    assert 'aria-current="page">Svenska' in text and f'href="/d/{master.code}?lang=fi"' in text
    finnish = client.get(f"/d/{master.code}?lang=fi", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Työohje koneille" in finnish and f'href="/d/{translation.code}?lang=sv"' in finnish
    assert "Työohje koneille" in client.get(f"/d/{master.code}").get_data(as_text=True)
    # English asked, no English version: the master, without a redirect.
    english = client.get(f"/d/{master.code}?lang=en")
    assert english.status_code == 200 and "Työohje koneille" in english.get_data(as_text=True)
    # The translation's own code always shows the translation.
    assert "Arbetsinstruktion" in client.get(f"/d/{translation.code}?lang=fi").get_data(as_text=True)


def test_permalink_ignores_a_translation_not_in_force(client, people, master):
    translations.create_translation(people["quality"], master, "sv")
    db.session.commit()
    page = client.get(f"/d/{master.code}?lang=sv")
    assert page.status_code == 200 and "Työohje koneille" in page.get_data(as_text=True)
    assert "Svenska" not in page.get_data(as_text=True)


def test_search_analyses_swedish_and_english_by_their_own_rules(people, master, make):
    translate(people, master, "sv", body="Följ arbetsinstruktionen noggrant.")
    english = translate(people, make.published(people["quality"], title="Tietoturva"), "en", body="The policy.")
    new_version(people, english, "Security policies for staff.", translates=1)
    found = search.search("arbetsinstruktionerna", user=people["staff"])
    assert [hit.code for hit in found.hits] == [f"{master.code}-sv"]
    assert [hit.code for hit in search.search("policy", user=people["quality"]).hits] == [english.code]


# -- the API ----------------------------------------------------------------------------------------


def test_api_creates_a_translation_and_shows_language_versions(client, bearer, people, master):
    headers = bearer(people["quality"])
    response = client.post(f"/api/v1/documents/{master.code}/translations", json={"language": "sv"}, headers=headers)
    assert response.status_code == 201
    body = response.json
    assert body["code"] == "TO-001-sv" and body["language"] == "sv" and body["translation_of"] == "TO-001"
    assert body["out_of_date"] is False and body["draft"]["translates"] == {
        "code": "TO-001",
        "number": 1,
        "label": "1.0",
    }
    assert response.headers["Location"].endswith("/api/v1/documents/TO-001-sv")
    got = client.get(f"/api/v1/documents/{master.code}", headers=headers).json
    assert got["translation_of"] is None
    assert got["translations"] == [{"code": "TO-001-sv", "language": "sv", "out_of_date": False}]
    listed = client.get("/api/v1/documents", headers=headers).json["items"]
    assert {item["code"]: item["translations"] for item in listed}["TO-001"][0]["code"] == "TO-001-sv"


def test_api_reports_out_of_date_and_names_the_master_version(client, bearer, people, master):
    translation = translate(people, master)
    new_version(people, master, "Uusi ohje.", change_type="major")
    headers = bearer(people["quality"])
    got = client.get(f"/api/v1/documents/{translation.code}", headers=headers).json
    assert got["out_of_date"] is True and got["current"]["translates"]["number"] == 1
    assert client.get(f"/api/v1/documents/{master.code}", headers=headers).json["translations"][0]["out_of_date"]
    found = client.get("/api/v1/search?q=arbetsinstruktionerna", headers=headers).json["items"]
    assert [(item["code"], item["out_of_date"]) for item in found] == [(translation.code, True)]
    draft = client.post(f"/api/v1/documents/{translation.code}/versions", headers=headers).json
    assert draft["translates"]["number"] == 2
    edited = client.patch(
        f"/api/v1/documents/{translation.code}/versions/{draft['number']}",
        json={"revision": draft["revision"], "translates": 1},
        headers=headers,
    )
    assert edited.status_code == 200 and edited.json["translates"]["number"] == 1
    refused = client.patch(
        f"/api/v1/documents/{translation.code}/versions/{draft['number']}",
        json={"revision": edited.json["revision"], "translates": 9},
        headers=headers,
    )
    assert refused.status_code == 422 and "translates" in refused.json["error"]["fields"]


@pytest.mark.parametrize(
    "payload, status",
    [({"language": "de"}, 422), ({"language": "fi"}, 422), ({}, 422), ({"language": "sv", "x": 1}, 422)],
)
def test_api_bad_translation_requests(client, bearer, people, master, payload, status):
    response = client.post(
        f"/api/v1/documents/{master.code}/translations", json=payload, headers=bearer(people["quality"])
    )
    assert response.status_code == status and response.json["error"]["message"]
    assert count_documents() == 1


def test_api_second_translation_and_translation_of_translation(client, bearer, people, master):
    headers = bearer(people["quality"])
    assert (
        client.post(
            f"/api/v1/documents/{master.code}/translations", json={"language": "sv"}, headers=headers
        ).status_code
        == 201
    )
    second = client.post(f"/api/v1/documents/{master.code}/translations", json={"language": "sv"}, headers=headers)
    assert second.status_code == 409 and second.json["error"]["code"] == "translation_exists"
    nested = client.post(f"/api/v1/documents/{master.code}-sv/translations", json={"language": "en"}, headers=headers)
    # The translation has only a draft: a reader-visible 404 is not at stake; the refusal is the nesting.
    assert nested.status_code == 422 and "language" in nested.json["error"]["fields"]
    reader = client.post(
        f"/api/v1/documents/{master.code}/translations", json={"language": "en"}, headers=bearer(people["staff"])
    )
    assert reader.status_code == 403
    assert count_documents() == 2
