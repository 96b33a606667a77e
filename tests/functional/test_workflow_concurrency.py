"""Real concurrent HTTP requests against a threaded server: one wins, the other is refused with 409."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest
from werkzeug.serving import make_server

from registry.auth.services import create_api_token
from registry.extensions import db
from registry.workflow.models import Approval, VersionTransition
from tests.conftest import PASSWORD
from tests.workflow_helpers import build, version_in


@pytest.fixture
def server(app):
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(5)


def _token(user) -> str:
    token = create_api_token(None, user, "race")
    db.session.commit()
    return token


def _post(url: str, token: str, body: dict, method: str = "POST") -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _race(calls) -> list[tuple[int, dict]]:
    """Start every call at the same instant and collect (status, body) in call order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def _count(model, *where) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model).where(*where)).scalar_one()


def test_two_concurrent_publishes_leave_one_effective_and_one_refusal(make, server):
    flow = build(make)
    other_quality = make.user("quality_owner")
    version = version_in(flow, "approved")
    url = f"{server}/api/v1/documents/{flow.document.code}/versions/{version.number}/transitions"
    tokens = [_token(flow.quality), _token(other_quality)]
    db.session.commit()
    results = _race([lambda t=t: _post(url, t, {"action": "publish"}) for t in tokens])
    statuses = sorted(status for status, _body in results)
    assert statuses == [200, 409], results
    refused = next(body for status, body in results if status == 409)
    assert refused["error"]["code"] == "transition_refused"
    db.session.expire_all()
    assert _count(VersionTransition, VersionTransition.action == "publish") == 1
    states = sorted(v.state for v in flow.document.versions)
    assert states == ["effective", "superseded", "superseded"]


def test_two_concurrent_final_approvals_leave_one_approval_and_one_refusal(make, server):
    flow = build(make)
    version = version_in(flow, "in_review")
    url = f"{server}/api/v1/documents/{flow.document.code}/versions/{version.number}/transitions"
    tokens = [_token(flow.approver), _token(flow.approver)]
    body = {"action": "approve", "password": PASSWORD, "meaning": "content_owner"}
    results = _race([lambda t=t: _post(url, t, body) for t in tokens])
    assert sorted(status for status, _b in results) == [200, 409], results
    db.session.expire_all()
    assert version.state == "approved"
    assert _count(Approval) == 1
    assert _count(VersionTransition, VersionTransition.action == "approve") == 1


def test_two_approvers_signing_at_once_both_count(make, server):
    flow = build(make)
    second = make.user("approver")
    version = version_in(flow, "draft")
    from registry.workflow import approvals

    approvals.submit_version(
        flow.author, version, approvers=[flow.approver, second], change_type="major", change_summary="x"
    )
    db.session.commit()
    url = f"{server}/api/v1/documents/{flow.document.code}/versions/{version.number}/transitions"
    tokens = [_token(flow.approver), _token(second)]
    body = {"action": "approve", "password": PASSWORD, "meaning": "management"}
    results = _race([lambda t=t: _post(url, t, body) for t in tokens])
    assert sorted(status for status, _b in results) == [200, 200], results
    db.session.expire_all()
    assert version.state == "approved"  # the later signature saw the earlier one: no lost update
    assert _count(VersionTransition, VersionTransition.to_state == "approved") == 1


def test_two_saves_of_the_same_revision_keep_one_and_refuse_the_other(make, server):
    flow = build(make)
    version = version_in(flow, "draft")
    revision = version.revision
    url = f"{server}/api/v1/documents/{flow.document.code}/versions/{version.number}"
    tokens = [_token(flow.author), _token(flow.quality)]  # the author and the document owner
    bodies = ["Tekijän versio tekstistä.", "Omistajan versio tekstistä."]
    results = _race(
        [
            lambda t=t, b=b: _post(url, t, {"body": b, "revision": revision}, "PATCH")
            for t, b in zip(tokens, bodies, strict=True)
        ]
    )
    assert sorted(status for status, _b in results) == [200, 409], results
    refused = next(body for status, body in results if status == 409)
    assert refused["error"]["code"] == "stale_revision"
    saved = bodies[[status for status, _b in results].index(200)]
    db.session.expire_all()
    assert version.body == saved and version.revision == revision + 1  # nothing silently overwritten


def test_two_new_drafts_at_once_leave_one_draft_and_one_refusal(make, server):
    flow = build(make)
    url = f"{server}/api/v1/documents/{flow.document.code}/versions"
    tokens = [_token(flow.author), _token(flow.quality)]
    results = _race([lambda t=t: _post(url, t, {}) for t in tokens])
    assert sorted(status for status, _b in results) == [201, 409], results
    assert next(body for status, body in results if status == 409)["error"]["code"] == "draft_exists"
    db.session.expire_all()
    assert [v.state for v in flow.document.versions].count("draft") == 1
