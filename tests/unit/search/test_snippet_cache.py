"""Snippets reuse the split of a text they have seen, and never show a text that has changed."""

from __future__ import annotations

import pytest

from registry import search
from registry.extensions import db
from registry.search import _snippets
from registry.workflow import machine as workflow


@pytest.fixture
def author(make):
    return make.user("author")


def _snippet(author, query: str) -> str:
    page = search.search(query, user=author, filters={"scope": "all"})
    assert len(page.hits) == 1
    return str(page.hits[0].snippet)


def test_an_edited_draft_shows_its_new_text(make, author):
    draft = make.draft(author, title="Kattila", body="Kattilan huolto tehdään keväällä ja syksyllä.")
    assert "keväällä" in _snippet(author, "kattila")

    workflow.edit_draft(author, draft, revision=draft.revision, body="Kattilan huolto tehdään talvella.")
    db.session.commit()

    snippet = _snippet(author, "kattila")
    assert "talvella" in snippet
    assert "keväällä" not in snippet


def test_a_repeated_search_reuses_the_split_text(make, author):
    make.draft(author, title="Kattila", body="Kattilan huolto tehdään keväällä ja syksyllä.")
    first = _snippet(author, "kattila")
    hits = _snippets._split_scan.cache_info().hits

    assert _snippet(author, "kattila") == first
    assert _snippets._split_scan.cache_info().hits > hits
