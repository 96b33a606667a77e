"""Submitting a draft, recalling it, and the approvers' decisions (approve with e-signature, return)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from registry import audit, clock
from registry.auth import external, permissions
from registry.auth.models import User
from registry.documents import services as documents
from registry.documents.models import DocumentVersion, VersionState
from registry.errors import ConflictError, PermissionDenied, ValidationError
from registry.extensions import db
from registry.workflow import notifications, signatures
from registry.workflow.machine import content_hash, lock_document, refusal, transition
from registry.workflow.models import Approval, ApprovalRequest
from registry.workflow.transitions import Action, find_rule

CHANGE_TYPES = ("major", "minor")
MAX_SUMMARY = 5000
MAX_COMMENT = 5000


def lock_for_move(version: DocumentVersion, action: Action) -> None:
    """Lock the document row and re-read the version, then re-check the table.

    Two requests racing to move the same document serialise here (PostgreSQL row lock;
    SQLite already serialises writers), and the later one sees the earlier one's state.
    """
    lock_document(version.document_id)
    db.session.refresh(version)
    if find_rule(version.state, action.value) is None:
        raise refusal(version.state, action)


def require_rule(version: DocumentVersion, action: Action) -> None:
    if find_rule(version.state, action.value) is None:
        raise refusal(version.state, action)


def current_round(version: DocumentVersion) -> int:
    return db.session.execute(
        db.select(db.func.coalesce(db.func.max(ApprovalRequest.round), 0)).where(
            ApprovalRequest.version_id == version.id
        )
    ).scalar_one()


def named_approvers(version: DocumentVersion, round_: int | None = None) -> list[User]:
    round_ = current_round(version) if round_ is None else round_
    rows = db.session.execute(
        db.select(ApprovalRequest)
        .where(ApprovalRequest.version_id == version.id, ApprovalRequest.round == round_)
        .order_by(ApprovalRequest.id)
    ).scalars()
    return [r.approver for r in rows]


def decisions(version: DocumentVersion, round_: int | None = None) -> list[Approval]:
    """Decisions of one round (the current one by default), oldest first."""
    stmt = db.select(Approval).where(Approval.version_id == version.id)
    if round_ != 0:
        stmt = stmt.where(Approval.round == (current_round(version) if round_ is None else round_))
    return list(db.session.execute(stmt.order_by(Approval.signed_at, Approval.id)).scalars())


def all_decisions(version: DocumentVersion) -> list[Approval]:
    """Every decision of every round, kept on the record after a return."""
    return decisions(version, 0)


def _check_other_draft(version: DocumentVersion) -> None:
    draft = documents.open_draft(version.document)
    if draft is not None and draft.id != version.id:
        raise ConflictError(
            _l("Another draft of this document is open; it must be finished or discarded first."),
            code="draft_exists",
        )


def contributor_ids(version: DocumentVersion) -> set[int]:
    """Who shaped this version's content: its author, everyone who saved an edit of it and everyone
    who submitted it. None of them may approve it (four eyes), whatever their roles."""
    editors = audit.actor_ids("version.edit", "document_version", version.id)
    submitters = db.session.execute(
        db.select(ApprovalRequest.requested_by_id).where(ApprovalRequest.version_id == version.id)
    ).scalars()
    return {version.author_id, *editors, *submitters} - {None}


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
    actor,
    version: DocumentVersion,
    *,
    approvers: list[User],
    change_type: str | None,
    change_summary: str | None = None,
) -> DocumentVersion:
    """Send a draft for approval to the named approvers; its content is frozen and hashed."""
    require_rule(version, Action.SUBMIT)
    if not permissions.can_submit_version(actor, version):
        raise PermissionDenied(_l("Only the draft's author or the document owner may submit it."))
    approvers = list({a.id: a for a in approvers}.values())
    summary = change_summary.strip() if change_summary and change_summary.strip() else version.change_summary
    errors = _validate_submit(version, approvers, change_type, summary, actor)
    if errors:
        raise ValidationError(errors)
    lock_for_move(version, Action.SUBMIT)
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
        },
    )
    for approver in approvers:
        notifications.notify(approver, "approval_requested", version, actor=actor.display_name)
    return version


def recall_version(actor, version: DocumentVersion) -> DocumentVersion:
    """Take a version back from review to draft while no approver has approved it."""
    require_rule(version, Action.RECALL)
    if not permissions.can_recall_version(actor, version):
        raise PermissionDenied(_l("Only the version's author or the document owner may recall it."))
    lock_for_move(version, Action.RECALL)
    if any(d.decision == "approve" for d in decisions(version)):
        raise ConflictError(
            _l("An approver has already approved this version; it can no longer be recalled."), code="already_approved"
        )
    _check_other_draft(version)
    return transition(actor, version, Action.RECALL, VersionState.DRAFT, at=clock.now())


def _require_decider(actor, version: DocumentVersion) -> list[User]:
    if actor.id in contributor_ids(version):  # the author included
        raise PermissionDenied(
            _l("Whoever wrote, edited or submitted a version cannot approve or return it (four eyes)."),
            code="four_eyes",
        )
    approvers = named_approvers(version)
    if not permissions.can_decide_version(actor, version, [a.id for a in approvers]):
        raise PermissionDenied(_l("Only the approvers named for this version may decide on it."))
    return approvers


def _require_undecided(actor, version: DocumentVersion) -> None:
    if any(d.approver_id == actor.id for d in decisions(version)):
        raise ConflictError(_l("You have already decided on this version."), code="already_decided")


def approve_version(
    actor,
    version: DocumentVersion,
    *,
    meaning: str,
    password: str = "",
    reauthentication: external.Reauthentication | None = None,
) -> DocumentVersion:
    """Sign an approval (password re-entered, or a fresh sign-in at the identity provider); when every
    named approver has signed, the version is approved."""
    require_rule(version, Action.APPROVE)
    _require_decider(actor, version)
    if meaning not in signatures.MEANINGS:
        raise ValidationError({"meaning": _l("Choose the meaning of your signature.")})
    if reauthentication is not None:
        external.check_reauthentication(actor, reauthentication)
        method, authenticated_at = reauthentication.protocol, reauthentication.authenticated_at
    else:
        signatures.verify_signature(actor, password, version_id=version.id, document_code=version.document.code)
        method, authenticated_at = "password", clock.now()
    lock_for_move(version, Action.APPROVE)
    approvers = _require_decider(actor, version)
    _require_undecided(actor, version)
    if content_hash(version) != version.content_hash:
        raise ConflictError(
            _l("The content changed after it was submitted; it cannot be approved."), code="content_changed"
        )
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


def return_version(actor, version: DocumentVersion, *, comment: str) -> DocumentVersion:
    """Send a version back to draft with a required comment; the comment stays on the record."""
    require_rule(version, Action.RETURN)
    _require_decider(actor, version)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _l("Write a comment: what must change before approval.")})
    if len(comment) > MAX_COMMENT:
        raise ValidationError({"comment": _l("The comment is too long.")})
    lock_for_move(version, Action.RETURN)
    _require_decider(actor, version)
    _require_undecided(actor, version)
    _check_other_draft(version)
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
