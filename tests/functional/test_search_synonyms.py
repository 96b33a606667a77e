"""The search-term list (abbreviations and synonyms): its page under every role, editing, CSV in and
out, the CLI, audit events, and what a search finds through it without a rebuild."""

from __future__ import annotations

import io

import pytest

from registry import search, transaction
from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.search import synonyms
from registry.search.models import SearchSynonym

ROUTE_ENDPOINTS = {
    "search.synonyms_page",
    "search.synonym",
    "search.delete_synonym",
    "search.import_synonyms",
    "search.export_synonyms",
}
ROLES = ("anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin")
# (method, path, statuses in the order of ROLES); entry 1 exists, posts carry no valid body.
PAGES = [
    ("GET", "/admin/search/synonyms", (302, 403, 403, 403, 200, 403, 200)),
    ("GET", "/admin/search/synonyms/1", (302, 403, 403, 403, 200, 403, 200)),
    ("GET", "/admin/search/synonyms/999", (302, 403, 403, 403, 404, 403, 404)),
    ("GET", "/admin/search/synonyms.csv", (302, 403, 403, 403, 200, 403, 200)),
    ("POST", "/admin/search/synonyms/import", (302, 403, 403, 403, 422, 403, 422)),
    ("POST", "/admin/search/synonyms/999/delete", (302, 403, 403, 403, 404, 403, 404)),
]


def add(actor, term, expansions, kind="abbreviation", note=""):
    with transaction.transaction():
        return synonyms.create_synonym(actor, synonyms.SynonymFields(term, expansions, kind, note))


@pytest.fixture
def keeper(make):
    return make.user("quality_owner", email="laatu@example.org")


@pytest.mark.parametrize("method, path, statuses", PAGES, ids=[f"{p[0]} {p[1]}" for p in PAGES])
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_pages_answer_each_role(client, make, login, keeper, method, path, statuses, role_index):
    add(keeper, "HOKS", "henkilökohtainen osaamisen kehittämissuunnitelma")
    role = ROLES[role_index]
    if role != "anonymous":
        login(make.user(*([] if role == "reader" else [role]), email=f"{role}@example.org"))
    response = client.open(path, method=method)
    assert response.status_code == statuses[role_index]


def test_refused_delete_changes_nothing(client, make, login, keeper):
    row = add(keeper, "TOS", "tiedonohjaussuunnitelma")
    login(make.user("author"))
    assert client.post(f"/admin/search/synonyms/{row.id}/delete").status_code == 403
    assert db.session.get(SearchSynonym, row.id) is not None


def test_add_edit_delete_through_the_page(client, login, keeper):
    login(keeper)
    response = client.post(
        "/admin/search/synonyms",
        data={"term": "HOKS", "kind": "abbreviation", "expansions": "henkilökohtainen osaamisen kehittämissuunnitelma"},
    )
    assert response.status_code == 303
    row = db.session.execute(db.select(SearchSynonym)).scalar_one()
    assert (row.term, row.expansion_list) == ("HOKS", ["henkilökohtainen osaamisen kehittämissuunnitelma"])
    page = client.get("/admin/search/synonyms").get_data(as_text=True)
    assert "henkilökohtainen osaamisen kehittämissuunnitelma" in page

    response = client.post(
        f"/admin/search/synonyms/{row.id}",
        data={
            "term": "HOKS",
            "kind": "abbreviation",
            "expansions": "osaamisen kehittämissuunnitelma\nhoks-suunnitelma",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(SearchSynonym, row.id).expansion_list == [
        "osaamisen kehittämissuunnitelma",
        "hoks-suunnitelma",
    ]

    assert client.post(f"/admin/search/synonyms/{row.id}/delete").status_code == 303
    assert db.session.execute(db.select(db.func.count(SearchSynonym.id))).scalar_one() == 0
    actions = list(db.session.execute(db.select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())
    assert actions[-3:] == ["search_synonym.create", "search_synonym.update", "search_synonym.delete"]


@pytest.mark.parametrize(
    "data, field_message",
    [
        ({"term": "", "expansions": "x"}, "term"),
        ({"term": "kaksi sanaa", "expansions": "x"}, "term"),
        ({"term": "HOKS", "expansions": ""}, "expansions"),
        ({"term": "HOKS", "expansions": "hoks"}, "expansions"),
        ({"term": "HOKS", "expansions": "x", "kind": "muu"}, "kind"),
    ],
)
def test_bad_entry_is_refused_and_changes_nothing(client, login, keeper, data, field_message):
    login(keeper)
    response = client.post("/admin/search/synonyms", data={"kind": "abbreviation"} | data)
    assert response.status_code == 422
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(SearchSynonym.id))).scalar_one() == 0


def test_duplicate_term_is_refused_whatever_its_case(client, login, keeper):
    add(keeper, "OPH", "Opetushallitus")
    login(keeper)
    response = client.post("/admin/search/synonyms", data={"term": "oph", "kind": "abbreviation", "expansions": "x"})
    assert response.status_code == 422
    assert "already in the list" in response.get_data(as_text=True) or "on jo luettelossa" in response.get_data(
        as_text=True
    )


def test_csv_upload_with_errors_imports_nothing_and_names_lines(client, login, keeper):
    login(keeper)
    csv_text = "term,kind,expansions,note\nHOKS,abbreviation,henkilökohtainen osaamisen kehittämissuunnitelma,\n"
    csv_text += "kaksi sanaa,abbreviation,x,\nOPH,outo,Opetushallitus,\nHOKS,abbreviation,toinen,\n"
    response = client.post(
        "/admin/search/synonyms/import",
        data={"file": (io.BytesIO(csv_text.encode()), "terms.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for line in (3, 4, 5):
        assert f"{line}:" in page
    assert db.session.execute(db.select(db.func.count(SearchSynonym.id))).scalar_one() == 0


def test_csv_upload_then_download_round_trip(client, login, keeper):
    add(keeper, "TOS", "tiedonohjaussuunnitelma", note="vanha")
    login(keeper)
    csv_text = (
        "term;kind;expansions;note\nTOS;abbreviation;tiedonohjaussuunnitelma;uusi\n"
        "TOP;abbreviation;työpaikalla tapahtuva oppiminen|työssäoppiminen;\n"
    )
    response = client.post(
        "/admin/search/synonyms/import",
        data={"file": (io.BytesIO(csv_text.encode("utf-8-sig")), "terms.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    download = client.get("/admin/search/synonyms.csv")
    assert download.mimetype == "text/csv"
    lines = download.get_data(as_text=True).splitlines()
    assert lines[0] == "term,kind,expansions,note"
    assert "TOP,abbreviation,työpaikalla tapahtuva oppiminen|työssäoppiminen," in lines
    assert "TOS,abbreviation,tiedonohjaussuunnitelma,uusi" in lines
    event = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert event.action == "search_synonym.import"


def test_upload_that_is_not_utf8_is_refused(client, login, keeper):
    login(keeper)
    response = client.post(
        "/admin/search/synonyms/import",
        data={"file": (io.BytesIO("term,expansions\nÄÄ,x\n".encode("utf-16")), "terms.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert db.session.execute(db.select(db.func.count(SearchSynonym.id))).scalar_one() == 0


def test_starter_list_imports_cleanly(keeper):
    with transaction.transaction():
        result = synonyms.import_starter_list(keeper)
    assert result.errors == []
    assert result.created >= 30
    rows = {r.term: r for r in synonyms.list_synonyms()}
    assert rows["HOKS"].expansion_list == ["henkilökohtainen osaamisen kehittämissuunnitelma"]
    assert rows["OKM"].expansion_list == ["opetus- ja kulttuuriministeriö"]
    assert rows["Karvi"].expansion_list == ["Kansallinen koulutuksen arviointikeskus"]
    with transaction.transaction():
        again = synonyms.import_starter_list(keeper)
    assert (again.created, again.updated, again.unchanged) == (0, 0, result.created)


def test_cli_import_and_export(runner, keeper, tmp_path):
    result = runner.invoke(args=["search", "synonyms", "import"])
    assert result.exit_code == 0, result.output
    assert "added" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("term,kind,expansions\nUUSI,abbreviation,uusi termi\nkaksi sanaa,abbreviation,x\n", encoding="utf-8")
    result = runner.invoke(args=["search", "synonyms", "import", str(bad)])
    assert result.exit_code != 0
    assert "line 3" in result.output
    db.session.expire_all()
    assert not any(r.term == "UUSI" for r in synonyms.list_synonyms())
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["search", "synonyms", "export", str(out)])
    assert result.exit_code == 0
    assert "HOKS,abbreviation,henkilökohtainen osaamisen kehittämissuunnitelma" in out.read_text(encoding="utf-8")


def _codes(query, user):
    return [h.code for h in search.search(query, user=user).hits]


def test_search_finds_expansion_without_rebuild(app, make, keeper):
    plan = make.published(
        keeper,
        title="Opiskelijan suunnitelma",
        bodies=("Henkilökohtainen osaamisen kehittämissuunnitelma laaditaan jokaiselle opiskelijalle.",),
    )
    named = make.published(keeper, title="HOKS-prosessi", bodies=("HOKS päivitetään opintojen aikana.",))
    unrelated = make.published(keeper, title="Kassaohje", bodies=("Kassa suljetaan illalla.",))
    search.sync()
    assert plan.code not in _codes("hoks", keeper)
    add(keeper, "HOKS", "henkilökohtainen osaamisen kehittämissuunnitelma")
    found = _codes("hoks", keeper)
    # The document with the word itself first, the one with only the expansion after it.
    assert found[:2] == [named.code, plan.code]
    assert unrelated.code not in found
    page = search.search("hoks", user=keeper)
    assert "<mark>" in str(next(h for h in page.hits if h.code == plan.code).snippet)


def test_change_on_another_server_is_seen_within_a_second(app, make, keeper, monkeypatch):
    doc = make.published(keeper, title="Ohje", bodies=("Tiedonohjaussuunnitelma kertoo säilytysajat.",))
    search.sync()
    assert doc.code not in _codes("tos", keeper)
    # Another server writes the row: this process's cache is not told, only the database changes.
    db.session.add(SearchSynonym(term="TOS", expansions="tiedonohjaussuunnitelma", kind="abbreviation", note=""))
    db.session.commit()
    clock = [1000.0]
    monkeypatch.setattr(synonyms.time, "monotonic", lambda: clock[0])
    synonyms.forget_cache()
    synonyms.expansions_for("x")  # the cache is read now (empty table was replaced above)
    db.session.execute(db.delete(SearchSynonym))
    db.session.commit()
    clock[0] += 0.2
    assert synonyms.expansions_for("tos") == ("tiedonohjaussuunnitelma",)  # within the second: cached
    clock[0] += 1.0
    assert synonyms.expansions_for("tos") == ()  # after it: the database is asked again


def test_first_day_setup_loads_the_starter_list_once(runner, make):
    make.user("admin", email="paakayttaja@example.org")
    result = runner.invoke(args=["setup", "--catalogue", "--yes"])
    assert result.exit_code == 0, result.output
    assert "search abbreviations and synonyms" in result.output
    terms = {r.term for r in synonyms.list_synonyms()}
    assert {"HOKS", "TOS", "OKM", "OPH", "Karvi"} <= terms
    # A term the quality owner deleted stays deleted when setup runs again.
    with transaction.transaction():
        synonyms.delete_synonym(None, next(r for r in synonyms.list_synonyms() if r.term == "OPH"))
    assert runner.invoke(args=["setup", "--catalogue", "--yes"]).exit_code == 0
    assert "OPH" not in {r.term for r in synonyms.list_synonyms()}
