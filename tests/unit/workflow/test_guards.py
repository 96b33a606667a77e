from __future__ import annotations

from datetime import timedelta

import pytest

from registry.audit.models import AuditEvent
from registry.documents import services as documents
from registry.errors import ConflictError, PermissionDenied, ValidationError
from registry.extensions import db
from registry.workflow import approvals, publishing, rounds, signatures
from registry.workflow import machine as workflow
from registry.workflow.models import Approval, SignatureFailure
from tests.conftest import PASSWORD
from tests.workflow_helpers import FakeClock, build, version_in


@pytest.fixture
def clock(app):
    fake = FakeClock()
    app.config["CLOCK"] = fake
    return fake


def _events(action: str) -> int:
    return db.session.execute(db.select(db.func.count()).where(AuditEvent.action == action)).scalar_one()


def test_author_cannot_approve_even_as_named_approver_and_quality_owner(make):
    flow = build(make)
    draft = workflow.start_new_draft(flow.quality, flow.document)
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        approvals.submit_version(flow.quality, draft, approvers=[flow.quality], change_type="minor", change_summary="x")
    assert "approvers" in caught.value.fields
    db.session.rollback()
    approvals.submit_version(flow.quality, draft, approvers=[flow.approver], change_type="minor", change_summary="x")
    db.session.commit()
    with pytest.raises(PermissionDenied) as four_eyes:
        approvals.approve_version(flow.quality, draft, password=PASSWORD, meaning="quality_manager")
    assert four_eyes.value.code == "four_eyes"


def test_whoever_edited_or_submits_a_version_cannot_be_its_approver(make):
    flow = build(make)
    draft = workflow.start_new_draft(flow.author, flow.document)
    db.session.commit()
    # The document owner (also a quality owner, so a possible approver) edits the author's draft.
    workflow.edit_draft(flow.quality, draft, revision=draft.revision, body="Omistajan muuttama teksti.")
    db.session.commit()
    assert flow.quality.id in rounds.contributor_ids(draft)
    for submitter in (flow.author, flow.quality):
        with pytest.raises(ValidationError) as caught:
            approvals.submit_version(
                submitter, draft, approvers=[flow.quality], change_type="minor", change_summary="Tarkennus"
            )
        assert "approvers" in caught.value.fields
        db.session.rollback()
    assert draft.state == "draft"
    approvals.submit_version(
        flow.author, draft, approvers=[flow.approver], change_type="minor", change_summary="Tarkennus"
    )
    db.session.commit()
    assert draft.state == "in_review"


def test_no_new_version_while_one_is_in_review_so_return_and_recall_stay_possible(make):
    flow = build(make)
    in_review = version_in(flow, "in_review")
    with pytest.raises(ConflictError) as caught:
        workflow.start_new_draft(flow.quality, flow.document)
    assert caught.value.code == "draft_exists"
    db.session.rollback()
    assert [v.state for v in flow.document.versions].count("draft") == 0
    approvals.return_version(flow.approver, in_review, comment="Tarkenna toinen kappale.")
    db.session.commit()
    assert in_review.state == "draft"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"approvers": [], "change_type": "major", "change_summary": "x"}, "approvers"),
        ({"approvers": ["approver"], "change_type": None, "change_summary": "x"}, "change_type"),
        ({"approvers": ["approver"], "change_type": "major", "change_summary": "  "}, "change_summary"),
        ({"approvers": ["staff"], "change_type": "major", "change_summary": "x"}, "approvers"),
        ({"approvers": ["author"], "change_type": "major", "change_summary": "x"}, "approvers"),
    ],
)
def test_submit_is_validated_and_changes_nothing(make, kwargs, field):
    flow = build(make)
    version = version_in(flow, "draft")
    kwargs = kwargs | {"approvers": [getattr(flow, name) for name in kwargs["approvers"]]}
    with pytest.raises(ValidationError) as caught:
        approvals.submit_version(flow.author, version, **kwargs)
    db.session.rollback()
    assert field in caught.value.fields
    db.session.refresh(version)
    assert version.state == "draft" and version.content_hash is None


def test_wrong_password_is_refused_recorded_and_locks_after_three(make, clock):
    flow = build(make)
    version = version_in(flow, "in_review")
    for _ in range(3):
        with pytest.raises(signatures.SignatureRejected):
            approvals.approve_version(flow.approver, version, password="wrong", meaning="content_owner")
        db.session.commit()  # as the views do: the failure stays on the record
    assert _events("signature.failed") == 3
    with pytest.raises(signatures.SignatureLocked):
        approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="content_owner")
    db.session.rollback()
    assert version.state == "in_review"
    clock.advance(minutes=16)
    approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="content_owner")
    db.session.commit()
    assert version.state == "approved"
    assert db.session.execute(db.select(db.func.count()).select_from(SignatureFailure)).scalar_one() == 0


def test_meaning_is_required(make):
    flow = build(make)
    version = version_in(flow, "in_review")
    with pytest.raises(ValidationError) as caught:
        approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="whatever")
    assert "meaning" in caught.value.fields


def test_every_named_approver_must_approve(make):
    flow = build(make)
    second = make.user("approver")
    version = version_in(flow, "draft")
    approvals.submit_version(
        flow.author, version, approvers=[flow.approver, second], change_type="major", change_summary="x"
    )
    approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="content_owner")
    assert version.state == "in_review"
    with pytest.raises(ConflictError):
        approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="content_owner")
    approvals.approve_version(second, version, password=PASSWORD, meaning="management")
    db.session.commit()
    assert version.state == "approved"


def test_recall_refused_after_an_approval(make):
    flow = build(make)
    second = make.user("approver")
    version = version_in(flow, "draft")
    approvals.submit_version(
        flow.author, version, approvers=[flow.approver, second], change_type="major", change_summary="x"
    )
    approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="content_owner")
    db.session.commit()
    with pytest.raises(ConflictError) as caught:
        approvals.recall_version(flow.author, version)
    assert caught.value.code == "already_approved"


def test_return_needs_a_comment_and_keeps_it_on_record(make):
    flow = build(make)
    version = version_in(flow, "in_review")
    with pytest.raises(ValidationError):
        approvals.return_version(flow.approver, version, comment="  ")
    db.session.rollback()
    approvals.return_version(flow.approver, version, comment="Lisää vastuuhenkilöt.")
    db.session.commit()
    assert version.state == "draft"
    approvals.submit_version(flow.author, version, approvers=[flow.approver], change_type="major")
    db.session.commit()
    kept = rounds.all_decisions(version)
    assert [(d.decision, d.comment, d.round) for d in kept] == [("return", "Lisää vastuuhenkilöt.", 1)]
    assert rounds.decisions(version) == []  # the new round starts clean


def test_an_unnamed_approver_cannot_decide(make):
    flow = build(make)
    other = make.user("approver")
    version = version_in(flow, "in_review")
    with pytest.raises(PermissionDenied):
        approvals.return_version(other, version, comment="x")


def test_changed_content_cannot_be_published(make):
    flow = build(make)
    version = version_in(flow, "approved")
    # Tamper behind the services' back: the hash recorded at submit no longer matches.
    db.session.execute(db.update(type(version)).where(type(version).id == version.id).values(body="Salaa muutettu."))
    db.session.commit()
    db.session.refresh(version)
    with pytest.raises(ConflictError) as caught:
        publishing.publish_version(flow.quality, version)
    assert caught.value.code == "content_changed"


def test_publish_in_the_past_is_refused(make, clock):
    flow = build(make)
    version = version_in(flow, "approved")
    with pytest.raises(ValidationError):
        publishing.publish_version(flow.quality, version, effective_from=clock.now - timedelta(days=1))


def test_only_owner_or_quality_owner_publishes(make):
    flow = build(make)
    version = version_in(flow, "approved")
    with pytest.raises(PermissionDenied):
        publishing.publish_version(flow.author, version)


def test_minor_change_bumps_minor_label(make):
    flow = build(make)
    version = workflow.start_new_draft(flow.author, flow.document)
    approvals.submit_version(
        flow.author, version, approvers=[flow.approver], change_type="minor", change_summary="Kirjoitusvirheet"
    )
    approvals.approve_version(flow.approver, version, password=PASSWORD, meaning="content_owner")
    publishing.publish_version(flow.quality, version)
    db.session.commit()
    assert version.label == "2.1"  # imported history was 1.0, 2.0


def test_scheduled_version_takes_effect_when_the_clock_passes(make, clock, runner):
    flow = build(make)
    old = documents.current_version(flow.document)
    version = version_in(flow, "scheduled")
    assert publishing.apply_due_versions() == []
    clock.advance(days=8)
    result = runner.invoke(args=["workflow", "tick"])
    assert result.exit_code == 0, result.output
    assert "1 scheduled version(s) took effect" in result.output
    db.session.expire_all()
    assert version.state == "effective" and old.state == "superseded"
    assert flow.document.next_review_due == documents.add_months(version.effective_from.date(), 12)


def test_scheduled_version_is_applied_when_the_permalink_is_read(make, clock, client, login):
    flow = build(make)
    version = version_in(flow, "scheduled")
    login(flow.staff)
    assert b"Toinen teksti." in client.get(f"/d/{flow.document.code}").data
    clock.advance(days=8)
    page = client.get(f"/d/{flow.document.code}")
    assert b"Kolmas, uusi teksti." in page.data
    db.session.expire_all()
    assert version.state == "effective"


def test_withdrawn_document_skips_its_scheduled_version(make, clock):
    flow = build(make)
    version = version_in(flow, "scheduled")
    publishing.withdraw_document(flow.quality, documents.current_version(flow.document), reason="Lakkautettu")
    db.session.commit()
    clock.advance(days=8)
    assert publishing.due_version_ids() == []  # not even looked at again on every read
    assert publishing.apply_due_versions() == []
    assert version.state == "scheduled"


def test_search_shows_a_scheduled_version_as_current_once_its_date_has_come(make, clock, client, login):
    flow = build(make)
    version = version_in(flow, "scheduled")
    login(flow.staff)
    clock.advance(days=8)  # nobody opens the document; cron has not run
    page = client.get("/search?q=kolmas uusi teksti").get_data(as_text=True)
    assert f"/d/{flow.document.code}/v/{version.number}" in page and "versio 3.0" in page
    db.session.expire_all()
    assert version.state == "effective"


def test_withdraw_needs_a_reason_and_hides_the_document_from_the_register(make):
    flow = build(make)
    current = documents.current_version(flow.document)
    with pytest.raises(ValidationError):
        publishing.withdraw_document(flow.quality, current, reason="")
    db.session.rollback()
    with pytest.raises(PermissionDenied):
        publishing.withdraw_document(flow.author, current, reason="x")
    db.session.rollback()
    publishing.withdraw_document(flow.quality, current, reason="Korvattu uudella ohjeella")
    db.session.commit()
    assert flow.document.is_withdrawn and current.state == "withdrawn"
    assert flow.document.code not in [r.document.code for r in documents.register_rows(flow.staff)]


def test_confirm_review_moves_the_date(make, clock):
    flow = build(make)
    current = documents.current_version(flow.document)
    publishing.confirm_review(flow.quality, current)
    db.session.commit()
    assert flow.document.next_review_due == documents.add_months(clock.now.date(), 12)
    with pytest.raises(PermissionDenied):
        publishing.confirm_review(flow.author, current)


def test_reviews_due_lists_overdue_and_the_next_30_days(make, clock):
    flow = build(make)
    flow.document.next_review_due = clock.now.date() + timedelta(days=20)
    db.session.commit()
    assert [d.code for d, _v in publishing.reviews_due(flow.quality)] == [flow.document.code]
    assert publishing.reviews_due(flow.author) == []
    flow.document.next_review_due = clock.now.date() + timedelta(days=40)
    db.session.commit()
    assert publishing.reviews_due(flow.quality) == []
    flow.document.next_review_due = clock.now.date() + timedelta(days=10)
    assert publishing.notify_reviews_due() == 1 and publishing.notify_reviews_due() == 0


def test_approvals_are_recorded_with_meaning_and_hash(make):
    flow = build(make)
    version = version_in(flow, "approved")
    (approval,) = db.session.execute(db.select(Approval)).scalars()
    assert (approval.decision, approval.meaning, approval.content_hash) == (
        "approve",
        "content_owner",
        version.content_hash,
    )
