from __future__ import annotations

import pytest

from registry.audit.models import AuditEvent
from registry.documents import services as documents
from registry.errors import ConflictError
from registry.extensions import db
from registry.workflow import actions
from registry.workflow.models import VersionTransition
from registry.workflow.transitions import USER_ACTIONS, find_rule
from tests.workflow_helpers import action_args, build, version_in

STATES = ["draft", "in_review", "approved", "scheduled", "effective", "superseded", "withdrawn"]
EXPECTED = {
    ("draft", "submit"): "in_review",
    ("in_review", "recall"): "draft",
    ("in_review", "approve"): "approved",
    ("in_review", "return"): "draft",
    ("approved", "publish"): "effective",
    ("effective", "withdraw"): "withdrawn",
    ("effective", "confirm_review"): "effective",
}


def _count(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def test_expected_pairs_are_exactly_the_tables_user_rows():
    allowed = {(s, a.value) for s in STATES for a in USER_ACTIONS if find_rule(s, a.value)}
    assert allowed == set(EXPECTED)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", [a.value for a in USER_ACTIONS])
def test_every_state_action_pair_through_the_service(make, state, action):
    flow = build(make)
    version = version_in(flow, state)
    actor, args = action_args(flow, action)
    moves, events = _count(VersionTransition), _count(AuditEvent)
    if (state, action) in EXPECTED:
        actions.apply_action(actor, version, action, **args)
        db.session.commit()
        assert version.state == EXPECTED[(state, action)]
        assert _count(VersionTransition) > moves and _count(AuditEvent) > events
    else:
        with pytest.raises(ConflictError) as refused:
            actions.apply_action(actor, version, action, **args)
        db.session.rollback()
        assert refused.value.code == "transition_refused"
        assert "ei ole mahdollinen" in str(refused.value.message) or "not possible" in str(refused.value.message)
        db.session.refresh(version)
        assert version.state == state
        assert (_count(VersionTransition), _count(AuditEvent)) == (moves, events)


def test_publish_now_supersedes_the_previous_version_in_the_same_transaction(make):
    flow = build(make)
    old = documents.current_version(flow.document)
    version = version_in(flow, "effective")
    db.session.refresh(old)
    assert old.state == "superseded" and old.effective_until == version.effective_from
    assert documents.current_version(flow.document).id == version.id
    assert version.label == "3.0"
    (supersede,) = db.session.execute(
        db.select(VersionTransition).where(
            VersionTransition.version_id == old.id, VersionTransition.action == "supersede"
        )
    ).scalars()
    assert supersede.to_state == "superseded"
