"""The zip-upload page for folder imports (/admin/import)."""

from __future__ import annotations

import io
import warnings
import zipfile

import pytest
from flask import g

from registry.documents.models import Document
from registry.extensions import db
from tests import filegen

ROUTE_ENDPOINTS = {"workflow.import_archive"}  # tested under every role below
ROLES = ("anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin")


@pytest.fixture
def login(login):
    def _login(user):
        g.pop("_login_user", None)
        return login(user)

    return _login


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2021, 8, 2, 12, 0, 0)), data)
    return out.getvalue()


def _post(client, data: bytes, dry_run: bool, default_type: str = "TO"):
    form = {"archive": (io.BytesIO(data), "kansio.zip"), "default_type": default_type}
    if dry_run:
        form["dry_run"] = "y"
    return client.post("/admin/import", data=form, content_type="multipart/form-data")


def _documents() -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Document)).scalar()


FILES = {
    "TY Työohjeet/Hitsaus.docx": filegen.docx_bytes("Hitsaus", "Hitsatessa käytetään kasvosuojainta."),
    "Ohjeet/Kokoukset.pdf": filegen.pdf_bytes("Kokoukset", "Kokouksesta laaditaan pöytäkirja."),
    "../pako.md": b"# Ulos\n",
}


def test_dry_run_then_import_then_nothing_new(make, client, login):
    make.doc_type("TO")
    make.doc_type("TY", "Työohje", "Work instruction")
    login(make.user("quality_owner"))
    archive = _zip(FILES)
    dry = _post(client, archive, dry_run=True)
    page = dry.get_data(as_text=True)
    assert dry.status_code == 200 and "TY-001" in page and "TO-001" in page and _documents() == 0
    assert "../pako.md" in page  # refused path shown, never written outside the folder
    real = _post(client, archive, dry_run=False)
    assert real.status_code == 200 and _documents() == 2
    dates = {d.versions[0].effective_from.date().isoformat() for d in db.session.execute(db.select(Document)).scalars()}
    assert dates == {"2021-08-02"}  # the files' times in the archive
    again = _post(client, archive, dry_run=False)
    assert again.status_code == 200 and _documents() == 2 and "TY-001" in again.get_data(as_text=True)


def test_a_corrupt_file_imports_nothing_and_is_named(make, client, login):
    make.doc_type("TO")
    login(make.user("admin"))
    response = _post(client, _zip(FILES | {"rikki.pdf": b"%PDF-1.4 roskaa"}), dry_run=False)
    assert response.status_code == 422 and "rikki.pdf" in response.get_data(as_text=True) and _documents() == 0


def test_clashing_duplicate_or_overlong_member_names_are_reported_not_a_500(make, client, login):
    make.doc_type("TO")
    login(make.user("admin"))
    clashes = {
        "Ohjeet/Kokoukset.md": b"# Kokoukset\n\nPaikalla olijat kirjataan.\n",
        "Ohjeet/Kokoukset.md/liite.md": b"# Liite\n",  # a file where a folder should be
        "Lomakkeet/tausta.md": b"# Tausta\n",
        "Lomakkeet": b"# Kansion nimi\n",  # a file named like a folder
        ("x" * 300) + ".md": b"# Pitka\n",
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        for name, data in clashes.items():
            out.writestr(zipfile.ZipInfo(name, date_time=(2021, 8, 2, 12, 0, 0)), data)
        with warnings.catch_warnings():  # a duplicate name on purpose
            warnings.simplefilter("ignore", UserWarning)
            out.writestr(zipfile.ZipInfo("Ohjeet/Kokoukset.md", date_time=(2021, 8, 2, 12, 0, 0)), b"# Toinen\n")
    response = _post(client, archive.getvalue(), dry_run=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ohjeet/Kokoukset.md/liite.md" in page and "Lomakkeet" in page and "xxxxxxxxxx" in page
    assert _documents() == 0


def test_a_zip_bomb_archive_is_refused(make, client, login):
    make.doc_type("TO")
    login(make.user("admin"))
    response = _post(client, filegen.zip_bomb_docx(50), dry_run=False)
    assert response.status_code == 415 and _documents() == 0


@pytest.mark.parametrize("role,expected", list(zip(ROLES, (302, 403, 403, 403, 200, 403, 200), strict=True)))
def test_import_page_by_role(make, client, login, role, expected):
    if role != "anonymous":
        login(make.user(*(() if role == "reader" else (role,))))
    assert client.get("/admin/import").status_code == expected
