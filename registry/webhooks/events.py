"""Which audit events become webhook events, what their payload says, and queuing them with the event.

The audit log calls `on_audit_event` for every event it records, inside the same transaction, so
a delivery row exists exactly when its event does: a rolled-back change queues nothing.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l

from registry import audit, clock, transaction
from registry.db import parse_row_number
from registry.documents.models import Document, DocumentVersion, VersionState
from registry.extensions import db
from registry.webhooks.models import DeliveryState, ReviewOverdueNotice, WebhookDelivery, WebhookEndpoint

TEST_EVENT = "webhook.test"

# The webhook event types an endpoint can subscribe to, with their labels.
EVENT_TYPES = {
    "version.took_effect": _l("A version took effect"),
    "version.superseded": _l("A version was superseded"),
    "document.withdrawn": _l("A document was withdrawn"),
    "review.overdue": _l("A document's review is overdue"),
    "change_request.created": _l("A change request was made"),
    "change_request.decided": _l("A change request was accepted or rejected"),
}


@dataclass(frozen=True)
class Mapping:
    event_type: str
    when: Callable[[dict], bool] | None = None  # a condition on the audit event's `after` data


def _took_effect(after: dict) -> bool:
    return after.get("state") == VersionState.EFFECTIVE.value


# Audit action -> webhook event: the one table of what is sent.
EVENT_MAP = {
    "version.take_effect": Mapping("version.took_effect"),
    "version.publish": Mapping("version.took_effect", _took_effect),  # published for now, not scheduled
    "version.supersede": Mapping("version.superseded"),
    "version.withdraw": Mapping("document.withdrawn"),
    "document.review_overdue": Mapping("review.overdue"),
    "change_request.create": Mapping("change_request.created"),
    "change_request.accept": Mapping("change_request.decided"),
    "change_request.reject": Mapping("change_request.decided"),
}
DECISIONS = {"change_request.accept": "accepted", "change_request.reject": "rejected"}


def event_type_for(action: str, after: dict | None) -> str | None:
    """The webhook event an audit action is, or None."""
    mapping = EVENT_MAP.get(action)
    if mapping is None or (mapping.when is not None and not mapping.when(after or {})):
        return None
    return mapping.event_type


def subscribed_endpoints(event_type: str) -> list[WebhookEndpoint]:
    endpoints = db.session.execute(db.select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))).scalars()
    return [e for e in endpoints if event_type in e.event_list]


# --- payloads ------------------------------------------------------------------------------------


def absolute_url(endpoint: str, **values) -> str | None:
    """A link into Lamppu: from BASE_URL when set, else from the current request; None in a command without it."""
    base = (current_app.config.get("BASE_URL") or "").rstrip("/")
    if base:
        return base + current_app.url_map.bind("localhost").build(endpoint, values)
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    return None


def _iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def version_data(version: DocumentVersion) -> dict:
    """What a receiver learns about a version: identity and state, never its text."""
    document = version.document
    return {
        "document_code": document.code,
        "title": version.title,
        "version_number": version.number,
        "version_label": version.label,
        "state": version.state,
        "effective_from": _iso(version.effective_from),
        "review_due": _iso(document.next_review_due),
        "url": absolute_url("documents.permalink", code=document.code),
        "version_url": absolute_url("documents.version", code=document.code, number=version.number),
    }


def _document_data(code: str | None) -> dict:
    document = db.session.execute(db.select(Document).where(Document.code == code)).scalar_one_or_none()
    if document is None:
        return {"document_code": code}
    return {
        "document_code": document.code,
        "title": document.title,
        "url": absolute_url("documents.permalink", code=document.code),
    }


def event_data(event) -> dict | None:
    """The `data` of the payload for a recorded audit event, or None when its object is gone."""
    if event.object_type == "document_version":
        version_id = parse_row_number(event.object_id or "")
        version = db.session.get(DocumentVersion, version_id) if version_id is not None else None
        return version_data(version) if version is not None else None
    data = _document_data(event.document_code)
    if event.action.startswith("change_request."):
        data["change_request_id"] = event.object_id
        if event.action in DECISIONS:
            data["decision"] = DECISIONS[event.action]
    return data


def payload(event_type: str, data: dict, at: datetime) -> str:
    """The body sent, as the exact text that is signed."""
    message = {"type": event_type, "timestamp": at.astimezone(UTC).isoformat(), "data": data}
    return json.dumps(message, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# --- queuing -------------------------------------------------------------------------------------


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def queue(endpoints: list[WebhookEndpoint], event_type: str, body: str) -> list[WebhookDelivery]:
    """One pending delivery per endpoint, in the current transaction; sending starts after the commit."""
    now = clock.now()
    deliveries = [
        WebhookDelivery(
            endpoint=endpoint,
            event_type=event_type,
            message_id=new_message_id(),
            payload_json=body,
            state=DeliveryState.PENDING.value,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    ]
    db.session.add_all(deliveries)
    db.session.flush()
    if deliveries:
        send_after_commit()
    return deliveries


def send_after_commit() -> None:
    """Start the opportunistic sender once the current transaction commits (once per transaction)."""
    if not current_app.config.get("WEBHOOK_SEND_AFTER_COMMIT", True):
        return
    # late: delivery imports this module for the overdue-review scan
    from registry.webhooks.delivery import start_background_send

    app = current_app._get_current_object()
    transaction.after_commit(lambda: start_background_send(app), key="webhooks.send")


def on_audit_event(event) -> None:
    """Audit subscriber: queue the webhook event this audit event is, for every endpoint that wants it."""
    if event.action not in EVENT_MAP:
        return
    event_type = event_type_for(event.action, json.loads(event.after_json) if event.after_json else None)
    if event_type is None:
        return
    endpoints = subscribed_endpoints(event_type)
    if not endpoints:
        return
    data = event_data(event)
    if data is not None:
        queue(endpoints, event_type, payload(event_type, data, event.occurred_at))


# --- overdue reviews -----------------------------------------------------------------------------


def _overdue(today: date) -> list[tuple[int, int, date]]:
    announced = db.select(ReviewOverdueNotice.id).where(
        ReviewOverdueNotice.version_id == DocumentVersion.id, ReviewOverdueNotice.due == Document.next_review_due
    )
    rows = db.session.execute(
        db.select(Document.id, DocumentVersion.id, Document.next_review_due)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(
            DocumentVersion.state == VersionState.EFFECTIVE.value,
            Document.withdrawn_at.is_(None),
            Document.next_review_due < today,
            ~announced.exists(),
        )
        .order_by(Document.next_review_due, Document.id)
    ).all()
    return [tuple(r) for r in rows]


def announce_overdue_reviews(today: date | None = None) -> int:
    """Record `document.review_overdue` once for each effective version whose review date has passed.

    Only while an active endpoint subscribes to `review.overdue`; the audit event queues the deliveries.
    """
    if not subscribed_endpoints("review.overdue"):
        return 0
    today = today or clock.now().date()
    count = 0
    for document_id, version_id, due in _overdue(today):
        # Two senders at once: the second waits on the row lock, then sees the first one's notice.
        db.session.execute(db.select(Document.id).where(Document.id == document_id).with_for_update()).scalar_one()
        if db.session.execute(
            db.select(ReviewOverdueNotice.id).where(
                ReviewOverdueNotice.version_id == version_id, ReviewOverdueNotice.due == due
            )
        ).first():
            continue
        db.session.add(ReviewOverdueNotice(version_id=version_id, due=due, noticed_at=clock.now()))
        version = db.session.get(DocumentVersion, version_id)
        audit.record(
            None,
            "document.review_overdue",
            "document_version",
            version_id,
            document_code=version.document.code,
            after={"review_due": due.isoformat(), "number": version.number, "label": version.label},
        )
        count += 1
    return count


def init_app(app) -> None:
    audit.subscribe(app, on_audit_event)
