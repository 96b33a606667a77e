"""Filters, pagination and the audited export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from registry import audit
from registry.audit.models import AuditEvent
from registry.audit.services import EventFilters, export_events, parse_filters, query_events
from registry.errors import ValidationError
from registry.extensions import db


@pytest.fixture
def events(make):
    alice = make.user("author", email="alice@example.org")
    bob = make.user("author", email="bob@example.org")
    audit.record(alice, "version.create", "document_version", 7, document_code="TO-001")
    audit.record(bob, "version.edit", "document_version", 7, document_code="TO-001")
    audit.record(bob, "version.create", "document_version", 9, document_code="TY-002")
    audit.record(None, "auth.login_failed", "user", None, actor_label='=HYPERLINK("x")')
    db.session.commit()
    return alice, bob


def _actions(page) -> list[str]:
    return [e.action for e in page.items]


def test_filters_by_actor_action_object_and_document(events):
    assert _actions(query_events(EventFilters(actor="ALICE"))) == ["version.create"]
    assert len(query_events(EventFilters(action="version.create")).items) == 2
    assert _actions(query_events(EventFilters(action="version.", actor="bob"))) == ["version.create", "version.edit"]
    assert query_events(EventFilters(object="document_version:7")).total == 2
    assert query_events(EventFilters(object="user")).total == 3
    assert _actions(query_events(EventFilters(document="TY-002"))) == ["version.create"]
    assert query_events(EventFilters(actor="%")).total == 0  # wildcards are literal


def test_filters_by_time(events):
    now = datetime.now(UTC)
    assert query_events(EventFilters(since=now - timedelta(minutes=5))).total == 6
    assert query_events(EventFilters(until=now - timedelta(minutes=5))).total == 0
    assert query_events(EventFilters(since=now + timedelta(minutes=5))).total == 0


def test_pagination_is_newest_first(events):
    first = query_events(EventFilters(), page=1, per_page=4)
    second = query_events(EventFilters(), page=2, per_page=4)
    assert (first.total, first.pages, len(first.items), len(second.items)) == (6, 2, 4, 2)
    seqs = [e.seq for e in first.items + second.items]
    assert seqs == sorted(seqs, reverse=True)


def test_parse_filters_reads_local_days(app):
    filters = parse_filters({"since": "2026-06-01", "until": "2026-06-01", "document": "to-001"})
    # Helsinki is UTC+3 in summer: the local day starts 21:00 UTC the day before
    assert filters.since == datetime(2026, 5, 31, 21, 0, tzinfo=UTC)
    assert filters.until == datetime(2026, 6, 1, 21, 0, tzinfo=UTC)
    assert filters.document == "TO-001"


@pytest.mark.parametrize(
    "args",
    [
        {"since": "eilen"},
        {"until": "2026-13-01"},
        {"since": "2026-02-01", "until": "2026-01-01"},
        {"since": "0001-01-01"},
        {"until": "9999-12-31"},
        {"since": "9999-12-31T23:59:59-05:00"},
        {"until": "0001-01-01T00:00+05:00"},
    ],
)
def test_parse_filters_refuses_bad_dates(app, args):
    with pytest.raises(ValidationError) as caught:
        parse_filters(args)
    assert set(caught.value.fields) <= {"since", "until"} and caught.value.fields


def test_the_earliest_and_latest_dates_that_fit_are_accepted_and_queried(events):
    filters = parse_filters({"since": "0001-01-02", "until": "9999-12-30"})
    assert filters.since.year == 1 and filters.until.year == 9999
    assert query_events(filters).total == 6


def test_csv_export_is_audited_and_escapes_formulas(events):
    out = io.StringIO()
    event = export_events(events[0], EventFilters(), "csv", out)
    db.session.commit()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["action"] for r in rows][-1] == "audit.export"  # the export is in its own output
    assert len(rows) == 7 and event.action == "audit.export" and event.actor_label == "alice@example.org"
    assert any(r["actor"] == '\'=HYPERLINK("x")' for r in rows)


def test_json_export_honours_filters(events):
    out = io.StringIO()
    export_events(None, EventFilters(document="TO-001"), "json", out)
    db.session.commit()
    data = json.loads(out.getvalue())
    assert data["filters"] == {"document": "TO-001"}
    assert [e["action"] for e in data["events"]] == ["version.create", "version.edit", "audit.export"]
    last = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert (last.action, last.document_code) == ("audit.export", "TO-001")
    assert json.loads(last.after_json) == {"format": "json", "filters": {"document": "TO-001"}}


def test_unknown_format_is_refused_without_an_event(events):
    before = db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one()
    with pytest.raises(ValidationError):
        export_events(None, EventFilters(), "xml", io.StringIO())
    db.session.rollback()
    assert db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one() == before


def test_cli_verify_head_and_export(runner, events, tmp_path):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and result.output.startswith("OK: 6 events")
    head = runner.invoke(args=["audit", "head"]).output.split()[0]
    assert head.startswith("6:")
    result = runner.invoke(args=["audit", "export", "--format", "json", "--output", str(tmp_path / "x.json")])
    assert result.exit_code == 0
    assert len(json.loads((tmp_path / "x.json").read_text())["events"]) == 7
    assert runner.invoke(args=["audit", "verify", "--expect-head", head]).exit_code == 0
    bad = runner.invoke(args=["audit", "verify", "--expect-head", "6:" + "a" * 64])
    assert bad.exit_code == 1 and "expected_head" in bad.output
    for seq in ("²", "9" * 5000):
        unreadable = runner.invoke(args=["audit", "verify", "--expect-head", f"{seq}:" + "a" * 64])
        assert unreadable.exit_code == 2 and "SEQ:HASH" in unreadable.output
    assert runner.invoke(args=["audit", "export", "--format", "csv", "--since", "huomenna"]).exit_code == 1
    past_the_end = runner.invoke(args=["audit", "export", "--format", "csv", "--until", "9999-12-31"])
    assert past_the_end.exit_code == 1 and "until" in past_the_end.output and "Traceback" not in past_the_end.output
