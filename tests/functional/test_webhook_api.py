"""Webhook pages and API under every role, and the API's answers to good and bad input."""

from __future__ import annotations

import pytest

from registry.audit.models import AuditEvent
from registry.auth.services import create_api_token
from registry.extensions import db
from registry.webhooks import services
from registry.webhooks.models import WebhookEndpoint

ROLES = ("anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin")
PAGE, POST = (302, 403, 403, 403, 403, 403, 200), (302, 403, 403, 403, 403, 403, 302)
API = (401, 403, 403, 403, 403, 403, 200)
NEW = {"url": "http://127.0.0.1:9/new", "event_types": ["document.withdrawn"], "allow_private": True}


class FORM(dict):
    """Form data rather than JSON."""


# Endpoints 1 and 2 exist, with delivery 1 (pending) to endpoint 1. One world per role, the routes in this
# order: the deletions come last and remove different endpoints.
WEBHOOK_ROUTES = [
    ("webhooks.endpoints", "GET", "/admin/webhooks", None, PAGE),
    ("webhooks.endpoint", "GET", "/admin/webhooks/1", None, PAGE),
    ("webhooks.send_test", "POST", "/admin/webhooks/1/test", FORM(), POST),
    ("webhooks.retry", "POST", "/admin/webhooks/deliveries/1/retry", FORM(), POST),
    ("api_webhooks.Webhooks", "GET", "/api/v1/webhooks", None, API),
    ("api_webhooks.Webhooks", "POST", "/api/v1/webhooks", NEW, (401, 403, 403, 403, 403, 403, 201)),
    ("api_webhooks.Webhook", "GET", "/api/v1/webhooks/1", None, API),
    ("api_webhooks.Webhook", "PATCH", "/api/v1/webhooks/1", {"active": False}, API),
    ("api_webhooks.WebhookDeliveries", "GET", "/api/v1/webhooks/1/deliveries", None, API),
    ("api_webhooks.Webhook", "DELETE", "/api/v1/webhooks/1", None, (401, 403, 403, 403, 403, 403, 204)),
    ("webhooks.delete", "POST", "/admin/webhooks/2/delete", FORM(), POST),
]
ROUTE_ENDPOINTS = {r[0] for r in WEBHOOK_ROUTES}  # tested under every role here (see test_route_roles.py)


@pytest.fixture
def app_config(app_config):
    return app_config | {"WEBHOOK_SEND_AFTER_COMMIT": False}


@pytest.fixture
def admin(make):
    return make.user("admin", email="yllapito@example.org")


@pytest.fixture
def world(admin):
    endpoint = services.create_endpoint(
        admin, url="http://127.0.0.1:9/hook", event_types=["review.overdue"], allow_private=True
    )
    services.create_endpoint(admin, url="http://127.0.0.1:9/other", event_types=["review.overdue"], allow_private=True)
    services.send_test_event(admin, endpoint)
    db.session.commit()
    return endpoint


@pytest.mark.parametrize("role", ROLES)
def test_webhook_routes_answer_each_role(client, make, login, world, admin, role):
    headers = {}
    if role != "anonymous":
        user = (
            admin if role == "admin" else make.user(*([] if role == "reader" else [role]), email=f"{role}@example.org")
        )
        headers["Authorization"] = "Bearer " + create_api_token(None, user, "t")
        db.session.commit()
        login(user)
    for endpoint, method, path, payload, statuses in WEBHOOK_ROUTES:
        api_headers = headers if path.startswith("/api/") else {}
        if isinstance(payload, FORM):
            response = client.open(path, method=method, data=dict(payload), headers=api_headers)
        else:
            response = client.open(path, method=method, json=payload, headers=api_headers)
        assert response.status_code == statuses[ROLES.index(role)], (endpoint, method, path)


def test_every_webhook_route_is_in_the_table(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith(("webhooks.", "api_webhooks."))}
    assert endpoints - ROUTE_ENDPOINTS == set(), "add these routes to WEBHOOK_ROUTES"


def test_the_api_creates_lists_changes_and_deletes_a_webhook(client, admin, bearer):
    headers = bearer(admin)
    created = client.post("/api/v1/webhooks", json=NEW, headers=headers)
    assert created.status_code == 201
    body = created.get_json()
    assert body["secret"].startswith("whsec_") and body["status"] == "ok" and body["event_types"] == NEW["event_types"]
    listed = client.get("/api/v1/webhooks", headers=headers).get_json()
    assert listed["total"] == 1 and "secret" not in listed["items"][0]
    changed = client.patch(f"/api/v1/webhooks/{body['id']}", json={"event_types": ["review.overdue"]}, headers=headers)
    assert changed.status_code == 200 and changed.get_json()["event_types"] == ["review.overdue"]
    assert client.delete(f"/api/v1/webhooks/{body['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/webhooks/{body['id']}", headers=headers).status_code == 404
    actions = db.session.execute(
        db.select(AuditEvent.action).where(AuditEvent.object_type == "webhook_endpoint").order_by(AuditEvent.seq)
    ).scalars()
    assert list(actions) == ["webhook.create", "webhook.update", "webhook.delete"]


def test_the_api_lists_deliveries_with_their_payload(client, admin, bearer, world):
    answer = client.get(f"/api/v1/webhooks/{world.id}/deliveries", headers=bearer(admin))
    assert answer.status_code == 200
    (item,) = answer.get_json()["items"]
    assert item["event_type"] == "webhook.test" and item["state"] == "pending"
    assert item["payload"]["data"] == {"endpoint_id": world.id} and item["message_id"].startswith("msg_")


@pytest.mark.parametrize(
    "payload, field",
    [
        ({**NEW, "url": "https://127.0.0.1/hook", "allow_private": False}, "url"),
        ({**NEW, "url": "https://10.20.30.40/hook", "allow_private": False}, "url"),
        ({**NEW, "url": "https://[::1]/hook", "allow_private": False}, "url"),
        ({**NEW, "url": "https://localhost/hook", "allow_private": False}, "url"),
        ({**NEW, "url": "http://93.184.216.34/hook", "allow_private": False}, "url"),
        ({**NEW, "event_types": ["version.deleted"]}, "event_types"),
        ({**NEW, "event_types": []}, "event_types"),
        ({"event_types": ["review.overdue"]}, "url"),
        ({**NEW, "description": "x" * 201}, "description"),
    ],
)
def test_the_api_refuses_bad_input_with_422_and_changes_nothing(client, admin, bearer, payload, field):
    headers = bearer(admin)
    events_before = db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one()
    answer = client.post("/api/v1/webhooks", json=payload, headers=headers)
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    assert error["code"] == "validation_failed" and field in str(error.get("fields", error))
    assert db.session.execute(db.select(WebhookEndpoint)).first() is None
    events_after = db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one()
    assert events_after == events_before


def test_a_patch_to_a_private_address_is_refused(client, admin, bearer, world):
    headers = bearer(admin)
    answer = client.patch(f"/api/v1/webhooks/{world.id}", json={"allow_private": False}, headers=headers)
    assert answer.status_code == 422 and "url" in answer.get_json()["error"]["fields"]
    db.session.expire_all()
    assert db.session.get(WebhookEndpoint, world.id).allow_private is True
