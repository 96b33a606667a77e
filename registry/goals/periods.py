"""Reporting periods written the way people write them ("kevät 2012", "2012-09", "Q3 2012"),
with a chronological sort key."""

from __future__ import annotations

import re

MAX_PERIOD = 40
_SEASONS = {
    "kevät": 1,
    "kevat": 1,
    "spring": 1,
    "h1": 1,
    "syksy": 7,
    "autumn": 7,
    "fall": 7,
    "h2": 7,
}
_YEAR = r"(19\d\d|20\d\d|21\d\d)"
_PATTERNS = [
    (re.compile(rf"^{_YEAR}$"), lambda m: (int(m[1]), 0)),
    (re.compile(rf"^{_YEAR}-(0?[1-9]|1[0-2])$"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(rf"^(\w+)\s+{_YEAR}$"), lambda m: (int(m[2]), _SEASONS.get(m[1]))),
    (re.compile(rf"^{_YEAR}\s+(\w+)$"), lambda m: (int(m[1]), _SEASONS.get(m[2]))),
    (re.compile(rf"^q([1-4])[\s/]*{_YEAR}$"), lambda m: (int(m[2]), 3 * int(m[1]) - 2)),
    (re.compile(rf"^{_YEAR}[\s/-]*q([1-4])$"), lambda m: (int(m[1]), 3 * int(m[2]) - 2)),
    (
        re.compile(rf"^(?:lukuvuosi\s+)?{_YEAR}\s*[-–/]\s*{_YEAR}$"),
        lambda m: (int(m[1]), 8) if int(m[2]) == int(m[1]) + 1 else None,
    ),
]


def clean_period(text: str | None) -> str:
    """Collapse whitespace; the stored form keeps the user's spelling."""
    return " ".join((text or "").split())


def period_key(text: str) -> tuple[int, int] | None:
    """(year, first month) of a period, or None when it is not a period we understand."""
    lowered = clean_period(text).lower()
    if not lowered or len(lowered) > MAX_PERIOD:
        return None
    for pattern, build in _PATTERNS:
        match = pattern.match(lowered)
        if match:
            key = build(match)
            if key is not None and key[1] is not None:
                return key
    return None


def sort_periods(periods) -> list[str]:
    """Distinct periods in chronological order (unknown spellings last, alphabetically)."""
    unique = {clean_period(p) for p in periods if clean_period(p)}
    return sorted(unique, key=lambda p: (period_key(p) is None, period_key(p) or (0, 0), p.lower()))
