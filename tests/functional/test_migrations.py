"""The models and the migrations agree: autogenerate finds nothing to add."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from registry.extensions import db


def _render_type(type_, obj, autogen_context):
    return False


def test_no_pending_autogenerate_diff(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_one_effective_version_is_enforced_by_the_database(app, make):
    import pytest
    from sqlalchemy.exc import IntegrityError

    quality = make.user("author", "quality_owner")
    document = make.published(quality, bodies=("v1", "v2"))
    old = document.versions[0]
    with pytest.raises(IntegrityError):
        db.session.execute(db.update(type(old)).where(type(old).id == old.id).values(state="effective"))
        db.session.flush()
    db.session.rollback()
