"""Fixtures shared by the functional tests of the read cache."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import event

from registry import read_cache
from registry.extensions import db
from registry.workflow import publishing


@pytest.fixture
def statements(app, monkeypatch):
    """statements(call) -> (response, SQL statements the call ran)."""
    monkeypatch.setattr(publishing, "DUE_CHECK_SECONDS", 3600)  # keep the scheduled-version check out
    engine = db.engine
    seen: list[str] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    # The counter's own engine too, where it has a pool of its own (PostgreSQL).
    engines = [engine] + [e for e in (read_cache.counter_engine(),) if e.pool is not engine.pool]

    @contextlib.contextmanager
    def listening():
        for each in engines:
            event.listen(each, "before_cursor_execute", on_execute)
        try:
            yield
        finally:
            for each in engines:
                event.remove(each, "before_cursor_execute", on_execute)

    def run(call):
        seen.clear()
        with listening():
            response = call()
        return response, list(seen)

    return run
