"""A throw-away Lamppu instance for benchmarks, filled through the public services."""

from __future__ import annotations

import resource
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

PASSWORD = "benchmark-password-1"  # noqa: S105 - a throw-away benchmark instance


def make_app(directory: str | None = None, database_url: str | None = None):
    from flask_migrate import upgrade

    from registry import create_app

    directory = directory or tempfile.mkdtemp(prefix="lamppu-bench-")
    app = create_app(
        {
            "INSTANCE_PATH": str(Path(directory) / "instance"),
            "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{Path(directory) / 'bench.db'}",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
    return app


def ensure_basics(types=("TO", "TY", "LO", "PR", "OH"), units=("HALL", "TEK", "SOTE", "KAUP")):
    """An importing quality owner, document types and units; returns the user."""
    from registry.auth.models import Unit
    from registry.auth.services import create_user, find_user
    from registry.documents.models import DocumentType
    from registry.documents.services import get_type, get_unit
    from registry.extensions import db

    for prefix in types:
        if get_type(prefix) is None:
            db.session.add(DocumentType(prefix=prefix, name_fi=prefix, name_en=prefix))
    for code in units:
        if get_unit(code) is None:
            db.session.add(Unit(code=code, name=code))
    db.session.flush()
    user = find_user("bench@example.org") or create_user(
        None, "bench@example.org", "Benchmark", PASSWORD, ["reader", "quality_owner"], []
    )
    db.session.commit()
    return user


def import_document(
    user,
    *,
    title: str,
    bodies: list[str],
    prefix: str = "TO",
    language: str = "fi",
    unit: str | None = None,
    visibility: str = "internal",
):
    """One document with its history (the last body effective), through the workflow service."""
    from registry.documents import services as documents
    from registry.workflow import machine as workflow

    fields = documents.validate_document_fields(
        user, type_prefix=prefix, title=title, language=language, unit_code=unit, visibility=visibility
    )
    start = datetime(2023, 1, 1, tzinfo=UTC)
    versions = [
        workflow.ImportedVersion(
            label=f"{n + 1}.0", title=title, body=body, effective_from=start + timedelta(days=90 * n), author=user
        )
        for n, body in enumerate(bodies)
    ]
    return workflow.import_document(user, fields, versions)


def peak_mb() -> float:
    """This process's peak resident set size. On Linux VmHWM, because ru_maxrss of a child started
    with fork and exec also counts the parent's size at the fork."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
