"""Who gets the returned, approved and published notifications, and what they say."""

from __future__ import annotations

import json

import pytest

from registry.extensions import db
from registry.workflow import approvals, notifications
from registry.workflow.models import Notification
from tests.conftest import PASSWORD
from tests.workflow_helpers import build, version_in


@pytest.fixture
def flow(make):
    flow = build(make)
    assert flow.document.owner.id == flow.quality.id != flow.author.id  # owner and author are two people
    return flow


def _notes(kind: str, version) -> dict[int, Notification]:
    rows = (
        db.session.execute(
            db.select(Notification).where(
                Notification.kind == kind,
                Notification.document_code == version.document.code,
                Notification.version_number == version.number,
            )
        )
        .scalars()
        .all()
    )
    return {n.user_id: n for n in rows}


def test_a_returned_version_is_reported_to_its_author_only(flow):
    version = version_in(flow, "in_review")
    approvals.return_version(flow.approver, version, comment="Korjaa kappale 2.")
    db.session.commit()
    notes = _notes("returned", version)
    assert set(notes) == {flow.author.id}
    text = notifications.message_text(notes[flow.author.id])
    assert flow.approver.display_name in text and "Korjaa kappale 2." in text and version.document.code in text


def test_an_approved_version_is_reported_to_its_author_and_the_owner(flow):
    version = version_in(flow, "approved")
    notes = _notes("approved", version)
    assert set(notes) == {flow.author.id, flow.quality.id}
    assert flow.approver.id not in notes and flow.staff.id not in notes
    assert version.title in notifications.message_text(notes[flow.author.id])


def test_approved_is_reported_only_when_the_last_named_approver_signs(flow, make):
    second = make.user("approver", email="toinen@example.org")
    version = version_in(flow, "draft")
    approvals.submit_version(
        flow.author, version, approvers=[flow.approver, second], change_type="major", change_summary="Uusi käytäntö"
    )
    approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="content_owner")
    db.session.commit()
    assert version.state == "in_review" and _notes("approved", version) == {}
    approvals.approve_version(second, version, password=PASSWORD, meaning="quality_manager")
    db.session.commit()
    assert set(_notes("approved", version)) == {flow.author.id, flow.quality.id}


@pytest.mark.parametrize("state", ["effective", "scheduled"])
def test_a_published_version_is_reported_to_its_author_and_the_owner(flow, state):
    version = version_in(flow, state)
    notes = _notes("published", version)
    assert set(notes) == {flow.author.id, flow.quality.id}
    data = json.loads(notes[flow.quality.id].data_json)
    assert data["label"] == version.label == "3.0"
    assert data["date"] == version.effective_from.date().isoformat()
    assert "3.0" in notifications.message_text(notes[flow.quality.id])
