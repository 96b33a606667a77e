from __future__ import annotations

import pytest

from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.workflow.models import SignatureFailure
from registry.workflow.transitions import USER_ACTIONS
from tests.conftest import PASSWORD
from tests.unit.workflow.test_transitions import EXPECTED, STATES
from tests.workflow_helpers import action_args, build, switch_user, version_in

ROLES = ["anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin"]


def _as(make, login, role):
    if role == "anonymous":
        return None
    return login(make.user() if role == "reader" else make.user(role))


PAGES = {
    # page: (state of the version, expected status per role in ROLES order)
    "approvals": (None, [302, 200, 200, 200, 200, 200, 200]),
    "reviews": (None, [302, 200, 200, 200, 200, 200, 200]),
    "to-read": (None, [302, 200, 200, 200, 200, 200, 200]),
    "inbox": (None, [302, 200, 200, 200, 200, 200, 200]),
    "check": ("effective", [302, 200, 200, 200, 200, 200, 200]),
    "acknowledgements": ("effective", [302, 403, 403, 403, 200, 200, 200]),
    "submit": ("draft", [302, 404, 404, 404, 403, 403, 403]),
    "review": ("in_review", [302, 404, 404, 403, 403, 403, 403]),
    "publish": ("approved", [302, 404, 404, 403, 200, 403, 403]),
    "withdraw": ("effective", [302, 403, 403, 403, 200, 403, 403]),
}


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_pages_by_role(make, client, login, page, role):
    state, expected = PAGES[page]
    flow = build(make)
    url = f"/{page}"
    if state is not None:
        version = version_in(flow, state)
        url = f"/d/{flow.document.code}/v/{version.number}/{page}"
    _as(make, login, role)
    assert client.get(url).status_code == expected[ROLES.index(role)]


ROUTE = {
    "submit": "submit",
    "recall": "recall",
    "approve": "approve",
    "return": "return",
    "publish": "publish",
    "withdraw": "withdraw",
    "confirm_review": "confirm-review",
}


def _form(flow, action, args) -> dict:
    data = {k: v for k, v in args.items() if k != "approvers"}
    if action == "submit":
        data["approvers"] = [str(u.id) for u in args["approvers"]]
    if action == "withdraw":
        data = {"reason": args["comment"]}
    if action == "publish":
        data = {"when": "now"}
    return data


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", [a.value for a in USER_ACTIONS])
def test_every_state_action_pair_through_the_pages(make, client, login, state, action):
    flow = build(make)
    version = version_in(flow, state)
    actor, args = action_args(flow, action)
    if (state, action) not in EXPECTED:
        actor = flow.quality
    login(actor)
    response = client.post(
        f"/d/{flow.document.code}/v/{version.number}/{ROUTE[action]}", data=_form(flow, action, args)
    )
    db.session.expire_all()
    if (state, action) in EXPECTED:
        assert response.status_code == 302, response.data[:2000]
        assert version.state == EXPECTED[(state, action)]
    else:
        assert response.status_code == 409
        assert "ei ole mahdollinen" in response.get_data(as_text=True)
        assert version.state == state


def test_submit_page_offers_approvers_but_not_the_author(make, client, login):
    flow = build(make)
    version = version_in(flow, "draft")
    login(flow.author)
    page = client.get(f"/d/{flow.document.code}/v/{version.number}/submit").get_data(as_text=True)
    assert flow.approver.display_name in page and f'value="{flow.author.id}"' not in page


def test_submit_without_approver_shows_a_message_and_changes_nothing(make, client, login):
    flow = build(make)
    version = version_in(flow, "draft")
    login(flow.author)
    r = client.post(
        f"/d/{flow.document.code}/v/{version.number}/submit", data={"change_type": "major", "change_summary": "x"}
    )
    assert r.status_code == 422 and "hyväksyjä" in r.get_data(as_text=True).lower()
    db.session.expire_all()
    assert version.state == "draft"


def test_wrong_signature_shows_a_message_and_is_recorded(make, client, login):
    flow = build(make)
    version = version_in(flow, "in_review")
    login(flow.approver)
    review = client.get(f"/d/{flow.document.code}/v/{version.number}/review")
    assert review.status_code == 200 and "Kolmas, uusi teksti." in review.get_data(as_text=True)
    r = client.post(
        f"/d/{flow.document.code}/v/{version.number}/approve",
        data={"password": "väärä-salasana", "meaning": "content_owner"},
    )
    assert r.status_code == 422
    db.session.expire_all()
    assert version.state == "in_review"
    assert db.session.execute(db.select(db.func.count()).select_from(SignatureFailure)).scalar_one() == 1
    assert db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "signature.failed")).first()


def test_approver_signs_through_the_page(make, client, login):
    flow = build(make)
    version = version_in(flow, "in_review")
    login(flow.approver)
    assert flow.document.code in client.get("/approvals").get_data(as_text=True)
    r = client.post(
        f"/d/{flow.document.code}/v/{version.number}/approve", data={"password": PASSWORD, "meaning": "quality_manager"}
    )
    assert r.status_code == 302
    db.session.expire_all()
    assert version.state == "approved"
    assert flow.document.code not in client.get("/approvals").get_data(as_text=True)


def test_publish_later_needs_a_date(make, client, login):
    flow = build(make)
    version = version_in(flow, "approved")
    login(flow.quality)
    r = client.post(f"/d/{flow.document.code}/v/{version.number}/publish", data={"when": "later"})
    assert r.status_code == 422
    r = client.post(
        f"/d/{flow.document.code}/v/{version.number}/publish",
        data={"when": "later", "effective_date": "2099-01-01", "effective_time": "08:00"},
    )
    assert r.status_code == 302
    db.session.expire_all()
    assert version.state == "scheduled" and version.effective_from.isoformat() == "2099-01-01T06:00:00+00:00"


def test_check_page_for_a_superseded_print_shows_the_current_and_the_changes(make, client, login):
    flow = build(make)
    old = flow.document.versions[1]
    version_in(flow, "effective")
    login(flow.staff)
    page = client.get(f"/d/{flow.document.code}/v/{old.number}/check").get_data(as_text=True)
    assert "check-result" in page and "banner-danger" in page and "<ins>" in page
    current = client.get(f"/d/{flow.document.code}/v/3/check").get_data(as_text=True)
    assert "banner-ok" in current


def test_print_view_carries_a_qr_code_of_the_check_page(make, client, login):
    flow = build(make)
    login(flow.staff)
    page = client.get(f"/d/{flow.document.code}/v/2/print").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    header = page.split('<header class="print-header">', 1)[1].split("</header>", 1)[0]
    version = flow.document.versions[1]
    assert f"<h1>{flow.document.code} Poissaolot</h1>" in header
    assert f"Versio {version.display_label}" in header and version.display_label == "2.0"
    assert "voimassa 31.1.2024 alkaen" in header  # imported with effect from 2024-01-31
    assert "EI VOIMASSA" not in header
    footer = page.split('<footer class="print-footer">', 1)[1]
    assert f"{flow.document.code} 2.0" in footer


def test_print_view_of_a_superseded_version_says_it_is_not_in_force(make, client, login):
    flow = build(make)
    login(flow.staff)
    header = client.get(f"/d/{flow.document.code}/v/1/print").get_data(as_text=True).split("</header>", 1)[0]
    assert "Versio 1.0" in header and "voimassa 1.1.2024 alkaen" in header
    assert "EI VOIMASSA" in header


def test_xss_in_a_return_comment_is_escaped(make, client, login):
    flow = build(make)
    version = version_in(flow, "in_review")
    login(flow.approver)
    client.post(f"/d/{flow.document.code}/v/{version.number}/return", data={"comment": "<script>alert(1)</script>"})
    switch_user(login, flow.author)
    page = client.get(f"/d/{flow.document.code}/v/{version.number}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_staff_confirm_reading_and_owner_sees_it(make, client, login):
    flow = build(make)
    flow.document.type.requires_acknowledgement = True
    db.session.commit()
    version = version_in(flow, "effective")
    login(flow.staff)
    assert flow.document.code in client.get("/to-read").get_data(as_text=True)
    assert client.post(f"/d/{flow.document.code}/v/{version.number}/acknowledge").status_code == 302
    assert flow.document.code not in client.get("/to-read").get_data(as_text=True)
    switch_user(login, flow.quality)
    page = client.get(f"/d/{flow.document.code}/v/{version.number}/acknowledgements")
    assert page.status_code == 200
    assert "1 / " in page.get_data(as_text=True) and flow.staff.display_name in page.get_data(as_text=True)


def test_what_changed_since_i_last_read_is_shown_on_the_newer_version(make, client, login):
    from registry.workflow import read_confirmations

    flow = build(make)
    read_confirmations.acknowledge_version(flow.staff, flow.document.versions[1])
    db.session.commit()
    version = version_in(flow, "effective")
    login(flow.staff)
    page = client.get(f"/d/{flow.document.code}/v/{version.number}").get_data(as_text=True)
    assert 'class="changes-since"' in page and "<ins>" in page and "Kolmas" in page


# Every workflow route is requested under every role here or in test_workflow_api.py.
ROUTE_ENDPOINTS = {
    "workflow.submit_version",
    "workflow.recall_version",
    "workflow.review_version",
    "workflow.approve_version",
    "workflow.return_version",
    "workflow.publish_version",
    "workflow.withdraw_document",
    "workflow.confirm_review",
    "workflow.acknowledge",
    "workflow.acknowledgements",
    "workflow.waiting_for_me",
    "workflow.reviews_due",
    "workflow.to_read",
    "workflow.inbox",
    "workflow.mark_read",
    "workflow.check_version",
    "api_workflow.Transitions",
    "api_workflow.Acknowledgements",
}

# POST routes: (route, state of the version, form data, roles of ROLES that may use it).
# Role users are none of the flow's people, so only role-based rights apply.
WRITE_ROUTES = [
    ("recall", "in_review", {}, set()),
    ("approve", "in_review", {"password": PASSWORD, "meaning": "content_owner"}, set()),
    ("return", "in_review", {"comment": "Korjaa."}, set()),
    ("publish", "approved", {"when": "now"}, {"quality_owner"}),
    ("withdraw", "effective", {"reason": "Vanhentunut."}, {"quality_owner"}),
    ("confirm-review", "effective", {}, set()),
]


@pytest.mark.parametrize("route, state, data, allowed", WRITE_ROUTES, ids=[r[0] for r in WRITE_ROUTES])
@pytest.mark.parametrize("role", ROLES)
def test_write_routes_by_role(make, client, login, route, state, data, allowed, role):
    flow = build(make)
    version = version_in(flow, state)
    _as(make, login, role)
    before = db.session.execute(db.select(db.func.count(AuditEvent.id))).scalar()
    response = client.post(f"/d/{flow.document.code}/v/{version.number}/{route}", data=data)
    db.session.expire_all()
    changed = db.session.execute(db.select(db.func.count(AuditEvent.id))).scalar() > before
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif role in allowed:
        assert response.status_code in (302, 303) and changed
    else:
        assert response.status_code in (403, 404, 409) and not changed
        assert version.state == state


@pytest.mark.parametrize("role", ROLES)
def test_acknowledge_and_mark_read_by_role(make, client, login, role):
    flow = build(make)
    version = version_in(flow, "effective")
    _as(make, login, role)
    acknowledge = client.post(f"/d/{flow.document.code}/v/{version.number}/acknowledge")
    mark_read = client.post("/inbox/read")
    if role == "anonymous":
        assert acknowledge.status_code == 302 and mark_read.status_code == 302
    else:  # every member of staff confirms reading for themselves and clears their own inbox
        assert acknowledge.status_code in (302, 303) and mark_read.status_code in (302, 303)
