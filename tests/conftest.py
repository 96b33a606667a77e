"""Fixtures: a migrated database per session (SQLite, or PostgreSQL when
LAMPPU_TEST_DATABASE_URL is set), cleaned for every test; factories; fast login."""

from __future__ import annotations

import os
import shutil
import uuid
from datetime import UTC

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from registry import create_app, read_cache
from registry.auth.services import create_api_token
from registry.extensions import db
from tests.sso_servers import oidc_provider, saml_idp  # noqa: F401  (session fixtures: the real identity providers)

PG_URL = os.environ.get("LAMPPU_TEST_DATABASE_URL")
PASSWORD = "correct-horse-battery"
# On PostgreSQL the suite runs what can differ there. The browser stories and the OpenAPI contract
# walk the same views over the same services as the functional tests, which do run on PostgreSQL,
# so these two run on SQLite only.
SQLITE_ONLY = ("tests/browser/", "tests/contract/")


def pytest_collection_modifyitems(config, items):
    if not PG_URL:
        return
    kept, dropped = [], []
    for item in items:
        (dropped if any(part in item.nodeid for part in SQLITE_ONLY) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _pg_database(base_url: str) -> str:
    """Create a private database for this test session on the PostgreSQL server."""
    url = make_url(base_url)
    name = f"lamppu_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(base_url: str, test_url: str) -> None:
    admin = create_engine(make_url(base_url), isolation_level="AUTOCOMMIT")
    name = make_url(test_url).database
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Migrate once per session: a SQLite file to copy, or a PostgreSQL database to truncate."""
    base = tmp_path_factory.mktemp("template")
    url = _pg_database(PG_URL) if PG_URL else f"sqlite:///{base / 'template.db'}"
    app = create_app({"INSTANCE_PATH": str(base / "instance"), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    yield {"url": url, "sqlite_file": None if PG_URL else base / "template.db"}
    if PG_URL:
        _drop_pg_database(PG_URL, url)


def _truncate_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = [
            r[0]
            for r in conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
            )
        ]
        conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        conn.execute(text("INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, :h)"), {"h": "0" * 64})
        conn.execute(text("INSERT INTO data_generation (id, value) VALUES (1, 0)"))
    engine.dispose()


@pytest.fixture
def database_url(tmp_path, database_template):
    """A clean, migrated database for one test."""
    if database_template["sqlite_file"] is not None:
        shutil.copy(database_template["sqlite_file"], tmp_path / "test.db")
        return f"sqlite:///{tmp_path / 'test.db'}"
    _truncate_pg(database_template["url"])
    return database_template["url"]


@pytest.fixture
def app_config(tmp_path, database_url):
    """The test configuration; a test may change it before asking for `app`."""
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
    }


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    with app.app_context():
        yield app
        db.session.remove()
        read_cache.dispose(app)
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Factory:
    """Builds users, units, types and documents through the real services."""

    def __init__(self):
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    def unit(self, code: str | None = None, name: str = "Yksikkö"):
        from registry.auth.models import Unit

        unit = Unit(code=code or f"U{self._next()}", name=name)
        db.session.add(unit)
        db.session.flush()
        return unit

    def doc_type(
        self,
        prefix: str = "TO",
        name_fi: str = "Toimintaohje",
        name_en: str = "Operating instruction",
        interval: int = 12,
    ):
        from registry.documents.models import DocumentType
        from registry.documents.services import get_type

        found = get_type(prefix)
        if found:
            return found
        doc_type = DocumentType(prefix=prefix, name_fi=name_fi, name_en=name_en, review_interval_months=interval)
        db.session.add(doc_type)
        db.session.flush()
        return doc_type

    def user(self, *roles: str, email: str | None = None, units=()):
        from registry.auth.services import create_user

        email = email or f"user{self._next()}@example.org"
        user = create_user(
            None, email, f"Käyttäjä {email.split('@')[0]}", PASSWORD, ["reader", *roles], [u.code for u in units]
        )
        db.session.commit()
        return user

    def draft(self, author, *, title: str = "Työohje", body: str = "Teksti.", prefix: str = "TO", **options):
        from registry.documents import services as documents
        from registry.workflow import machine as workflow

        self.doc_type(prefix)
        fields = documents.validate_document_fields(author, type_prefix=prefix, title=title, **options)
        version = workflow.create_document_with_draft(author, fields, body)
        db.session.commit()
        return version

    def published(
        self, importer, *, title: str = "Työohje", bodies=("Ensimmäinen.",), prefix: str = "TO", author=None, **options
    ):
        """A document with imported history: the last body effective, the earlier superseded."""
        from datetime import datetime, timedelta

        from registry.documents import services as documents
        from registry.workflow import machine as workflow

        self.doc_type(prefix)
        fields = documents.validate_document_fields(importer, type_prefix=prefix, title=title, **options)
        start = datetime(2024, 1, 1, tzinfo=UTC)
        versions = [
            workflow.ImportedVersion(
                label=f"{i + 1}.0",
                title=title,
                body=body,
                effective_from=start + timedelta(days=30 * i),
                author=author or importer,
                change_summary=f"Versio {i + 1}",
            )
            for i, body in enumerate(bodies)
        ]
        document = workflow.import_document(importer, fields, versions)
        db.session.commit()
        return document


@pytest.fixture
def make(app):
    return Factory()


@pytest.fixture
def login(client):
    """Log a user in without the form (one test uses the real form)."""

    def _login(user):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

    return _login


@pytest.fixture
def bearer(make):
    """Authorization headers with a fresh API token of `user`."""

    def _bearer(user):
        token = create_api_token(None, user, "test")
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return _bearer


def pytest_make_parametrize_id(config, val, argname):
    """Generated file bytes hold timestamps (PDF creation date, zip member times), so they must not be
    test ids: pytest-xdist workers collect at different moments and must agree on every id. The
    argument's name stands in (pytest numbers repeated ids)."""
    if isinstance(val, bytes | bytearray):
        return argname
    return None
