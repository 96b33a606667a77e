"""A search index deleted under a running server: a stand-in answers while it is rebuilt."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from flask import current_app

from registry import search


def _engine():
    return current_app.extensions["lamppu_search"]


def _wait_for_rebuild(limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while any(t.name == "lamppu-search-rebuild" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the rebuild did not finish"
        time.sleep(0.05)


def test_a_deleted_index_is_rebuilt_while_searches_answer_with_a_notice(make, client, login):
    owner = login(make.user("quality_owner", "author", email="laatu@example.fi"))
    make.published(owner, title="Paloturvallisuusohje", bodies=("Poistumistiet pidetään vapaina.",))
    assert [h.title for h in search.search("paloturvallisuus", user=owner).hits] == ["Paloturvallisuusohje"]
    base = Path(current_app.config["SEARCH_INDEX_DIR"])

    shutil.rmtree(base)
    first = search.search("paloturvallisuus", user=owner)
    assert first.rebuilding
    _wait_for_rebuild()

    after = search.search("paloturvallisuus", user=owner)
    assert not after.rebuilding and [h.title for h in after.hits] == ["Paloturvallisuusohje"]
    assert not _engine().needs_rebuild() and search.check().ok


def test_the_results_page_and_the_api_say_the_index_is_being_rebuilt(make, client, login, app):
    owner = login(make.user("quality_owner", "author", email="laatu@example.fi"))
    make.published(owner, title="Hygieniaohje", bodies=("Kädet pestään.",))
    search.search("hygienia", user=owner)
    base = Path(current_app.config["SEARCH_INDEX_DIR"])
    shutil.rmtree(base)
    lock = _engine().claim_rebuild()  # as if another process of this server were rebuilding
    try:
        page = client.get("/search?q=hygienia")
        assert page.status_code == 200 and b"data-search-rebuilding" in page.data
    finally:
        _engine().release_rebuild(lock)
    assert not any(t.name == "lamppu-search-rebuild" for t in threading.enumerate())  # the lock kept it off

    page = client.get("/search?q=hygienia")  # the lock is free: this request starts the rebuild
    assert b"data-search-rebuilding" in page.data
    _wait_for_rebuild()
    page = client.get("/search?q=hygienia")
    assert b"data-search-rebuilding" not in page.data and "Hygieniaohje" in page.get_data(as_text=True)


def test_an_index_never_built_is_created_empty_without_a_rebuild(app):
    base = Path(current_app.config["SEARCH_INDEX_DIR"])
    assert not base.exists()
    assert search.search("mitä tahansa").total == 0
    assert not _engine().needs_rebuild()
    assert base.with_name(base.name + ".created").exists()
