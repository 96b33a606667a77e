"""Pages run a bounded number of SQL queries: the same at N and at 3N documents, versions or links.

A page whose query count grows with the register (an N+1: a lazy load per row) gets slower with
every document added; these tests fail when that comes back.
"""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event

from registry import read_cache
from registry.extensions import db
from registry.goals import links as goal_links
from registry.search import services as search_services
from registry.search import synonyms
from registry.workflow import publishing
from tests.goals_helpers import build_plan

N = 3


@pytest.fixture
def count_queries(app, monkeypatch):
    """count_queries(callable) -> the number of SQL statements the call executed."""
    # A worker asks about scheduled versions at most once a DUE_CHECK_SECONDS; a long interval keeps
    # that one query out of (or in) both measurements alike, however slow the machine is.
    monkeypatch.setattr(publishing, "DUE_CHECK_SECONDS", 3600)
    # The same for the search's once-a-second and every-two-seconds checks (synonym list, catch-up sweep).
    monkeypatch.setattr(synonyms, "CHECK_INTERVAL", 3600)
    monkeypatch.setattr(search_services, "CATCH_UP_INTERVAL", 3600)
    with app.app_context():
        engine = db.engine
    seen = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    @contextlib.contextmanager
    def listening():
        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            yield
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)

    def count(call):
        call()  # warm: per-process caches and the scheduled-version check, as on a running worker
        read_cache.cache().clear()  # count the work of an answer, not a repeated answer (test_read_cache)
        seen.clear()
        with listening():
            response = call()
        assert response.status_code == 200
        return len(seen)

    return count


def add_documents(make, owner, count: int, start: int, unit_code: str, goal=None):
    for n in range(start, start + count):
        visibility = ("internal", "public", "restricted")[n % 3]
        document = make.published(
            owner,
            title=f"Suojalasit ohje {n}",
            bodies=(f"Suojalasit ovat pakollisia työpajassa {n}.",),
            visibility=visibility,
            unit_code=unit_code if visibility == "restricted" else None,
        )
        if goal is not None:
            goal_links.set_document_goals(owner, document, [goal])
    db.session.commit()


@pytest.fixture
def reader(make):
    return make.user(units=(make.unit("HALL"),))


def test_register_page_queries_do_not_grow_with_documents(client, make, login, reader, count_queries):
    owner = make.user("author", "quality_owner")
    add_documents(make, owner, N, 0, "HALL")
    login(reader)
    few = count_queries(lambda: client.get("/"))
    add_documents(make, owner, 2 * N, N, "HALL")
    page = client.get("/").get_data(as_text=True)
    assert page.count("Suojalasit ohje") == 3 * N
    assert count_queries(lambda: client.get("/")) == few


def test_document_list_api_queries_do_not_grow_with_documents(client, make, bearer, reader, count_queries):
    owner = make.user("author", "quality_owner")
    add_documents(make, owner, N, 0, "HALL")
    headers = bearer(reader)
    few = count_queries(lambda: client.get("/api/v1/documents", headers=headers))
    add_documents(make, owner, 2 * N, N, "HALL")
    assert client.get("/api/v1/documents", headers=headers).get_json()["total"] == 3 * N
    assert count_queries(lambda: client.get("/api/v1/documents", headers=headers)) == few


def test_document_page_queries_do_not_grow_with_versions_or_links(client, make, login, reader, count_queries):
    owner = make.user("author", "quality_owner")
    _plan, goals = build_plan(owner)
    few_versions = make.published(owner, title="Vähän", bodies=tuple(f"Versio {n}." for n in range(N)))
    many_versions = make.published(owner, title="Paljon", bodies=tuple(f"Versio {n}." for n in range(3 * N)))
    goal_links.set_document_goals(owner, few_versions, list(goals[:1]))
    goal_links.set_document_goals(owner, many_versions, list(goals[:3]))
    db.session.commit()
    login(reader)
    few = count_queries(lambda: client.get(f"/d/{few_versions.code}"))
    many = count_queries(lambda: client.get(f"/d/{many_versions.code}"))
    assert f"Versio {3 * N - 1}." in client.get(f"/d/{many_versions.code}").get_data(as_text=True)
    assert many == few


def test_document_api_queries_do_not_grow_with_versions(client, make, bearer, reader, count_queries):
    owner = make.user("author", "quality_owner")
    few_versions = make.published(owner, title="Vähän", bodies=tuple(f"Versio {n}." for n in range(N)))
    many_versions = make.published(owner, title="Paljon", bodies=tuple(f"Versio {n}." for n in range(3 * N)))
    headers = bearer(reader)
    few = count_queries(lambda: client.get(f"/api/v1/documents/{few_versions.code}", headers=headers))
    many = count_queries(lambda: client.get(f"/api/v1/documents/{many_versions.code}", headers=headers))
    assert many == few


def test_search_page_queries_do_not_grow_with_hits(client, make, login, reader, count_queries):
    owner = make.user("author", "quality_owner")
    for n in range(4 * N):  # N documents answer one word, 3N the other (a page holds 10 hits)
        make.published(
            owner,
            title=f"{'Kypärä' if n < N else 'Kuulosuojain'} ohje {n}",
            bodies=(f"{'Kypärä' if n < N else 'Kuulosuojain'} on pakollinen työpajassa {n}.",),
            visibility=("internal", "public", "restricted")[n % 3],
            unit_code="HALL" if n % 3 == 2 else None,
        )
    login(reader)
    few = count_queries(lambda: client.get("/search", query_string={"q": "kypärä"}))
    many = count_queries(lambda: client.get("/search", query_string={"q": "kuulosuojain"}))
    page = client.get("/search", query_string={"q": "kuulosuojain"}).get_data(as_text=True)
    assert page.count("Kuulosuojain ohje") == 3 * N
    assert many == few


def test_goal_pages_queries_do_not_grow_with_linked_documents(client, make, login, reader, count_queries):
    owner = make.user("author", "quality_owner")
    _plan, goals = build_plan(owner)
    goal = goals[0]
    add_documents(make, owner, N, 0, "HALL", goal=goal)
    login(reader)
    pages = (f"/goals/{goal.id}", "/goals/coverage")
    few = [count_queries(lambda path=path: client.get(path)) for path in pages]
    add_documents(make, owner, 2 * N, N, "HALL", goal=goal)
    assert client.get(f"/goals/{goal.id}").get_data(as_text=True).count("Suojalasit ohje") == 3 * N
    assert [count_queries(lambda path=path: client.get(path)) for path in pages] == few


def test_register_pages_keep_the_filters_and_refuse_nothing(client, make, login, reader, monkeypatch):
    from registry.documents import views

    monkeypatch.setattr(views, "REGISTER_PAGE_SIZE", 2)
    owner = make.user("author", "quality_owner")
    add_documents(make, owner, 5, 0, "HALL")
    login(reader)
    first = client.get("/?sort=title").get_data(as_text=True)
    assert "Sivu 1 / 3" in first
    assert "page=2" in first and "sort=title" in first
    third = client.get("/?sort=title&page=3").get_data(as_text=True)
    assert third.count("Suojalasit ohje") == 1
    for bad in ("0", "-4", "abc", "9" * 40):
        assert client.get(f"/?page={bad}").status_code == 200
