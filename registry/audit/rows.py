"""Audit events decoded for display: the log page, the exports' readers and a document's history."""

from __future__ import annotations

import json
from dataclasses import dataclass

from registry.audit.models import AuditEvent

# Keys of an event's before/after that are bookkeeping, not content.
QUIET_KEYS = frozenset({"revision"})


@dataclass
class EventRow:
    """An audit event with its before/after decoded for display."""

    event: AuditEvent
    before: dict
    after: dict

    @property
    def state_change(self) -> tuple[str | None, str] | None:
        if "state" not in self.after:
            return None
        return self.before.get("state"), self.after["state"]

    @property
    def changed_fields(self) -> list[str]:
        if not self.before or (self.event.action != "version.edit" and "state" in self.after):
            return []
        keys = set(self.before) | set(self.after)
        return sorted(k for k in keys - QUIET_KEYS if self.before.get(k) != self.after.get(k))


def decode_json(text: str | None) -> dict:
    """A before/after JSON column as a dict (`{}` when empty, `{"value": ...}` for a bare value)."""
    if not text:
        return {}
    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


def event_row(event: AuditEvent) -> EventRow:
    """The event with its before/after decoded."""
    return EventRow(event, decode_json(event.before_json), decode_json(event.after_json))
