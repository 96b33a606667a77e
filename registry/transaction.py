"""The one place where a request or a command commits, and the queue of what runs after the commit.

An API handler or view that changes data is wrapped in `transactional` (or, when the view
catches a refusal to show it on the page, calls the service through `run`); a CLI command runs
its work inside `with transaction():`. Services only add and flush. Side effects that must not happen
for a transaction that rolls back (mail, the search index, outgoing webhooks) are queued with
`after_commit(callback)` and run once the commit has succeeded, in the order they were queued.

A refusal that must leave its own record (a failed login, a rejected signature) raises a
`RecordedRefusal`: the runner commits that record and then lets the refusal answer the caller.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from registry.errors import RecordedRefusal
from registry.extensions import db

log = logging.getLogger(__name__)

PENDING_KEY = "lamppu_after_commit"  # queued in the open transaction
READY_KEY = "lamppu_committed"  # its transaction committed: to run now


def after_commit(callback: Callable[[], object], *, key: str | None = None) -> None:
    """Run `callback` after the current transaction commits; it is dropped if the transaction rolls back.

    With `key`, a callback already queued under the same key is not queued twice (one search
    catch-up per transaction, however many documents changed).
    """
    queue = db.session.info.setdefault(PENDING_KEY, [])
    if key is not None and any(k == key for k, _ in queue):
        return
    queue.append((key, callback))


def commit() -> None:
    """Commit the session, then run what the transaction queued (a failing callback is logged, never raised)."""
    db.session.commit()
    run_committed()


def rollback() -> None:
    db.session.rollback()


def run_committed() -> None:
    """Run the callbacks of transactions that have committed (also after a request, for any commit)."""
    while ready := db.session.info.pop(READY_KEY, None):
        for _key, callback in ready:
            try:
                callback()
            except Exception:  # the commit stands; each side effect has its own way to catch up
                log.exception("after-commit task %r failed", callback)


def _committed(session) -> None:
    # Inside SQLAlchemy's after_commit no SQL may run: only move the queue; `run_committed` runs it.
    pending = session.info.pop(PENDING_KEY, None)
    if pending:
        session.info.setdefault(READY_KEY, []).extend(pending)


def _rolled_back(session, _previous_transaction) -> None:
    session.info.pop(PENDING_KEY, None)


def _after_request(response):
    run_committed()
    return response


def init_app(app: Flask) -> None:
    """Listen for commits and rollbacks of every session; run the committed queue after each request."""
    if not event.contains(Session, "after_commit", _committed):
        event.listen(Session, "after_commit", _committed)
        event.listen(Session, "after_soft_rollback", _rolled_back)
    app.after_request(_after_request)


@contextmanager
def transaction() -> Iterator[None]:
    """Commit what the block did, or roll it back if it raised (a RecordedRefusal keeps its record)."""
    try:
        yield
    except RecordedRefusal:
        commit()
        raise
    except BaseException:
        rollback()
        raise
    else:
        commit()


def run(call: Callable, /, *args, **kwargs):
    """Run one service call in its own transaction and return its result (for views that catch refusals)."""
    with transaction():
        return call(*args, **kwargs)


def transactional(view: Callable) -> Callable:
    """Decorate a view or API method: one transaction per request, committed when it returns."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with transaction():
            return view(*args, **kwargs)

    return wrapper
