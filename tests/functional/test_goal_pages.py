"""Goal pages and forms, refusals that change nothing, and goal links on the document page.

Status codes of every route under every role: test_goal_route_roles.py."""

from __future__ import annotations

import pytest

from registry.extensions import db
from registry.goals import services
from registry.goals.models import Goal, Measurement, Plan
from tests.goals_helpers import ROLES, build_plan, roles_user


@pytest.fixture
def world(make):
    owner = make.user("quality_owner", email="laatu@example.org")
    plan, (t1, _t2, _t3) = build_plan(owner)
    indicator = services.create_indicator(owner, t1, name="Kokoukset", unit="kpl", target=6)
    services.record_measurement(owner, indicator, period="kevät 2012", value=3)
    document = make.published(owner, title="Laatustrategia")
    db.session.commit()
    return {"owner": owner, "plan": plan, "goal": t1, "indicator": indicator, "document": document}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["archive", "restore", "delete"])
def test_goal_post_actions_for_every_role(client, login, make, world, role, action):
    user = roles_user(make, role)
    if user:
        login(user)
    response = client.post(f"/goals/{world['goal'].id}/{action}")
    assert response.status_code == {None: 302, "quality_owner": 302}.get(role, 403)
    if role != "quality_owner":
        assert db.session.get(Goal, world["goal"].id) is not None


@pytest.mark.parametrize("role", ROLES)
def test_document_goal_form_for_every_role(client, login, make, world, role):
    user = roles_user(make, role)
    if user:
        login(user)
    code = world["document"].code
    response = client.post(f"/d/{code}/goals", data={"goals": [str(world["goal"].id)]})
    expected_links = ["T1"] if role == "quality_owner" else []
    assert response.status_code == (302 if role in (None, "quality_owner") else 403)
    assert services.goal_codes_for_documents([world["document"].id])[world["document"].id] == expected_links


def test_goal_owner_may_write_progress_and_measurements(client, login, make, world):
    goal_owner = make.user(email="vastaava@example.org")
    services.update_goal(world["owner"], world["goal"], code="T1", title="Tavoite T1", owner=goal_owner.email)
    db.session.commit()
    login(goal_owner)
    response = client.post(f"/goals/{world['goal'].id}/progress", data={"period": "syksy 2012", "text": "Tehty."})
    assert response.status_code == 302
    assert client.get(f"/goals/{world['goal'].id}/edit").status_code == 403
    page = client.get(f"/goals/{world['goal'].id}").get_data(as_text=True)
    assert "Tehty." in page and "syksy 2012" in page


def test_create_plan_and_goal_through_the_forms(client, login, world):
    login(world["owner"])
    response = client.post("/plans/new", data={"code": "strat", "name": "Strategia", "kind": "strategy"})
    plan = db.session.execute(db.select(Plan).where(Plan.code == "STRAT")).scalar_one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{plan.id}")
    response = client.post(
        f"/plans/{plan.id}/goals/new", data={"code": "S1", "title": "Eka", "parent": "", "owner": ""}
    )
    assert response.status_code == 302
    assert [g.code for g in plan.goals] == ["S1"]


def test_bad_plan_input_shows_field_errors_and_saves_nothing(client, login, world):
    login(world["owner"])
    response = client.post("/plans/new", data={"code": "LAMPPU", "name": "", "kind": "project"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in page and "field-error" in page
    assert db.session.execute(db.select(db.func.count()).select_from(Plan)).scalar() == 1


def test_cycle_through_the_goal_form_is_refused(client, login, world):
    login(world["owner"])
    plan = world["plan"]
    client.post(f"/plans/{plan.id}/goals/new", data={"code": "T1.1", "title": "Ala", "parent": "T1", "owner": ""})
    child = db.session.execute(db.select(Goal).where(Goal.code == "T1.1")).scalar_one()
    response = client.post(
        f"/goals/{world['goal'].id}/edit", data={"code": "T1", "title": "Tavoite T1", "parent": child.code, "owner": ""}
    )
    assert response.status_code == 422
    assert db.session.get(Goal, world["goal"].id).parent_id is None


@pytest.mark.parametrize("value", ["kolme", "", "1e500", "3 €"])
def test_bad_measurement_in_the_form_is_a_field_error(client, login, world, value):
    login(world["owner"])
    response = client.post(
        f"/indicators/{world['indicator'].id}/measurements/new", data={"period": "syksy 2012", "value": value}
    )
    assert response.status_code == 422
    assert 'id="value-error"' in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count()).select_from(Measurement)).scalar() == 1


def test_goal_page_shows_a_chart_linked_documents_and_progress(client, login, world):
    owner = world["owner"]
    services.set_document_goals(owner, world["document"], [world["goal"]])
    services.write_progress_entry(owner, world["goal"], period="kevät 2012", text="Aloitettu.")
    db.session.commit()
    login(owner)
    page = client.get(f"/goals/{world['goal'].id}").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "<polyline" in page
    assert world["document"].code in page and "Aloitettu." in page


@pytest.mark.parametrize("values, target", [([5e-324], None), ([1e308], -1e308), ([-1e300, 0.0], 1e-300)])
def test_goal_page_draws_stored_values_of_any_size(client, login, world, values, target):
    """Values stored before the input bound (or written by hand) must not break the page for everyone."""
    indicator = world["indicator"]
    indicator.target = target
    db.session.execute(db.delete(Measurement))
    db.session.add_all(
        Measurement(indicator=indicator, period=f"{2012 + i}", value=v, recorded_by_id=None)
        for i, v in enumerate(values)
    )
    db.session.commit()
    login(world["owner"])
    response = client.get(f"/goals/{world['goal'].id}")
    assert response.status_code == 200 and "<polyline" in response.get_data(as_text=True)


def test_delete_of_linked_goal_is_refused_in_the_ui(client, login, world):
    services.set_document_goals(world["owner"], world["document"], [world["goal"]])
    db.session.commit()
    login(world["owner"])
    response = client.post(f"/goals/{world['goal'].id}/delete")
    assert response.status_code == 409
    assert db.session.get(Goal, world["goal"].id) is not None


@pytest.mark.parametrize("who, has_form", [("reader", False), ("owner", True)])
def test_document_page_lists_goals_and_offers_the_form_only_to_those_allowed(client, login, make, world, who, has_form):
    services.set_document_goals(world["owner"], world["document"], [world["goal"]])
    db.session.commit()
    code = world["document"].code
    login(make.user() if who == "reader" else world["owner"])
    page = client.get(f"/d/{code}").get_data(as_text=True)
    assert "T1 Tavoite T1" in page
    assert (f"/d/{code}/goals" in page) is has_form


def test_coverage_marks_gaps(client, login, world):
    services.set_document_goals(world["owner"], world["document"], [world["goal"]])
    db.session.commit()
    login(world["owner"])
    page = client.get("/goals/coverage").get_data(as_text=True)
    assert page.count('class="gap"') == 2  # T2 and T3: no document, no indicator


def test_document_form_keeps_links_to_archived_goals(client, login, world):
    owner, plan = world["owner"], world["plan"]
    t2 = [g for g in plan.goals if g.code == "T2"][0]
    services.set_document_goals(owner, world["document"], [world["goal"], t2])
    services.set_goal_archived(owner, t2, True)
    db.session.commit()
    login(owner)
    response = client.post(f"/d/{world['document'].code}/goals", data={"goals": []})
    assert response.status_code == 302
    assert services.goal_codes_for_documents([world["document"].id])[world["document"].id] == ["T2"]
    bad = client.post(f"/d/{world['document'].code}/goals", data={"goals": ["99999"]})
    assert bad.status_code == 302
    assert services.goal_codes_for_documents([world["document"].id])[world["document"].id] == ["T2"]
