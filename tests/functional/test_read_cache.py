"""Repeated API reads are answered from the per-worker cache, and never after a change that could alter them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, update

from registry import read_cache
from registry.auth.models import ApiToken
from registry.auth.services import deactivate_user, revoke_api_token, update_user
from registry.db import utcnow
from registry.documents.models import Document
from registry.extensions import db


@pytest.fixture
def reader(make):
    return make.user(units=(make.unit("HALL"),))


@pytest.fixture
def document(make):
    owner = make.user("author", "quality_owner")
    return make.published(owner, title="Suojalasit", bodies=("Suojalasit ovat pakollisia.",))


def generation() -> int:
    db.session.rollback()  # a fresh snapshot
    return read_cache.current_generation()


def test_a_repeated_read_is_answered_with_one_statement(client, bearer, reader, document, statements):
    headers = bearer(reader)
    url = f"/api/v1/documents/{document.code}"
    first, first_sql = statements(lambda: client.get(url, headers=headers))
    again, again_sql = statements(lambda: client.get(url, headers=headers))
    assert first.status_code == again.status_code == 200
    assert again.get_json() == first.get_json()
    assert len(first_sql) > 5
    # BEGIN (SQLite only) and the counter: no token, user, document or version statements.
    assert [s for s in again_sql if s.strip().upper() != "BEGIN"] == [s for s in again_sql if "data_generation" in s]
    assert len(again_sql) <= 2


def test_a_change_through_the_orm_is_seen_at_once(client, bearer, reader, document):
    headers = bearer(reader)
    url = f"/api/v1/documents/{document.code}"
    assert client.get(url, headers=headers).get_json()["title"] == "Suojalasit"
    before = generation()
    db.session.get(Document, document.id).title = "Suojalasit ja kuulosuojaimet"
    db.session.commit()
    assert generation() == before + 1
    assert client.get(url, headers=headers).get_json()["title"] == "Suojalasit ja kuulosuojaimet"


def test_a_bulk_update_is_seen_at_once(client, bearer, reader, document):
    headers = bearer(reader)
    url = "/api/v1/documents?per_page=20"
    assert [d["title"] for d in client.get(url, headers=headers).get_json()["items"]] == ["Suojalasit"]
    db.session.execute(update(Document).where(Document.id == document.id).values(title="Kypärät"))
    db.session.commit()
    assert [d["title"] for d in client.get(url, headers=headers).get_json()["items"]] == ["Kypärät"]


def test_a_rolled_back_change_does_not_move_the_counter(app, document):
    before = generation()
    db.session.get(Document, document.id).title = "Ei tallennettu"
    db.session.flush()
    db.session.rollback()
    assert generation() == before


def test_a_revoked_token_is_refused_at_once(client, make, bearer, reader, document):
    headers = bearer(reader)
    url = f"/api/v1/documents/{document.code}"
    assert client.get(url, headers=headers).status_code == 200
    assert client.get(url, headers=headers).status_code == 200  # from the cache
    token = db.session.execute(db.select(ApiToken).where(ApiToken.user_id == reader.id)).scalar_one()
    revoke_api_token(reader, token.id)
    db.session.commit()
    response = client.get(url, headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_deactivated_account_is_refused_at_once(client, make, bearer, reader, document):
    admin = make.user("admin")
    headers = bearer(reader)
    url = f"/api/v1/documents/{document.code}"
    assert client.get(url, headers=headers).status_code == 200
    deactivate_user(admin, reader, "left the organisation")
    db.session.commit()
    assert client.get(url, headers=headers).status_code == 401


def test_a_lost_unit_hides_a_restricted_document_at_once(client, make, bearer, reader):
    owner = make.user("author", "quality_owner")
    admin = make.user("admin")
    restricted = make.published(owner, title="Hallin ohje", visibility="restricted", unit_code="HALL")
    headers = bearer(reader)
    url = f"/api/v1/documents/{restricted.code}"
    assert client.get(url, headers=headers).status_code == 200
    update_user(admin, reader, name=reader.display_name, locale=reader.locale or "fi", roles=["reader"], unit_codes=[])
    db.session.commit()
    assert client.get(url, headers=headers).status_code == 404


def test_each_reader_gets_their_own_answer(client, make, bearer, reader):
    owner = make.user("author", "quality_owner")
    outsider = make.user()
    restricted = make.published(owner, title="Hallin ohje", visibility="restricted", unit_code="HALL")
    url = f"/api/v1/documents/{restricted.code}"
    insider_headers, outsider_headers = bearer(reader), bearer(outsider)
    assert client.get(url, headers=insider_headers).status_code == 200
    assert client.get(url, headers=outsider_headers).status_code == 404
    assert client.get(url, headers=insider_headers).status_code == 200
    assert client.get(url, headers=outsider_headers).status_code == 404


def test_the_token_last_use_alone_keeps_cached_answers(client, bearer, reader, document):
    headers = bearer(reader)
    url = f"/api/v1/documents/{document.code}"
    client.get(url, headers=headers)
    token = db.session.execute(db.select(ApiToken).where(ApiToken.user_id == reader.id)).scalar_one()
    token.last_used_at = utcnow() - timedelta(hours=1)  # the next read writes the time of use
    db.session.commit()
    read_cache.cache().clear()  # as in another worker, which has not seen the token yet
    before = generation()
    assert client.get(url, headers=headers).status_code == 200
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at > utcnow() - timedelta(minutes=1)
    assert generation() == before


def test_without_the_cache_every_read_does_the_work(app_config, make):
    from registry import create_app
    from registry.auth.services import create_api_token

    app = create_app(app_config | {"READ_CACHE": False})
    with app.app_context():
        assert read_cache.cache() is None
        client = app.test_client()
        owner = make.user("author", "quality_owner")
        document = make.published(owner, title="Suojalasit")
        headers = {"Authorization": f"Bearer {create_api_token(None, make.user(), 'test')}"}
        db.session.commit()
        url = f"/api/v1/documents/{document.code}"
        client.get(url, headers=headers)
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(url, headers=headers).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert len(seen) > 5
        db.session.remove()
        db.engine.dispose()


def test_a_refused_token_never_borrows_another_request_s_owner(client, bearer, reader, document):
    """One app context serves these requests (as in the test client); nothing of one request's
    token may stay for the next: a refused token stays refused after the reader's next request."""
    url = f"/api/v1/documents/{document.code}"
    headers, invalid = bearer(reader), {"Authorization": "Bearer lmp_not-a-token"}
    assert client.get(url, headers=headers).status_code == 200  # an answer kept for the reader
    assert client.get(url, headers=invalid).status_code == 401
    # A refused write by the reader (nothing changes): authenticated the long way.
    assert client.post(f"{url}/change-requests", headers=headers, json={"text": ""}).status_code == 422
    assert client.get(url, headers=invalid).status_code == 401


def test_a_repeated_search_is_answered_from_the_cache_until_the_index_moves(
    client, bearer, reader, document, statements
):
    from registry import search
    from registry.search.services import engine

    headers = bearer(reader)
    url = "/api/v1/search?q=suojalasit"
    first = client.get(url, headers=headers)  # computed: the first search of the process sweeps the change log
    assert [item["code"] for item in first.get_json()["items"]] == [document.code]
    second = client.get(url, headers=headers)  # computed and kept (the sweep is done)
    again, again_sql = statements(lambda: client.get(url, headers=headers))
    assert again.get_json() == second.get_json()
    assert [s for s in again_sql if s.strip().upper() != "BEGIN"] == [s for s in again_sql if "data_generation" in s]
    # The index moves without the database: this server's index drops the entry.
    before = engine().state_key()
    search.remove([version.id for version in document.versions])
    assert engine().state_key() != before
    after = client.get(url, headers=headers)
    assert after.get_json()["items"] == []


def test_a_search_is_computed_when_a_catch_up_sweep_is_due(client, bearer, reader, document, statements):
    from registry.search.services import CATCH_UP_INTERVAL, engine

    headers = bearer(reader)
    url = "/api/v1/search?q=suojalasit"
    client.get(url, headers=headers)
    client.get(url, headers=headers)
    engine().last_catch_up -= CATCH_UP_INTERVAL  # the sweep is due again
    _response, sql = statements(lambda: client.get(url, headers=headers))
    assert len([s for s in sql if "data_generation" not in s and s.strip().upper() != "BEGIN"]) > 2


def test_a_restarted_database_gives_no_error_on_a_cached_read_or_page(app, client, bearer, reader, document, login):
    """Every pooled connection closed by the server (a restart): the counter's connection, which has no
    pre-ping, is replaced at once and the reader gets the kept answers, not an error."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the server closes connections only on PostgreSQL")
    from sqlalchemy import create_engine, text

    headers = bearer(reader)
    url = f"/api/v1/documents/{document.code}"
    first = client.get(url, headers=headers)
    assert first.status_code == 200
    db.session.remove()  # no transaction of the test left open on the closed connection
    admin = create_engine(db.engine.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        closed = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    admin.dispose()
    assert closed >= 1
    again = client.get(url, headers=headers)
    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    login(reader)
    assert client.get(f"/d/{document.code}").status_code == 200
    assert client.get(f"/d/{document.code}").status_code == 200
