"""No result, count, facet, snippet, suggestion or correction reveals what the user may not see."""

from __future__ import annotations

import pytest

from registry import search


@pytest.fixture
def world(make):
    unit_a, unit_b = make.unit("A"), make.unit("B")
    owner = make.user("quality_owner", units=[unit_a])
    author = make.user("author", units=[unit_a])
    docs = {
        "public": make.published(
            owner, title="Julkinen turvallisuusohje", visibility="public", bodies=("Turvallisuusohje kaikille.",)
        ),
        "internal": make.published(
            owner,
            title="Sisäinen turvallisuusohje",
            prefix="TY",
            bodies=("Vanha turvallisuusohje.", "Uusi turvallisuusohje."),
        ),
        "secret": make.published(
            owner,
            title="Salainen zeppeliiniturvallisuusohje",
            visibility="restricted",
            unit_code="B",
            prefix="RA",
            bodies=("Zeppeliinin turvallisuusohje.",),
        ),
    }
    draft = make.draft(
        author, title="Luonnos turvallisuusohjeesta", body="Keskeneräinen turvallisuusohje.", prefix="LU"
    )
    return {"docs": docs, "draft": draft, "owner": owner, "author": author, "unit_b": unit_b}


def codes(page):
    return sorted(hit.code for hit in page.hits)


def test_reader_sees_only_current_versions_of_visible_documents(make, world):
    reader = make.user(units=[make.unit("C")])
    page = search.search("turvallisuusohje", user=reader, filters={"scope": "all"})
    docs = world["docs"]
    assert codes(page) == sorted([docs["public"].code, docs["internal"].code, docs["internal"].code])
    assert page.total == 3
    assert "RA" not in page.facets["type"] and "LU" not in page.facets["type"]
    everything = " ".join(f"{h.title} {h.snippet}" for h in page.hits)
    assert "Salainen" not in everything and "Zeppeliini" not in everything and "Luonnos" not in everything


def test_default_scope_is_current_versions_only(make, world):
    reader = make.user()
    page = search.search("turvallisuusohje", user=reader)
    assert page.total == 2
    assert {hit.state for hit in page.hits} == {"effective"}


def test_unit_member_sees_restricted_document(make, world):
    member = make.user(units=[world["unit_b"]])
    assert world["docs"]["secret"].code in codes(search.search("zeppeliini", user=member))


def test_restricted_document_does_not_leak_through_counts_or_corrections(make, world):
    reader = make.user()
    page = search.search("zeppeliini", user=reader)
    assert page.total == 0 and page.hits == [] and page.facets["type"] == {}
    typo = search.search("zeppeliinii", user=reader)
    assert typo.suggestion is None and typo.corrected_from is None and typo.total == 0
    assert search.suggest("salainen", user=reader) == []


def test_anonymous_sees_public_documents_only(world):
    page = search.search("turvallisuusohje", user=None, filters={"scope": "all"})
    assert codes(page) == [world["docs"]["public"].code]


def test_draft_only_for_those_allowed_and_only_with_scope_all(make, world):
    draft_code = world["draft"].document.code
    assert draft_code not in codes(search.search("turvallisuusohje", user=world["author"]))
    assert draft_code in codes(search.search("turvallisuusohje", user=world["author"], filters={"scope": "all"}))
    approver = make.user("approver")
    assert draft_code not in codes(search.search("luonnos", user=approver, filters={"scope": "all"}))
    auditor = make.user("auditor")
    assert draft_code in codes(search.search("luonnos", user=auditor, filters={"scope": "all"}))


def test_auditor_sees_history(make, world):
    auditor = make.user("auditor")
    page = search.search("vanha", user=auditor, filters={"scope": "all"})
    assert [(h.code, h.state) for h in page.hits] == [(world["docs"]["internal"].code, "superseded")]
