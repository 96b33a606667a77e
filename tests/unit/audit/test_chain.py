"""Verification of the chain, the append-only triggers, and tampering behind the application's back."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from registry import audit
from registry.audit.models import AuditChainHead, AuditEvent
from registry.audit.services import chain_head, missing_triggers, verify_chain
from registry.extensions import db


def _dialect() -> str:
    return db.engine.dialect.name


def _drop_trigger(name: str, table: str) -> None:
    if _dialect() == "postgresql":
        db.session.execute(text(f"DROP TRIGGER {name} ON {table}"))
    else:
        db.session.execute(text(f"DROP TRIGGER {name}"))


def _events(make, n: int = 5) -> list[AuditEvent]:
    user = make.user("author")
    events = [audit.record(user, "test.step", "thing", i, after={"i": i, "text": "äö"}) for i in range(n)]
    db.session.commit()
    return events


def test_an_intact_chain_verifies_with_its_count(make):
    _events(make, 5)
    report = verify_chain(batch_size=2)  # several batches
    assert report.ok and report.events == 6  # the user.create event and five more
    assert report.as_dict() == {"ok": True, "events": 6}


def test_an_empty_chain_is_ok(app):
    assert verify_chain().as_dict() == {"ok": True, "events": 0}


def test_head_points_at_the_last_event(make):
    events = _events(make, 3)
    head = chain_head()
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)
    assert head.occurred_at == events[-1].occurred_at


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET reason = 'edited' WHERE seq = 2",
        "DELETE FROM audit_event WHERE seq = 2",
        "DELETE FROM audit_event",
        "DELETE FROM audit_chain_head",
        "UPDATE audit_chain_head SET seq = seq - 1",
        "UPDATE audit_chain_head SET seq = seq + 5",
    ],
)
def test_triggers_refuse_changes(make, statement):
    _events(make, 3)
    with pytest.raises(DatabaseError, match="append-only|may only advance"):
        db.session.execute(text(statement))
    db.session.rollback()
    assert db.session.execute(text("SELECT count(*) FROM audit_event")).scalar_one() == 4
    assert verify_chain().ok


def test_orm_update_of_an_event_is_refused(make):
    event = _events(make, 1)[0]
    event.reason = "quietly edited"
    with pytest.raises(DatabaseError):
        db.session.flush()
    db.session.rollback()


def test_all_triggers_are_installed(app):
    assert missing_triggers() == []


def test_edited_row_is_named_by_verify(make):
    events = _events(make, 5)
    target = events[2]
    _drop_trigger("audit_event_no_update", "audit_event")
    assert missing_triggers() == ["audit_event_no_update"]
    db.session.execute(
        text("UPDATE audit_event SET after_json = :v WHERE id = :id"), {"v": '{"i":999}', "id": target.id}
    )
    report = verify_chain(batch_size=2)
    assert not report.ok
    assert (report.first_bad_event, report.problem) == (target.id, "hash_mismatch")
    assert report.events == target.seq - 1
    db.session.rollback()  # DDL is transactional on both databases: the trigger is back
    assert missing_triggers() == []
    assert verify_chain().ok


def test_recomputed_hash_still_breaks_the_next_link(make):
    from registry.audit.services import compute_hash

    events = _events(make, 4)
    target = events[1]
    _drop_trigger("audit_event_no_update", "audit_event")
    db.session.execute(text("UPDATE audit_event SET reason = 'x' WHERE id = :id"), {"id": target.id})
    row = db.session.execute(db.select(AuditEvent.__table__).where(AuditEvent.id == target.id)).one()
    db.session.execute(
        text("UPDATE audit_event SET hash = :h WHERE id = :id"),
        {"h": compute_hash(row.prev_hash, row), "id": target.id},
    )
    report = verify_chain()
    assert (report.ok, report.first_bad_event, report.problem) == (False, events[2].id, "broken_link")
    db.session.rollback()


def test_deleted_tail_is_detected_against_the_head(make):
    events = _events(make, 5)
    _drop_trigger("audit_event_no_delete", "audit_event")
    db.session.execute(text("DELETE FROM audit_event WHERE seq > :s"), {"s": events[2].seq})
    report = verify_chain()
    assert not report.ok and report.problem == "truncated"
    assert report.first_bad_seq == events[2].seq + 1 and report.events == events[2].seq
    db.session.rollback()


def test_deleted_middle_event_is_a_gap(make):
    events = _events(make, 5)
    _drop_trigger("audit_event_no_delete", "audit_event")
    db.session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": events[1].id})
    report = verify_chain()
    assert (report.ok, report.problem, report.first_bad_event) == (False, "gap", events[2].id)
    db.session.rollback()


def test_tail_and_head_rolled_back_together_is_caught_by_a_kept_head(make):
    events = _events(make, 5)
    kept = (events[-1].seq, events[-1].hash)
    assert verify_chain(expected_head=kept).ok
    for name, table in (
        ("audit_event_no_delete", "audit_event"),
        ("audit_chain_head_no_delete" if _dialect() == "sqlite" else "audit_chain_head_guard", "audit_chain_head"),
    ):
        _drop_trigger(name, table)
    if _dialect() == "sqlite":
        _drop_trigger("audit_chain_head_forward_only", "audit_chain_head")
    db.session.execute(text("DELETE FROM audit_event WHERE seq > :s"), {"s": events[2].seq})
    db.session.execute(
        text("UPDATE audit_chain_head SET seq = :s, hash = :h"), {"s": events[2].seq, "h": events[2].hash}
    )
    assert verify_chain().ok  # consistent on its own...
    report = verify_chain(expected_head=kept)  # ...but not with the head kept elsewhere
    assert (report.ok, report.problem, report.first_bad_seq) == (False, "expected_head", kept[0])
    db.session.rollback()


def test_head_row_mismatch_is_reported(make):
    events = _events(make, 2)
    if _dialect() == "postgresql":
        _drop_trigger("audit_chain_head_guard", "audit_chain_head")
    else:
        _drop_trigger("audit_chain_head_forward_only", "audit_chain_head")
    db.session.execute(text("UPDATE audit_chain_head SET hash = :h"), {"h": "f" * 64})
    report = verify_chain()
    assert (report.ok, report.problem) == (False, "head_mismatch")
    db.session.rollback()
    assert db.session.get(AuditChainHead, 1).hash == events[-1].hash


def test_events_appended_during_a_walk_are_not_a_mismatch(make, monkeypatch):
    from registry.audit import services

    events = _events(make, 4)
    older = services.ChainHead(events[-2].seq, events[-2].hash, events[-2].occurred_at)
    monkeypatch.setattr(services, "chain_head", lambda: older)  # the head as read before the last append
    report = verify_chain(batch_size=2)
    assert report.ok and report.events == events[-2].seq


def test_cli_verify_does_not_take_the_write_lock(app, runner, make):
    from sqlalchemy import create_engine

    _events(make, 2)
    db.session.close()
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's database-wide write lock only")
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], connect_args={"timeout": 0.1})
    with other.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # another writer holds the lock throughout
        result = runner.invoke(args=["audit", "verify"])
        conn.exec_driver_sql("ROLLBACK")
    other.dispose()
    assert result.exit_code == 0 and result.output.startswith("OK: 3 events")
