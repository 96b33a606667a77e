"""Registering webhook endpoints (administrators only), test events and retrying deliveries."""

from __future__ import annotations

import base64
import secrets
from urllib.parse import urlsplit, urlunsplit

from flask_babel import lazy_gettext as _l

from registry import audit, clock
from registry.auth import permissions
from registry.auth.models import User
from registry.errors import NotFoundError, PermissionDenied, ValidationError
from registry.extensions import db
from registry.webhooks import events
from registry.webhooks.addresses import AddressRefused, check_url
from registry.webhooks.models import DeliveryState, EndpointStatus, WebhookDelivery, WebhookEndpoint

MAX_DESCRIPTION = 200


def _require_admin(actor: User | None) -> None:
    if not permissions.can_administer(actor):
        raise PermissionDenied(_l("Only administrators may manage webhooks."))


def generate_secret() -> str:
    """A Standard Webhooks signing secret: whsec_ and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _audited_url(url: str) -> str:
    """The URL without its query string (a receiver may carry its own token there)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def describe_endpoint(endpoint: WebhookEndpoint) -> dict:
    """An endpoint as the audit log keeps it: never the secret."""
    return {
        "url": _audited_url(endpoint.url),
        "description": endpoint.description,
        "event_types": endpoint.event_list,
        "active": endpoint.active,
        "allow_private": endpoint.allow_private,
    }


def _validated(url, description, event_types, allow_private: bool) -> dict:
    errors = {}
    url = (url or "").strip()
    try:
        check_url(url, allow_private=allow_private)
    except AddressRefused as refused:
        errors["url"] = refused.message
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _l("The description may be at most %(n)d characters.", n=MAX_DESCRIPTION)
    chosen = list(dict.fromkeys(event_types or []))
    unknown = [e for e in chosen if e not in events.EVENT_TYPES]
    if unknown or not chosen:
        errors["event_types"] = _l("Choose at least one event from the list.")
    if errors:
        raise ValidationError(errors)
    return {"url": url, "description": description, "event_types": " ".join(chosen)}


def list_endpoints(actor: User) -> list[WebhookEndpoint]:
    _require_admin(actor)
    return list(db.session.execute(db.select(WebhookEndpoint).order_by(WebhookEndpoint.id)).scalars())


def require_endpoint(actor: User, endpoint_id: int) -> WebhookEndpoint:
    _require_admin(actor)
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFoundError(_l("Webhook not found."))
    return endpoint


def create_endpoint(
    actor: User,
    *,
    url: str,
    event_types: list[str],
    description: str = "",
    active: bool = True,
    allow_private: bool = False,
) -> WebhookEndpoint:
    """Register a receiver; its secret is generated here and shown to the administrator once."""
    _require_admin(actor)
    fields = _validated(url, description, event_types, bool(allow_private))
    endpoint = WebhookEndpoint(
        **fields,
        secret=generate_secret(),
        active=bool(active),
        allow_private=bool(allow_private),
        status=EndpointStatus.OK.value,
        consecutive_failures=0,
        created_at=clock.now(),
        created_by_id=actor.id,
    )
    db.session.add(endpoint)
    db.session.flush()
    audit.record(actor, "webhook.create", "webhook_endpoint", endpoint.id, after=describe_endpoint(endpoint))
    return endpoint


def update_endpoint(actor: User, endpoint: WebhookEndpoint, **changes) -> WebhookEndpoint:
    """Change the address, events, description, active or allow_private flag (what is not given stays)."""
    _require_admin(actor)
    before = describe_endpoint(endpoint)
    allow_private = bool(changes.get("allow_private", endpoint.allow_private))
    fields = _validated(
        changes.get("url", endpoint.url),
        changes.get("description", endpoint.description),
        changes.get("event_types", endpoint.event_list),
        allow_private,
    )
    for key, value in fields.items():
        setattr(endpoint, key, value)
    endpoint.allow_private = allow_private
    endpoint.active = bool(changes.get("active", endpoint.active))
    db.session.flush()
    after = describe_endpoint(endpoint)
    changed = [k for k in after if after[k] != before[k]]
    if changed:
        audit.record(
            actor,
            "webhook.update",
            "webhook_endpoint",
            endpoint.id,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return endpoint


def delete_endpoint(actor: User, endpoint: WebhookEndpoint) -> None:
    """Remove a receiver with its queued and past deliveries."""
    _require_admin(actor)
    audit.record(actor, "webhook.delete", "webhook_endpoint", endpoint.id, before=describe_endpoint(endpoint))
    db.session.execute(db.delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    db.session.delete(endpoint)
    db.session.flush()


def send_test_event(actor: User, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a `webhook.test` event to one receiver (sent after the commit like any other)."""
    _require_admin(actor)
    now = clock.now()
    body = events.payload(events.TEST_EVENT, {"endpoint_id": endpoint.id}, now)
    (delivery,) = events.queue([endpoint], events.TEST_EVENT, body)
    audit.record(actor, "webhook.test", "webhook_endpoint", endpoint.id, after={"message_id": delivery.message_id})
    return delivery


def retry_delivery(actor: User, delivery_id: int) -> WebhookDelivery:
    """Send a pending or failed delivery again now (a delivered one is left as it is)."""
    _require_admin(actor)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFoundError(_l("Delivery not found."))
    if delivery.state == DeliveryState.DELIVERED.value:
        raise ValidationError({"delivery": _l("This delivery has already been delivered.")})
    before = {"state": delivery.state, "attempts": delivery.attempts}
    delivery.state, delivery.next_attempt_at = DeliveryState.PENDING.value, clock.now()
    if before["state"] == DeliveryState.FAILED.value:
        delivery.attempts = 0  # a fresh round of back-off
    db.session.flush()
    audit.record(
        actor,
        "webhook.retry",
        "webhook_delivery",
        delivery.id,
        before=before,
        after={"state": delivery.state, "message_id": delivery.message_id},
    )
    events.send_after_commit()
    return delivery


def recent_deliveries(actor: User, endpoint: WebhookEndpoint | None = None, *, limit: int = 50, offset: int = 0):
    """Newest deliveries first (of one endpoint or of all), with the count."""
    _require_admin(actor)
    where = [WebhookDelivery.endpoint_id == endpoint.id] if endpoint is not None else []
    total = db.session.execute(db.select(db.func.count()).select_from(WebhookDelivery).where(*where)).scalar_one()
    rows = db.session.execute(
        db.select(WebhookDelivery).where(*where).order_by(WebhookDelivery.id.desc()).limit(limit).offset(offset)
    ).scalars()
    return list(rows), total
