"""Answers of repeated API reads kept per worker, valid until anything in the database changes.

Every transaction that changes a row adds one to a single counter row (`data_generation`) in the
same transaction, so the counter moves exactly when committed data moves, on every server that
shares the database. A cached answer is keyed by the counter's value read at the start of the
request (before any data), the request (endpoint, path and query), the caller and the day, so:

- an answer is never served after a commit that could change it (the key no longer matches);
- an answer computed from data newer than its key is harmless (that key is already outdated);
- a revoked token, a removed role or a deactivated account is a change like any other.

The bearer token's owner is cached the same way (token hash and counter), so a cached answer
costs one indexed read of the counter and no other statement. Writes that only keep time
(a token's or a session's last use) are registered with `ignore_attributes` and do not move the counter.

Pages marked with `cached_page` (the register, a document's page, the login page) are kept the same
way, keyed also by the session's login, the host, the language asked for and the path with its query.
A signed-in session's login is cached as a `Login` (like the token's `Holder`): a repeated page is
answered in a `before_request` hook before Flask-Login loads the user, with the session's own form
token put where the rendered page had one. A page is served from memory only to a session with no
flashed message waiting and whose Flask-Login identifier still matches; everything else goes the
long way (which logs out, refuses an ended session and shows the messages as before).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, Response, current_app, g, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import BigInteger, Engine, Integer, create_engine, event, inspect, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapped, Session, mapped_column

from registry import clock
from registry.db import utcnow
from registry.extensions import db

MAX_ENTRIES = 512
MAX_BODY = 512 * 1024
MAX_BYTES = 64 * 1024 * 1024  # all kept bodies of one worker together
_ignored: dict[type, frozenset[str]] = {}
_listeners_installed = False


class DataGeneration(db.Model):
    """One row: how many committed transactions have changed data (see the module docstring)."""

    __tablename__ = "data_generation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)


event.listen(
    DataGeneration.__table__,
    "after_create",
    # The row exists from the start (the migration inserts it too).
    lambda target, connection, **_kw: connection.execute(text("INSERT INTO data_generation (id, value) VALUES (1, 0)")),
)


def ignore_attributes(model: type, *names: str) -> None:
    """A change of only these attributes of a `model` row (a time of last use) leaves cached answers valid."""
    _ignored[model] = frozenset(names)


# --- moving the counter -------------------------------------------------------------------------
# The counter row is updated just before the commit, as the transaction's last lock: every row
# lock, the document locks of the workflow and the audit chain's head are taken before it, so
# taking it cannot deadlock with another writer.

CHANGED_KEY = "lamppu_changed_data"


def _only_ignored_changes(obj) -> bool:
    names = _ignored.get(type(obj))
    if not names:
        return False
    changed = {attr.key for attr in inspect(obj).attrs if attr.history.has_changes()}
    return changed <= names


def _changes_data(session: Session) -> bool:
    if session.new or session.deleted:
        return True
    return any(not _only_ignored_changes(obj) for obj in session.dirty if session.is_modified(obj))


def _before_flush(session: Session, _context, _instances) -> None:
    if _changes_data(session):
        session.info[CHANGED_KEY] = True


def _on_execute(state) -> None:
    # A bulk UPDATE, DELETE or INSERT, or hand-written SQL, through the session.
    if state.is_select or state.is_column_load or state.is_relationship_load:
        return
    statement = state.statement
    if hasattr(statement, "text") and statement.text.lstrip().upper().startswith(("SELECT", "WITH", "PRAGMA")):
        return
    state.session.info[CHANGED_KEY] = True


def _before_commit(session: Session) -> None:
    if session.info.pop(CHANGED_KEY, False) or _changes_data(session):
        session.connection().execute(
            update(DataGeneration).where(DataGeneration.id == 1).values(value=DataGeneration.value + 1)
        )


def _forget(session, *_args) -> None:
    session.info.pop(CHANGED_KEY, None)


def install_listeners() -> None:
    global _listeners_installed
    if _listeners_installed:
        return
    event.listen(db.session, "before_flush", _before_flush)
    event.listen(db.session, "do_orm_execute", _on_execute)
    event.listen(db.session, "before_commit", _before_commit)
    event.listen(db.session, "after_soft_rollback", _forget)
    _listeners_installed = True


_COUNTER_SQL = "SELECT value FROM data_generation WHERE id = 1"
_COUNTER_ENGINE = "lamppu_counter_engine"


def counter_engine() -> Engine:
    """The engine the counter is read on: the app's database, in autocommit, without a pre-ping.

    Its own small pool, so a connection goes back with nothing to roll back, and without the ping
    the app's engine sends at every checkout: `current_generation` tries once more on a fresh
    connection when the database closed the pooled one (a restart), as the ping would have."""
    engine = current_app.extensions.get(_COUNTER_ENGINE)
    if engine is None:
        with _engine_lock:
            engine = current_app.extensions.get(_COUNTER_ENGINE)
            if engine is None:
                # SQLite: the driver is already in autocommit (registry/database.py emits BEGIN itself),
                # so this only asks that hook to leave the counter's read out of a transaction; an
                # isolation level here would be reset with a PRAGMA and the driver's own BEGIN behind it.
                engine = db.engine.execution_options(lamppu_autocommit=True)
                if db.engine.dialect.name != "sqlite":
                    options = dict(current_app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
                    options.update(isolation_level="AUTOCOMMIT", pool_pre_ping=False)
                    options.setdefault("pool_size", 2)
                    engine = create_engine(db.engine.url, **options)
                current_app.extensions[_COUNTER_ENGINE] = engine
    return engine


_engine_lock = threading.Lock()


def dispose(app: Flask) -> None:
    """Close the counter's own connections (the app's engine is disposed by its owner)."""
    engine = app.extensions.pop(_COUNTER_ENGINE, None)
    if engine is not None and engine.pool is not None:
        engine.dispose()


def current_generation() -> int | None:
    """The counter, committed as it is now, read in autocommit: one round trip, no BEGIN and no
    ROLLBACK (which a session's transaction would cost on PostgreSQL). Read outside the request's
    transaction, before it, so the data the request reads afterwards is as new as the counter or
    newer (harmless, see the module docstring), never older."""
    engine = counter_engine()
    for attempt in (1, 2):
        try:
            with engine.connect() as connection:
                return connection.exec_driver_sql(_COUNTER_SQL).scalar()
        except DBAPIError as error:
            # A connection the database closed is invalidated (with the rest of the pool): once more.
            if attempt == 2 or not error.connection_invalidated:
                raise
    return None


# --- the caches --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """What a cached bearer token stands for while the counter stays where it was."""

    user_id: int
    generation: int
    fresh_until: datetime  # the next last-use write or directory re-check is due: go the long way


@dataclass(frozen=True)
class Login:
    """Whom a session's login stands for while the counter stays where it was (see `Holder`)."""

    user_id: int
    locale: str | None
    generation: int
    fresh_until: datetime  # the session's next last-seen write or directory re-check is due


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str
    csp: str | None = None  # a page's own Content-Security-Policy, when its view set one


class Cache:
    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self._answers: OrderedDict[tuple, Answer] = OrderedDict()
        self._holders: OrderedDict[str, Holder] = OrderedDict()
        self._logins: OrderedDict[str, Login] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _valid(self, table: OrderedDict, key: str, generation: int):
        with self._lock:
            held = table.get(key)
        if held is None or held.generation != generation or utcnow() >= held.fresh_until:
            return None
        return held

    def _keep(self, table: OrderedDict, key: str, value) -> None:
        with self._lock:
            table[key] = value
            table.move_to_end(key)
            while len(table) > self.max_entries:
                table.popitem(last=False)

    def holder(self, token_hash: str, generation: int) -> Holder | None:
        return self._valid(self._holders, token_hash, generation)

    def keep_holder(self, token_hash: str, holder: Holder) -> None:
        self._keep(self._holders, token_hash, holder)

    def login(self, key: str, generation: int) -> Login | None:
        return self._valid(self._logins, key, generation)

    def keep_login(self, key: str, login: Login) -> None:
        self._keep(self._logins, key, login)

    def answer(self, key: tuple) -> Answer | None:
        with self._lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
                self.hits += 1
            else:
                self.misses += 1
            return found

    def keep_answer(self, key: tuple, answer: Answer) -> None:
        with self._lock:
            replaced = self._answers.pop(key, None)
            if replaced is not None:
                self.bytes -= len(replaced.body)
            self._answers[key] = answer
            self.bytes += len(answer.body)
            while len(self._answers) > self.max_entries or (self.bytes > self.max_bytes and len(self._answers) > 1):
                _, dropped = self._answers.popitem(last=False)
                self.bytes -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()
            self.bytes = 0
            self._holders.clear()
            self._logins.clear()


def cache() -> Cache | None:
    return current_app.extensions.get("lamppu_read_cache")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _answer_key(user_id: int, generation: int) -> tuple:
    # The language of messages and labels, and the day (review dates fall due), are part of an answer.
    return (request.endpoint, request.full_path, user_id, generation, clock.now().date(), str(get_locale()))


def begin_read(token: str) -> Response | None:
    """At the start of a cacheable GET with a bearer token: the cached answer, or None.

    Remembers the counter in `g` for `cached_read` to store the answer under.
    """
    forget_request()
    store = cache()
    if store is None or request.method != "GET":
        return None
    generation = current_generation()
    if generation is None:
        return None
    g.lamppu_generation = generation
    g.lamppu_token_hash = token_hash(token)
    if request.endpoint not in CACHEABLE:
        return None
    local = _local_state(request.endpoint)
    if local is None:
        return None
    g.lamppu_local_state = local
    holder = store.holder(g.lamppu_token_hash, generation)
    if holder is None:
        return None
    found = store.answer(_answer_key(holder.user_id, generation) + local)
    if found is None:
        return None
    g.api_user_id = holder.user_id  # for the request log
    return Response(found.body, status=found.status, content_type=found.content_type)


def forget_request() -> None:
    """Drop what an earlier request left in `g` (an app context can outlive one request, as in tests)."""
    g.pop("lamppu_generation", None)
    g.pop("lamppu_token_hash", None)
    g.pop("lamppu_local_state", None)


def remember_holder(user_id: int, fresh_until: datetime) -> None:
    """After the long way authenticated the token of this request: skip it next time."""
    store, generation = cache(), g.get("lamppu_generation")
    if store is None or generation is None or g.get("lamppu_token_hash") is None:
        return
    store.keep_holder(g.lamppu_token_hash, Holder(user_id, generation, fresh_until))


# Endpoint -> what its answers depend on besides the database (None: nothing else).
CACHEABLE: dict[str, Callable[[], tuple | None] | None] = {}


def _local_state(endpoint: str) -> tuple | None:
    """The part of an answer's key that is this server's own state, () when there is none;
    None when an answer must not be cached or served now."""
    state = CACHEABLE.get(endpoint)
    return () if state is None else state()


def cached_read(view: Callable | None = None, *, local_state: Callable[[], tuple | None] | None = None) -> Callable:
    """Keep the answer of this GET handler (after serialisation) for the next identical request.

    `local_state` names what else the answer depends on that the database counter does not move
    (a server's own search index): its value is read at the start of the request, with the
    counter, and must only ever move forward in a process; None means "do not cache now".
    """
    if view is None:
        return functools.partial(cached_read, local_state=local_state)

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        response = view(*args, **kwargs)
        store, generation = cache(), g.get("lamppu_generation")
        user = g.get("api_user")
        local = g.get("lamppu_local_state")
        if (
            store is not None
            and generation is not None
            and local is not None
            and user is not None
            and isinstance(response, Response)
            and response.status_code == 200
            and not response.direct_passthrough
        ):
            body = response.get_data()
            if len(body) <= MAX_BODY:
                store.keep_answer(
                    _answer_key(user.id, generation) + local,
                    Answer(response.status_code, body, response.content_type),
                )
        return response

    wrapped.lamppu_cached_read = True
    wrapped.lamppu_local_state = local_state
    return wrapped


# --- pages ---------------------------------------------------------------------------------------

PAGES: set[str] = set()
ANONYMOUS_PAGES: set[str] = set()
# Run before a page is looked up (a due scheduled version takes effect first, and moves the counter).
PAGE_CHECKS: list[Callable[[], None]] = []
# Where the session's form token was in the rendered page; random, so no page text can hold it.
CSRF_MARK = b"\x00csrf-" + secrets.token_hex(16).encode() + b"\x00"
_REMEMBER_COOKIE = "remember_token"


def _login_key() -> str:
    # Everything the session carries except its form token: another login, another session row, a
    # pending second factor or a changed Flask-Login identifier is another key.
    items = sorted((k, repr(v)) for k, v in session.items() if k not in (_csrf_field(), "_flashes"))
    return hashlib.sha256(repr(items).encode("utf-8")).hexdigest()


def _page_key(user_id: int | None, generation: int, locale: str) -> tuple:
    # The host (absolute links), the browser's languages (a document's language version) and the
    # language the session chose are part of a page.
    return (
        "page",
        request.endpoint,
        request.host,
        request.full_path,
        user_id,
        generation,
        clock.now().date(),
        locale,
        request.headers.get("Accept-Language", ""),
        session.get("lang"),
    )


def _locale_for(user_locale: str | None) -> str:
    """What `registry.web.select_locale` chooses, from the cached login instead of a loaded user."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if user_locale in languages:
        return user_locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _csrf_field() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def forget_page_request() -> None:
    """Drop what an earlier request left in `g` (an app context can outlive one request, as in tests),
    the signed form token too: this request's is made from this request's session."""
    for name in ("lamppu_page_generation", "lamppu_page_login", "lamppu_page_flashes", "page_user_id", "page_served"):
        g.pop(name, None)
    g.pop("lamppu_login_fresh_until", None)
    g.pop(_csrf_field(), None)


def _session_protection_passed() -> bool:
    """Flask-Login's session protection, as it would run when loading the user: in "basic" mode a
    session whose identifier (address and browser) changed stays signed in but is no longer fresh;
    in any other mode the long way decides."""
    manager = current_app.login_manager
    if session.get("_id") == manager._session_identifier_generator():
        return True
    if current_app.config.get("SESSION_PROTECTION", manager.session_protection) != "basic":
        return False
    if session.get("_fresh") is not False:
        session["_fresh"] = False
    return True


def serve_page() -> Response | None:
    """`before_request`: a page kept for this very request, before Flask-Login loads the user; else None."""
    forget_page_request()
    store = cache()
    if store is None or request.method != "GET" or request.endpoint not in PAGES:
        return None
    for check in PAGE_CHECKS:
        check()
    generation = current_generation()
    if generation is None:
        return None
    g.lamppu_page_generation = generation
    g.lamppu_page_flashes = "_flashes" in session
    if g.lamppu_page_flashes:
        return None  # the long way shows them (and leaves no page with them behind)
    if session.get("_user_id") is None:
        g.lamppu_page_login = None
        if request.endpoint not in ANONYMOUS_PAGES or _REMEMBER_COOKIE in request.cookies:
            return None
        user_id, locale = None, _locale_for(None)
    else:
        g.lamppu_page_login = _login_key()
        if not _session_protection_passed():
            return None
        login = store.login(g.lamppu_page_login, generation)
        if login is None:
            return None
        user_id, locale = login.user_id, _locale_for(login.locale)
    found = store.answer(_page_key(user_id, generation, locale))
    if found is None:
        return None
    g.page_user_id = user_id  # for the request log and the headers
    g.page_served = True  # whoever `user_id` says, without Flask-Login loading the user
    body = found.body
    if CSRF_MARK in body:
        body = body.replace(CSRF_MARK, generate_csrf().encode("ascii"))
    response = Response(body, status=found.status, content_type=found.content_type)
    if found.csp:
        response.headers["Content-Security-Policy"] = found.csp
    return response


def remember_login_until(fresh_until: datetime) -> None:
    """The session user loader accepted this request's login, valid as it is until `fresh_until`."""
    g.lamppu_login_fresh_until = fresh_until


def _keep_page(response: Response) -> None:
    store, generation = cache(), g.get("lamppu_page_generation")
    if (
        store is None
        or generation is None
        or g.get("lamppu_page_flashes", True)
        or response.status_code != 200
        or response.direct_passthrough
    ):
        return
    if current_user.is_authenticated:
        fresh_until, login_key = g.get("lamppu_login_fresh_until"), g.get("lamppu_page_login")
        if fresh_until is None or login_key is None:
            return  # not a login the session loader vouched for (a remember-me cookie)
        user = current_user._get_current_object()
        store.keep_login(login_key, Login(user.id, user.locale, generation, fresh_until))
        user_id = user.id
    elif request.endpoint in ANONYMOUS_PAGES and g.get("lamppu_page_login", 0) is None:
        user_id = None
    else:
        return
    body = response.get_data()
    if len(body) > MAX_BODY:
        return
    token = g.get(_csrf_field())
    if token:
        body = body.replace(token.encode("ascii"), CSRF_MARK)
    store.keep_answer(
        _page_key(user_id, generation, str(get_locale())),
        Answer(response.status_code, body, response.content_type, response.headers.get("Content-Security-Policy")),
    )


def cached_page(view: Callable | None = None, *, anonymous: bool = False):
    """Keep the page this GET handler renders for the same session's next identical request.

    Only for pages that are a function of the data, the user, the path and query, the day and the
    language; `anonymous=True` keeps it for visitors who are not signed in too (the login page)."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            response = make_response(view(*args, **kwargs))
            _keep_page(response)
            return response

        wrapped.lamppu_cached_page = "anonymous" if anonymous else "signed-in"
        return wrapped

    return decorate(view) if view is not None else decorate


def collect(app: Flask) -> None:
    """Note the endpoints whose GET handler is wrapped in `cached_read` or `cached_page` (after the
    blueprints are registered)."""
    for endpoint, view in app.view_functions.items():
        handler = getattr(getattr(view, "view_class", None), "get", view)
        if getattr(handler, "lamppu_cached_read", False):
            CACHEABLE[endpoint] = getattr(handler, "lamppu_local_state", None)
        page = getattr(view, "lamppu_cached_page", None)
        if page:
            PAGES.add(endpoint)
            if page == "anonymous":
                ANONYMOUS_PAGES.add(endpoint)


def init_app(app: Flask) -> None:
    install_listeners()
    if app.config.get("READ_CACHE", True):
        app.extensions["lamppu_read_cache"] = Cache(int(app.config.get("READ_CACHE_ENTRIES", MAX_ENTRIES)))
    # Before the blueprints' hooks: the two-factor enrolment check loads the user.
    app.before_request(serve_page)
