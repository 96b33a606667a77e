"""Moving versions through the transition table; the only code that assigns a state."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l

from registry import audit, clock
from registry.auth import permissions
from registry.auth.models import User
from registry.documents import attachments, translations
from registry.documents import services as documents
from registry.documents.models import Attachment, Document, DocumentVersion, VersionState
from registry.documents.services import content_hash
from registry.errors import ConflictError, PermissionDenied, ServiceError, StaleRevisionError, ValidationError
from registry.extensions import db
from registry.labels import state_label
from registry.workflow.models import VersionTransition
from registry.workflow.transitions import RULES, USER_ACTIONS, Action, Rule, actions_from, find_rule

MAX_BODY = 500_000


ACTION_LABELS = {
    "create": _l("create"),
    "edit": _l("edit"),
    "import": _l("import"),
    "submit": _l("submit for approval"),
    "recall": _l("recall"),
    "approve": _l("approve"),
    "return": _l("return to draft"),
    "publish": _l("publish"),
    "take_effect": _l("take effect"),
    "supersede": _l("supersede"),
    "withdraw": _l("withdraw"),
    "confirm_review": _l("confirm review"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def refusal(state: str | None, action: Action) -> ConflictError:
    """The error for a (state, action) pair the table does not allow, naming what is possible instead."""
    possible = [action_label(a.value) for a in actions_from(state) if a in USER_ACTIONS or a is Action.EDIT]
    message = _l(
        "“%(action)s” is not possible for a version in state “%(state)s”.",
        action=action_label(action.value),
        state=state_label(state) if state else "-",
    )
    hint = (
        _l("Possible in this state: %(actions)s.", actions=", ".join(possible))
        if possible
        else _l("Nothing can be done to a version in this state.")
    )
    return ConflictError(f"{message} {hint}", code="transition_refused")


def check_move(actor: User | None, version: DocumentVersion, action: Action, *, guards: bool = True) -> Rule:
    """The table's row for `action` from the version's state, if `actor` may make the move now.

    Raises the refusal otherwise: 409 naming what is possible when the table has no such row,
    the row's own refusal when the actor may not (403) or a guard does not hold (409).
    `guards=False` asks only the table and the actor column (a page that shows the move's form).
    """
    rule = find_rule(version.state, action.value)
    if rule is None:
        raise refusal(version.state, action)
    refused = rule.refusal_for(actor, version, guards=guards)
    if refused is not None:
        raise refused
    return rule


def require_move(
    actor: User | None, version: DocumentVersion, action: Action, *, refused: ServiceError | None = None
) -> Rule:
    """Check the move, lock the document, re-read the version and check again: the one gate of every move.

    Two requests racing to move the same document serialise on the lock (PostgreSQL row lock;
    SQLite serialises writers anyway), and the later one is judged on the earlier one's result.
    """
    if refused is not None and find_rule(version.state, action.value) is None:
        raise refused  # the caller's own words for a move this state does not have
    check_move(actor, version, action)  # refuse early, before waiting for the lock
    lock_document(version.document_id)
    db.session.refresh(version)
    if refused is not None and find_rule(version.state, action.value) is None:
        raise refused
    return check_move(actor, version, action)


def allowed_moves(actor: User | None, version: DocumentVersion) -> list[Action]:
    """The person-made moves the table allows `actor` on `version` now (what a page offers)."""
    return [
        rule.action
        for rule in RULES
        if rule.actor is not None
        and rule.source is not None
        and rule.source.value == version.state
        and rule.refusal_for(actor, version) is None
    ]


def transition(
    actor: User | None,
    version: DocumentVersion,
    action: Action,
    to_state: VersionState,
    *,
    comment: str | None = None,
    data: dict | None = None,
    at: datetime | None = None,
) -> DocumentVersion:
    """Apply one row of the table to `version`: assign the state, record who and when, audit it."""
    from_state = version.state if version.id is not None else None
    rule = find_rule(from_state, action.value)
    if rule is None or to_state not in rule.targets:
        raise refusal(from_state, action)
    version.state = to_state
    db.session.add(version)
    db.session.flush()
    db.session.add(
        VersionTransition(
            version_id=version.id,
            action=action.value,
            from_state=from_state,
            to_state=to_state.value,
            actor_id=getattr(actor, "id", None),
            occurred_at=at or clock.now(),
            comment=comment,
            data_json=json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) if data else None,
        )
    )
    audit.record(
        actor,
        f"version.{action.value}",
        "document_version",
        version.id,
        document_code=version.document.code,
        before={"state": from_state} if from_state else None,
        after={"state": to_state.value, "number": version.number, "label": version.label, **(data or {})},
        reason=comment,
    )
    return version


def require_revision(version: DocumentVersion, revision: int | None) -> None:
    if revision is not None and revision != version.revision:
        raise StaleRevisionError(
            _l(
                "Someone saved this draft after you opened it. Your changes were not saved; "
                "reload the draft and make them again."
            )
        )


def _check_body(title: str, body: str) -> dict:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _l("Title is required.")
    elif len(title) > documents.MAX_TITLE:
        errors["title"] = _l("The title may be at most %(n)d characters.", n=documents.MAX_TITLE)
    if len(body or "") > MAX_BODY:
        errors["body"] = _l("The text is too long.")
    return errors


def create_document_with_draft(actor: User, fields: documents.DocumentFields, body: str = "") -> DocumentVersion:
    """A new document and its first draft (the `create` row of the table)."""
    if not permissions.can_create_document(actor):
        raise PermissionDenied(_l("You may not create documents."))
    errors = _check_body(fields.title, body)
    if errors:
        raise ValidationError(errors)
    document = documents.create_document(actor, fields)
    version = DocumentVersion(
        document=document,
        number=1,
        title=fields.title,
        body=body or "",
        author=actor,
    )
    return transition(actor, version, Action.CREATE, VersionState.DRAFT)


def lock_document(document_id: int) -> None:
    """Row lock on the document (only its id column: PostgreSQL refuses FOR UPDATE across outer joins).

    Requests changing the same document serialise here on PostgreSQL; SQLite serialises writers anyway.
    """
    db.session.execute(db.select(Document.id).where(Document.id == document_id).with_for_update()).scalar_one()


def start_new_draft(actor: User, document: Document) -> DocumentVersion:
    """A new draft from the current version; refused while another version is a draft or in review."""
    if not permissions.can_start_draft(actor, document):
        raise PermissionDenied(_l("You may not start a new version of this document."))
    lock_document(document.id)  # two simultaneous requests: the second sees the first's draft
    if documents.open_draft(document) is not None:
        raise ConflictError(_l("This document already has an open draft."), code="draft_exists")
    if documents.version_in_review(document) is not None:
        # A new draft now would block returning or recalling the version in review.
        raise ConflictError(
            _l(
                "A version of this document is waiting for approval; it must be approved, "
                "returned or recalled before a new version is started."
            ),
            code="draft_exists",
        )
    base = documents.current_version(document) or documents.latest_published(document)
    last_number = max((v.number for v in document.versions), default=0)
    # A translation's new version translates the master's current version unless its author names another.
    followed = translations.master_current(document.translation_of) if document.translation_of_id else None
    version = DocumentVersion(
        document=document,
        number=last_number + 1,
        author=actor,
        title=base.title if base else document.title,
        body=base.body if base else "",
        based_on_id=base.id if base else None,
        translates_version_id=followed.id if followed else None,
    )
    attachments.copy_attachments(base, version)
    return transition(actor, version, Action.CREATE, VersionState.DRAFT)


def edit_draft(
    actor: User,
    version: DocumentVersion,
    *,
    revision: int,
    title: str | None = None,
    body: str | None = None,
    change_summary: str | None = None,
) -> DocumentVersion:
    """Save a draft edit, refusing it when someone saved since `revision` was read."""
    require_move(actor, version, Action.EDIT)  # a simultaneous save waits here, then sees the new revision
    require_revision(version, revision)
    new_title = version.title if title is None else title.strip()
    new_body = version.body if body is None else body
    errors = _check_body(new_title, new_body)
    if errors:
        raise ValidationError(errors)
    before = {"title": version.title, "body": version.body, "change_summary": version.change_summary}
    version.title, version.body = new_title, new_body
    if change_summary is not None:
        version.change_summary = change_summary.strip() or None
    after = {"title": version.title, "body": version.body, "change_summary": version.change_summary}
    changed = {k: after[k] for k in after if after[k] != before[k]}
    if not changed:
        return version
    version.revision += 1
    version.updated_at = clock.now()
    db.session.flush()
    # The body goes beside the chain, by digest: a disposal can destroy it and the chain verifies.
    body_ref = {"body": audit.text_ref("document_version", version.id, before["body"])} if "body" in changed else {}
    after_ref = {"body": audit.text_ref("document_version", version.id, after["body"])} if "body" in changed else {}
    audit.record(
        actor,
        "version.edit",
        "document_version",
        version.id,
        document_code=version.document.code,
        before={k: before[k] for k in changed} | body_ref | {"revision": revision},
        after=changed | after_ref | {"revision": version.revision},
    )
    return version


@dataclass
class ImportedVersion:
    """One already-approved version brought from an older system."""

    label: str
    title: str
    body: str
    effective_from: datetime
    author: User
    approvers: list[User] = field(default_factory=list)
    approved_at: datetime | None = None
    change_summary: str | None = None
    change_type: str = "major"
    attachments: list[Attachment] = field(default_factory=list)  # unsaved rows, see documents.attachments


def import_document(
    actor: User, fields: documents.DocumentFields, versions: list[ImportedVersion], *, code: str | None = None
) -> Document:
    """Bring an approved document with its history; the newest version becomes effective."""
    if not permissions.can_import(actor):
        raise PermissionDenied(_l("Only administrators and quality owners may import documents."))
    if not versions:
        raise ValidationError({"versions": _l("At least one version is required.")})
    ordered = sorted(versions, key=lambda v: v.effective_from)
    if len({v.effective_from for v in ordered}) != len(ordered):
        raise ValidationError({"versions": _l("Each version needs its own effective date.")})
    document = documents.create_document(actor, fields, code=code)
    for number, item in enumerate(ordered, start=1):
        errors = _check_body(item.title, item.body)
        if errors:
            raise ValidationError(errors)
        is_last = number == len(ordered)
        until = None if is_last else ordered[number].effective_from
        version = DocumentVersion(
            document=document,
            number=number,
            label=item.label,
            title=item.title,
            body=item.body,
            change_summary=item.change_summary,
            change_type=item.change_type,
            author=item.author,
            created_at=item.approved_at or item.effective_from,
            updated_at=item.effective_from,
            effective_from=item.effective_from,
            effective_until=until,
            imported=True,
            attachments=list(item.attachments),
        )
        db.session.add(version)
        version.content_hash = content_hash(version)
        target = VersionState.EFFECTIVE if is_last else VersionState.SUPERSEDED
        transition(
            actor,
            version,
            Action.IMPORT,
            target,
            data={
                "imported": True,
                "original_author": item.author.email,
                "original_approvers": [a.email for a in item.approvers],
                "original_approved_at": item.approved_at.isoformat() if item.approved_at else None,
                "effective_from": item.effective_from.isoformat(),
                "effective_until": until.isoformat() if until else None,
                **(
                    {"attachments": [{"filename": a.filename, "sha256": a.sha256} for a in item.attachments]}
                    if item.attachments
                    else {}
                ),
            },
        )
    document.title = ordered[-1].title
    document.next_review_due = documents.add_months(ordered[-1].effective_from.date(), document.review_interval_months)
    db.session.flush()
    return document


# Attachments are part of a draft's content (its hash covers them): changing them is an edit.

NOT_A_DRAFT = _l("Attachments can be changed only while the version is a draft.")


def mark_changed(version: DocumentVersion, since_revision: int) -> None:
    """One new revision for whatever this request changed in the draft (text, attachments or both)."""
    if version.revision == since_revision:
        version.revision += 1
    version.updated_at = clock.now()
    db.session.flush()


def _start_attachment_edit(actor: User, version: DocumentVersion, revision: int | None) -> int:
    require_move(actor, version, Action.EDIT, refused=ConflictError(NOT_A_DRAFT, code="not_a_draft"))
    require_revision(version, revision)
    return version.revision


def add_attachment(actor: User, version: DocumentVersion, upload, *, revision: int | None = None) -> Attachment:
    """Attach an uploaded file to a draft (the edit rule; a new revision)."""
    before = _start_attachment_edit(actor, version, revision)
    attachment = attachments.add_attachment(actor, version, upload)
    mark_changed(version, before)
    return attachment


def add_image(actor: User, version: DocumentVersion, upload, *, revision: int | None = None) -> Attachment:
    """Attach an image shown in the draft's text (the edit rule; a new revision unless it was there)."""
    before = _start_attachment_edit(actor, version, revision)
    count = len(version.attachments)
    attachment = attachments.add_image(actor, version, upload)
    if len(version.attachments) != count:
        mark_changed(version, before)
    return attachment


def remove_attachment(
    actor: User, version: DocumentVersion, attachment_id: int, *, revision: int | None = None
) -> None:
    """Remove an attachment from a draft (the edit rule; a new revision)."""
    before = _start_attachment_edit(actor, version, revision)
    attachments.remove_attachment(actor, version, attachment_id)
    mark_changed(version, before)
