"""Sending queued deliveries: claim, sign, POST with bounded timeouts, record the answer, back off.

A delivery is claimed (token and lease written by one UPDATE ... WHERE state = 'pending' AND the
lease is free) and committed before anything is sent, so two servers or threads never send the same
delivery; no transaction stays open while a receiver is being waited for. The opportunistic sender
runs in a daemon thread after a commit that queued deliveries, so a slow receiver never slows a
request; `lamppu webhooks send` from cron sends what is left and retries.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import requests
from flask import Flask, current_app
from standardwebhooks.webhooks import Webhook

from registry import clock, transaction
from registry.extensions import db
from registry.webhooks import events
from registry.webhooks.addresses import AddressRefused, check_url, post
from registry.webhooks.models import DeliveryState, EndpointStatus, WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)

# Seconds to wait before attempt 2, 3, ...: 1 min, 5 min, 30 min, 2 h, 12 h; then the delivery has failed.
BACKOFF = (60, 300, 1800, 7200, 43200)
FAILING_AFTER = 3  # consecutive failed attempts that mark an endpoint failing
EXCERPT = 500  # characters of a receiver's answer kept
LEASE = timedelta(minutes=5)  # a claim older than this (a sender died) may be taken again
REVIEW_SCAN_SECONDS = 600  # how often the opportunistic sender looks for newly overdue reviews


@dataclass(frozen=True)
class Job:
    """What one attempt needs, read before the claim commits (no session use while sending)."""

    id: int
    url: str
    secret: str
    allow_private: bool
    message_id: str
    body: str


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None = None
    error: str | None = None
    response: str | None = None


@dataclass
class SendReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    overdue_reviews: int = 0

    @property
    def attempted(self) -> int:
        return self.delivered + self.retrying + self.failed


def sign(secret: str, message_id: str, body: str, at: datetime) -> dict:
    """The Standard Webhooks headers for one attempt."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at.astimezone(UTC), body),
        "Content-Type": "application/json",
        "User-Agent": "Lamppu-Webhooks/1",
    }


def timeouts() -> tuple[float, float]:
    config = current_app.config
    return float(config.get("WEBHOOK_CONNECT_TIMEOUT", 3)), float(config.get("WEBHOOK_TIMEOUT", 5))


def claim(limit: int) -> list[Job]:
    """Claim up to `limit` due deliveries for this sender and commit the claim."""
    now = clock.now()
    free = db.or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until < now)
    active = WebhookDelivery.endpoint_id.in_(db.select(WebhookEndpoint.id).where(WebhookEndpoint.active.is_(True)))
    due = (WebhookDelivery.state == DeliveryState.PENDING.value, WebhookDelivery.next_attempt_at <= now, free, active)
    ids = list(
        db.session.execute(
            db.select(WebhookDelivery.id).where(*due).order_by(WebhookDelivery.next_attempt_at).limit(limit)
        ).scalars()
    )
    if not ids:
        transaction.commit()
        return []
    token = uuid.uuid4().hex
    db.session.execute(
        db.update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(ids), *due)
        .values(claim_token=token, claimed_until=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    rows = db.session.execute(
        db.select(WebhookDelivery, WebhookEndpoint)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.claim_token == token)
        .order_by(WebhookDelivery.id)
    ).all()
    jobs = [Job(d.id, e.url, e.secret, e.allow_private, d.message_id, d.payload_json) for d, e in rows]
    transaction.commit()
    return jobs


def attempt(job: Job) -> Outcome:
    """One POST of the delivery, the address checked again first; never raises for a receiver's fault."""
    try:
        target = check_url(job.url, allow_private=job.allow_private)
    except AddressRefused as refused:
        return Outcome(False, error=str(refused.message)[:500])
    headers = sign(job.secret, job.message_id, job.body, datetime.now(UTC))
    try:
        answer = post(target, job.body.encode("utf-8"), headers, timeout=timeouts(), excerpt=EXCERPT)
    except requests.Timeout:
        return Outcome(False, error="timeout")
    except (requests.RequestException, OSError) as error:
        return Outcome(False, error=f"{type(error).__name__}: {error}"[:500])
    return Outcome(200 <= answer.status_code < 300, answer.status_code, None, answer.excerpt)


def _record_on_endpoint(endpoint: WebhookEndpoint, outcome: Outcome, now: datetime) -> None:
    endpoint.last_status_code, endpoint.last_error = outcome.status_code, outcome.error
    endpoint.last_response, endpoint.last_attempt_at = outcome.response, now
    if outcome.ok:
        endpoint.consecutive_failures, endpoint.status = 0, EndpointStatus.OK.value
    else:
        endpoint.consecutive_failures += 1
        if endpoint.consecutive_failures >= FAILING_AFTER:
            endpoint.status = EndpointStatus.FAILING.value


def record_outcome(delivery_id: int, outcome: Outcome) -> str:
    """Write one attempt's result; schedule the next attempt or settle the delivery. Returns the new state."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:  # its endpoint was removed while it was being sent
        return DeliveryState.FAILED.value
    now = clock.now()
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = outcome.status_code, outcome.error
    delivery.last_response, delivery.last_attempt_at = outcome.response, now
    delivery.claim_token, delivery.claimed_until = None, None
    if outcome.ok:
        delivery.state, delivery.delivered_at = DeliveryState.DELIVERED.value, now
    elif delivery.attempts > len(BACKOFF):
        delivery.state = DeliveryState.FAILED.value
    else:
        delivery.next_attempt_at = now + timedelta(seconds=BACKOFF[delivery.attempts - 1])
    _record_on_endpoint(delivery.endpoint, outcome, now)
    db.session.flush()
    return "retrying" if delivery.state == DeliveryState.PENDING.value else delivery.state


def send_due(limit: int | None = None, *, scan_reviews: bool = True) -> SendReport:
    """Announce newly overdue reviews, then send up to `limit` due deliveries (each committed on its own)."""
    report = SendReport()
    if scan_reviews:
        with transaction.transaction():
            report.overdue_reviews = events.announce_overdue_reviews()
    limit = limit or int(current_app.config.get("WEBHOOK_BATCH", 50))
    for job in claim(limit):
        outcome = attempt(job)
        with transaction.transaction():
            state = record_outcome(job.id, outcome)
        setattr(report, state, getattr(report, state) + 1)
    return report


# --- the opportunistic sender --------------------------------------------------------------------

_lock = threading.Lock()
_again = threading.Event()
_threads: list[threading.Thread] = []


def _review_scan_due(app: Flask) -> bool:
    watch = app.extensions.setdefault("lamppu_webhook_review_scan", {"at": None})
    if watch["at"] is not None and time.monotonic() - watch["at"] < REVIEW_SCAN_SECONDS:
        return False
    watch["at"] = time.monotonic()
    return True


def _run(app: Flask) -> None:
    with app.app_context():
        try:
            while True:
                _again.clear()
                send_due(scan_reviews=_review_scan_due(app))
                if not _again.is_set():
                    break
        except Exception:  # the rows stay pending: cron sends them
            log.exception("webhook sending after commit failed")
        finally:
            db.session.remove()
            _lock.release()
    if _again.is_set():  # asked again after the last look: run once more
        start_background_send(app)


def start_background_send(app: Flask) -> None:
    """Send due deliveries in a daemon thread; one thread per process, asked again if already running."""
    if not _lock.acquire(blocking=False):
        _again.set()
        return
    thread = threading.Thread(target=_run, args=(app,), name="lamppu-webhooks", daemon=True)
    _threads[:] = [t for t in _threads if t.is_alive()] + [thread]
    thread.start()


def wait_for_background(timeout: float = 30.0) -> None:
    """Wait for the opportunistic sender (tests, and a command about to exit)."""
    for thread in list(_threads):
        thread.join(timeout)
