"""Change requests: who may send and decide (every route under every role), the way from a staff
member's request to the version that closes it, and every bad input refused without a change."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from registry.audit.models import AuditEvent
from registry.documents.models import ChangeRequest, version_change_request
from registry.extensions import db
from registry.goals import links as goal_links
from registry.workflow import approvals, change_requests, publishing
from registry.workflow import machine as workflow
from registry.workflow.models import Notification
from tests.conftest import PASSWORD
from tests.goals_helpers import build_plan
from tests.workflow_helpers import FakeClock, build

ROLES = ("anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin")
READ, API_READ = (302, 200, 200, 200, 200, 200, 200), (401, 200, 200, 200, 200, 200, 200)


class FORM(dict):
    """Form data rather than JSON."""


# TO-001: an effective internal document owned by a quality owner none of the role users is; it has
# change requests #1 and #2, both new.
ROUTES = [
    ("workflow.document_change_requests", "GET", "/d/TO-001/change-requests", None, READ),
    (
        "workflow.send_change_request",
        "POST",
        "/d/TO-001/change-requests",
        FORM(text="Puhelinnumero puuttuu."),
        (302, 302, 302, 302, 302, 403, 302),
    ),
    ("workflow.change_request", "GET", "/change-requests/1", None, READ),
    (
        "workflow.decide_change_request",
        "POST",
        "/change-requests/1/accept",
        FORM(),
        (302, 403, 403, 403, 302, 403, 302),
    ),
    ("workflow.change_requests_list", "GET", "/change-requests", None, (302, 403, 403, 403, 200, 200, 200)),
    ("api_change_requests.DocumentChangeRequests", "GET", "/api/v1/documents/TO-001/change-requests", None, API_READ),
    (
        "api_change_requests.DocumentChangeRequests",
        "POST",
        "/api/v1/documents/TO-001/change-requests",
        {"text": "Puhelinnumero puuttuu."},
        (401, 201, 201, 201, 201, 403, 201),
    ),
    (
        "api_change_requests.ChangeRequestTransitions",
        "POST",
        "/api/v1/change-requests/2/transitions",
        {"action": "accept"},
        (401, 403, 403, 403, 200, 403, 200),
    ),
]
ROUTE_ENDPOINTS = {r[0] for r in ROUTES}  # tested under every role here (see test_route_roles.py)


def _count(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action)).scalars())


@pytest.fixture
def flow(make):
    return build(make)


@pytest.mark.parametrize("role", ROLES)
def test_routes_answer_each_role(client, make, login, bearer, role):
    owner = make.user("author", "quality_owner", email="omistaja@example.org")
    document = make.published(owner, title="Voimassa oleva ohje")
    staff = make.user(email="henkilo@example.org")
    for text in ("Ensimmäinen.", "Toinen."):
        change_requests.create_change_request(staff, document, text=text)
    db.session.commit()
    headers = {}
    if role != "anonymous":
        user = make.user(*([] if role == "reader" else [role]), email=f"{role}@example.org")
        headers = bearer(user)
        login(user)
    index = ROLES.index(role)
    for endpoint, method, path, payload, statuses in ROUTES:
        api_headers = headers if path.startswith("/api/") else {}
        if isinstance(payload, FORM):
            response = client.open(path, method=method, data=dict(payload), headers=api_headers)
        else:
            response = client.open(path, method=method, json=payload, headers=api_headers)
        assert response.status_code == statuses[index], (endpoint, method, path, response.get_data(as_text=True)[:200])


def test_every_change_request_route_is_in_the_table(app):
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "change_request" in rule.endpoint or rule.endpoint.startswith("api_change_requests.")
    }
    assert endpoints == ROUTE_ENDPOINTS


def _publish_new_version(flow, ids, *, effective_from=None):
    version = workflow.start_new_draft(flow.author, flow.document)
    workflow.edit_draft(flow.author, version, revision=version.revision, body="Uusi teksti puhelinnumeron kanssa.")
    approvals.submit_version(
        flow.author,
        version,
        approvers=[flow.approver],
        change_type="major",
        change_summary="Puhelinnumero lisätty",
        change_request_ids=ids,
    )
    approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="content_owner")
    publishing.publish_version(flow.quality, version, effective_from=effective_from)
    db.session.commit()
    return version


def test_story_from_request_to_the_version_that_closes_it(app, client, login, flow):
    request = change_requests.create_change_request(
        flow.staff, flow.document, text="Puhelinnumero puuttuu.", suggestion="Soita 040 123.", quote="Toinen teksti."
    )
    db.session.commit()
    assert [n.kind for n in _notes(flow.quality)] == ["change_request_new"]
    change_requests.move_change_request(flow.quality, request, "accept")
    db.session.commit()
    assert request.state == "accepted"
    assert [n.kind for n in _notes(flow.staff)] == ["change_request_accept"]

    version = _publish_new_version(flow, [request.id])
    db.session.expire_all()
    assert request.state == "done" and request.done_version_id == version.id
    assert {n.kind for n in _notes(flow.staff)} == {"change_request_accept", "change_request_done"}
    (created,) = _events("change_request.create")
    assert (created.object_type, created.object_id, created.document_code) == (
        "change_request",
        str(request.id),
        "TO-001",
    )
    assert json.loads(created.after_json)["state"] == "new"
    (done,) = _events("change_request.done")
    after = json.loads(done.after_json)
    assert (after["id"], after["document"], after["state"]) == (request.id, "TO-001", "done")
    submit = next(e for e in _events("version.submit") if e.object_id == str(version.id))
    assert json.loads(submit.after_json)["change_requests"] == [request.id]

    login(flow.staff)
    page = client.get(f"/d/TO-001/v/{version.number}").get_data(as_text=True)
    assert "Tämä versio käsittelee ehdotukset" in page and f"/change-requests/{request.id}" in page
    detail = client.get(f"/change-requests/{request.id}").get_data(as_text=True)
    assert "Tehty" in detail and "Soita 040 123." in detail


def _notes(user) -> list[Notification]:
    return list(
        db.session.execute(db.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
        .scalars()
        .all()
    )


def test_a_scheduled_version_closes_its_requests_when_it_takes_effect(app, flow):
    clock = FakeClock()
    app.config["CLOCK"] = clock
    request = change_requests.create_change_request(flow.staff, flow.document, text="Vanha osoite.")
    db.session.commit()
    version = _publish_new_version(flow, [request.id], effective_from=clock.now + timedelta(days=3))
    assert version.state == "scheduled" and request.state == "new"
    clock.advance(days=4)
    publishing.apply_due_versions()
    db.session.commit()
    db.session.expire_all()
    assert request.state == "done"
    (done,) = _events("change_request.done")
    assert done.actor_id is None


def test_decisions_reject_needs_a_reason_and_the_requester_is_told(app, client, bearer, flow):
    request = change_requests.create_change_request(flow.staff, flow.document, text="Fontti on liian pieni.")
    db.session.commit()
    url = f"/api/v1/change-requests/{request.id}/transitions"
    headers = bearer(flow.quality)
    refused = client.post(url, json={"action": "reject"}, headers=headers)
    assert refused.status_code == 422 and "comment" in refused.json["error"]["fields"]
    assert _events("change_request.reject") == []
    rejected = client.post(url, json={"action": "reject", "comment": "Ei koske sisältöä."}, headers=headers)
    assert rejected.status_code == 200 and rejected.json["state"] == "rejected"
    (event,) = _events("change_request.reject")
    assert json.loads(event.after_json)["reason"] == "Ei koske sisältöä."
    again = client.post(url, json={"action": "accept"}, headers=headers)
    assert again.status_code == 409 and again.json["error"]["code"] == "invalid_transition"
    reopened = client.post(url, json={"action": "reopen"}, headers=headers)
    assert reopened.status_code == 200 and reopened.json["state"] == "new"
    assert [n.kind for n in _notes(flow.staff)] == ["change_request_reject", "change_request_reopen"]
    assert client.post(url, json={"action": "close"}, headers=headers).status_code == 422


@pytest.mark.parametrize(
    "body, field",
    [
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "x" * 100_000}, "text"),
        ({"text": "Lyhyt.", "suggestion": "y" * 100_000}, "suggestion"),
        ({"text": "Lyhyt.", "anchor": "z" * 1001}, "anchor"),
        ({"text": "Lyhyt.", "anonymous": True}, "anonymous"),
    ],
)
def test_bad_change_requests_are_refused_and_nothing_is_stored(client, bearer, flow, body, field):
    response = client.post("/api/v1/documents/TO-001/change-requests", json=body, headers=bearer(flow.staff))
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert _count(ChangeRequest) == 0 and _events("change_request.create") == []


def test_a_100_kb_request_on_the_page_is_refused_with_a_message(client, login, flow):
    login(flow.staff)
    response = client.post("/d/TO-001/change-requests", data={"text": "x" * 100_000})
    assert response.status_code == 422
    assert "Kuvaus on liian pitkä (enintään 5000 merkkiä)." in response.get_data(as_text=True)
    assert _count(ChangeRequest) == 0


def test_a_document_the_user_may_not_see_is_not_found(client, make, bearer, login, flow):
    hidden = make.published(
        flow.quality, title="Salainen ohje", visibility="restricted", unit_code=make.unit("HALL").code
    )
    staff = bearer(flow.staff)
    for response in (
        client.post(f"/api/v1/documents/{hidden.code}/change-requests", json={"text": "Moi"}, headers=staff),
        client.get(f"/api/v1/documents/{hidden.code}/change-requests", headers=staff),
    ):
        assert response.status_code == 404
        assert "Salainen" not in response.get_data(as_text=True)
    hidden_request = change_requests.create_change_request(flow.quality, hidden, text="Sisäinen huomio.")
    db.session.commit()
    transition = client.post(
        f"/api/v1/change-requests/{hidden_request.id}/transitions", json={"action": "accept"}, headers=staff
    )
    assert transition.status_code == 404
    login(flow.staff)
    assert client.get(f"/change-requests/{hidden_request.id}").status_code == 404
    assert client.post(f"/d/{hidden.code}/change-requests", data={"text": "Moi"}).status_code == 404
    assert _count(ChangeRequest) == 1


def test_a_version_cannot_close_a_request_of_another_document(client, make, bearer, flow):
    other = make.published(flow.quality, title="Toinen ohje")
    foreign = change_requests.create_change_request(flow.staff, other, text="Koskee toista.")
    rejected = change_requests.create_change_request(flow.staff, flow.document, text="Hylätään.")
    change_requests.move_change_request(flow.quality, rejected, "reject", comment="Ei.")
    version = workflow.start_new_draft(flow.author, flow.document)
    db.session.commit()
    url = f"/api/v1/documents/TO-001/versions/{version.number}/transitions"
    base = {"action": "submit", "approvers": [flow.approver.email], "change_type": "minor", "change_summary": "Korjaus"}
    for ids, words in (
        ([foreign.id], "ei koske tätä asiakirjaa"),
        ([rejected.id], "hylätty tai tehty"),
        ([999], "#999"),
    ):
        response = client.post(url, json=base | {"change_requests": ids}, headers=bearer(flow.author))
        assert response.status_code == 400, response.json
        assert response.json["error"]["code"] == "invalid_change_request"
        assert words in response.json["error"]["fields"]["change_requests"]
        db.session.expire_all()
        assert version.state == "draft"
        assert _count(version_change_request) == 0


def test_anonymous_requests_only_when_allowed_and_without_the_sender(app, client, bearer, flow):
    app.config["CHANGE_REQUESTS_ANONYMOUS"] = True
    response = client.post(
        "/api/v1/documents/TO-001/change-requests",
        json={"text": "Nimetön huomio.", "anonymous": True},
        headers=bearer(flow.staff),
    )
    assert response.status_code == 201 and response.json["requester"] is None
    request = db.session.get(ChangeRequest, response.json["id"])
    assert request.requester_id is None
    (event,) = _events("change_request.create")
    assert event.actor_id is None and event.actor_label == "anonymous"
    assert flow.staff.email not in (event.after_json or "")
    change_requests.move_change_request(flow.quality, request, "accept")
    db.session.commit()
    assert _notes(flow.staff) == []


def test_coverage_and_report_count_open_requests(app, client, bearer, login, flow):
    plan, (goal, _other) = build_plan(flow.quality, goals=("T1", "T2"))
    goal_links.set_document_goals(flow.quality, flow.document, [goal])
    for text in ("Yksi.", "Kaksi.", "Kolme."):
        change_requests.create_change_request(flow.staff, flow.document, text=text)
    closed = change_requests.create_change_request(flow.staff, flow.document, text="Hylätty.")
    change_requests.move_change_request(flow.quality, closed, "reject", comment="Ei.")
    db.session.commit()
    headers = bearer(flow.quality)
    coverage = client.get("/api/v1/reports/coverage", headers=headers).json
    row = coverage["plans"][0]["goals"][0]
    assert row["open_change_requests"] == {"TO-001": 3}
    report = client.get(f"/api/v1/plans/{plan.id}/report?format=json", headers=headers).json
    assert report["goals"][0]["documents"][0]["open_change_requests"] == 3
    login(flow.quality)
    assert "3 avointa kehitysehdotusta" in client.get("/goals/coverage").get_data(as_text=True)


def test_tasks_and_the_quality_owners_list_show_open_requests_with_age(app, client, login, flow):
    clock = FakeClock()
    app.config["CLOCK"] = clock
    change_requests.create_change_request(flow.staff, flow.document, text="Vanha pyyntö.")
    db.session.commit()
    clock.advance(days=12)
    login(flow.quality)
    tasks = client.get("/inbox").get_data(as_text=True)
    assert "Kehitysehdotukset asiakirjoihini (1)" in tasks and "Vanha pyyntö." in tasks
    listing = client.get("/change-requests").get_data(as_text=True)
    assert "Vanha pyyntö." in listing and '<td class="number">12</td>' in listing
    assert "Vanha pyyntö." not in client.get("/change-requests?state=done").get_data(as_text=True)
    login(flow.staff)
    assert "Vanha pyyntö." not in client.get("/inbox").get_data(as_text=True)


def test_submit_page_names_the_requests_and_the_version_page_shows_them(app, client, login, flow):
    request = change_requests.create_change_request(flow.staff, flow.document, text="Lisää esimerkki.")
    version = workflow.start_new_draft(flow.author, flow.document)
    db.session.commit()
    login(flow.author)
    form = client.get(f"/d/TO-001/v/{version.number}/submit").get_data(as_text=True)
    assert f"#{request.id} Lisää esimerkki." in form
    response = client.post(
        f"/d/TO-001/v/{version.number}/submit",
        data={
            "approvers": [str(flow.approver.id)],
            "change_type": "major",
            "change_summary": "Esimerkki lisätty",
            "change_requests": [str(request.id)],
        },
    )
    assert response.status_code == 302
    assert [r.id for r in change_requests.addressed_by(version)] == [request.id]


EXPECTED_MOVES = {
    ("new", "accept"): "accepted",
    ("new", "reject"): "rejected",
    ("accepted", "reject"): "rejected",
    ("rejected", "reopen"): "new",
    ("done", "reopen"): "new",
}


@pytest.mark.parametrize("state", ["new", "accepted", "rejected", "done"])
@pytest.mark.parametrize("action", ["accept", "reject", "reopen"])
def test_every_state_action_pair(flow, state, action):
    from registry.errors import ConflictError

    request = change_requests.create_change_request(flow.staff, flow.document, text="Tarkista luku 2.")
    request.state = state
    db.session.commit()
    events = _count(AuditEvent)
    if (state, action) in EXPECTED_MOVES:
        change_requests.move_change_request(flow.quality, request, action, comment="Syy.")
        assert request.state == EXPECTED_MOVES[(state, action)]
        assert _events(f"change_request.{action}")[0].document_code == "TO-001"
    else:
        with pytest.raises(ConflictError):
            change_requests.move_change_request(flow.quality, request, action, comment="Syy.")
        db.session.rollback()
        assert request.state == state and _count(AuditEvent) == events


def test_control_characters_and_huge_ids_are_refused_without_a_change(client, login, bearer, flow):
    headers = bearer(flow.staff)
    response = client.post(
        "/api/v1/documents/TO-001/change-requests", json={"text": "Nolla\x00merkki"}, headers=headers
    )
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_input"
    login(flow.staff)
    assert client.post("/d/TO-001/change-requests", data={"text": "Nolla\x00merkki"}).status_code == 400
    assert _count(ChangeRequest) == 0
    huge = "9" * 30
    assert client.get(f"/change-requests/{huge}").status_code == 404
    assert (
        client.post(
            f"/api/v1/change-requests/{huge}/transitions", json={"action": "accept"}, headers=headers
        ).status_code
        == 404
    )
