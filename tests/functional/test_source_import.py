"""Word and ODT files as a version's text, through the API: conversion, source file, images, refusals."""

from __future__ import annotations

import io

import pytest

from registry.audit.models import AuditEvent
from registry.documents.models import Attachment, DocumentVersion
from registry.extensions import db
from tests import filegen

ROUTE_ENDPOINTS = {"api_documents.Source"}
PICTURE = filegen.png_image()


def _source_url(version) -> str:
    return f"/api/v1/documents/{version.document.code}/versions/{version.number}/source"


def _post(client, version, data: bytes, name: str, headers, revision=None):
    form = {"file": (io.BytesIO(data), name)}
    form["revision"] = str(version.revision if revision is None else revision)
    return client.post(_source_url(version), data=form, headers=headers, content_type="multipart/form-data")


@pytest.fixture
def draft(make):
    author = make.user("author", email="kirjoittaja@example.org")
    return make.draft(author, title="Opiskelijavalinta", body="Vanha teksti.")


def _unchanged(version, body="Vanha teksti.", revision=1) -> None:
    db.session.expire_all()
    fresh = db.session.get(DocumentVersion, version.id)
    assert fresh.body == body and fresh.revision == revision
    assert db.session.execute(db.select(Attachment).where(Attachment.version_id == version.id)).first() is None
    assert not db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "version.source")).first()


def test_docx_becomes_the_drafts_text_with_its_images_and_source(client, bearer, draft):
    response = _post(client, draft, filegen.rich_docx_bytes(image=PICTURE), "valintaohje.docx", bearer(draft.author))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    text = body["body"]
    assert text.startswith("# Opiskelijavalinnan työohje")
    assert "**kaikkia opiskelijavalintoja**" in text and "*noudattaminen on pakollista*" in text
    assert "- Rehtori vastaa valinnoista\n  - Varahenkilönä apulaisrehtori" in text
    assert "1. Hakemukset käsitellään" in text
    assert "| Valinta | Rehtori | huhtikuu 1 |" in text
    assert "[Opetushallitus](https://www.oph.fi/)" in text
    assert "![](attachment:kuva-1.png)" in text
    assert body["conversion_warnings"] == []
    assert body["revision"] == 2
    roles = {
        a.filename: a.role
        for a in db.session.execute(db.select(Attachment).where(Attachment.version_id == draft.id)).scalars()
    }
    assert roles == {"valintaohje.docx": "source", "kuva-1.png": "image"}
    image_url = next(a["url"] for a in body["attachments"] if a["filename"] == "kuva-1.png")
    assert f'<img src="{image_url}"' in body["body_html"]
    assert "<table>" in body["body_html"] and "<li>Varahenkilönä apulaisrehtori</li>" in body["body_html"]


def test_odt_becomes_the_drafts_text(client, bearer, draft):
    response = _post(client, draft, filegen.rich_odt_bytes(image=PICTURE), "palaute.odt", bearer(draft.author))
    assert response.status_code == 200, response.get_json()
    text = response.get_json()["body"]
    assert text.startswith("# Palautteen käsittely")
    assert "**viikon kuluessa**" in text
    assert "- Vastaanotto" in text and "  - Kirjaus järjestelmään" in text
    assert "1. Arviointi" in text and "| Vastaus | Laatuvastaava |" in text
    assert "[Karvi](https://www.karvi.fi/)" in text and "javascript" not in text
    assert "attachment:kuva-1.png" in text


def test_the_conversion_is_audited_and_the_file_is_in_the_content_hash(client, bearer, draft):
    from registry.workflow.machine import content_hash

    before = content_hash(draft)
    assert _post(client, draft, filegen.rich_docx_bytes(), "ohje.docx", bearer(draft.author)).status_code == 200
    event = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "version.source")).scalar_one()
    assert "ohje.docx" in event.after_json
    db.session.expire_all()
    version = db.session.get(DocumentVersion, draft.id)
    source = next(a for a in version.attachments if a.role == "source")
    assert content_hash(version) != before and source.sha256


def test_a_second_file_replaces_the_first_source_and_its_images(client, bearer, draft):
    headers = bearer(draft.author)
    assert _post(client, draft, filegen.rich_docx_bytes(image=PICTURE), "eka.docx", headers).status_code == 200
    other = filegen.rich_docx_bytes(title="Toinen ohje", image=filegen.png_image(colour=(200, 0, 0)))
    response = _post(client, draft, other, "toka.docx", headers, revision=2)
    assert response.status_code == 200
    names = sorted(a["filename"] for a in response.get_json()["attachments"])
    assert names == ["kuva-1.png", "toka.docx"]


def test_create_a_document_from_a_word_file(client, bearer, make):
    author = make.user("author")
    make.doc_type("TO")
    response = client.post(
        "/api/v1/documents",
        headers=bearer(author),
        content_type="multipart/form-data",
        data={
            "type": "TO",
            "title": "Valintaohje",
            "tags": "valinta, haku",
            "file": (io.BytesIO(filegen.rich_docx_bytes(image=PICTURE)), "valinta.docx"),
        },
    )
    assert response.status_code == 201, response.get_json()
    document = response.get_json()
    assert document["tags"] == ["haku", "valinta"]
    assert document["draft"]["body"].startswith("# Opiskelijavalinnan työohje")
    assert document["draft"]["conversion_warnings"] == []
    assert {a["filename"] for a in document["draft"]["attachments"]} == {"valinta.docx", "kuva-1.png"}


def test_create_from_a_file_checks_the_fields_first(client, bearer, make):
    author = make.user("author")
    response = client.post(
        "/api/v1/documents",
        headers=bearer(author),
        content_type="multipart/form-data",
        data={"type": "TO", "file": (io.BytesIO(filegen.rich_docx_bytes()), "a.docx")},
    )
    assert response.status_code == 422
    assert "title" in response.get_json()["error"]["fields"]
    assert db.session.execute(db.select(DocumentVersion)).first() is None


def test_comments_text_boxes_and_objects_are_listed_as_warnings(client, bearer, draft):
    body = (
        '<w:p><w:r><w:t>Ohjeen teksti.</w:t></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>'
        "<w:p><w:r><w:txbxContent><w:p><w:r><w:t>Laatikko</w:t></w:r></w:p></w:txbxContent></w:r></w:p>"
        "<w:p><w:r><w:object/></w:r></w:p>"
    )
    response = _post(client, draft, filegen.docx_with_xml(body), "huomautukset.docx", bearer(draft.author))
    assert response.status_code == 200, response.get_json()
    warnings = " ".join(response.get_json()["conversion_warnings"])
    assert "Kommentit" in warnings and "Tekstiruudut" in warnings and "Upotetut objektit" in warnings


def test_warnings_are_in_english_for_an_english_client(client, bearer, draft):
    body = '<w:p><w:r><w:t>Text.</w:t></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>'
    draft.author.locale = "en"
    db.session.commit()
    response = _post(client, draft, filegen.docx_with_xml(body), "comments.docx", bearer(draft.author))
    assert response.get_json()["conversion_warnings"] == ["Comments were left out."]


def test_a_javascript_link_keeps_only_its_text(client, bearer, draft):
    data = filegen.rich_docx_bytes(link="javascript:alert(document.cookie)")
    response = _post(client, draft, data, "linkki.docx", bearer(draft.author))
    assert response.status_code == 200
    body = response.get_json()
    assert "javascript" not in body["body"] and "javascript" not in body["body_html"]
    assert "Lisätietoa: Opetushallitus" in body["body"]


def test_an_outside_image_is_dropped_and_never_fetched(client, bearer, draft, monkeypatch):
    import mammoth.docx.files

    fetched = []
    monkeypatch.setattr(mammoth.docx.files, "urlopen", lambda url, *a, **k: fetched.append(url))
    data = filegen.docx_with_outside_image("http://127.0.0.1:9/kuva.png")
    response = _post(client, draft, data, "ulkoinen.docx", bearer(draft.author))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert fetched == []
    assert "127.0.0.1" not in body["body"] and "Kuvan jälkeen." in body["body"]
    assert any("ulkopuolelta" in w for w in body["conversion_warnings"])


def test_five_thousand_paragraphs_convert(client, bearer, draft):
    response = _post(client, draft, filegen.many_paragraphs_docx(5000), "pitka.docx", bearer(draft.author))
    assert response.status_code == 200
    text = response.get_json()["body"]
    assert "Kappale 1:" in text and "Kappale 5000:" in text and text.count("\n\n") >= 5000


BAD_FILES = {
    "renamed_pdf": (filegen.pdf_bytes("Ohje", "Teksti"), "ohje.docx", 415, "unsupported_media_type", "tyyppi"),
    "renamed_zip": (filegen.plain_zip(), "ohje.docx", 415, "unsupported_media_type", "tyyppi"),
    "truncated": (filegen.rich_docx_bytes()[:3000], "katkennut.docx", 415, "unsupported_media_type", "vioittunut"),
    "encrypted": (filegen.encrypted_docx(), "salattu.docx", 415, "encrypted_file", "salasan"),
    "macros": (
        filegen.docx_with_xml(
            "<w:p/>",
            content_type="application/vnd.ms-word.document.macroEnabled.main+xml",
            extra_parts={"word/vbaProject.bin": b"\x00" * 64},
        ),
        "makrot.docm",
        415,
        "macros_not_accepted",
        "Makro",
    ),
    "zip_bomb": (filegen.zip_bomb_docx(50), "pommi.docx", 415, "unsafe_archive", "pakattu"),
    "many_parts": (filegen.many_parts_docx(1500), "osat.docx", 415, "unsafe_archive", "osia"),
    "tracked_changes": (
        filegen.docx_with_xml(
            '<w:p><w:ins w:id="1" w:author="Liisa" w:date="2026-01-01T00:00:00Z"><w:r><w:t>lisätty</w:t></w:r>'
            "</w:ins></w:p>"
        ),
        "muutokset.docx",
        422,
        "validation_failed",
        "muutosten",
    ),
    "pdf": (filegen.pdf_bytes("Ohje", "Teksti"), "ohje.pdf", 415, "unsupported_media_type", "Word"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_with_a_reason_and_change_nothing(client, bearer, draft, case):
    data, name, status, code, words = BAD_FILES[case]
    response = _post(client, draft, data, name, bearer(draft.author))
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == code
    message = error["message"] + " ".join(str(v) for v in (error.get("fields") or {}).values())
    assert words.lower() in message.lower()
    _unchanged(draft)


def test_refusals_are_explained_in_english_too(client, bearer, draft):
    draft.author.locale = "en"
    db.session.commit()
    response = _post(client, draft, filegen.encrypted_docx(), "locked.docx", bearer(draft.author))
    assert "password-protected" in response.get_json()["error"]["message"]


def test_an_image_over_the_attachment_limit_refuses_the_file(app, client, bearer, draft):
    app.config["MAX_ATTACHMENT_BYTES"] = 500_000
    padded = filegen.jpeg_image() + b"\x00" * 900_000  # bytes after the image's end: compresses to almost nothing
    response = _post(client, draft, filegen.rich_docx_bytes(image=padded), "iso-kuva.docx", bearer(draft.author))
    assert response.status_code == 413, response.get_json()
    assert "kuva" in response.get_json()["error"]["message"]
    _unchanged(draft)


def test_only_a_draft_takes_a_source(client, bearer, make):
    quality = make.user("author", "quality_owner")
    document = make.published(quality)
    version = document.versions[-1]
    response = _post(client, version, filegen.rich_docx_bytes(), "ohje.docx", bearer(quality))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "not_a_draft"


def test_a_stale_revision_is_refused(client, bearer, draft):
    response = _post(client, draft, filegen.rich_docx_bytes(), "ohje.docx", bearer(draft.author), revision=7)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "stale_revision"
    _unchanged(draft)


def test_the_revision_field_is_required(client, bearer, draft):
    response = client.post(
        _source_url(draft),
        headers=bearer(draft.author),
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(filegen.rich_docx_bytes()), "ohje.docx")},
    )
    assert response.status_code == 422
    assert "revision" in response.get_json()["error"]["fields"]
    _unchanged(draft)


def test_another_users_draft_is_not_theirs_to_replace(client, bearer, make, draft):
    other = make.user("author")
    response = _post(client, draft, filegen.rich_docx_bytes(), "ohje.docx", bearer(other))
    assert response.status_code in (403, 404)
    _unchanged(draft)
