"""Import goals, indicators, measurements and results from CSV: every row or none, errors by line number.

Columns (header row required; `,` or `;` separated, UTF-8):
record,plan,goal,parent,title,description,owner,indicator,unit,target,direction,frequency,period,value,note
`record` is `goal`, `indicator`, `measurement` or `progress`; `plan` is an existing plan's code. A goal
or indicator that already exists is updated; a measurement for a period already measured replaces it.
A `progress` row is a goal's results in a reporting period (`period`, the text in `note`); it replaces
that period's text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from registry.auth.models import User
from registry.errors import ServiceError
from registry.extensions import db
from registry.goals import services
from registry.goals.models import Goal, Indicator

COLUMNS = (
    "record",
    "plan",
    "goal",
    "parent",
    "title",
    "description",
    "owner",
    "indicator",
    "unit",
    "target",
    "direction",
    "frequency",
    "period",
    "value",
    "note",
)
MAX_ROWS = 10_000


@dataclass
class ImportResult:
    counts: dict = field(default_factory=lambda: {"goal": 0, "indicator": 0, "measurement": 0, "progress": 0})
    errors: list[tuple[int, str]] = field(default_factory=list)


def _message(error: ServiceError) -> str:
    details = "; ".join(f"{name}: {text}" for name, text in error.fields.items())
    return details or str(error.message)


def _goal(row: dict) -> Goal:
    plan = services.get_plan_by_code(row["plan"])
    if plan is None:
        raise ServiceError(_("unknown plan %(code)s", code=row["plan"] or "–"))
    goal = db.session.execute(
        db.select(Goal).where(Goal.plan_id == plan.id, Goal.code == (row["goal"] or "").strip().upper())
    ).scalar_one_or_none()
    if goal is None:
        raise ServiceError(_("unknown goal %(code)s in plan %(plan)s", code=row["goal"] or "–", plan=plan.code))
    return goal


def _indicator(goal: Goal, name: str) -> Indicator | None:
    name = " ".join((name or "").split())
    return next((i for i in goal.indicators if i.name == name), None)


def _import_goal(actor: User, row: dict) -> None:
    plan = services.get_plan_by_code(row["plan"])
    if plan is None:
        raise ServiceError(_("unknown plan %(code)s", code=row["plan"] or "–"))
    data = {k: row[k] for k in ("title", "description", "parent", "owner")} | {"code": row["goal"]}
    existing = db.session.execute(
        db.select(Goal).where(Goal.plan_id == plan.id, Goal.code == (row["goal"] or "").strip().upper())
    ).scalar_one_or_none()
    if existing is None:
        services.create_goal(actor, plan, **data)
    else:
        services.update_goal(actor, existing, **data)


def _import_indicator(actor: User, row: dict) -> None:
    goal = _goal(row)
    data = {"name": row["indicator"]} | {k: row[k] for k in ("unit", "target", "direction", "frequency")}
    existing = _indicator(goal, row["indicator"])
    if existing is None:
        services.create_indicator(actor, goal, **data)
    else:
        services.update_indicator(actor, existing, **data)


def _import_measurement(actor: User, row: dict) -> None:
    indicator = _indicator(_goal(row), row["indicator"])
    if indicator is None:
        raise ServiceError(_("unknown indicator %(name)s", name=row["indicator"] or "–"))
    services.record_measurement(actor, indicator, period=row["period"], value=row["value"], note=row["note"])


def _import_progress(actor: User, row: dict) -> None:
    services.write_progress_entry(actor, _goal(row), period=row["period"], text=row["note"])


HANDLERS = {
    "goal": _import_goal,
    "indicator": _import_indicator,
    "measurement": _import_measurement,
    "progress": _import_progress,
}


def _reader(text: str) -> csv.DictReader:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.DictReader(io.StringIO(text), dialect=dialect)


def import_goals_csv(actor: User, text: str) -> ImportResult:
    """Apply every row in the caller's transaction; when any row fails the caller must roll back."""
    result = ImportResult()
    reader = _reader(text)
    missing = [c for c in ("record", "plan", "goal") if c not in (reader.fieldnames or [])]
    if missing:
        result.errors.append((1, _("missing columns: %(names)s", names=", ".join(missing))))
        return result
    line = 1
    for row in reader:
        start, line = line + 1, reader.line_num
        row = {c: (row.get(c) or "").strip() for c in COLUMNS}
        if not any(row.values()):
            continue
        if start > MAX_ROWS:
            result.errors.append((start, _("too many rows (at most %(n)d)", n=MAX_ROWS)))
            break
        handler = HANDLERS.get(row["record"].lower())
        if handler is None:
            result.errors.append((start, _("record must be goal, indicator, measurement or progress")))
            continue
        try:
            handler(actor, row)
        except ServiceError as error:
            result.errors.append((start, _message(error)))
        except SQLAlchemyError:
            result.errors.append((start, _("the database refused this row")))
            break
        else:
            result.counts[row["record"].lower()] += 1
    return result
