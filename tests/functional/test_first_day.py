"""Ready on the first day: the standard catalogue and units from `lamppu setup`, the CLI and the first-visit page."""

from __future__ import annotations

import pytest
from flask import g

from registry.audit.models import AuditEvent
from registry.auth.models import Unit
from registry.documents.models import DocumentType
from registry.extensions import db
from tests.conftest import PASSWORD

ROUTE_ENDPOINTS = ("admin.setup",)
STANDARD = {"LS": 36, "TK": 24, "PK": 24, "TO": 12, "TY": 12, "LO": 24}


def _types():
    db.session.expire_all()
    return {t.prefix: t for t in db.session.execute(db.select(DocumentType)).scalars()}


def _units():
    db.session.expire_all()
    return {u.code: u for u in db.session.execute(db.select(Unit)).scalars()}


def test_setup_catalogue_yes_creates_the_standard_types_without_asking(runner, make):
    admin = make.user("admin")
    result = runner.invoke(args=["setup", "--catalogue", "--yes", "--unit", "TEKN Tekniikka ja liikenne"])
    assert result.exit_code == 0, result.output
    types = _types()
    assert {p: t.review_interval_months for p, t in types.items()} == STANDARD
    assert types["TY"].name_fi == "Työohje" and types["TK"].name_fi == "Toimintakäsikirja"
    assert _units()["TEKN"].name == "Tekniikka ja liikenne"
    events = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "document_type.create")).scalars()
    assert {e.actor_id for e in events} == {admin.id}
    # A second run creates nothing new and says so.
    again = runner.invoke(args=["setup", "--catalogue", "--yes"])
    assert again.exit_code == 0 and "Created 0 document types" in again.output
    assert len(_types()) == len(STANDARD)


def test_setup_keeps_a_type_the_installation_already_has(runner, make):
    make.doc_type("TO", "Oma toimintaohje", "Own instruction", interval=6)
    result = runner.invoke(args=["setup", "--catalogue", "--yes"])
    assert result.exit_code == 0, result.output
    types = _types()
    assert types["TO"].name_fi == "Oma toimintaohje" and types["TO"].review_interval_months == 6
    assert set(types) == set(STANDARD)


def test_interactive_setup_asks_for_the_catalogue_and_the_units(runner):
    answers = "y\nJOHTO Johto ja hallinto\nOPPI Oppimispalvelut\n\n"
    result = runner.invoke(args=["setup"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Laatustrategia" in result.output and "[new]" in result.output
    assert set(_types()) == set(STANDARD)
    assert set(_units()) == {"JOHTO", "OPPI"}


def test_interactive_setup_declined_creates_nothing(runner):
    result = runner.invoke(args=["setup"], input="n\n\n")
    assert result.exit_code == 0, result.output
    assert _types() == {} and _units() == {}
    assert "lamppu setup --catalogue --yes" in result.output


def test_one_bad_unit_creates_nothing(runner):
    result = runner.invoke(args=["setup", "--catalogue", "--yes", "--unit", "OK Hyvä", "--unit", "PAHA/KOODI Paha"])
    assert result.exit_code != 0
    assert "PAHA/KOODI" in result.output
    assert _types() == {} and _units() == {}


def test_types_and_units_commands_list_and_create(runner):
    created = runner.invoke(
        args=["types", "create", "OH", "--name", "Ohje", "--name-en", "Guide", "--review-months", "18"]
    )
    assert created.exit_code == 0, created.output
    listed = runner.invoke(args=["types", "list"])
    assert listed.output.splitlines() == ["OH\tOhje\tGuide\t18\t-"]
    bad = runner.invoke(args=["types", "create", "oh1", "--name", "X", "--name-en", "X"])
    assert bad.exit_code != 0 and "prefix" in bad.output
    duplicate = runner.invoke(args=["types", "create", "OH", "--name", "X", "--name-en", "X"])
    assert duplicate.exit_code != 0 and len(_types()) == 1
    assert runner.invoke(args=["units", "create", "SOTE", "--name", "Sosiaali- ja terveysala"]).exit_code == 0
    child = runner.invoke(args=["units", "create", "SOTE-1", "--name", "Lähihoitajat", "--parent", "SOTE"])
    assert child.exit_code == 0, child.output
    units = runner.invoke(args=["units", "list"]).output.splitlines()
    assert units == ["SOTE\tSosiaali- ja terveysala\t\t", "SOTE-1\tLähihoitajat\t\tSOTE"]
    orphan = runner.invoke(args=["units", "create", "X", "--name", "X", "--parent", "NOPE"])
    assert orphan.exit_code != 0 and "NOPE" in orphan.output


def test_an_administrators_first_login_on_a_new_installation_offers_the_catalogue(client, make):
    admin = make.user("admin", email="admin@example.org")
    response = client.post("/login", data={"email": admin.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/admin/setup")
    page = client.get("/admin/setup").get_data(as_text=True)
    assert "Käyttöönotto" in page and "Laatustrategia" in page and "Prosessikuvaus" in page
    created = client.post("/admin/setup", data={"catalogue": "y", "units": "TEKN Tekniikka\nSOTE Sote-ala\n"})
    assert created.status_code == 302
    assert set(_types()) == set(STANDARD) and set(_units()) == {"TEKN", "SOTE"}
    client.post("/logout")
    g.pop("_login_user", None)
    later = client.post("/login", data={"email": admin.email, "password": PASSWORD})
    assert later.headers["Location"].endswith("/documents") or later.headers["Location"].endswith("/")


def test_a_non_administrator_is_not_sent_to_the_setup_page(client, make):
    author = make.user("author")
    response = client.post("/login", data={"email": author.email, "password": PASSWORD})
    assert "/admin/setup" not in response.headers["Location"]


@pytest.mark.parametrize("units", ["TEKN", "PAHA/KOODI Nimi", "A Yksi\nA Kaksi"])
def test_bad_units_on_the_page_change_nothing(client, make, login, units):
    login(make.user("admin"))
    response = client.post("/admin/setup", data={"catalogue": "y", "units": units})
    assert response.status_code == 422
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert _types() == {} and _units() == {}


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("author", 403), ("quality_owner", 403), ("admin", 200)])
def test_only_administrators_reach_the_setup_page(client, make, login, role, status):
    if role is not None:
        login(make.user(role))
    assert client.get("/admin/setup").status_code == status
    assert client.post("/admin/setup", data={"catalogue": "y"}).status_code == (302 if role in (None, "admin") else 403)
    assert bool(_types()) == (role == "admin")
