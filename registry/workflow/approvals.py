"""Submitting a draft, recalling it, and the approvers' decisions (approve with e-signature, return)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from registry import clock
from registry.auth import external, permissions
from registry.auth.models import User
from registry.documents.models import DocumentVersion, VersionState
from registry.errors import ValidationError
from registry.extensions import db
from registry.workflow import change_requests, notifications, signatures
from registry.workflow.machine import content_hash, require_move, transition
from registry.workflow.models import Approval, ApprovalRequest
from registry.workflow.rounds import contributor_ids, current_round, decisions, named_approvers
from registry.workflow.transitions import Action

CHANGE_TYPES = ("major", "minor")
MAX_SUMMARY = 5000
MAX_COMMENT = 5000


def _validate_submit(version, approvers: list[User], change_type: str | None, summary: str | None, submitter) -> dict:
    errors = {}
    if not (summary or "").strip():
        errors["change_summary"] = _l("Describe what changed and why.")
    elif len(summary) > MAX_SUMMARY:
        errors["change_summary"] = _l("The change summary is too long.")
    if change_type not in CHANGE_TYPES:
        errors["change_type"] = _l("Choose whether the change is major or minor.")
    if not approvers:
        errors["approvers"] = _l("Name at least one approver.")
    elif any(a.id == version.author_id for a in approvers):
        errors["approvers"] = _l("The author of a version cannot approve it.")
    elif not {a.id for a in approvers}.isdisjoint(contributor_ids(version) | {submitter.id}):
        errors["approvers"] = _l("Someone who wrote, edited or submitted this version cannot approve it.")
    elif any(not (a.active and permissions.can_be_approver(a)) for a in approvers):
        errors["approvers"] = _l("Every approver must be an active user with the approver or quality owner role.")
    return errors


def submit_version(
    actor: User,
    version: DocumentVersion,
    *,
    approvers: list[User],
    change_type: str | None,
    change_summary: str | None = None,
    change_request_ids: list[int] | None = None,
) -> DocumentVersion:
    """Send a draft for approval to the named approvers; its content is frozen and hashed. The change
    requests it names are closed when it takes effect."""
    require_move(actor, version, Action.SUBMIT)
    approvers = list({a.id: a for a in approvers}.values())
    summary = change_summary.strip() if change_summary and change_summary.strip() else version.change_summary
    errors = _validate_submit(version, approvers, change_type, summary, actor)
    if errors:
        raise ValidationError(errors)
    addressed = change_requests.link_to_version(version, change_request_ids)
    version.change_summary, version.change_type = summary, change_type
    version.content_hash = content_hash(version)
    round_ = current_round(version) + 1
    for approver in approvers:
        db.session.add(
            ApprovalRequest(
                version_id=version.id,
                round=round_,
                approver_id=approver.id,
                requested_by_id=actor.id,
                requested_at=clock.now(),
            )
        )
    transition(
        actor,
        version,
        Action.SUBMIT,
        VersionState.IN_REVIEW,
        at=clock.now(),
        data={
            "approvers": [a.email for a in approvers],
            "change_type": change_type,
            "round": round_,
            "content_hash": version.content_hash,
            "change_requests": addressed,
        },
    )
    for approver in approvers:
        notifications.notify(approver, "approval_requested", version, actor=actor.display_name)
    return version


def recall_version(actor: User, version: DocumentVersion) -> DocumentVersion:
    """Take a version back from review to draft while no approver has approved it."""
    require_move(actor, version, Action.RECALL)
    return transition(actor, version, Action.RECALL, VersionState.DRAFT, at=clock.now())


def approve_version(
    actor: User,
    version: DocumentVersion,
    *,
    meaning: str,
    password: str = "",
    reauthentication: external.Reauthentication | None = None,
) -> DocumentVersion:
    """Sign an approval (password re-entered, or a fresh sign-in at the identity provider); when every
    named approver has signed, the version is approved."""
    require_move(actor, version, Action.APPROVE)
    if meaning not in signatures.MEANINGS:
        raise ValidationError({"meaning": _l("Choose the meaning of your signature.")})
    if reauthentication is not None:
        external.check_reauthentication(actor, reauthentication)
        method, authenticated_at = reauthentication.protocol, reauthentication.authenticated_at
    else:
        signatures.verify_signature(actor, password, version_id=version.id, document_code=version.document.code)
        method, authenticated_at = "password", clock.now()
    approvers = named_approvers(version)
    round_ = current_round(version)
    db.session.add(
        Approval(
            version_id=version.id,
            round=round_,
            approver_id=actor.id,
            decision="approve",
            meaning=meaning,
            content_hash=version.content_hash,
            signed_at=clock.now(),
            signature_method=method,
            authenticated_at=authenticated_at,
        )
    )
    db.session.flush()
    approved_ids = {d.approver_id for d in decisions(version) if d.decision == "approve"}
    complete = approved_ids >= {a.id for a in approvers}
    target = VersionState.APPROVED if complete else VersionState.IN_REVIEW
    transition(
        actor,
        version,
        Action.APPROVE,
        target,
        at=clock.now(),
        data={
            "meaning": meaning,
            "signature_method": method,
            "authenticated_at": authenticated_at.isoformat(),
            "content_hash": version.content_hash,
            "round": round_,
            "approved_by": sorted(a.email for a in approvers if a.id in approved_ids),
        },
    )
    if complete:
        for user in {version.author, version.document.owner}:
            notifications.notify(user, "approved", version)
    return version


def return_version(actor: User, version: DocumentVersion, *, comment: str) -> DocumentVersion:
    """Send a version back to draft with a required comment; the comment stays on the record."""
    require_move(actor, version, Action.RETURN)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _l("Write a comment: what must change before approval.")})
    if len(comment) > MAX_COMMENT:
        raise ValidationError({"comment": _l("The comment is too long.")})
    db.session.add(
        Approval(
            version_id=version.id,
            round=current_round(version),
            approver_id=actor.id,
            decision="return",
            comment=comment,
            signed_at=clock.now(),
        )
    )
    transition(actor, version, Action.RETURN, VersionState.DRAFT, comment=comment, at=clock.now())
    notifications.notify(version.author, "returned", version, actor=actor.display_name, comment=comment)
    return version


def waiting_for(user: User) -> list[DocumentVersion]:
    """Versions in review where `user` is a named approver of the current round and has not decided."""
    rows = db.session.execute(
        db.select(DocumentVersion, ApprovalRequest.round)
        .join(ApprovalRequest, ApprovalRequest.version_id == DocumentVersion.id)
        .where(ApprovalRequest.approver_id == user.id, DocumentVersion.state == VersionState.IN_REVIEW.value)
        .order_by(ApprovalRequest.requested_at)
    ).all()
    waiting = []
    for version, round_ in rows:
        if round_ == current_round(version) and not any(d.approver_id == user.id for d in decisions(version)):
            waiting.append(version)
    return waiting
