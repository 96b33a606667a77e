"""Writing audit events inside the caller's transaction."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l

from registry.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent, AuditText
from registry.auth.models import User
from registry.db import utcnow
from registry.errors import ValidationError
from registry.extensions import db


def canonical_json(data: Any) -> str | None:
    """Deterministic JSON text: sorted keys, no spaces, UTF-8 kept."""
    if data is None:
        return None
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_payload(event) -> dict:
    """The fields an event's hash covers."""
    return {
        "seq": event.seq,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "document_code": event.document_code,
        "before": event.before_json,
        "after": event.after_json,
        "reason": event.reason,
        "remote_addr": event.remote_addr,
    }


def compute_hash(prev_hash: str, event) -> str:
    """SHA-256 over the previous hash and the canonical event."""
    text = prev_hash + canonical_json(event_payload(event))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _lock_head() -> AuditChainHead:
    head = db.session.execute(
        db.select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditChainHead(id=1, seq=0, hash=GENESIS_HASH)
        db.session.add(head)
        db.session.flush()
    return head


SUBSCRIBERS_KEY = "lamppu_audit_subscribers"


def subscribe(app, callback: Callable[[AuditEvent], None]) -> None:
    """Call `callback(event)` for every event recorded in `app`, inside the recording transaction.

    A feature (webhooks) learns of events this way without the audit log knowing it; a subscriber
    may add rows to the same transaction, and what it raises rolls the event back with them.
    """
    subscribers = app.extensions.setdefault(SUBSCRIBERS_KEY, [])
    if callback not in subscribers:
        subscribers.append(callback)


def record(
    actor: User | None,
    action: str,
    obj_type: str,
    obj_id: Any = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    reason: str | None = None,
    document_code: str | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event to the chain in the current transaction and flush."""
    head = _lock_head()
    event = AuditEvent(
        seq=head.seq + 1,
        occurred_at=utcnow(),
        actor_id=getattr(actor, "id", None),
        actor_label=actor_label or getattr(actor, "email", None) or "system",
        action=action,
        object_type=obj_type,
        object_id=None if obj_id is None else str(obj_id),
        document_code=document_code,
        before_json=canonical_json(before),
        after_json=canonical_json(after),
        reason=reason,
        remote_addr=request.remote_addr if has_request_context() else None,
        prev_hash=head.hash,
    )
    event.hash = compute_hash(head.hash, event)
    head.seq, head.hash = event.seq, event.hash
    db.session.add(event)
    db.session.flush()
    for callback in current_app.extensions.get(SUBSCRIBERS_KEY, ()):
        callback(event)
    return event


def text_ref(obj_type: str, obj_id: Any, text: str | None) -> dict | None:
    """Keep a long text beside the chain and return the reference an event records instead of it."""
    if text is None:
        return None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    db.session.add(AuditText(object_type=obj_type, object_id=str(obj_id), sha256=digest, text=text))
    return {"sha256": digest, "chars": len(text)}


def destroy_texts(obj_type: str, obj_id: Any, *, digests: set[str] = frozenset()) -> int:
    """Delete the texts kept beside the chain for one object, and any copy of these texts
    (a later draft's edit that started from it); the events keep their digests."""
    of_object = db.and_(AuditText.object_type == obj_type, AuditText.object_id == str(obj_id))
    result = db.session.execute(db.delete(AuditText).where(db.or_(of_object, AuditText.sha256.in_(sorted(digests)))))
    return result.rowcount or 0


def events_holding(obj_type: str, obj_id: Any, key: str) -> list[int]:
    """Sequence numbers of the object's events whose before/after hold `key` as inline text
    (written before texts were kept beside the chain)."""
    rows = db.session.execute(
        db.select(AuditEvent.seq, AuditEvent.before_json, AuditEvent.after_json).where(
            AuditEvent.object_type == obj_type, AuditEvent.object_id == str(obj_id)
        )
    ).all()
    found = []
    for seq, before, after in rows:
        for raw in (before, after):
            value = json.loads(raw).get(key) if raw and raw.startswith("{") else None
            if isinstance(value, str) and value:
                found.append(seq)
                break
    return found


# --- reading the chain ------------------------------------------------------

VERIFY_BATCH = 2000
EXPORT_BATCH = 1000
EXPORT_FORMATS = ("csv", "json")
EXPECTED_TRIGGERS = {
    "sqlite": (
        "audit_event_no_update",
        "audit_event_no_delete",
        "audit_chain_head_no_delete",
        "audit_chain_head_forward_only",
    ),
    "postgresql": ("audit_event_no_update", "audit_event_no_delete", "audit_chain_head_guard"),
}


@dataclass(frozen=True)
class ChainHead:
    """The last link of the chain: keep a copy elsewhere to detect a truncated tail."""

    seq: int
    hash: str
    occurred_at: datetime | None

    def as_dict(self) -> dict:
        return {
            "seq": self.seq,
            "hash": self.hash,
            "occurred_at": self.occurred_at.isoformat() if self.occurred_at else None,
        }


@dataclass(frozen=True)
class ChainReport:
    """The result of walking the chain: ok with a count, or the first bad event and why."""

    ok: bool
    events: int
    first_bad_event: int | None = None
    first_bad_seq: int | None = None
    problem: str | None = None  # hash_mismatch, broken_link, gap, truncated, head_mismatch, expected_head
    head: ChainHead | None = None

    def as_dict(self) -> dict:
        data: dict[str, Any] = {"ok": self.ok, "events": self.events}
        if not self.ok:
            data |= {
                "first_bad_event": self.first_bad_event,
                "first_bad_seq": self.first_bad_seq,
                "problem": self.problem,
            }
        return data


def actor_ids(action: str, object_type: str, object_id) -> set[int]:
    """The users who did `action` on one object, from its events."""
    return set(
        db.session.execute(
            db.select(AuditEvent.actor_id)
            .distinct()
            .where(
                AuditEvent.action == action,
                AuditEvent.object_type == object_type,
                AuditEvent.object_id == str(object_id),
                AuditEvent.actor_id.is_not(None),
            )
        ).scalars()
    )


def chain_head() -> ChainHead:
    """The chain head row and the time of the event it points to."""
    head = db.session.get(AuditChainHead, 1)
    if head is None:
        return ChainHead(0, GENESIS_HASH, None)
    at = db.session.execute(db.select(AuditEvent.occurred_at).where(AuditEvent.seq == head.seq)).scalar_one_or_none()
    return ChainHead(head.seq, head.hash, at)


def _event_rows(after_seq: int, batch: int, where=()):
    table = AuditEvent.__table__
    query = db.select(table).where(table.c.seq > after_seq, *where).order_by(table.c.seq).limit(batch)
    return db.session.execute(query).all()


def _check_row(row, expected_seq: int, prev_hash: str) -> str | None:
    if row.seq != expected_seq:
        return "gap"
    if row.prev_hash != prev_hash:
        return "broken_link"
    if compute_hash(row.prev_hash, row) != row.hash:
        return "hash_mismatch"
    return None


def verify_chain(*, batch_size: int = VERIFY_BATCH, expected_head: tuple[int, str] | None = None) -> ChainReport:
    """Walk every event in seq order, in batches, recomputing each hash; compare the end with the head."""
    head = chain_head()
    count, last_seq, last_hash = 0, 0, GENESIS_HASH
    known: dict[int, str] = {}
    # Walk only up to the head read above: events appended meanwhile are not a mismatch.
    up_to_head = AuditEvent.__table__.c.seq <= head.seq
    while rows := _event_rows(last_seq, batch_size, (up_to_head,)):
        for row in rows:
            problem = _check_row(row, last_seq + 1, last_hash)
            if problem:
                return ChainReport(False, count, row.id, row.seq, problem, head)
            count, last_seq, last_hash = count + 1, row.seq, row.hash
            if expected_head and row.seq == expected_head[0]:
                known[row.seq] = row.hash
    if head.seq > last_seq:
        return ChainReport(False, count, None, last_seq + 1, "truncated", head)
    if (head.seq, head.hash) != (last_seq, last_hash):
        return ChainReport(False, count, None, head.seq, "head_mismatch", head)
    if expected_head and known.get(expected_head[0]) != expected_head[1]:
        return ChainReport(False, count, None, expected_head[0], "expected_head", head)
    return ChainReport(True, count, head=head)


def missing_triggers() -> list[str]:
    """Append-only triggers that the database should have but does not."""
    dialect = db.engine.dialect.name
    expected = EXPECTED_TRIGGERS.get(dialect, ())
    if dialect == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    elif dialect == "postgresql":
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        return []
    present = {r[0] for r in db.session.execute(db.text(query))}
    return [name for name in expected if name not in present]


# --- querying and exporting -------------------------------------------------


@dataclass(frozen=True)
class EventFilters:
    """Filters of the event log; every one optional."""

    actor: str | None = None
    action: str | None = None
    object: str | None = None
    document: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(self).items() if v}


@dataclass(frozen=True)
class EventPage:
    items: list[AuditEvent]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Helsinki"))


def parse_moment(text: str, *, end_of_day: bool = False) -> datetime:
    """A date (a local day) or an ISO datetime (local when it has no offset) as UTC; ValueError if neither,
    or if it falls outside the years 1-9999 once moved to UTC (or past the end of the day)."""
    text = text.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            if end_of_day:
                day += timedelta(days=1)
            return datetime.combine(day, time(0), _local_zone()).astimezone(UTC)
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=_local_zone())
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"moment out of range: {text!r}") from None


def parse_filters(args) -> EventFilters:
    """Read filters from request arguments (a mapping of strings); bad dates raise ValidationError."""
    values = {k: (args.get(k) or "").strip()[:200] or None for k in ("actor", "action", "object", "document")}
    errors, moments = {}, {}
    for name in ("since", "until"):
        raw = (args.get(name) or "").strip()
        if not raw:
            continue
        try:
            moments[name] = parse_moment(raw, end_of_day=name == "until")
        except ValueError:
            errors[name] = _l("Give a date as YYYY-MM-DD or a time as YYYY-MM-DDTHH:MM.")
    if not errors and moments.get("since") and moments.get("until") and moments["since"] >= moments["until"]:
        errors["until"] = _l("The end must be after the start.")
    if errors:
        raise ValidationError(errors)
    if values["document"]:
        values["document"] = values["document"].upper()
    return EventFilters(**values, **moments)


def _conditions(filters: EventFilters) -> list:
    c = AuditEvent.__table__.c
    where = []
    if filters.actor:
        where.append(db.func.lower(c.actor_label).contains(filters.actor.lower(), autoescape=True))
    if filters.action:
        action = filters.action.rstrip("*")
        prefix = action != filters.action or action.endswith(".")
        where.append(c.action.startswith(action, autoescape=True) if prefix else c.action == action)
    if filters.object:
        obj_type, _, obj_id = filters.object.partition(":")
        where.append(c.object_type == obj_type.strip())
        if obj_id.strip():
            where.append(c.object_id == obj_id.strip())
    if filters.document:
        where.append(c.document_code == filters.document)
    if filters.since:
        where.append(c.occurred_at >= filters.since)
    if filters.until:
        where.append(c.occurred_at < filters.until)
    return where


def query_events(filters: EventFilters, *, page: int = 1, per_page: int = 50, newest_first: bool = True) -> EventPage:
    """One page of events matching the filters."""
    where = _conditions(filters)
    total = db.session.execute(db.select(db.func.count()).select_from(AuditEvent).where(*where)).scalar_one()
    order = AuditEvent.seq.desc() if newest_first else AuditEvent.seq
    items = (
        db.session.execute(
            db.select(AuditEvent).where(*where).order_by(order).limit(per_page).offset((page - 1) * per_page)
        )
        .scalars()
        .all()
    )
    return EventPage(list(items), total, page, per_page)


def event_dict(row) -> dict:
    """An event as plain data for JSON (before/after decoded, times in UTC)."""
    return {
        "id": row.id,
        "seq": row.seq,
        "occurred_at": row.occurred_at.astimezone(UTC).isoformat(),
        "actor_id": row.actor_id,
        "actor": row.actor_label,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "document_code": row.document_code,
        "before": json.loads(row.before_json) if row.before_json else None,
        "after": json.loads(row.after_json) if row.after_json else None,
        "reason": row.reason,
        "remote_addr": row.remote_addr,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


CSV_COLUMNS = (
    "id",
    "seq",
    "occurred_at",
    "actor_id",
    "actor",
    "action",
    "object_type",
    "object_id",
    "document_code",
    "before",
    "after",
    "reason",
    "remote_addr",
    "prev_hash",
    "hash",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # A spreadsheet would run a cell starting like a formula; the JSON export keeps exact values.
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_row(row) -> list[str]:
    data = event_dict(row)
    data["before"], data["after"] = row.before_json, row.after_json
    return [_csv_cell(data[k]) for k in CSV_COLUMNS]


def _iter_export_rows(filters: EventFilters, up_to_seq: int):
    last = 0
    where = [*_conditions(filters), AuditEvent.__table__.c.seq <= up_to_seq]
    while rows := _event_rows(last, EXPORT_BATCH, where):
        yield from rows
        last = rows[-1].seq


def _write_csv(out: IO[str], rows) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(_csv_row(row))


def _write_json(out: IO[str], rows, header: dict) -> None:
    out.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "events": [')
    for i, row in enumerate(rows):
        out.write(("," if i else "") + "\n" + json.dumps(event_dict(row), ensure_ascii=False))
    out.write("\n]}\n")


def export_events(actor: User | None, filters: EventFilters, fmt: str, out: IO[str]) -> AuditEvent:
    """Write the matching events to `out` as CSV or JSON, recording the export itself first."""
    if fmt not in EXPORT_FORMATS:
        raise ValidationError({"format": _l("Choose CSV or JSON.")})
    event = record(
        actor,
        "audit.export",
        "audit_log",
        None,
        document_code=filters.document,
        after={"format": fmt, "filters": filters.as_dict()},
    )
    rows = _iter_export_rows(filters, event.seq)
    if fmt == "csv":
        _write_csv(out, rows)
    else:
        header = {
            "exported_at": event.occurred_at.isoformat(),
            "exported_by": event.actor_label,
            "filters": filters.as_dict(),
            "up_to_seq": event.seq,
            "chain_head_hash": event.hash,
        }
        _write_json(out, rows, header)
    return event
