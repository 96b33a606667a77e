"""Bad input from a browser or an API client: a clear 4xx that changes nothing, never a 500.

Run on PostgreSQL too (LAMPPU_TEST_DATABASE_URL): it refuses integers above 2^31-1
where SQLite is more lenient.
"""
from __future__ import annotations

import pytest

from registry.auth.services import create_api_token
from registry.extensions import db
from registry.goals import services as goals
from tests.goals_helpers import build_plan


@pytest.fixture
def bearer(make):
    def _bearer(user):
        token = create_api_token(None, user, "test")
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return _bearer


# --- integers in URLs beyond what a database integer holds ---------------------------------------

HUGE = ("2147483648", "3000000000", "99999999999999999999", "9" * 5000)
HUGE_IDS = ("2^31", "3e9", "1e20", "5000-digits")


@pytest.mark.parametrize("number", HUGE, ids=HUGE_IDS)
@pytest.mark.parametrize("template", [
    "/api/v1/documents/TO-001/versions/{n}",
    "/api/v1/documents/TO-001/versions/1/attachments/{n}",
    "/api/v1/documents/TO-001/versions/{n}/diff/1",
    "/api/v1/plans/{n}/report",
])
def test_huge_numbers_in_api_urls_are_404(client, make, bearer, template, number):
    quality = make.user("author", "quality_owner", "auditor")
    make.published(quality)
    response = client.get(template.format(n=number), headers=bearer(quality))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("number", HUGE, ids=HUGE_IDS)
@pytest.mark.parametrize("template", [
    "/d/TO-001/v/{n}", "/d/TO-001/v/{n}/print", "/d/TO-001/v/1/attachments/{n}", "/plans/{n}", "/goals/{n}",
    "/admin/users/{n}",
])
def test_huge_numbers_in_page_urls_are_404(client, make, login, template, number):
    quality = make.user("author", "quality_owner", "admin")
    make.published(quality)
    login(quality)
    assert client.get(template.format(n=number)).status_code == 404


def test_huge_indicator_id_in_a_measurement_post_is_404(client, make, bearer):
    owner = make.user("quality_owner")
    build_plan(owner)
    response = client.post("/api/v1/indicators/3000000000/measurements", json={"period": "2012", "value": 1},
                           headers=bearer(owner))
    assert response.status_code == 404


def test_the_largest_database_integer_still_matches(client, make, login):
    owner = make.user("quality_owner")
    _plan, (t1, _t2, _t3) = build_plan(owner)
    login(owner)
    assert client.get("/goals/2147483647").status_code == 404
    assert client.get(f"/goals/{t1.id}").status_code == 200
    assert goals.require_goal_id(t1.id) is t1
