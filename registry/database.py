"""Engine settings per database: SQLite in WAL mode with a busy timeout and write locks taken early."""

from __future__ import annotations

from flask import Flask, g, has_app_context, has_request_context, request
from sqlalchemy import event

from registry.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# GET endpoints that write (an export records its own audit event); features add theirs at init.
WRITING_GET_ENDPOINTS: set[str] = set()


def read_only() -> None:
    """Mark the current app context (a CLI command) as read-only: no write lock at BEGIN."""
    g.lamppu_read_only = True


def _wants_write_lock() -> bool:
    # A request that may write takes SQLite's write lock at BEGIN, so that it never
    # reads a snapshot it cannot later upgrade (and the audit chain cannot fork).
    if has_app_context() and g.get("lamppu_read_only"):
        return False
    if not has_request_context():
        return True
    return request.method not in SAFE_METHODS or request.endpoint in WRITING_GET_ENDPOINTS


def _configure_sqlite(engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted or overwritten content is zeroed on disk, not left in free pages: a disposed
        # version's text must not survive in the file or in a backup copied from it.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        if connection.get_execution_options().get("lamppu_autocommit"):
            return  # a single read outside any transaction (the read cache's counter)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")


def init_database(app: Flask) -> None:
    """Attach per-dialect settings to the app's engine."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
