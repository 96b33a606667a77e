"""Webhooks end to end: queued with the audit event, signed, sent to a real receiver, retried, refused."""

from __future__ import annotations

import json
import socket
from datetime import timedelta

import pytest
from standardwebhooks.webhooks import Webhook

from registry import audit, transaction
from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.webhooks import addresses, delivery, services
from registry.webhooks.models import ReviewOverdueNotice, WebhookDelivery, WebhookEndpoint
from tests.webhook_receiver import receiver
from tests.workflow_helpers import FakeClock, build, switch_user, version_in

ALL_EVENTS = [
    "version.took_effect",
    "version.superseded",
    "document.withdrawn",
    "review.overdue",
    "change_request.created",
    "change_request.decided",
]


@pytest.fixture
def app_config(app_config):
    # Sent by the tests themselves unless a test turns the opportunistic sender on.
    return app_config | {"WEBHOOK_SEND_AFTER_COMMIT": False, "BASE_URL": "https://lamppu.example.fi"}


@pytest.fixture
def admin(make):
    return make.user("admin", email="yllapito@example.org")


def _endpoint(admin, url="http://127.0.0.1:9/hook", events=("version.took_effect", "version.superseded"), **kw):
    endpoint = services.create_endpoint(admin, url=url, event_types=list(events), allow_private=True, **kw)
    db.session.commit()
    return endpoint


def _deliveries() -> list[WebhookDelivery]:
    return list(db.session.execute(db.select(WebhookDelivery).order_by(WebhookDelivery.id)).scalars())


def _send(runner) -> str:
    result = runner.invoke(args=["webhooks", "send"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


# --- the mapping from audit events ---------------------------------------------------------------

MAPPED = [
    ("version.take_effect", "document_version", {"state": "effective"}, "version.took_effect"),
    ("version.publish", "document_version", {"state": "effective"}, "version.took_effect"),
    ("version.publish", "document_version", {"state": "scheduled"}, None),
    ("version.supersede", "document_version", {"state": "superseded"}, "version.superseded"),
    ("version.withdraw", "document_version", {"state": "withdrawn"}, "document.withdrawn"),
    ("document.review_overdue", "document_version", {}, "review.overdue"),
    ("version.edit", "document_version", {}, None),
    ("change_request.create", "change_request", {}, "change_request.created"),
    ("change_request.accept", "change_request", {}, "change_request.decided"),
    ("change_request.reject", "change_request", {}, "change_request.decided"),
]


@pytest.mark.parametrize("action, obj_type, after, expected", MAPPED, ids=[f"{m[0]}-{m[3]}" for m in MAPPED])
def test_audit_actions_map_to_webhook_events(make, admin, action, obj_type, after, expected):
    flow = build(make)
    _endpoint(admin, events=ALL_EVENTS)
    version = flow.document.versions[-1]
    obj_id = version.id if obj_type == "document_version" else 7
    audit.record(flow.quality, action, obj_type, obj_id, document_code=flow.document.code, after=after)
    db.session.commit()
    found = _deliveries()
    if expected is None:
        assert found == []
        return
    (only,) = found
    body = json.loads(only.payload_json)
    assert only.event_type == body["type"] == expected
    assert body["data"]["document_code"] == flow.document.code
    assert body["data"]["url"] == f"https://lamppu.example.fi/d/{flow.document.code}"
    if obj_type == "change_request":
        assert body["data"]["change_request_id"] == "7"
        assert body["data"].get("decision") == {"accept": "accepted", "reject": "rejected"}.get(action.split(".")[1])
    else:
        assert body["data"]["version_number"] == version.number
        assert "Toinen teksti." not in only.payload_json  # never the text


def test_only_subscribed_active_endpoints_get_the_event(make, admin):
    flow = build(make)
    wants = _endpoint(admin, events=["version.took_effect"])
    _endpoint(admin, events=["document.withdrawn"])
    _endpoint(admin, events=["version.took_effect"], active=False)
    version_in(flow, "effective")
    assert [(d.endpoint_id, d.event_type) for d in _deliveries()] == [(wants.id, "version.took_effect")]


def test_a_rolled_back_event_queues_nothing(make, admin):
    flow = build(make)
    _endpoint(admin)
    events_before = db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one()
    with pytest.raises(RuntimeError), transaction.transaction():
        audit.record(None, "version.take_effect", "document_version", flow.document.versions[-1].id)
        assert len(_deliveries()) == 1  # queued in the same transaction as the event
        raise RuntimeError("the change fails after the event")
    assert _deliveries() == []
    assert db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one() == events_before


# --- a real receiver -----------------------------------------------------------------------------


def test_publishing_delivers_signed_events_that_the_library_verifies(make, admin, runner):
    flow = build(make)
    with receiver() as box:
        endpoint = _endpoint(admin, url=box.url)
        secret = endpoint.secret
        version = version_in(flow, "effective")
        assert {d.state for d in _deliveries()} == {"pending"}
        assert "2 delivered" in _send(runner)
    assert len(box.requests) == 2
    verified = [Webhook(secret).verify(body, headers) for headers, body in box.requests]
    assert sorted(v["type"] for v in verified) == ["version.superseded", "version.took_effect"]
    took = next(v for v in verified if v["type"] == "version.took_effect")
    assert took["data"]["version_number"] == version.number and took["data"]["state"] == "effective"
    assert took["data"]["version_url"] == f"https://lamppu.example.fi/d/{flow.document.code}/v/{version.number}"
    assert all(b"Kolmas, uusi teksti." not in body for _h, body in box.requests)
    headers, body = box.requests[0]
    with pytest.raises(Exception, match="signature"):
        Webhook(services.generate_secret()).verify(body, headers)  # another secret does not verify
    assert {(d.state, d.attempts, d.last_status_code) for d in _deliveries()} == {("delivered", 1, 200)}
    assert db.session.get(WebhookEndpoint, endpoint.id).status == "ok"
    assert "0 delivery attempt(s)" in _send(runner)  # nothing is sent twice


def test_the_sender_after_commit_delivers_without_cron(app, make, admin):
    app.config["WEBHOOK_SEND_AFTER_COMMIT"] = True
    flow = build(make)
    with receiver() as box:
        endpoint = _endpoint(admin, url=box.url, events=["document.withdrawn"])
        version_in(flow, "withdrawn")  # commits directly: run what the commit queued, as a request would
        transaction.run_committed()
        db.session.rollback()  # end what the search catch-up read, as the end of a request would (SQLite: one writer)
        delivery.wait_for_background()
    ((headers, body),) = box.requests
    assert Webhook(endpoint.secret).verify(body, headers)["type"] == "document.withdrawn"
    db.session.expire_all()
    assert [d.state for d in _deliveries()] == ["delivered"]


def test_a_receiver_answering_500_is_retried_with_back_off_then_failing(app, make, admin, runner):
    clock = FakeClock()
    app.config["CLOCK"] = clock
    flow = build(make)
    with receiver(500) as box:
        endpoint = _endpoint(admin, url=box.url, events=["document.withdrawn"])
        version_in(flow, "withdrawn")
        waits = []
        for attempt in range(1, len(delivery.BACKOFF) + 2):
            output = _send(runner)
            (item,) = _deliveries()
            assert item.attempts == attempt and item.last_status_code == 500
            assert len(item.last_response) == delivery.EXCERPT  # the answer, cut short
            if item.state == "pending":
                waits.append(item.next_attempt_at - clock.now)
                assert "0 delivery attempt(s)" in _send(runner)  # not due yet
                clock.advance(seconds=waits[-1].total_seconds())
        assert "1 failed" in output
    assert item.state == "failed"
    assert waits == [timedelta(seconds=s) for s in delivery.BACKOFF]
    assert len(box.requests) == len(delivery.BACKOFF) + 1
    endpoint = db.session.get(WebhookEndpoint, endpoint.id)
    assert endpoint.status == "failing" and endpoint.last_status_code == 500


def test_a_hanging_receiver_times_out(app, make, admin, runner):
    app.config["WEBHOOK_TIMEOUT"] = 1
    flow = build(make)
    with receiver(hang=True) as box:
        _endpoint(admin, url=box.url, events=["document.withdrawn"])
        version_in(flow, "withdrawn")
        assert "1 to retry" in _send(runner)
    (item,) = _deliveries()
    assert item.state == "pending" and item.last_error == "timeout" and item.attempts == 1


def test_a_hanging_receiver_does_not_slow_requests(app, client, login, make, admin):
    app.config["WEBHOOK_SEND_AFTER_COMMIT"] = True
    with receiver(hang=True) as box:
        endpoint = _endpoint(admin, url=box.url)
        login(admin)
        response = client.post(f"/admin/webhooks/{endpoint.id}/test")
        db.session.rollback()  # the test keeps the request's session: end it as the request's end would
        assert response.status_code == 302
        assert box.received.wait(10)  # the sender is now waiting on the receiver ...
        page = client.get("/admin/webhooks")
        db.session.rollback()
        assert page.status_code == 200 and not box.release.is_set()  # ... and the app answers meanwhile
        box.release.set()
        delivery.wait_for_background()
    db.session.expire_all()
    (item,) = _deliveries()
    assert item.state == "delivered" and item.event_type == "webhook.test"


def test_the_address_is_checked_again_at_send_time(make, admin, runner, monkeypatch):
    """A name that resolved to a public address at registration and to loopback later is not sent to."""
    flow = build(make)
    answers = {"ip": "93.184.216.34"}

    def fake(host, port, type=0):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers["ip"], port))]

    monkeypatch.setattr(addresses.socket, "getaddrinfo", fake)
    services.create_endpoint(admin, url="https://hooks.example.fi/lamppu", event_types=["document.withdrawn"])
    db.session.commit()
    version_in(flow, "withdrawn")
    answers["ip"] = "127.0.0.1"
    _send(runner)
    (item,) = _deliveries()
    assert item.state == "pending" and item.last_status_code is None
    assert "yksityiseen tai paikalliseen" in item.last_error  # the refusal, in the default language


# --- overdue reviews -----------------------------------------------------------------------------


def test_an_overdue_review_is_announced_once(make, admin, runner):
    flow = build(make)  # imported in 2024 with a 12-month interval: overdue now
    with receiver() as box:
        endpoint = _endpoint(admin, url=box.url, events=["review.overdue"])
        assert "1 overdue review(s) announced" in _send(runner)
        assert "0 overdue review(s) announced" in _send(runner)
    ((headers, body),) = box.requests
    data = Webhook(endpoint.secret).verify(body, headers)["data"]
    assert data["document_code"] == flow.document.code and data["review_due"] is not None
    events = (
        db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "document.review_overdue")).scalars().all()
    )
    assert len(events) == 1 and events[0].actor_id is None
    assert db.session.execute(db.select(db.func.count()).select_from(ReviewOverdueNotice)).scalar_one() == 1


def test_no_overdue_scan_without_a_subscriber(make, admin, runner):
    build(make)
    _endpoint(admin, events=["version.took_effect"])
    assert "0 overdue review(s) announced" in _send(runner)
    overdue = db.select(AuditEvent).where(AuditEvent.action == "document.review_overdue")
    assert db.session.execute(overdue).first() is None


# --- administration: audit, secret, page ---------------------------------------------------------


def test_endpoint_changes_are_audited_without_the_secret(make, admin):
    endpoint = _endpoint(admin, url="http://127.0.0.1:9/hook?token=abc")
    secret = endpoint.secret
    services.update_endpoint(admin, endpoint, active=False)
    db.session.commit()
    services.delete_endpoint(admin, endpoint)
    db.session.commit()
    rows = (
        db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action.startswith("webhook.")).order_by(AuditEvent.seq)
        )
        .scalars()
        .all()
    )
    assert [r.action for r in rows] == ["webhook.create", "webhook.update", "webhook.delete"]
    text = " ".join(f"{r.before_json} {r.after_json}" for r in rows)
    assert secret not in text and secret.removeprefix("whsec_") not in text and "token=abc" not in text
    assert json.loads(rows[1].after_json) == {"active": False}


def test_the_admin_page_creates_a_webhook_and_shows_the_secret_once(client, login, admin):
    login(admin)
    response = client.post(
        "/admin/webhooks",
        data={"url": "http://127.0.0.1:9/x", "event_types": ["version.took_effect"], "allow_private": "y"},
    )
    assert response.status_code == 200
    endpoint = db.session.execute(db.select(WebhookEndpoint)).scalar_one()
    assert endpoint.secret in response.get_data(as_text=True)
    assert endpoint.secret not in client.get(f"/admin/webhooks/{endpoint.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    "url, allow_private, message",
    [
        ("https://127.0.0.1/hook", False, "yksityiseen tai paikalliseen"),
        ("https://10.0.0.1/hook", False, "yksityiseen tai paikalliseen"),
        ("https://localhost/hook", False, "yksityiseen tai paikalliseen"),
        ("http://127.0.0.1/hook", False, "https://"),
        ("not a url", True, "https://"),
    ],
)
def test_the_admin_page_refuses_private_addresses_in_finnish(client, login, admin, url, allow_private, message):
    login(admin)
    data = {"url": url, "event_types": ["version.took_effect"], **({"allow_private": "y"} if allow_private else {})}
    response = client.post("/admin/webhooks", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.execute(db.select(WebhookEndpoint)).first() is None


def test_retry_now_sends_a_failed_delivery_again(app, make, admin, runner, client, login):
    flow = build(make)
    with receiver(500) as box:
        _endpoint(admin, url=box.url, events=["document.withdrawn"])
        version_in(flow, "withdrawn")
        _send(runner)
        (item,) = _deliveries()
        item.state = "failed"
        db.session.commit()
        box.status = 200
        switch_user(login, admin)
        assert client.post(f"/admin/webhooks/deliveries/{item.id}/retry").status_code == 302
        assert "1 delivered" in _send(runner)
    assert _deliveries()[0].state == "delivered"
    assert db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "webhook.retry")).first() is not None


def test_a_switched_off_receiver_gets_nothing_until_switched_on(make, admin, runner):
    flow = build(make)
    with receiver() as box:
        endpoint = _endpoint(admin, url=box.url, events=["document.withdrawn"])
        version_in(flow, "withdrawn")
        services.update_endpoint(admin, endpoint, active=False)
        db.session.commit()
        assert "0 delivery attempt(s)" in _send(runner)
        services.update_endpoint(admin, db.session.get(WebhookEndpoint, endpoint.id), active=True)
        db.session.commit()
        assert "1 delivered" in _send(runner)
    assert len(box.requests) == 1
