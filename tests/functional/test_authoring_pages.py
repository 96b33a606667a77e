"""Authoring through the pages: Word/ODT in (convert, check, save), templates per type, diff and search."""

from __future__ import annotations

import io
import re

import pytest

from registry.audit.models import AuditEvent
from registry.documents.models import Attachment, Document, DocumentVersion
from registry.extensions import db
from tests import filegen
from tests.conftest import PASSWORD
from tests.workflow_helpers import switch_user

ROUTE_ENDPOINTS = {"workflow.convert_source", "documents.templates"}
PICTURE = filegen.png_image()
WITH_COMMENT = filegen.docx_with_xml(
    '<w:p><w:r><w:t>Palaute käsitellään viikossa.</w:t></w:r><w:r><w:commentReference w:id="0"/></w:r></w:p>'
)


def _token(page: str) -> str:
    match = re.search(
        r'name="source" type="hidden" value="([^"]+)"|type="hidden" name="source" value="([^"]+)"', page
    ) or re.search(r'id="source" name="source" type="hidden" value="([^"]+)"', page)
    assert match, "no source token on the page"
    return next(g for g in match.groups() if g)


def _convert(client, version, data: bytes, name: str):
    return client.post(
        f"/d/{version.document.code}/v/{version.number}/source",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(data), name), "revision": str(version.revision)},
    )


@pytest.fixture
def draft(make, login):
    author = make.user("author", email="kirjoittaja@example.org")
    login(author)
    return make.draft(author, title="Opiskelijavalinta", body="Vanha teksti.")


def test_convert_shows_the_text_to_check_and_saves_nothing(client, draft):
    response = _convert(client, draft, filegen.rich_docx_bytes(image=PICTURE), "valinta.docx")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "valinta.docx muunnettiin" in page and "Sen kuvat (1) liitetään" in page
    assert "| Valinta | Rehtori | huhtikuu 1 |" in page
    db.session.expire_all()
    assert db.session.get(DocumentVersion, draft.id).body == "Vanha teksti."
    assert not db.session.execute(db.select(Attachment)).first()


def test_saving_the_converted_text_keeps_the_file_as_source(client, draft):
    page = _convert(client, draft, filegen.rich_docx_bytes(image=PICTURE), "valinta.docx").get_data(as_text=True)
    response = client.post(
        f"/d/{draft.document.code}/v/1/edit",
        data={
            "title": "Opiskelijavalinta",
            "body": "# Muokattu\n\n![](attachment:kuva-1.png)\n",
            "change_summary": "",
            "revision": "1",
            "source": _token(page),
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    version = db.session.get(DocumentVersion, draft.id)
    assert version.body.startswith("# Muokattu") and version.revision == 2
    assert {a.filename: a.role for a in version.attachments} == {"valinta.docx": "source", "kuva-1.png": "image"}
    shown = client.get(f"/d/{draft.document.code}/v/1").get_data(as_text=True)
    source = next(a for a in version.attachments if a.role == "source")
    image = next(a for a in version.attachments if a.role == "image")
    assert re.search(r"<dt>Lähde</dt><dd class=\"source-file\"><a [^>]*>valinta\.docx</a>, \d+ kt</dd>", shown)
    assert f'/attachments/{source.id}"' in shown
    assert f'<img src="/d/{draft.document.code}/v/1/attachments/{image.id}"' in shown


def test_a_refused_file_is_explained_on_the_edit_page(client, draft):
    response = _convert(client, draft, filegen.encrypted_docx(), "salattu.docx")
    assert response.status_code == 415
    assert "suojattu salasanalla" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(DocumentVersion, draft.id).body == "Vanha teksti."


def test_a_token_for_another_draft_is_refused(client, make, draft, login):
    page = _convert(client, draft, filegen.rich_docx_bytes(), "a.docx").get_data(as_text=True)
    other = make.draft(draft.author, title="Toinen")
    response = client.post(
        f"/d/{other.document.code}/v/1/edit",
        data={"title": "Toinen", "body": "x", "revision": "1", "source": _token(page)},
    )
    assert response.status_code == 422
    assert "valitse tiedosto uudelleen" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(DocumentVersion, other.id).body == "Teksti."


def test_a_forged_token_is_refused(client, draft):
    response = client.post(
        f"/d/{draft.document.code}/v/1/edit",
        data={"title": "x", "body": "x", "revision": "1", "source": "eyJzaGEyNTYiOiAiMDAwMCJ9.forged"},
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(DocumentVersion, draft.id).body == "Vanha teksti."


def test_another_users_draft_cannot_be_converted(client, make, login, draft):
    switch_user(login, make.user("author"))
    response = _convert(client, draft, filegen.rich_docx_bytes(), "a.docx")
    assert response.status_code in (403, 404)


def _create_form(**extra) -> dict:
    return {
        "type": "TO",
        "title": "Palautteen käsittely",
        "visibility": "internal",
        "language": "fi",
        "unit": "",
        "body": "",
        **extra,
    }


def test_a_new_document_from_a_word_file(client, make, login):
    make.doc_type("TO")
    login(make.user("author"))
    response = client.post(
        "/documents/new",
        content_type="multipart/form-data",
        data=_create_form(file=(io.BytesIO(filegen.rich_docx_bytes(image=PICTURE)), "valinta.docx")),
    )
    assert response.status_code == 302
    version = db.session.execute(db.select(DocumentVersion)).scalar_one()
    assert version.body.startswith("# Opiskelijavalinnan työohje")
    assert sorted(a.role for a in version.attachments) == ["image", "source"]


def test_a_new_document_with_warnings_is_checked_before_it_is_created(client, make, login):
    make.doc_type("TO")
    login(make.user("author"))
    response = client.post(
        "/documents/new",
        content_type="multipart/form-data",
        data=_create_form(file=(io.BytesIO(WITH_COMMENT), "palaute.docx")),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Kommentit jätettiin pois." in page
    assert db.session.execute(db.select(Document)).first() is None
    response = client.post(
        "/documents/new",
        content_type="multipart/form-data",
        data=_create_form(body="Palaute käsitellään viikossa.\n", source=_token(page)),
    )
    assert response.status_code == 302
    version = db.session.execute(db.select(DocumentVersion)).scalar_one()
    assert [a.filename for a in version.attachments] == ["palaute.docx"]


def test_a_refused_file_on_the_new_document_page_creates_nothing(client, make, login):
    make.doc_type("TO")
    login(make.user("author"))
    response = client.post(
        "/documents/new",
        content_type="multipart/form-data",
        data=_create_form(file=(io.BytesIO(filegen.pdf_bytes("x", "y")), "ohje.pdf")),
    )
    assert response.status_code == 415
    assert "Word (DOCX), OpenDocument (ODT)" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Document)).first() is None


# --- templates -------------------------------------------------------------------------------------


@pytest.fixture
def template(make):
    quality = make.user("author", "quality_owner", email="laatu@example.org")
    make.doc_type("PO", "Asiakirjapohja", "Document template")
    make.doc_type("TO")
    document = make.published(
        quality,
        title="Toimintaohjeen pohja",
        prefix="PO",
        bodies=("## Tarkoitus\n\n## Vanhat vastuut\n", "## Tarkoitus\n\n## Vastuut\n"),
    )
    return quality, document


def test_a_quality_owner_chooses_a_types_template(client, login, template):
    quality, document = template
    login(quality)
    page = client.get("/templates").get_data(as_text=True)
    assert "PO-001 Toimintaohjeen pohja" in page
    response = client.post("/templates", data={"type": "TO", "type-TO-template": "PO-001"})
    assert response.status_code == 303
    event = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "document_type.template")).scalar_one()
    assert '"template":"PO-001"' in event.after_json and event.actor_id == quality.id


def test_a_new_document_starts_from_the_templates_current_version(client, login, template):
    from registry.documents import catalog, services

    quality, document = template
    catalog.set_type_template(quality, services.get_type("TO"), document)
    db.session.commit()
    login(quality)
    page = client.get("/documents/new?type=TO").get_data(as_text=True)
    assert "## Vastuut" in page and "Vanhat vastuut" not in page
    assert '<option selected value="TO">' in page
    assert 'href="/documents/new?type=TO"' in client.get("/documents/new").get_data(as_text=True)


def test_an_unknown_template_choice_changes_nothing(client, login, template):
    quality, _document = template
    login(quality)
    response = client.post("/templates", data={"type": "TO", "type-TO-template": "XX-999"})
    assert response.status_code == 422
    assert (
        db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "document_type.template")).first() is None
    )


@pytest.mark.parametrize(
    "roles, status", [((), 403), (("author",), 403), (("admin",), 200), (("author", "quality_owner"), 200)]
)
def test_templates_page_is_for_quality_owners_and_admins(client, make, login, roles, status):
    login(make.user(*roles))
    assert client.get("/templates").status_code == status


# --- diff and search see the converted text --------------------------------------------------------


def _publish(flow_users, version):
    from registry.workflow import approvals, publishing

    author, approver, quality = flow_users
    approvals.submit_version(author, version, approvers=[approver], change_type="major", change_summary="Muutos")
    approvals.approve_version(approver, version, password=PASSWORD, meaning="content_owner")
    publishing.publish_version(quality, version)
    db.session.commit()


def test_a_word_changed_inside_a_table_shows_in_the_diff_and_search_finds_it(app, make, client, login):
    from registry import search
    from registry.documents.diffs import diff_versions
    from registry.workflow import machine as workflow
    from registry.workflow import word_sources

    quality = make.user("author", "quality_owner")
    approver = make.user("approver")
    first = make.draft(quality, title="Valinta")
    prepared = word_sources.prepare_source(io.BytesIO(filegen.rich_docx_bytes()), "valinta.docx")
    word_sources.apply_source(quality, first, prepared, revision=1)
    _publish((quality, approver, quality), first)
    second = workflow.start_new_draft(quality, first.document)
    changed = filegen.rich_docx_bytes(month="toukokuu")
    word_sources.apply_source(
        quality, second, word_sources.prepare_source(io.BytesIO(changed), "valinta.docx"), revision=second.revision
    )
    _publish((quality, approver, quality), second)
    body = next(d for d in diff_versions(first, second) if d.field == "body")
    assert [s.text for s in body.segments if s.op == "delete"] == ["huhtikuu"]
    assert [s.text for s in body.segments if s.op == "insert"] == ["toukokuu"]
    search.sync()
    login(quality)
    found = client.get("/api/v1/search?q=toukokuu").get_json()
    assert [item["code"] for item in found["items"]] == [first.document.code]
