"""The health report: database reachability, search-index lag from the real index, disk space."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from registry import search
from registry.admin import health
from registry.extensions import db
from registry.search import outbox


def test_database_unreachable_gives_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"]["ok"] is False
    assert "connection refused" not in response.get_data(as_text=True)


def test_index_lag_counts_changes_not_yet_applied_and_sync_clears_it(app, make, monkeypatch):
    # Hold the after-commit application back, as when the writing process dies after its commit.
    monkeypatch.setattr(outbox, "apply_pending", lambda *args, **kwargs: 0)
    author = make.user("author")
    make.draft(author, title="Ensimmäinen ohje")
    make.draft(author, title="Toinen ohje")
    lag = health.health_report()["search_index"]
    assert lag["status"] == "behind" and lag["pending_changes"] >= 2
    monkeypatch.undo()
    search.sync()
    assert health.health_report()["search_index"] == {"status": "ok", "pending_changes": 0}


def test_unreadable_index_is_reported_without_failing_the_check(app, monkeypatch):
    def broken():
        raise OSError("index folder unreadable")

    monkeypatch.setattr(search, "pending_changes", broken)
    report = health.health_report()
    assert report["search_index"] == {"status": "error"}
    assert report["ok"] is True  # pages are still served; monitoring sees the index problem
