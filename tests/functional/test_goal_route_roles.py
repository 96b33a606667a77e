"""Every goals route (pages and API), under every role and anonymously, answers the expected status.

Same table shape as the route-by-role test of the documents feature: (endpoint, method, path,
payload, statuses in the order of ROLES). A payload wrapped in FORM is sent as form data.
"""

from __future__ import annotations

import pytest

from registry.auth.services import create_api_token
from registry.extensions import db
from registry.goals import services
from tests.goals_helpers import build_plan

ROLES = ("anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin")
READ, API_READ = (302, 200, 200, 200, 200, 200, 200), (401, 200, 200, 200, 200, 200, 200)
MANAGE, MANAGE_POST = (302, 403, 403, 403, 200, 403, 403), (302, 403, 403, 403, 302, 403, 403)
API_CREATE = (401, 403, 403, 403, 201, 403, 403)


class FORM(dict):
    """Form data rather than JSON."""


# Plan 1 (LAMPPU) with goals T1 (id 1, with indicator 1) and T2 (id 2, unlinked); TO-001 effective.
GOAL_ROUTES = [
    ("goals.plans", "GET", "/plans", None, READ),
    ("goals.create_plan", "GET", "/plans/new", None, MANAGE),
    ("goals.plan", "GET", "/plans/1", None, READ),
    ("goals.edit_plan", "GET", "/plans/1/edit", None, MANAGE),
    ("goals.create_goal", "GET", "/plans/1/goals/new", None, MANAGE),
    ("goals.goal", "GET", "/goals/1", None, READ),
    ("goals.edit_goal", "GET", "/goals/1/edit", None, MANAGE),
    ("goals.create_indicator", "GET", "/goals/1/indicators/new", None, MANAGE),
    ("goals.edit_indicator", "GET", "/indicators/1/edit", None, MANAGE),
    ("goals.record_measurement", "GET", "/indicators/1/measurements/new", None, MANAGE),
    ("goals.write_progress", "GET", "/goals/1/progress", None, MANAGE),
    ("goals.coverage", "GET", "/goals/coverage", None, READ),
    ("goals.report", "GET", "/plans/1/report", None, READ),
    ("goals.archive_goal", "POST", "/goals/2/archive", FORM(), MANAGE_POST),
    ("goals.delete_goal", "POST", "/goals/2/delete", FORM(), MANAGE_POST),
    ("goals.document_goals", "POST", "/d/TO-001/goals", FORM(goals=["1"]), MANAGE_POST),
    ("api_goals.Plans", "GET", "/api/v1/plans", None, API_READ),
    ("api_goals.Plans", "POST", "/api/v1/plans", {"code": "UUSI", "name": "Uusi"}, API_CREATE),
    ("api_goals.Goals", "GET", "/api/v1/goals", None, API_READ),
    ("api_goals.Goals", "POST", "/api/v1/goals", {"plan": "LAMPPU", "code": "T9", "title": "Uusi"}, API_CREATE),
    ("api_goals.GoalDetail", "GET", "/api/v1/goals/T1", None, API_READ),
    ("api_goals.GoalProgress", "POST", "/api/v1/goals/T1/progress", {"period": "2013", "text": "x"}, API_CREATE),
    ("api_goals.Indicators", "POST", "/api/v1/indicators", {"goal": "T1", "name": "Uusi"}, API_CREATE),
    ("api_goals.Measurements", "POST", "/api/v1/indicators/1/measurements", {"period": "2013", "value": 1}, API_CREATE),
    ("api_goals.Coverage", "GET", "/api/v1/reports/coverage", None, API_READ),
    ("api_goals.PlanReport", "GET", "/api/v1/plans/1/report", None, API_READ),
    (
        "api_goals.DocumentGoals",
        "PUT",
        "/api/v1/documents/TO-001/goals",
        {"goals": ["T1"]},
        (401, 403, 403, 403, 200, 403, 403),
    ),
]
GOAL_ENDPOINTS = {r[0] for r in GOAL_ROUTES}
ROUTE_ENDPOINTS = GOAL_ENDPOINTS  # tested under every role here (see test_route_roles.py)


@pytest.fixture
def world(make):
    owner = make.user("author", "quality_owner", email="omistaja@example.org")
    _plan, (t1, _t2) = build_plan(owner, goals=("T1", "T2"))
    services.create_indicator(owner, t1, name="Mittari")
    make.published(owner, title="Voimassa oleva ohje")
    db.session.commit()
    return owner


@pytest.mark.parametrize("role", ROLES)
def test_goal_routes_answer_each_role(client, make, login, world, role):
    headers = {}
    if role != "anonymous":
        user = make.user(*([] if role == "reader" else [role]), email=f"{role}@example.org")
        headers["Authorization"] = "Bearer " + create_api_token(None, user, "t")
        db.session.commit()
        login(user)
    index = ROLES.index(role)
    for endpoint, method, path, payload, statuses in GOAL_ROUTES:
        api_headers = headers if path.startswith("/api/") else {}
        if isinstance(payload, FORM):
            response = client.open(path, method=method, data=dict(payload), headers=api_headers)
        else:
            response = client.open(path, method=method, json=payload, headers=api_headers)
        assert response.status_code == statuses[index], (endpoint, method, path)


def test_every_goal_route_is_in_the_table(app):
    endpoints = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith(("goals.", "api_goals."))
    }
    assert endpoints - GOAL_ENDPOINTS == set(), "add these routes to GOAL_ROUTES"
