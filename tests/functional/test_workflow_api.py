from __future__ import annotations

import pytest

from registry.auth.services import create_api_token
from registry.extensions import db
from registry.workflow.models import VersionTransition
from registry.workflow.transitions import USER_ACTIONS
from tests.conftest import PASSWORD
from tests.unit.workflow.test_transitions import EXPECTED, STATES
from tests.workflow_helpers import action_args, build, version_in


def _token(user) -> dict:
    token = create_api_token(None, user, "test")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def _json_args(args: dict) -> dict:
    out = dict(args)
    if "approvers" in out:
        out["approvers"] = [u.email for u in out["approvers"]]
    return out


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", [a.value for a in USER_ACTIONS])
def test_every_state_action_pair_over_the_api(make, client, state, action):
    flow = build(make)
    version = version_in(flow, state)
    actor, args = action_args(flow, action)
    if (state, action) not in EXPECTED:
        actor = flow.quality  # sees every version, so the refusal comes from the table, not from visibility
    moves = db.session.execute(db.select(db.func.count()).select_from(VersionTransition)).scalar_one()
    url = f"/api/v1/documents/{flow.document.code}/versions/{version.number}/transitions"
    response = client.post(url, json={"action": action, **_json_args(args)}, headers=_token(actor))
    db.session.expire_all()
    if (state, action) in EXPECTED:
        assert response.status_code == 200, response.json
        assert response.json["state"] == EXPECTED[(state, action)]
    else:
        assert response.status_code == 409, response.json
        assert response.json["error"]["code"] == "transition_refused"
        assert response.json["error"]["message"]
        assert version.state == state
        assert db.session.execute(db.select(db.func.count()).select_from(VersionTransition)).scalar_one() == moves


def test_api_story_submit_approve_publish_and_acknowledge(make, client):
    flow = build(make)
    flow.document.type.requires_acknowledgement = True
    db.session.commit()
    version = version_in(flow, "draft")
    base = f"/api/v1/documents/{flow.document.code}/versions/{version.number}"
    r = client.post(
        base + "/transitions",
        headers=_token(flow.author),
        json={"action": "submit", "approvers": [flow.approver.email], "change_type": "major", "change_summary": "Uusi"},
    )
    assert r.status_code == 200 and r.json["state"] == "in_review" and r.json["content_hash"]
    approver = _token(flow.approver)
    r = client.post(
        base + "/transitions",
        headers=approver,
        json={"action": "approve", "password": "x" * 12, "meaning": "content_owner"},
    )
    assert r.status_code == 422 and r.json["error"]["code"] == "signature_rejected"
    r = client.post(
        base + "/transitions",
        headers=approver,
        json={"action": "approve", "password": PASSWORD, "meaning": "content_owner"},
    )
    assert r.status_code == 200 and r.json["state"] == "approved"
    assert r.json["approvals"][0]["meaning"] == "content_owner"
    r = client.post(base + "/transitions", headers=_token(flow.quality), json={"action": "publish"})
    assert r.status_code == 200 and r.json["state"] == "effective" and r.json["label"] == "3.0"
    r = client.post(base + "/acknowledgements", headers=_token(flow.staff))
    assert r.status_code == 201 and r.json["label"] == "3.0"


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"action": "fly"}, 422, "validation_failed"),
        ({}, 422, "validation_failed"),
        (
            {"action": "submit", "approvers": ["nobody@example.org"], "change_type": "major", "change_summary": "x"},
            422,
            "validation_failed",
        ),
        ({"action": "submit", "approvers": ["not-an-email"]}, 422, "validation_failed"),
        ({"action": "publish", "effective_from": "2026-13-45"}, 422, "validation_failed"),
    ],
)
def test_bad_transition_input_is_answered_without_change(make, client, body, status, code):
    flow = build(make)
    version = version_in(flow, "draft")
    r = client.post(
        f"/api/v1/documents/{flow.document.code}/versions/{version.number}/transitions",
        json=body,
        headers=_token(flow.author),
    )
    assert (r.status_code, r.json["error"]["code"]) == (status, code)
    db.session.expire_all()
    assert version.state == "draft"


def test_transitions_need_a_token(make, client):
    flow = build(make)
    r = client.post(f"/api/v1/documents/{flow.document.code}/versions/2/transitions", json={"action": "withdraw"})
    assert r.status_code == 401


def test_four_eyes_over_the_api(make, client):
    flow = build(make)
    version = version_in(flow, "draft")
    from registry.workflow import approvals

    approvals.submit_version(flow.author, version, approvers=[flow.approver], change_type="major", change_summary="x")
    db.session.commit()
    r = client.post(
        f"/api/v1/documents/{flow.document.code}/versions/{version.number}/transitions",
        json={"action": "approve", "password": PASSWORD, "meaning": "content_owner"},
        headers=_token(flow.author),
    )
    assert r.status_code == 403 and r.json["error"]["code"] == "four_eyes"
