"""The health report behind GET /healthz and the admin status page."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from registry import search, transaction
from registry.extensions import db

DEFAULT_MIN_FREE_BYTES = 200 * 1024 * 1024


def _database() -> dict:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means "not reachable"; the detail goes to the log only
        transaction.rollback()
        current_app.logger.warning("health check: database unreachable: %s", type(error).__name__)
        return {"ok": False, "dialect": db.engine.dialect.name}
    return {"ok": True, "dialect": db.engine.dialect.name}


def _search_index() -> dict:
    try:
        count = int(search.pending_changes())
    except Exception as error:  # the index is optional for serving pages; report, never fail the check
        transaction.rollback()
        current_app.logger.warning("health check: search index: %s", type(error).__name__)
        return {"status": "error"}
    return {"status": "ok" if count == 0 else "behind", "pending_changes": count}


def _disk() -> dict:
    path = Path(current_app.instance_path)
    usage = shutil.disk_usage(path)
    minimum = int(current_app.config.get("HEALTH_MIN_FREE_BYTES", DEFAULT_MIN_FREE_BYTES))
    return {
        "ok": usage.free >= minimum,
        "free_bytes": usage.free,
        "total_bytes": usage.total,
        "min_free_bytes": minimum,
    }


def health_report() -> dict:
    """Database reachability, search index lag and free disk space of the instance folder."""
    report = {"database": _database(), "search_index": _search_index(), "disk": _disk()}
    report["ok"] = report["database"]["ok"] and report["disk"]["ok"]
    return report
