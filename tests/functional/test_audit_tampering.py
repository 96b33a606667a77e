"""A row edited behind the application's back is reported by every surface that verifies the chain."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from registry.audit.models import AuditEvent
from registry.audit.services import missing_triggers
from registry.extensions import db


@pytest.fixture
def tampered(make):
    """An auditor, and the third event of the log edited with the append-only trigger dropped (uncommitted:
    requests and commands in this test share the session; rolling back restores the trigger)."""
    owner = make.user("author", "quality_owner")
    make.published(owner, bodies=("Ensimmäinen.", "Toinen."))
    auditor = make.user("auditor")
    target = db.session.execute(db.select(AuditEvent).where(AuditEvent.seq == 3)).scalar_one()
    on_table = " ON audit_event" if db.engine.dialect.name == "postgresql" else ""
    db.session.execute(text(f"DROP TRIGGER audit_event_no_update{on_table}"))
    db.session.execute(text("UPDATE audit_event SET actor_label = 'joku-muu' WHERE id = :id"), {"id": target.id})
    yield {"auditor": auditor, "target_id": target.id, "target_seq": target.seq}
    db.session.rollback()
    assert missing_triggers() == []  # nothing above committed the tampering


def test_api_verify_names_the_tampered_event(client, login, tampered):
    login(tampered["auditor"])
    body = client.get("/api/v1/audit/verify").get_json()
    assert body["ok"] is False
    assert body["first_bad_event"] == tampered["target_id"]
    assert body["first_bad_seq"] == tampered["target_seq"] and body["problem"] == "hash_mismatch"


def test_verify_page_shows_the_broken_chain(client, login, tampered):
    login(tampered["auditor"])
    response = client.get("/audit/verify")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "verify-broken" in page and "verify-ok" not in page and "Ketju on rikki." in page
    assert f"Ensimmäinen virheellinen tapahtuma: tunniste {tampered['target_id']}." in page
    assert f"Järjestysnumerossa {tampered['target_seq']}:" in page
    assert "audit_event_no_update" in page  # the missing trigger is named as well


def test_cli_verify_exits_non_zero_naming_the_event(runner, tampered):
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1, result.output
    assert f"BROKEN: hash_mismatch at seq {tampered['target_seq']} (event id {tampered['target_id']})" in result.output
    assert "OK:" not in result.output
