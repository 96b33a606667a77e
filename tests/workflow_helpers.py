"""Shared setup for workflow tests: people, a published document, and a version in any state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from registry.extensions import db
from tests.conftest import PASSWORD

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    """A settable clock for app.config["CLOCK"]."""

    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now = self.now + timedelta(**delta)


@dataclass
class Flow:
    quality: object
    author: object
    approver: object
    staff: object
    document: object
    versions: dict = field(default_factory=dict)


def build(make) -> Flow:
    quality = make.user("author", "quality_owner", email="laatu@example.org")
    author = make.user("author", email="kirjoittaja@example.org")
    approver = make.user("approver", email="hyvaksyja@example.org")
    staff = make.user(email="henkilo@example.org")
    document = make.published(quality, title="Poissaolot", bodies=("Ensimmäinen teksti.", "Toinen teksti."))
    return Flow(quality, author, approver, staff, document)


def action_args(flow: Flow, action: str) -> tuple[object, dict]:
    """The person allowed to take `action` and valid arguments for it."""
    return {
        "submit": (flow.author, {"approvers": [flow.approver], "change_type": "major", "change_summary": "Muutos"}),
        "recall": (flow.author, {}),
        "approve": (flow.approver, {"password": PASSWORD, "meaning": "content_owner"}),
        "return": (flow.approver, {"comment": "Korjaa kappale 2."}),
        "publish": (flow.quality, {}),
        "withdraw": (flow.quality, {"comment": "Toiminta lakkautettu."}),
        "confirm_review": (flow.quality, {}),
    }[action]


def version_in(flow: Flow, state: str):
    """Bring a version into `state` through the real services and commit."""
    from registry.workflow import approvals, publishing
    from registry.workflow import machine as workflow

    document = flow.document
    if state == "superseded":
        return document.versions[0]
    if state == "withdrawn":
        version = document.versions[-1]
        publishing.withdraw_document(flow.quality, version, reason="Vanhentunut.")
        db.session.commit()
        return version
    version = workflow.start_new_draft(flow.author, document)
    workflow.edit_draft(flow.author, version, revision=version.revision, body="Kolmas, uusi teksti.")
    db.session.commit()
    if state == "draft":
        return version
    approvals.submit_version(
        flow.author, version, approvers=[flow.approver], change_type="major", change_summary="Uusi käytäntö"
    )
    db.session.commit()
    if state == "in_review":
        return version
    approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="content_owner")
    db.session.commit()
    if state == "approved":
        return version
    from registry import clock

    later = clock.now() + timedelta(days=7) if state == "scheduled" else None
    publishing.publish_version(flow.quality, version, effective_from=later)
    db.session.commit()
    assert version.state == state
    return version


def switch_user(login, user):
    """Log in as another user in the same test: Flask-Login caches the user on `g`, which the
    test's app context keeps between requests."""
    from flask import g

    g.pop("_login_user", None)
    return login(user)
