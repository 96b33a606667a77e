"""Attachment routes over HTTP: every refusal, downloads, cross-user access, every role."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from flask import g

from registry.auth.services import create_api_token
from registry.documents import attachments
from registry.documents import services as documents
from registry.documents.models import Attachment
from registry.extensions import db
from registry.workflow import machine as workflow
from tests import filegen

# Routes whose answers under every role are tested here (see test_route_roles.py).
ROUTE_ENDPOINTS = {
    "workflow.upload_attachment",
    "workflow.remove_attachment",
    "documents.download_attachment",
    "api_documents.Attachments",
    "api_documents.Attachment",
}
ROLES = ("anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin")
DOCX = filegen.docx_bytes("Ohje", "Poistumisharjoitus pidetään kerran vuodessa.")


def _role_user(make, role):
    if role == "anonymous":
        return None
    return make.user(*(() if role == "reader" else (role,)))


def _token(user) -> dict:
    token = create_api_token(None, user, "testi")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _post_file(client, url, data: bytes, name: str, headers=None):
    return client.post(
        url, data={"file": (io.BytesIO(data), name)}, headers=headers or {}, content_type="multipart/form-data"
    )


def _get(client, url, headers=None):
    """GET and close the response at once (a download holds its file open until closed)."""
    response = client.get(url, headers=headers or {})
    response.get_data()
    response.close()
    return response


def _ui_url(version, suffix=""):
    return f"/d/{version.document.code}/v/{version.number}/attachments{suffix}"


def _api_url(version, suffix=""):
    return f"/api/v1/documents/{version.document.code}/versions/{version.number}/attachments{suffix}"


def _published_with_attachment(make, importer):
    """An effective imported version carrying a DOCX attachment."""
    make.doc_type("TO")
    fields = documents.validate_document_fields(importer, type_prefix="TO", title="Pelastussuunnitelma")
    prepared = attachments.prepare_upload(io.BytesIO(DOCX), "pelastus.docx")
    item = workflow.ImportedVersion(
        label="1.0",
        title="Pelastussuunnitelma",
        body="Teksti.",
        effective_from=datetime(2024, 1, 1, tzinfo=UTC),
        author=importer,
        attachments=[attachments.new_attachment(importer, prepared)],
    )
    document = workflow.import_document(importer, fields, [item])
    db.session.commit()
    return document.versions[-1]


@pytest.fixture
def login(login):
    """The shared fast login, also forgetting the user Flask-Login cached in the test's `g`."""

    def _login(user):
        g.pop("_login_user", None)
        return login(user)

    return _login


@pytest.fixture
def draft(make):
    author = make.user("author", email="kirjoittaja@example.org")
    return make.draft(author, title="Luonnos")


def test_author_uploads_through_the_edit_page_and_sees_the_list(client, login, draft):
    login(draft.author)
    response = _post_file(client, _ui_url(draft), DOCX, "Työohje.docx")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/v/{draft.number}/edit")
    page = client.get(f"/d/{draft.document.code}/v/{draft.number}/edit").get_data(as_text=True)
    assert "Työohje.docx" in page and 'enctype="multipart/form-data"' in page
    assert db.session.execute(db.select(Attachment)).scalar_one().version_id == draft.id


def test_download_headers(client, login, draft):
    login(draft.author)
    _post_file(client, _ui_url(draft), DOCX, "Työohje.docx")
    attachment = db.session.execute(db.select(Attachment)).scalar_one()
    response = _get(client, _ui_url(draft, f"/{attachment.id}"))
    assert response.status_code == 200 and response.data == DOCX
    assert response.headers["Content-Type"] == attachment.media_type
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_hostile_file_name_is_stored_as_text_and_escaped(client, login, draft):
    login(draft.author)
    _post_file(client, _ui_url(draft), DOCX, '../../<img src=x onerror=alert(1)>".docx')
    attachment = db.session.execute(db.select(Attachment)).scalar_one()
    assert "/" not in attachment.filename and "<" not in attachment.filename and '"' not in attachment.filename
    page = client.get(f"/d/{draft.document.code}/v/{draft.number}/edit").get_data(as_text=True)
    assert "<img src=x" not in page and attachment.filename in page
    stored = list(p.name for p in attachments.storage.files_dir().rglob("*") if p.is_file())
    assert stored == [attachment.sha256]


def test_markup_in_the_name_is_escaped_even_if_stored(client, login, draft):
    login(draft.author)
    _post_file(client, _ui_url(draft), DOCX, "ohje.docx")
    attachment = db.session.execute(db.select(Attachment)).scalar_one()
    attachment.filename = "<script>alert(1)</script>.docx"  # as if an older system had let it through
    db.session.commit()
    page = client.get(f"/d/{draft.document.code}/v/{draft.number}/edit").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_ui_refusal_shows_the_reason_and_stores_nothing(client, login, draft):
    login(draft.author)
    response = _post_file(client, _ui_url(draft), b"<html><script>alert(1)</script></html>", "ohje.pdf")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "HTML" in page and db.session.execute(db.select(Attachment)).first() is None


def test_ui_upload_over_the_limit_is_413_from_content_length(app, client, login, draft):
    app.config["MAX_ATTACHMENT_BYTES"] = 1000
    login(draft.author)
    response = _post_file(client, _ui_url(draft), b"%PDF-1.4" + b"x" * 200_000, "iso.pdf")
    assert response.status_code == 413 and db.session.execute(db.select(Attachment)).first() is None


@pytest.mark.parametrize(
    "data,name,status,code",
    [
        (b"MZ\x90\x00" + b"\x00" * 200, "ohjelma.pdf", 415, "unsupported_media_type"),
        (filegen.pdf_bytes("Ohje"), "kuva.png", 415, "disguised_file"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "kuva.svg",
            415,
            "unsupported_media_type",
        ),
        (b"<!doctype html><p>hei", "sivu.html", 415, "unsupported_media_type"),
        (filegen.zip_bomb_docx(50), "pommi.docx", 415, "unsafe_archive"),
        (filegen.many_parts_docx(3000), "osat.docx", 415, "unsafe_archive"),
    ],
)
def test_api_refusals(client, draft, data, name, status, code):
    response = _post_file(client, _api_url(draft), data, name, _token(draft.author))
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code and response.get_json()["error"]["message"]
    assert db.session.execute(db.select(Attachment)).first() is None


def test_api_over_the_limit_is_413_before_reading(app, client, draft):
    app.config["MAX_ATTACHMENT_BYTES"] = 100_000
    response = _post_file(client, _api_url(draft), b"%PDF-1.4" + b"x" * 300_000, "iso.pdf", _token(draft.author))
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "too_large"
    assert not (attachments.storage.files_dir() / "tmp").exists()


def test_api_file_just_over_the_limit_in_the_body_is_413(app, client, draft):
    app.config["MAX_ATTACHMENT_BYTES"] = 100_000
    response = _post_file(client, _api_url(draft), b"%PDF-1.4" + b"x" * 100_001, "iso.pdf", _token(draft.author))
    assert response.status_code == 413 and db.session.execute(db.select(Attachment)).first() is None


def test_api_upload_and_download(client, draft):
    headers = _token(draft.author)
    response = _post_file(client, _api_url(draft), DOCX, "ohje.docx", headers)
    assert response.status_code == 201
    body = response.get_json()
    assert body["filename"] == "ohje.docx" and body["extraction_error"] is None
    download = _get(client, body["url"], headers)
    assert download.status_code == 200 and download.data == DOCX
    assert download.headers["Content-Disposition"].startswith("attachment;")
    version = client.get(f"/api/v1/documents/{draft.document.code}/versions/1", headers=headers).get_json()
    assert [a["id"] for a in version["attachments"]] == [body["id"]]


def test_api_missing_file_field_is_422(client, draft):
    response = client.post(
        _api_url(draft), data={"other": "x"}, headers=_token(draft.author), content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "file" in response.get_json()["error"]["fields"]


def test_api_upload_to_a_published_version_is_409(make, client):
    quality = make.user("author", "quality_owner")
    version = _published_with_attachment(make, quality)
    response = _post_file(client, _api_url(version), filegen.png_bytes(), "kuva.png", _token(quality))
    assert response.status_code == 409


def test_guessed_ids_of_another_users_draft_attachments_are_404(make, client, login, draft):
    login(draft.author)
    _post_file(client, _ui_url(draft), DOCX, "salainen.docx")
    secret = db.session.execute(db.select(Attachment)).scalar_one()
    other = make.user("author")
    mine = make.draft(other, title="Oma luonnos")
    login(other)
    for url in (_ui_url(draft, f"/{secret.id}"), _ui_url(mine, f"/{secret.id}"), _ui_url(mine, f"/{secret.id + 1}")):
        assert _get(client, url).status_code == 404
    headers = _token(other)
    for url in (_api_url(draft, f"/{secret.id}"), _api_url(mine, f"/{secret.id}")):
        assert _get(client, url, headers).status_code == 404


def test_restricted_document_attachment_is_hidden_from_other_units(make, client, login):
    quality = make.user("author", "quality_owner")
    unit = make.unit("HR")
    make.doc_type("TO")
    fields = documents.validate_document_fields(
        quality, type_prefix="TO", title="Palkat", visibility="restricted", unit_code=unit.code
    )
    prepared = attachments.prepare_upload(io.BytesIO(DOCX), "palkat.docx")
    item = workflow.ImportedVersion(
        label="1.0",
        title="Palkat",
        body="x",
        author=quality,
        effective_from=datetime(2024, 1, 1, tzinfo=UTC),
        attachments=[attachments.new_attachment(quality, prepared)],
    )
    version = workflow.import_document(quality, fields, [item]).versions[-1]
    db.session.commit()
    login(make.user())
    assert _get(client, _ui_url(version, f"/{version.attachments[0].id}")).status_code == 404
    login(make.user(units=[unit]))
    assert _get(client, _ui_url(version, f"/{version.attachments[0].id}")).status_code == 200


@pytest.mark.parametrize("role,expected", list(zip(ROLES, (302, 404, 404, 404, 403, 403, 403), strict=True)))
def test_ui_upload_by_role(make, client, login, draft, role, expected):
    user = _role_user(make, role)
    if user:
        login(user)
    assert _post_file(client, _ui_url(draft), filegen.png_bytes(), "kuva.png").status_code == expected


@pytest.mark.parametrize("role,expected", list(zip(ROLES, (302, 404, 404, 404, 403, 403, 403), strict=True)))
def test_ui_remove_by_role(make, client, login, draft, role, expected):
    attachment = attachments.add_attachment(draft.author, draft, _storage(filegen.png_bytes(), "kuva.png"))
    db.session.commit()
    user = _role_user(make, role)
    if user:
        login(user)
    assert client.post(_ui_url(draft, f"/{attachment.id}/remove")).status_code == expected
    assert len(draft.attachments) == 1


def test_ui_remove_by_the_author(client, login, draft):
    attachment = attachments.add_attachment(draft.author, draft, _storage(filegen.png_bytes(), "kuva.png"))
    db.session.commit()
    login(draft.author)
    assert client.post(_ui_url(draft, f"/{attachment.id}/remove")).status_code == 303
    assert db.session.execute(db.select(Attachment)).first() is None


@pytest.mark.parametrize("role,expected", list(zip(ROLES, (302, 404, 404, 404, 200, 200, 200), strict=True)))
def test_ui_download_of_a_draft_attachment_by_role(make, client, login, draft, role, expected):
    attachment = attachments.add_attachment(draft.author, draft, _storage(filegen.png_bytes(), "kuva.png"))
    db.session.commit()
    user = _role_user(make, role)
    if user:
        login(user)
    assert _get(client, _ui_url(draft, f"/{attachment.id}")).status_code == expected


@pytest.mark.parametrize("role,expected", list(zip(ROLES, (302, 200, 200, 200, 200, 200, 200), strict=True)))
def test_ui_download_of_an_effective_attachment_by_role(make, client, login, role, expected):
    version = _published_with_attachment(make, make.user("quality_owner"))
    user = _role_user(make, role)
    if user:
        login(user)
    response = _get(client, _ui_url(version, f"/{version.attachments[0].id}"))
    assert response.status_code == expected
    if expected == 200:
        assert response.data == DOCX
        page = client.get(f"/d/{version.document.code}").get_data(as_text=True)
        assert "pelastus.docx" in page


@pytest.mark.parametrize("role,expected", list(zip(ROLES, (401, 404, 404, 404, 403, 403, 403), strict=True)))
def test_api_upload_by_role(make, client, draft, role, expected):
    user = _role_user(make, role)
    headers = _token(user) if user else {}
    assert _post_file(client, _api_url(draft), filegen.png_bytes(), "kuva.png", headers).status_code == expected


@pytest.mark.parametrize("role,expected", list(zip(ROLES, (401, 200, 200, 200, 200, 200, 200), strict=True)))
def test_api_download_by_role(make, client, role, expected):
    version = _published_with_attachment(make, make.user("quality_owner"))
    user = _role_user(make, role)
    headers = _token(user) if user else {}
    assert _get(client, _api_url(version, f"/{version.attachments[0].id}"), headers).status_code == expected


def _storage(data: bytes, name: str):
    from werkzeug.datastructures import FileStorage

    return FileStorage(stream=io.BytesIO(data), filename=name)
