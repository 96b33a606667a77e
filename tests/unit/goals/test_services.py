from __future__ import annotations

import json

import pytest

from registry.audit.models import AuditEvent
from registry.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from registry.extensions import db
from registry.goals import services
from registry.goals.models import Goal, Measurement
from tests.goals_helpers import build_plan


@pytest.fixture
def owner(make):
    return make.user("quality_owner", email="laatu@example.org")


def _events(action):
    return list(db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action)).scalars())


def test_goal_codes_are_unique_within_a_plan_but_not_across_plans(owner):
    plan, _goals = build_plan(owner)
    with pytest.raises(ValidationError) as error:
        services.create_goal(owner, plan, code="t1", title="Kopio")
    assert "code" in error.value.fields
    other, _ = build_plan(owner, code="OTHER", goals=())
    assert services.create_goal(owner, other, code="T1", title="Toinen").plan_id == other.id


def test_a_goal_cannot_become_its_own_ancestor(owner):
    _plan, (t1, t2, _t3) = build_plan(owner)
    services.update_goal(owner, t2, code="T2", title=t2.title, parent="T1")
    db.session.commit()
    with pytest.raises(ValidationError) as itself:
        services.update_goal(owner, t2, code="T2", title=t2.title, parent="T2")
    with pytest.raises(ValidationError) as under_own_child:
        services.update_goal(owner, t1, code="T1", title=t1.title, parent="T2")
    assert "parent" in itself.value.fields and "parent" in under_own_child.value.fields
    db.session.rollback()
    assert db.session.get(Goal, t1.id).parent_id is None
    assert db.session.get(Goal, t2.id).parent_id == t1.id


def test_unknown_parent_is_a_field_error(owner):
    plan, _goals = build_plan(owner)
    with pytest.raises(ValidationError) as error:
        services.create_goal(owner, plan, code="T9", title="X", parent="NOPE")
    assert "parent" in error.value.fields


def test_deleting_a_linked_goal_is_refused_but_archiving_works(owner, make):
    _plan, (t1, t2, _t3) = build_plan(owner)
    document = make.published(owner, title="Laatustrategia")
    services.set_document_goals(owner, document, [t1])
    db.session.commit()
    with pytest.raises(ConflictError):
        services.delete_goal(owner, t1)
    db.session.rollback()
    assert db.session.get(Goal, t1.id) is not None
    services.set_goal_archived(owner, t1, True)
    services.delete_goal(owner, t2)
    db.session.commit()
    assert db.session.get(Goal, t2.id) is None
    assert db.session.get(Goal, t1.id).archived is True
    assert [e.object_id for e in _events("goal.delete")] == [str(t2.id)]


def test_goal_with_children_cannot_be_deleted(owner):
    plan, (t1, _t2, _t3) = build_plan(owner)
    services.create_goal(owner, plan, code="T1.1", title="Ala", parent="T1")
    with pytest.raises(ConflictError):
        services.delete_goal(owner, t1)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12", 12.0),
        ("12,5", 12.5),
        ("1 200", 1200.0),
        ("85 %", 85.0),
        (" -3.5 ", -3.5),
        (7, 7.0),
        (2.5, 2.5),
        (10**12, 1e12),
        ("-1 000 000 000 000", -1e12),
    ],
)
def test_measurement_values_accept_numbers_in_the_unit(owner, value, expected):
    _plan, (t1, _t2, _t3) = build_plan(owner)
    indicator = services.create_indicator(owner, t1, name="Osuus", unit="%", target="80")
    row = services.record_measurement(owner, indicator, period="2012", value=value)
    assert row.value == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "abc",
        "12 kpl",
        "1e999",
        "NaN",
        "inf",
        None,
        True,
        "12,5,3",
        "<b>1</b>",
        [1],
        {"value": 1},
        pytest.param(10**400, id="10^400"),
        pytest.param(-(10**400), id="-10^400"),
        10**12 + 1,
        "1e13",
        -1.5e12,
        1e308,
    ],
)
def test_bad_measurement_value_is_a_field_error_and_changes_nothing(owner, value):
    _plan, (t1, _t2, _t3) = build_plan(owner)
    indicator = services.create_indicator(owner, t1, name="Osuus", unit="%", target=80)
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        services.record_measurement(owner, indicator, period="2012", value=value)
    assert "value" in error.value.fields
    db.session.rollback()
    assert db.session.execute(db.select(Measurement)).first() is None


def test_bad_period_is_a_field_error(owner):
    _plan, (t1, _t2, _t3) = build_plan(owner)
    indicator = services.create_indicator(owner, t1, name="Osuus", unit="%")
    with pytest.raises(ValidationError) as error:
        services.record_measurement(owner, indicator, period="ensi vuonna", value=1)
    assert set(error.value.fields) == {"period"}
    with pytest.raises(ValidationError):
        services.write_progress_entry(owner, t1, period="", text="x")


def test_a_second_value_for_a_period_replaces_the_first_and_is_audited(owner):
    _plan, (t1, _t2, _t3) = build_plan(owner)
    indicator = services.create_indicator(owner, t1, name="Kpl", unit="kpl", target=5)
    services.record_measurement(owner, indicator, period="kevät 2012", value=3)
    services.record_measurement(owner, indicator, period="kevät 2012", value=4)
    assert [m.value for m in indicator.measurements] == [4.0]
    event = _events("measurement.record")[-1]
    assert json.loads(event.before_json)["value"] == 3.0 and json.loads(event.after_json)["value"] == 4.0


@pytest.mark.parametrize(
    "direction, values, status",
    [
        ("higher", [3, 7], "met"),
        ("higher", [7, 3], "not_met"),
        ("lower", [9, 4], "met"),
        ("lower", [4, 9], "not_met"),
    ],
)
def test_indicator_status_reads_the_latest_value_by_direction(owner, direction, values, status):
    _plan, (t1, _t2, _t3) = build_plan(owner)
    indicator = services.create_indicator(owner, t1, name="I", target=5, direction=direction)
    for period, value in zip(("syksy 2012", "kevät 2013"), values, strict=True):
        services.record_measurement(owner, indicator, period=period, value=value)
    assert services.indicator_status(indicator).status == status


@pytest.mark.parametrize("target", [pytest.param(10**400, id="10^400"), "1e13", -1e300, "lots"])
def test_an_indicator_target_must_be_a_number_of_sane_size(owner, target):
    _plan, (t1, _t2, _t3) = build_plan(owner)
    with pytest.raises(ValidationError) as error:
        services.create_indicator(owner, t1, name="Osuus", target=target)
    assert set(error.value.fields) == {"target"}
    indicator = services.create_indicator(owner, t1, name="Osuus", target=10**12)
    with pytest.raises(ValidationError) as error:
        services.update_indicator(owner, indicator, name="Osuus", target=target)
    assert set(error.value.fields) == {"target"} and indicator.target == 1e12


def test_bad_indicator_input_names_each_field(owner):
    _plan, (t1, _t2, _t3) = build_plan(owner)
    with pytest.raises(ValidationError) as error:
        services.create_indicator(owner, t1, name="", target="lots", direction="up", frequency="hourly")
    assert set(error.value.fields) == {"name", "target", "direction", "frequency"}


def test_goal_owner_writes_progress_others_may_not(owner, make):
    plan, _goals = build_plan(owner, goals=())
    goal_owner = make.user(email="tavoite@example.org")
    stranger = make.user("author")
    goal = services.create_goal(owner, plan, code="T1", title="T", owner=goal_owner.email)
    entry = services.write_progress_entry(goal_owner, goal, period="kevät 2012", text="Tehty.")
    assert entry.author_id == goal_owner.id
    with pytest.raises(PermissionDenied):
        services.write_progress_entry(stranger, goal, period="kevät 2012", text="Ei.")
    with pytest.raises(PermissionDenied):
        services.create_goal(goal_owner, plan, code="T2", title="T")
    services.write_progress_entry(goal_owner, goal, period="kevät 2012", text="Korjattu.")
    assert [e.text for e in goal.progress_entries] == ["Korjattu."]


def test_document_goal_links_are_replaced_and_audited(owner, make):
    _plan, (t1, t2, t3) = build_plan(owner)
    document = make.published(owner, title="Ohje")
    assert services.set_document_goals(owner, document, services.resolve_goal_codes(["T1", "LAMPPU:T3"]))
    assert not services.set_document_goals(owner, document, [t3, t1])  # same set: no event
    services.set_document_goals(owner, document, [t2])
    db.session.commit()
    events = _events("document.goals")
    assert len(events) == 2 and events[-1].document_code == document.code
    assert json.loads(events[-1].before_json) == {"goals": ["LAMPPU:T1", "LAMPPU:T3"]}
    assert json.loads(events[-1].after_json) == {"goals": ["LAMPPU:T2"]}
    assert services.goal_codes_for_documents([document.id, 999]) == {document.id: ["T2"], 999: []}


def test_only_owner_or_quality_owner_may_link(owner, make):
    _plan, (t1, _t2, _t3) = build_plan(owner)
    author = make.user("author")
    document = make.published(owner, title="Ohje")
    with pytest.raises(PermissionDenied):
        services.set_document_goals(author, document, [t1])


def test_goal_code_resolution_reports_unknown_and_ambiguous_codes(owner):
    build_plan(owner)
    build_plan(owner, code="OTHER", goals=("T1",))
    with pytest.raises(ValidationError) as error:
        services.resolve_goal_codes(["T1", "T9", "T2"])
    assert "T1" in str(error.value.fields["goals"]) and "T9" in str(error.value.fields["goals"])
    assert [g.plan.code for g in services.resolve_goal_codes(["OTHER:T1", "T2"])] == ["OTHER", "LAMPPU"]
    with pytest.raises(NotFoundError):
        services.resolve_goal("NOPE")


def test_goal_tree_orders_parents_before_children(owner):
    plan, _goals = build_plan(owner)
    services.create_goal(owner, plan, code="T1.1", title="Ala", parent="T1")
    assert [(g.code, depth) for g, depth in services.goal_tree(plan)] == [("T1", 0), ("T1.1", 1), ("T2", 0), ("T3", 0)]
