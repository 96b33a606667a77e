from __future__ import annotations

import socket
import threading

import pytest

from registry import transaction
from registry.documents import services as documents
from registry.errors import ConflictError
from registry.extensions import db
from registry.workflow import notifications, read_confirmations
from registry.workflow.models import Notification
from tests.workflow_helpers import build, version_in


@pytest.fixture
def flow(make):
    flow = build(make)
    flow.document.type.requires_acknowledgement = True
    db.session.commit()
    return flow


def test_major_version_taking_effect_goes_to_everyones_to_read_list(flow):
    version = version_in(flow, "effective")
    assert read_confirmations.to_read(flow.staff) == [version]
    read_confirmations.acknowledge_version(flow.staff, version)
    db.session.commit()
    assert read_confirmations.to_read(flow.staff) == []
    again = read_confirmations.acknowledge_version(flow.staff, version)  # a second confirmation changes nothing
    assert again.version_id == version.id
    status = {r.user.email: r.acknowledged_at is not None for r in read_confirmations.acknowledgement_status(version)}
    assert status["henkilo@example.org"] is True and status["kirjoittaja@example.org"] is False
    kinds = db.session.execute(db.select(Notification.kind).where(Notification.user_id == flow.staff.id)).scalars()
    assert "to_read" in list(kinds)


def _publish_minor(flow):
    from registry.workflow import approvals, publishing
    from registry.workflow import machine as workflow
    from tests.conftest import PASSWORD

    version = workflow.start_new_draft(flow.author, flow.document)
    workflow.edit_draft(flow.author, version, revision=version.revision, body="Kolmas, uusi teksti. Korjattu typo.")
    approvals.submit_version(
        flow.author, version, approvers=[flow.approver], change_type="minor", change_summary="Kirjoitusvirhe"
    )
    approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="content_owner")
    publishing.publish_version(flow.quality, version)
    db.session.commit()
    return version


def test_a_minor_version_does_not_cancel_the_duty_to_read_the_major_one_before_it(flow):
    version_in(flow, "effective")  # major, not confirmed by the staff member
    minor = _publish_minor(flow)
    assert read_confirmations.to_read(flow.staff) == [minor]
    assert read_confirmations.reading_info(flow.staff, minor).must_acknowledge
    read_confirmations.acknowledge_version(flow.staff, minor)
    db.session.commit()
    assert read_confirmations.to_read(flow.staff) == []
    assert not read_confirmations.reading_info(flow.staff, minor).must_acknowledge


def test_who_confirmed_the_major_version_need_not_confirm_a_minor_one(flow):
    major = version_in(flow, "effective")
    read_confirmations.acknowledge_version(flow.staff, major)
    db.session.commit()
    minor = _publish_minor(flow)
    assert read_confirmations.to_read(flow.staff) == []
    assert not read_confirmations.reading_info(flow.staff, minor).must_acknowledge
    assert read_confirmations.to_read(flow.author) == [minor]  # who never confirmed still must


def test_only_the_version_in_force_can_be_confirmed(flow):
    old = flow.document.versions[0]
    with pytest.raises(ConflictError):
        read_confirmations.acknowledge_version(flow.staff, old)


def test_what_changed_since_i_last_read(flow):
    imported = documents.current_version(flow.document)
    read_confirmations.acknowledge_version(flow.staff, imported)
    db.session.commit()
    version = version_in(flow, "effective")
    info = read_confirmations.reading_info(flow.staff, version)
    assert info.last_read.id == imported.id and info.must_acknowledge
    body = next(d for d in info.changes if d.field == "body")
    assert body.changed and any(s.op == "insert" and "Kolmas" in s.text for s in body.segments)


def test_inbox_collects_the_workflow_messages(flow):
    version_in(flow, "in_review")
    (note,) = notifications.inbox(flow.approver)
    assert note.kind == "approval_requested"
    assert flow.author.display_name in notifications.message_text(note)
    assert notifications.unread_count(flow.approver) == 1
    notifications.mark_all_read(flow.approver)
    assert notifications.unread_count(flow.approver) == 0


@pytest.fixture
def smtp_server():
    """A real local SMTP server (aiosmtpd) that keeps what it receives."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self):
            self.messages = []
            self.arrived = threading.Event()

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            self.arrived.set()
            return "250 OK"

    handler = Keep()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def test_notifications_are_mailed_after_commit_when_smtp_is_configured(app, make, smtp_server):
    controller, handler = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    flow = build(make)
    version = version_in(flow, "draft")
    from registry.workflow import approvals

    approvals.submit_version(flow.author, version, approvers=[flow.approver], change_type="major", change_summary="x")
    assert handler.messages == []  # nothing leaves before the commit
    transaction.commit()
    assert handler.arrived.wait(5)
    (envelope,) = handler.messages
    assert envelope.rcpt_tos == ["hyvaksyja@example.org"]
    text = envelope.content.decode("utf-8", "replace")
    assert flow.document.code in text


def test_rolled_back_notifications_are_not_mailed(app, make, smtp_server):
    controller, handler = smtp_server
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    flow = build(make)
    notifications.notify(flow.staff, "review_due", document=flow.document, date="2026-05-01")
    db.session.rollback()
    db.session.commit()
    assert not handler.arrived.wait(0.5)
