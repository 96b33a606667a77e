"""The application's clock: real UTC time, or a callable tests put in `app.config["CLOCK"]`."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, has_app_context

from registry.db import utcnow


def now() -> datetime:
    """The current UTC time as the workflow sees it (scheduled publishing, lockouts, reviews)."""
    if has_app_context():
        override = current_app.config.get("CLOCK")
        if override is not None:
            value = override()
            if value.tzinfo is None:
                raise ValueError("CLOCK must return a timezone-aware datetime")
            return value
    return utcnow()
