"""Publishing approved versions (now or scheduled), superseding, withdrawal and periodic review."""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from registry import clock
from registry.auth import permissions
from registry.auth.models import Role, User
from registry.documents import services as documents
from registry.documents.models import Document, DocumentVersion, VersionState
from registry.errors import ValidationError
from registry.extensions import db
from registry.workflow import change_requests, notifications, read_confirmations
from registry.workflow.machine import lock_document, require_move, transition
from registry.workflow.models import Notification
from registry.workflow.transitions import Action

LABEL_RE = re.compile(r"^\s*(\d+)\.(\d+)")
# A publish "now" takes a moment to travel; a date this far in the past still counts as now.
PAST_TOLERANCE = timedelta(minutes=5)
REVIEW_HORIZON_DAYS = 30
# How long a worker trusts what it last read about the next scheduled take-effect: a version
# scheduled through another worker or server is noticed within this many seconds.
DUE_CHECK_SECONDS = 1.0


def next_label(document: Document, change_type: str | None) -> str:
    """MAJOR.MINOR after the highest label so far: a major change bumps MAJOR, a minor one MINOR."""
    labels = db.session.execute(
        db.select(DocumentVersion.label).where(
            DocumentVersion.document_id == document.id, DocumentVersion.label.is_not(None)
        )
    ).scalars()
    parsed = [(int(m.group(1)), int(m.group(2))) for m in (LABEL_RE.match(x) for x in labels) if m]
    if not parsed:
        return "1.0"
    major, minor = max(parsed)
    return f"{major + 1}.0" if change_type != "minor" else f"{major}.{minor + 1}"


def _check_effective_from(effective_from: datetime | None, now: datetime) -> datetime:
    if effective_from is None:
        return now
    if effective_from.tzinfo is None:
        raise ValidationError({"effective_from": _l("Give the time with its time zone.")})
    if effective_from < now - PAST_TOLERANCE:
        raise ValidationError({"effective_from": _l("The effective date cannot be in the past.")})
    return max(effective_from, now) if effective_from <= now else effective_from


def publish_version(
    actor: User, version: DocumentVersion, *, effective_from: datetime | None = None
) -> DocumentVersion:
    """Publish an approved version: in force now (superseding the current one) or from a future date."""
    require_move(actor, version, Action.PUBLISH)
    now = clock.now()
    effective_from = _check_effective_from(effective_from, now)
    version.label = next_label(version.document, version.change_type)
    version.effective_from = effective_from
    if effective_from <= now:
        take_effect(actor, version, Action.PUBLISH, now)
    else:
        forget_next_due()
        transition(
            actor,
            version,
            Action.PUBLISH,
            VersionState.SCHEDULED,
            at=now,
            data={"effective_from": effective_from.isoformat(), "label": version.label},
        )
    for user in {version.author, version.document.owner}:
        notifications.notify(user, "published", version, label=version.label, date=effective_from.date().isoformat())
    return version


def take_effect(actor: User, version: DocumentVersion, action: Action, at: datetime) -> DocumentVersion:
    """Make `version` effective; the previous effective version is superseded in the same transaction."""
    document = version.document
    previous = documents.current_version(document)
    if previous is not None and previous.id != version.id:
        previous.effective_until = version.effective_from
        transition(
            actor, previous, Action.SUPERSEDE, VersionState.SUPERSEDED, at=at, data={"superseded_by": version.number}
        )
    transition(
        actor,
        version,
        action,
        VersionState.EFFECTIVE,
        at=at,
        data={
            "effective_from": version.effective_from.isoformat(),
            "label": version.label,
            "supersedes": previous.number if previous is not None else None,
        },
    )
    change_requests.close_addressed(actor, version, at)
    document.title = version.title
    document.next_review_due = documents.add_months(version.effective_from.date(), document.review_interval_months)
    if version.change_type == "major" and document.type.requires_acknowledgement:
        for user in read_confirmations.audience(document):
            notifications.notify(user, "to_read", version, label=version.label)
    db.session.flush()
    return version


def due_version_ids(now: datetime | None = None) -> list[int]:
    """Scheduled versions whose date has come (one indexed query: cheap enough to ask on every read)."""
    return list(
        db.session.execute(
            db.select(DocumentVersion.id)
            .join(Document, Document.id == DocumentVersion.document_id)
            .where(
                DocumentVersion.state == VersionState.SCHEDULED.value,
                DocumentVersion.effective_from <= (now or clock.now()),
                Document.withdrawn_at.is_(None),  # a withdrawn document's scheduled version never takes effect
            )
            .order_by(DocumentVersion.effective_from, DocumentVersion.id)
        ).scalars()
    )


def next_due_at() -> datetime | None:
    """When the earliest scheduled version is to take effect (one indexed query), or None."""
    return db.session.execute(
        db.select(func.min(DocumentVersion.effective_from))
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(DocumentVersion.state == VersionState.SCHEDULED.value, Document.withdrawn_at.is_(None))
    ).scalar()


def _due_watch() -> dict:
    return current_app.extensions.setdefault("lamppu_due_watch", {"checked": None, "next_due": None})


def due_check_needed(now: datetime) -> bool:
    """Whether a read must ask the database about scheduled versions: when the next known one has come,
    or when what this worker knows is older than DUE_CHECK_SECONDS."""
    watch = _due_watch()
    if watch["checked"] is None or time.monotonic() - watch["checked"] >= DUE_CHECK_SECONDS:
        return True
    return watch["next_due"] is not None and now >= aware(watch["next_due"])


def remember_next_due(next_due: datetime | None) -> None:
    _due_watch().update(checked=time.monotonic(), next_due=next_due)


def forget_next_due() -> None:
    """A version was scheduled in this worker: the next read asks the database again."""
    _due_watch()["checked"] = None


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=clock.now().tzinfo)


def apply_due_versions(now: datetime | None = None) -> list[DocumentVersion]:
    """Let every scheduled version whose date has come take effect (the system's transition)."""
    now = now or clock.now()
    applied = []
    for version_id in due_version_ids(now):
        version = db.session.get(DocumentVersion, version_id)
        lock_document(version.document_id)
        db.session.refresh(version)
        if version.state != VersionState.SCHEDULED.value or version.effective_from > now:
            continue  # another worker got there first
        if version.document.is_withdrawn:
            continue
        applied.append(take_effect(None, version, Action.TAKE_EFFECT, version.effective_from))
    return applied


def withdraw_document(actor: User, version: DocumentVersion, *, reason: str) -> DocumentVersion:
    """Withdraw a document through its effective version; it is obsolete from now on."""
    require_move(actor, version, Action.WITHDRAW)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"comment": _l("Give the reason for the withdrawal.")})
    now = clock.now()
    version.effective_until = now
    version.document.withdrawn_at = now
    return transition(actor, version, Action.WITHDRAW, VersionState.WITHDRAWN, comment=reason[:5000], at=now)


def confirm_review(actor: User, version: DocumentVersion, *, comment: str | None = None) -> DocumentVersion:
    """Record a periodic review without a new version; the next review date moves on."""
    require_move(actor, version, Action.CONFIRM_REVIEW)
    document = version.document
    previous = document.next_review_due
    document.next_review_due = documents.add_months(clock.now().date(), document.review_interval_months)
    return transition(
        actor,
        version,
        Action.CONFIRM_REVIEW,
        VersionState.EFFECTIVE,
        comment=comment,
        at=clock.now(),
        data={
            "previous_review_due": previous.isoformat() if previous else None,
            "next_review_due": document.next_review_due.isoformat(),
        },
    )


def reviews_due(user: User, *, days: int = REVIEW_HORIZON_DAYS) -> list[tuple[Document, DocumentVersion]]:
    """Documents in force whose review is due within `days` or overdue: the user's own (all for quality owners)."""
    horizon = clock.now().date() + timedelta(days=days)
    stmt = (
        db.select(Document, DocumentVersion)
        .join(
            DocumentVersion,
            (DocumentVersion.document_id == Document.id) & (DocumentVersion.state == VersionState.EFFECTIVE.value),
        )
        .where(Document.withdrawn_at.is_(None), Document.next_review_due <= horizon)
        .order_by(Document.next_review_due, Document.code)
    )
    if not permissions.has_role(user, Role.QUALITY_OWNER):
        stmt = stmt.where(Document.owner_id == user.id)
    return [(d, v) for d, v in db.session.execute(stmt).all()]


def notify_reviews_due(today: date | None = None) -> int:
    """Tell owners once about each review falling due within the horizon; returns how many were told."""
    today = today or clock.now().date()
    horizon = today + timedelta(days=REVIEW_HORIZON_DAYS)
    told = 0
    rows = db.session.execute(
        db.select(Document).where(Document.withdrawn_at.is_(None), Document.next_review_due <= horizon)
    ).scalars()
    for document in rows:
        due = document.next_review_due.isoformat()
        exists = db.session.execute(
            db.select(Notification.id)
            .where(
                Notification.user_id == document.owner_id,
                Notification.kind == "review_due",
                Notification.document_code == document.code,
                Notification.data_json.contains(due),
            )
            .limit(1)
        ).first()
        if exists is None and documents.current_version(document) is not None:
            notifications.notify(document.owner, "review_due", document=document, date=due)
            told += 1
    db.session.flush()
    return told
