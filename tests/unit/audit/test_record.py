from __future__ import annotations

from registry import audit
from registry.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from registry.audit.services import compute_hash
from registry.extensions import db


def test_events_form_a_hash_chain(make):
    user = make.user("author")
    audit.record(user, "test.one", "thing", 1, after={"ä": "ö"})
    audit.record(user, "test.two", "thing", 2, before={"a": 1})
    db.session.commit()
    events = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.seq)).scalars().all()
    assert events[0].prev_hash == GENESIS_HASH
    for previous, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == previous.hash
        assert event.seq == previous.seq + 1
    for event in events:
        assert compute_hash(event.prev_hash, event) == event.hash
    head = db.session.get(AuditChainHead, 1)
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)


def test_changing_a_stored_field_breaks_the_hash(make):
    user = make.user("author")
    event = audit.record(user, "test.one", "thing", 1, after={"x": 1})
    db.session.commit()
    db.session.refresh(event)  # load it now: a flush of the edit below would hit the append-only trigger
    event.after_json = '{"x":2}'
    assert compute_hash(event.prev_hash, event) != event.hash
    db.session.rollback()


def test_failed_login_is_recorded(make):
    from registry.auth.services import authenticate

    user = make.user()
    assert authenticate(user.email, "wrong password") is None
    db.session.commit()
    failed = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")).scalar_one()
    assert failed.object_id == str(user.id) and failed.actor_id is None
