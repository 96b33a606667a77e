"""Input checks shared by the goals services: text, codes, choices, periods and numbers."""

from __future__ import annotations

import math
import re

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from registry.auth.models import User
from registry.errors import PermissionDenied
from registry.extensions import db
from registry.goals.periods import MAX_PERIOD, clean_period, period_key

CODE_RE = re.compile(r"^[A-Za-z0-9ÅÄÖåäö][A-Za-z0-9ÅÄÖåäö._-]{0,29}$")
NUMBER_RE = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
MAX_TEXT = 20_000
# Measured values and targets stay within this magnitude, so that a chart never spans absurd ranges.
MAX_NUMBER = 10**12


def text_field(errors: dict, name: str, value, *, max_len: int, required: bool = False, multiline: bool = False) -> str:
    value = (value or "").strip() if multiline else " ".join((value or "").split())
    if required and not value:
        errors[name] = _l("This field is required.")
    elif len(value) > max_len:
        errors[name] = _l("At most %(n)d characters.", n=max_len)
    return value


def code_field(errors: dict, name: str, value) -> str:
    value = (value or "").strip().upper()
    if not CODE_RE.match(value):
        errors[name] = _l("A code is 1–30 letters, digits, dots, hyphens or underscores, e.g. T1.")
    return value


def choice_field(errors: dict, name: str, value, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        errors[name] = _l("Choose one of: %(values)s.", values=", ".join(allowed))
    return value


def period_field(errors: dict, name: str, value) -> str:
    value = clean_period(value)
    if period_key(value) is None:
        errors[name] = _l(
            'Write the period with its year, e.g. "kevät 2012", "syksy 2012", "2012", "2012-09" or "Q3 2012".'
        )
    return value[:MAX_PERIOD]


def parse_number(value, unit: str = "") -> int | float | None:
    """A finite number from 12, 12.5, "12,5", "1 200" or "85 %" (the indicator's unit may follow); None if
    it is not one. A JSON integer keeps its size, however large: `number_field` judges the range."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if unit and text.lower().endswith(unit.strip().lower()) and unit.strip():
        text = text[: -len(unit.strip())].strip()
    text = text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if not NUMBER_RE.match(text):
        return None
    number = float(text.replace(",", "."))
    return number if math.isfinite(number) else None


def number_field(errors: dict, name: str, value, unit: str, not_a_number) -> float | None:
    """A measured value or target within ±MAX_NUMBER, or a field error (`not_a_number` when it is none)."""
    number = parse_number(value, unit)
    if number is None:
        errors[name] = not_a_number
        return None
    if not -MAX_NUMBER <= number <= MAX_NUMBER:  # exact for an int of any size: no float conversion
        errors[name] = _l(
            "Enter a number from %(min)s to %(max)s.", min=format_decimal(-MAX_NUMBER), max=format_decimal(MAX_NUMBER)
        )
        return None
    return float(number)


def user_field(errors: dict, name: str, email) -> User | None:
    if not email:
        return None
    user = db.session.execute(db.select(User).where(User.email == str(email).strip().lower())).scalar_one_or_none()
    if user is None or not user.active:
        errors[name] = _l("Unknown user.")
    return user


def require(allowed: bool, message) -> None:
    if not allowed:
        raise PermissionDenied(message)


def changed_fields(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
