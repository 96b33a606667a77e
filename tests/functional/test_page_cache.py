"""Repeated pages (the register, a document's page, the login page) are answered from the per-worker
cache, only to the session they were made for, and never after a change, a logout or an ended session."""

from __future__ import annotations

import re

import pytest
from flask import g
from flask_babel import refresh

from registry import read_cache
from registry.auth.models import UserSession
from registry.db import utcnow
from registry.documents.models import DocumentVersion
from registry.extensions import db
from tests.conftest import PASSWORD

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def csrf_on(app_config):
    app_config["WTF_CSRF_ENABLED"] = True


@pytest.fixture
def reader(make):
    return make.user(units=(make.unit("HALL"),))


@pytest.fixture
def owner(make):
    return make.user("author", "quality_owner")


@pytest.fixture
def document(make, owner):
    return make.published(owner, title="Suojalasit", bodies=("Suojalasit ovat pakollisia.",))


def sign_in(app, user):
    """A browser that logged in through the form, as people do (the session carries Flask-Login's identifier)."""
    client = app.test_client()
    g.pop("_login_user", None)
    page = client.get("/login").get_data(as_text=True)
    match = TOKEN_RE.search(page)
    data = {"email": user.email, "password": PASSWORD, "csrf_token": match.group(1) if match else ""}
    response = client.post("/login", data=data)
    assert response.status_code == 302
    return client


def without_token(response) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r"\1", response.get_data(as_text=True))


def get(client, path):
    # The test's app context outlives a request (a server's does not): nothing of the last one's
    # user or language may answer for this one.
    g.pop("_login_user", None)
    refresh()
    return client.get(path)


def test_a_repeated_page_runs_only_the_counter_statement(app, reader, document, statements):
    browser = sign_in(app, reader)
    for path in (f"/d/{document.code}", "/"):
        first, work = statements(lambda path=path: get(browser, path))
        again, cached = statements(lambda path=path: get(browser, path))
        assert first.status_code == again.status_code == 200
        # The same page; only the signed form token (it carries the time) may differ.
        assert without_token(again) == without_token(first)
        assert len(work) > 1
        assert len(cached) == 1 and "data_generation" in cached[0]
        assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
        assert again.headers["Cache-Control"] == "no-store"


def test_a_change_by_another_user_is_seen_at_once(app, reader, document, owner):
    browser = sign_in(app, reader)
    assert "Suojalasit" in get(browser, f"/d/{document.code}").get_data(as_text=True)
    get(browser, f"/d/{document.code}")  # now kept
    version = db.session.execute(
        db.select(DocumentVersion).where(DocumentVersion.document_id == document.id)
    ).scalar_one()
    version.title = version.document.title = "Kuulosuojaimet"  # as another user's edit on any server
    db.session.commit()
    assert "Kuulosuojaimet" in get(browser, f"/d/{document.code}").get_data(as_text=True)
    assert "Kuulosuojaimet" in get(browser, "/").get_data(as_text=True)


def test_two_users_never_get_each_others_page(app, reader, owner, document):
    reading, owning = sign_in(app, reader), sign_in(app, owner)
    path = f"/d/{document.code}"
    for _ in range(2):  # the second round is served from the cache
        as_reader = get(reading, path).get_data(as_text=True)
        as_owner = get(owning, path).get_data(as_text=True)
        # The signed-in user's own name in the header, and the owner's actions only on the owner's page.
        assert f'"/profile">{reader.display_name}<' in as_reader and f'"/profile">{owner.display_name}<' in as_owner
        assert f'"/profile">{owner.display_name}<' not in as_reader
        assert f'"/profile">{reader.display_name}<' not in as_owner
        drafts = f'action="/d/{document.code}/drafts"'
        assert drafts in as_owner and drafts not in as_reader


def test_after_logout_the_page_asks_to_log_in(csrf_on, app, reader, document):
    browser = sign_in(app, reader)
    page = get(browser, "/").get_data(as_text=True)
    assert get(browser, "/").status_code == 200  # kept
    token = TOKEN_RE.search(page).group(1)
    assert browser.post("/logout", data={"csrf_token": token}).status_code == 302
    response = get(browser, "/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert get(browser, f"/d/{document.code}").status_code in (302, 404)


def test_an_ended_session_is_refused_at_once(app, reader, owner):
    browser, other = sign_in(app, reader), sign_in(app, owner)
    assert get(browser, "/").status_code == 200
    assert get(browser, "/").status_code == 200  # kept
    row = db.session.execute(db.select(UserSession).where(UserSession.user_id == reader.id)).scalar_one()
    row.ended_at = row.last_seen_at
    db.session.commit()
    response = get(browser, "/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert get(other, "/").status_code == 200


def test_a_session_whose_login_is_due_for_its_last_use_write_goes_the_long_way(app, reader, statements, monkeypatch):
    browser = sign_in(app, reader)
    get(browser, "/")
    get(browser, "/")
    store = read_cache.cache()
    # The kept login is due (its last-seen write would be made now): the user is loaded again.
    for key, login in list(store._logins.items()):
        store._logins[key] = read_cache.Login(login.user_id, login.locale, login.generation, utcnow())
    _response, work = statements(lambda: get(browser, "/"))
    assert len(work) > 1
    _response, cached = statements(lambda: get(browser, "/"))
    assert len(cached) == 1


def test_a_flashed_message_is_shown_not_a_kept_page(csrf_on, app, reader, make):
    browser = sign_in(app, reader)
    page = get(browser, "/profile").get_data(as_text=True)
    get(browser, "/")
    get(browser, "/")  # kept without a message
    token = TOKEN_RE.search(page).group(1)
    assert browser.post("/profile", data={"csrf_token": token, "name": "raportointi"}).status_code == 200
    # A message waits in the session: the next page shows it, and the one after does not.
    with browser.session_transaction() as session:
        session["_flashes"] = [("info", "Viesti odottaa")]
    assert "Viesti odottaa" in get(browser, "/").get_data(as_text=True)
    assert "Viesti odottaa" not in get(browser, "/").get_data(as_text=True)


def test_the_form_token_of_a_kept_page_is_the_sessions_own_and_posts(csrf_on, app, reader, document):
    first, second = sign_in(app, reader), sign_in(app, reader)
    path = f"/d/{document.code}"
    get(first, path)
    kept = get(first, path).get_data(as_text=True)
    other = get(second, path).get_data(as_text=True)
    token, other_token = TOKEN_RE.search(kept).group(1), TOKEN_RE.search(other).group(1)
    assert "csrf-" not in kept and "\x00" not in kept
    assert len(set(TOKEN_RE.findall(kept))) == 1  # every form on the page carries it
    # Each session's page posts with its own token and not with the other's.
    assert second.post("/logout", data={"csrf_token": token}).status_code == 400
    assert first.post("/logout", data={"csrf_token": token}).status_code == 302
    assert second.post("/logout", data={"csrf_token": other_token}).status_code == 302


def test_the_kept_login_page_gives_every_new_visitor_a_working_login(csrf_on, app, reader, owner, statements):
    app.test_client().get("/login")  # kept
    for user in (reader, owner):
        visitor = app.test_client()
        g.pop("_login_user", None)
        response, work = statements(lambda visitor=visitor: visitor.get("/login"))
        assert len(work) == 1
        assert "session=" in response.headers.get("Set-Cookie", "")
        token = TOKEN_RE.search(response.get_data(as_text=True)).group(1)
        answer = visitor.post("/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
        assert answer.status_code == 302
        assert user.display_name in get(visitor, "/").get_data(as_text=True)


def test_the_login_page_keeps_its_next_target(app):
    visitor = app.test_client()
    visitor.get("/login?next=/d/TO-1")
    page = visitor.get("/login?next=/d/TO-1").get_data(as_text=True)
    other = visitor.get("/login?next=/d/TO-2").get_data(as_text=True)
    assert 'value="/d/TO-1"' in page and 'value="/d/TO-2"' in other


def test_the_language_switch_gives_the_other_language(app, reader):
    browser = sign_in(app, reader)
    get(browser, "/")
    assert "Asiakirjarekisteri" in get(browser, "/").get_data(as_text=True)
    assert get(browser, "/lang/en?next=/").status_code == 302
    english = get(browser, "/").get_data(as_text=True)
    assert "Asiakirjarekisteri" not in english and "Document register" in english
    assert get(browser, "/lang/fi?next=/").status_code == 302
    assert "Asiakirjarekisteri" in get(browser, "/").get_data(as_text=True)


@pytest.fixture
def cache_off(app_config):
    app_config["READ_CACHE"] = False


def test_without_the_read_cache_every_page_is_rendered(cache_off, app, reader, statements):
    assert read_cache.cache() is None
    browser = sign_in(app, reader)
    get(browser, "/")
    _response, work = statements(lambda: get(browser, "/"))
    assert len(work) > 1


def test_another_browser_with_the_cookie_is_marked_not_fresh_as_flask_login_does(app, reader, statements):
    browser = sign_in(app, reader)
    g.pop("_login_user", None)
    refresh()
    other = {"User-Agent": "Another browser/1.0"}
    browser.get("/", headers=other)
    with browser.session_transaction() as session:
        assert session["_fresh"] is False  # the long way: Flask-Login's basic session protection
        session["_fresh"] = True
    g.pop("_login_user", None)
    response, cached = statements(lambda: browser.get("/", headers=other))
    assert response.status_code == 200 and len(cached) == 1
    with browser.session_transaction() as session:
        assert session["_fresh"] is False  # the same from the cache


def test_wtforms_messages_come_in_the_request_language_from_the_kept_catalogue(app):
    from flask import session
    from flask_wtf.i18n import translations

    from registry import i18n

    for language, expected in (("fi", "Pakollinen."), ("en", "This field is required."), ("fi", "Pakollinen.")):
        with app.test_request_context("/"):
            session["lang"] = language
            refresh()
            assert translations.gettext("This field is required.") == expected
    assert i18n.wtforms_catalogue("fi") is i18n.wtforms_catalogue("fi")  # read from disk once
