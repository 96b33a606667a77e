"""The draft editor's image upload (JSON), and which pages load the editor."""

from __future__ import annotations

import io

import pytest
from flask_babel import refresh

from registry.documents.models import Attachment
from registry.extensions import db
from tests import filegen

# Routes whose answers under every role are tested here (see test_route_roles.py).
ROUTE_ENDPOINTS = {"workflow.upload_image"}
ROLES = ("anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin")
EDITOR_SCRIPT = "vendor/toastui-editor/toastui-editor-all.min.js"
JSON = {"Accept": "application/json"}


@pytest.fixture
def draft(make):
    author = make.user("author", email="kirjoittaja@example.org")
    return make.draft(author, title="Luonnos")


def _url(version) -> str:
    return f"/d/{version.document.code}/v/{version.number}/images"


def _post_image(client, version, data: bytes, name: str):
    return client.post(
        _url(version), data={"file": (io.BytesIO(data), name)}, headers=JSON, content_type="multipart/form-data"
    )


def _attachments() -> list[Attachment]:
    return list(db.session.execute(db.select(Attachment).order_by(Attachment.id)).scalars())


def test_png_is_attached_as_an_image_and_answered_with_its_reference(client, login, draft):
    login(draft.author)
    before = draft.revision
    response = _post_image(client, draft, filegen.png_bytes(), "kaavio.png")
    assert response.status_code == 200
    body = response.get_json()
    (attachment,) = _attachments()
    assert set(body) == {"filename", "reference", "url", "revision"}
    # The image is part of the draft's content: the upload is an edit, answered with the new revision.
    assert body["revision"] == before + 1
    assert body["filename"] == "kaavio.png" and body["reference"] == "attachment:kaavio.png"
    assert body["url"] == f"/d/{draft.document.code}/v/{draft.number}/attachments/{attachment.id}"
    assert attachment.role == "image" and attachment.media_type == "image/png"
    download = client.get(body["url"])
    download.close()  # a download holds its file open until closed
    assert download.status_code == 200


def test_a_name_with_spaces_is_referenced_in_angle_brackets(client, login, draft):
    login(draft.author)
    body = _post_image(client, draft, filegen.jpeg_bytes(), "iso kuva.jpg").get_json()
    assert body["reference"] == "<attachment:iso kuva.jpg>"


def test_the_same_image_again_answers_with_the_existing_attachment(client, login, draft):
    login(draft.author)
    first = _post_image(client, draft, filegen.png_bytes(), "kaavio.png").get_json()
    again = _post_image(client, draft, filegen.png_bytes(), "image.png")
    # Nothing changed the second time: the same attachment, and no new revision.
    assert again.status_code == 200 and again.get_json() == first and len(_attachments()) == 1


def test_a_different_image_under_a_taken_name_gets_a_name_of_its_own(client, login, draft):
    login(draft.author)
    _post_image(client, draft, filegen.png_bytes(), "image.png")
    body = _post_image(client, draft, filegen.jpeg_bytes(), "image.png")
    # A JPEG named .png is refused as disguised; a JPEG under a taken .jpg name is renamed.
    assert body.status_code == 415
    _post_image(client, draft, filegen.jpeg_bytes(), "image.jpg")
    other = filegen.jpeg_bytes() + b"\x00"  # different bytes, still a JPEG
    assert _post_image(client, draft, other, "image.jpg").get_json()["filename"] == "image-2.jpg"


@pytest.mark.parametrize(
    "data,name,code",
    [
        (filegen.pdf_bytes("Ohje"), "ohje.pdf", "unsupported_media_type"),
        (filegen.pdf_bytes("Ohje"), "kuva.png", "unsupported_media_type"),
        (filegen.jpeg_bytes(), "kuva.png", "disguised_file"),
        (filegen.docx_bytes("Ohje", "Teksti."), "ohje.docx", "unsupported_media_type"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "kuva.svg",
            "unsupported_media_type",
        ),
    ],
)
def test_anything_but_png_or_jpeg_is_refused_with_415(client, login, draft, data, name, code):
    login(draft.author)
    response = _post_image(client, draft, data, name)
    assert response.status_code == 415
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"] and not _attachments()


def test_the_refusal_is_in_the_users_language(client, login, draft):
    login(draft.author)
    finnish = _post_image(client, draft, filegen.pdf_bytes("Ohje"), "ohje.pdf").get_json()["error"]["message"]
    client.get("/lang/en")
    refresh()  # the test's app context outlives each request, and Flask-Babel keeps the locale on it
    english = _post_image(client, draft, filegen.pdf_bytes("Ohje"), "ohje.pdf").get_json()["error"]["message"]
    assert "PNG, JPEG" in finnish and "PNG, JPEG" in english and finnish != english
    assert english.startswith("This file type is not accepted.")


def test_missing_file_is_422(client, login, draft):
    login(draft.author)
    response = client.post(_url(draft), data={}, headers=JSON, content_type="multipart/form-data")
    assert response.status_code == 422 and "file" in response.get_json()["error"]["fields"]


def test_over_the_limit_is_413(app, client, login, draft):
    app.config["MAX_ATTACHMENT_BYTES"] = 1000
    login(draft.author)
    response = _post_image(client, draft, filegen.png_bytes() + b"x" * 200_000, "iso.png")
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "too_large"


def test_a_version_that_is_no_longer_a_draft_is_409(make, client, login):
    quality = make.user("author", "quality_owner")
    version = make.published(quality).versions[-1]
    login(quality)
    response = _post_image(client, version, filegen.png_bytes(), "kuva.png")
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "not_a_draft"
    assert not _attachments()


def test_another_authors_draft_is_403(make, client, login, draft):
    login(make.user("author", "quality_owner"))
    response = _post_image(client, draft, filegen.png_bytes(), "kuva.png")
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert not _attachments()


@pytest.mark.parametrize("role,expected", list(zip(ROLES, (302, 404, 404, 404, 403, 403, 403), strict=True)))
def test_upload_by_role(make, client, login, draft, role, expected):
    if role != "anonymous":
        login(make.user(*(() if role == "reader" else (role,))))
    response = _post_image(client, draft, filegen.png_bytes(), "kuva.png")
    assert response.status_code == expected and not _attachments()


def test_csrf_is_required_and_taken_from_the_header(app, client, login, draft):
    app.config["WTF_CSRF_ENABLED"] = True
    login(draft.author)
    refused = _post_image(client, draft, filegen.png_bytes(), "kuva.png")
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "csrf_failed"
    page = client.get(f"/d/{draft.document.code}/v/{draft.number}/edit").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        _url(draft),
        data={"file": (io.BytesIO(filegen.png_bytes()), "kuva.png")},
        headers=JSON | {"X-CSRFToken": token},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200


def test_the_editor_loads_on_the_edit_and_new_pages_only(make, client, login, draft):
    login(draft.author)
    edit = client.get(f"/d/{draft.document.code}/v/{draft.number}/edit")
    new = client.get("/documents/new")
    for response in (edit, new):
        page = response.get_data(as_text=True)
        assert EDITOR_SCRIPT in page and "editor.js" in page and "data-editor" in page
        assert "style-src-attr 'unsafe-inline'" in response.headers["Content-Security-Policy"]
    assert f'data-upload-url="/d/{draft.document.code}/v/{draft.number}/images"' in edit.get_data(as_text=True)
    assert "data-upload-url" not in new.get_data(as_text=True)
    for url in (f"/d/{draft.document.code}", f"/d/{draft.document.code}/v/{draft.number}", "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "toastui" not in response.get_data(as_text=True) and "editor.js" not in response.get_data(as_text=True)
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_the_edit_page_passes_the_versions_images(client, login, draft):
    login(draft.author)
    body = _post_image(client, draft, filegen.png_bytes(), "kaavio.png").get_json()
    page = client.get(f"/d/{draft.document.code}/v/{draft.number}/edit").get_data(as_text=True)
    assert f'data-images="{{&#34;kaavio.png&#34;: &#34;{body["url"]}&#34;}}"' in page


def test_an_image_sent_with_an_old_revision_is_refused_and_changes_nothing(client, login, draft):
    login(draft.author)
    stale = draft.revision
    _post_image(client, draft, filegen.png_bytes(), "kaavio.png")
    response = client.post(
        f"/d/{draft.document.code}/v/{draft.number}/images",
        data={"file": (io.BytesIO(filegen.jpeg_bytes()), "toinen.jpg"), "revision": str(stale)},
        headers={"Accept": "application/json"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "stale_revision"
    assert len(_attachments()) == 1
