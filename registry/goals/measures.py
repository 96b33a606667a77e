"""Indicators (mittarit), their measured values, and the progress entries of goals."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from registry import audit, clock
from registry.auth import permissions
from registry.auth.models import User
from registry.errors import NotFoundError, ValidationError
from registry.extensions import db
from registry.goals._validation import (
    MAX_TEXT,
    changed_fields,
    choice_field,
    number_field,
    period_field,
    require,
    text_field,
)
from registry.goals.models import DIRECTIONS, FREQUENCIES, Goal, Indicator, Measurement, ProgressEntry
from registry.goals.periods import period_key


def describe_indicator(indicator: Indicator) -> dict:
    return {
        "goal": indicator.goal.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "target": indicator.target,
        "direction": indicator.direction,
        "frequency": indicator.frequency,
    }


# --- indicators and measurements ----------------------------------------------------------------


def require_indicator(indicator_id: int) -> Indicator:
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None:
        raise NotFoundError(_l("Indicator not found."))
    return indicator


def _indicator_fields(goal: Goal, data: dict, indicator: Indicator | None = None) -> dict:
    errors: dict = {}
    fields = {
        "name": text_field(errors, "name", data.get("name"), max_len=200, required=True),
        "unit": text_field(errors, "unit", data.get("unit"), max_len=40),
        "direction": choice_field(errors, "direction", data.get("direction") or "higher", DIRECTIONS),
        "frequency": choice_field(errors, "frequency", data.get("frequency") or "annual", FREQUENCIES),
        "target": None,
    }
    if data.get("target") not in (None, ""):
        fields["target"] = number_field(
            errors, "target", data["target"], fields["unit"], _l("Enter the target as a number.")
        )
    if "name" not in errors:
        clash = db.session.execute(
            db.select(Indicator).where(Indicator.goal_id == goal.id, Indicator.name == fields["name"])
        ).scalar_one_or_none()
        if clash is not None and clash is not indicator:
            errors["name"] = _l("This goal already has an indicator with this name.")
    if errors:
        raise ValidationError(errors)
    return fields


def create_indicator(actor: User, goal: Goal, **data) -> Indicator:
    """A new indicator (mittari) of the goal."""
    require(permissions.can_manage_goals(actor), _l("Only quality owners may manage plans and goals."))
    indicator = Indicator(goal=goal, **_indicator_fields(goal, data))
    db.session.add(indicator)
    db.session.flush()
    audit.record(actor, "indicator.create", "indicator", indicator.id, after=describe_indicator(indicator))
    return indicator


def update_indicator(actor: User, indicator: Indicator, **data) -> Indicator:
    """Change an indicator's name, unit, target, direction or frequency."""
    require(permissions.can_manage_goals(actor), _l("Only quality owners may manage plans and goals."))
    fields = _indicator_fields(indicator.goal, data, indicator)
    before = describe_indicator(indicator)
    for key, value in fields.items():
        setattr(indicator, key, value)
    db.session.flush()
    old, new = changed_fields(before, describe_indicator(indicator))
    if new:
        audit.record(actor, "indicator.update", "indicator", indicator.id, before=old, after=new)
    return indicator


def record_measurement(actor: User, indicator: Indicator, *, period, value, note=None) -> Measurement:
    """Store the value measured for a period (replacing an earlier value for that period)."""
    require(
        permissions.can_record_measurement(actor, indicator),
        _l("Only the goal's owner or a quality owner may enter measurements."),
    )
    errors: dict = {}
    period = period_field(errors, "period", period)
    number = number_field(
        errors,
        "value",
        value,
        indicator.unit,
        _l("Enter a number in %(unit)s, e.g. 12 or 12,5.", unit=indicator.unit)
        if indicator.unit
        else _l("Enter a number, e.g. 12 or 12,5."),
    )
    note = text_field(errors, "note", note, max_len=2000, multiline=True)
    if errors:
        raise ValidationError(errors)
    row = next((m for m in indicator.measurements if m.period == period), None)
    before = {"period": period, "value": row.value, "note": row.note} if row else None
    if row is None:
        row = Measurement(indicator=indicator, period=period, value=number, note=note)
        db.session.add(row)
    row.value, row.note, row.recorded_by_id, row.recorded_at = number, note, actor.id, clock.now()
    db.session.flush()
    audit.record(
        actor,
        "measurement.record",
        "indicator",
        indicator.id,
        before=before,
        after={"period": period, "value": number, "note": note},
    )
    return row


def sorted_measurements(indicator: Indicator) -> list[Measurement]:
    return sorted(indicator.measurements, key=lambda m: period_key(m.period) or (0, 0))


@dataclass
class IndicatorStatus:
    latest: Measurement | None
    status: str  # "met", "not_met", "no_target", "no_data"


def indicator_status(indicator: Indicator) -> IndicatorStatus:
    """The newest value against the target, read the way the indicator's direction says."""
    rows = sorted_measurements(indicator)
    latest = rows[-1] if rows else None
    if latest is None:
        return IndicatorStatus(None, "no_data")
    if indicator.target is None:
        return IndicatorStatus(latest, "no_target")
    met = latest.value >= indicator.target if indicator.direction == "higher" else latest.value <= indicator.target
    return IndicatorStatus(latest, "met" if met else "not_met")


# --- progress entries ---------------------------------------------------------------------------


def write_progress_entry(actor: User, goal: Goal, *, period, text) -> ProgressEntry:
    """Store the results a goal achieved in a reporting period (replacing that period's text)."""
    require(
        permissions.can_write_progress(actor, goal),
        _l("Only the goal's owner or a quality owner may write its results."),
    )
    errors: dict = {}
    period = period_field(errors, "period", period)
    text = text_field(errors, "text", text, max_len=MAX_TEXT, required=True, multiline=True)
    if errors:
        raise ValidationError(errors)
    entry = next((e for e in goal.progress_entries if e.period == period), None)
    before = {"period": period, "text": entry.text} if entry else None
    if entry is None:
        entry = ProgressEntry(goal=goal, period=period, text=text)
        db.session.add(entry)
    entry.text, entry.author_id, entry.updated_at = text, actor.id, clock.now()
    db.session.flush()
    audit.record(actor, "progress.write", "goal", goal.id, before=before, after={"period": period, "text": text})
    return entry


def progress_by_period(goal: Goal) -> list[ProgressEntry]:
    return sorted(goal.progress_entries, key=lambda e: period_key(e.period) or (0, 0))
