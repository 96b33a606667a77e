"""Concurrent writers must not fork the chain (real threads, real connections, real requests)."""

from __future__ import annotations

import threading

from registry import audit
from registry.audit.models import AuditEvent
from registry.audit.services import verify_chain
from registry.extensions import db

THREADS = 6
PER_THREAD = 8


def _run_all(targets) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(len(targets))

    def wrap(fn):
        def run():
            try:
                start.wait()
                fn()
            except BaseException as error:  # reported by the test below
                errors.append(error)

        return run

    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


def _assert_linear_chain(expected: int) -> None:
    db.session.rollback()
    rows = db.session.execute(db.select(AuditEvent.seq, AuditEvent.prev_hash)).all()
    assert len(rows) == expected
    assert sorted(r.seq for r in rows) == list(range(1, expected + 1))
    assert len({r.prev_hash for r in rows}) == expected  # no two events share a parent: no fork
    report = verify_chain()
    assert report.ok and report.events == expected


def test_concurrent_service_calls_keep_one_chain(app, make):
    user = make.user("author")
    user_id = user.id
    db.session.commit()
    db.session.close()

    def writer(n: int):
        def run():
            with app.app_context():
                for i in range(PER_THREAD):
                    actor = db.session.get(type(user), user_id)
                    audit.record(actor, "test.concurrent", "thread", f"{n}-{i}")
                    db.session.commit()
                db.session.remove()

        return run

    errors = _run_all([writer(n) for n in range(THREADS)])
    assert errors == []
    _assert_linear_chain(1 + THREADS * PER_THREAD)


def test_concurrent_http_requests_keep_one_chain(app, make):
    user = make.user("author")
    email = user.email
    db.session.commit()
    db.session.close()

    def requester():
        client = app.test_client()
        for _ in range(PER_THREAD):
            response = client.post("/login", data={"email": email, "password": "wrong password!"})
            assert response.status_code == 200

    errors = _run_all([requester for _ in range(THREADS)])
    assert errors == []
    _assert_linear_chain(1 + THREADS * PER_THREAD)
    failed = db.session.execute(
        db.select(db.func.count()).select_from(AuditEvent).where(AuditEvent.action == "auth.login_failed")
    ).scalar_one()
    assert failed == THREADS * PER_THREAD
