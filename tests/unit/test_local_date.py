"""The templates' local_date: the reader's time zone and locale, whatever was formatted before."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import session
from flask_babel import refresh


def _local_date(app, value, lang):
    with app.test_request_context("/"):
        session["lang"] = lang
        refresh()  # the app context the fixture holds keeps the locale of the previous call
        return app.jinja_env.globals["local_date"](value)


def test_a_datetime_is_dated_in_helsinki_not_utc(app):
    # 22:30 UTC on 31 December is already 1 January in Helsinki.
    late = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)
    assert _local_date(app, late, "en") == _local_date(app, date(2027, 1, 1), "en")
    assert _local_date(app, late, "en") != _local_date(app, date(2026, 12, 31), "en")


def test_the_same_day_follows_the_locale_of_each_request(app):
    day = date(2026, 3, 5)
    english, finnish = _local_date(app, day, "en"), _local_date(app, day, "fi")
    assert english != finnish
    assert _local_date(app, day, "en") == english  # a later request in English is not served Finnish
    assert "2026" in finnish and "Mar" in english
    assert _local_date(app, None, "fi") == "–"
