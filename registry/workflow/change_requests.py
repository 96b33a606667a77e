"""Change requests (kehitysehdotukset): staff propose a change to a document, its owner accepts or
rejects it, and a published version that names it closes it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from registry import audit, clock
from registry.auth import permissions
from registry.auth.models import User
from registry.documents.models import (
    OPEN_CHANGE_REQUEST_STATES,
    ChangeRequest,
    ChangeRequestState,
    Document,
    DocumentVersion,
    version_change_request,
)
from registry.errors import ConflictError, NotFoundError, PermissionDenied, ValidationError
from registry.extensions import db
from registry.workflow import notifications

MAX_TEXT = 5000
MAX_SUGGESTION = 10000
MAX_QUOTE = 1000
MAX_REASON = 5000

# action: (the states it starts from, the state it leads to)
MOVES = {
    "accept": ((ChangeRequestState.NEW.value,), ChangeRequestState.ACCEPTED.value),
    "reject": (OPEN_CHANGE_REQUEST_STATES, ChangeRequestState.REJECTED.value),
    "reopen": ((ChangeRequestState.REJECTED.value, ChangeRequestState.DONE.value), ChangeRequestState.NEW.value),
}
STATE_LABELS = {
    ChangeRequestState.NEW.value: _l("New"),
    ChangeRequestState.ACCEPTED.value: _l("Accepted"),
    ChangeRequestState.REJECTED.value: _l("Rejected"),
    ChangeRequestState.DONE.value: _l("Done"),
}

MOVE_LABELS = {"accept": _l("Accept"), "reject": _l("Reject"), "reopen": _l("Reopen")}


def move_label(action: str) -> str:
    return str(MOVE_LABELS.get(action, action))


class ChangeRequestRefused(ValidationError):
    """A submit named a change request it cannot close: invalid input (400), nothing changed."""

    status = 400
    code = "invalid_change_request"


def anonymous_allowed() -> bool:
    """Whether the administrator has allowed anonymous change requests (CHANGE_REQUESTS_ANONYMOUS)."""
    return bool(current_app.config.get("CHANGE_REQUESTS_ANONYMOUS"))


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def _clean(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def _validate(text: str, suggestion: str, quote: str, anonymous: bool) -> None:
    errors = {}
    if not text:
        errors["text"] = _l("Describe what is wrong or missing.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _l("The description is too long (at most %(n)d characters).", n=MAX_TEXT)
    if len(suggestion) > MAX_SUGGESTION:
        errors["suggestion"] = _l("The suggested wording is too long (at most %(n)d characters).", n=MAX_SUGGESTION)
    if len(quote) > MAX_QUOTE:
        errors["anchor"] = _l("The quoted passage is too long (at most %(n)d characters).", n=MAX_QUOTE)
    if anonymous and not anonymous_allowed():
        errors["anonymous"] = _l("Anonymous change requests are not in use.")
    if errors:
        raise ValidationError(errors)


def _summary(request: ChangeRequest) -> dict:
    return {"id": request.id, "document": request.document.code, "state": request.state}


def create_change_request(
    actor: User,
    document: Document,
    *,
    text: str | None,
    suggestion: str | None = None,
    quote: str | None = None,
    anonymous: bool = False,
) -> ChangeRequest:
    """Record a staff member's change request on a document and tell its owner."""
    if not permissions.can_view_document(actor, document):
        raise NotFoundError(_l("Document not found."))
    if not permissions.can_send_change_request(actor, document):
        raise PermissionDenied(_l("You may not send change requests."))
    text, suggestion, quote = _clean(text), _clean(suggestion), _clean(quote)
    _validate(text, suggestion, quote, anonymous)
    request = ChangeRequest(
        document_id=document.id,
        requester_id=None if anonymous else actor.id,
        text=text,
        suggestion=suggestion or None,
        quote=quote or None,
        state=ChangeRequestState.NEW.value,
        created_at=clock.now(),
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        None if anonymous else actor,
        "change_request.create",
        "change_request",
        request.id,
        document_code=document.code,
        after=_summary(request) | {"text": text, "suggestion": request.suggestion, "quote": request.quote},
        actor_label="anonymous" if anonymous else None,
    )
    if document.owner_id != actor.id or anonymous:
        notifications.notify(document.owner, "change_request_new", document=document, number=request.id)
    return request


def require_change_request(user, request_id: int) -> ChangeRequest:
    """The change request if it exists and the user may see its document; NotFoundError otherwise."""
    request = db.session.get(ChangeRequest, request_id)
    if request is None or not permissions.can_view_document(user, request.document):
        raise NotFoundError(_l("Change request not found."))
    return request


def can_decide(user, request: ChangeRequest) -> bool:
    return permissions.can_decide_change_request(user, request.document)


def allowed_moves(user, request: ChangeRequest) -> list[str]:
    """The actions `user` may take on `request` now (for the page's buttons)."""
    if not can_decide(user, request):
        return []
    return [action for action, (sources, _target) in MOVES.items() if request.state in sources]


def move_change_request(actor: User, request: ChangeRequest, action: str, *, comment: str | None = None):
    """Accept, reject (with a reason) or reopen a change request; the requester is told."""
    if action not in MOVES:
        raise ValidationError({"action": _l("Unknown action.")})
    if not can_decide(actor, request):
        raise PermissionDenied(_l("Only the document's owner or a quality owner may decide on change requests."))
    sources, target = MOVES[action]
    if request.state not in sources:
        raise ConflictError(
            _l("A change request that is %(state)s cannot be changed so.", state=state_label(request.state)),
            code="invalid_transition",
        )
    comment = _clean(comment)
    if action == "reject" and not comment:
        raise ValidationError({"comment": _l("Give the reason for rejecting the change request.")})
    if len(comment) > MAX_REASON:
        raise ValidationError({"comment": _l("The comment is too long.")})
    before = request.state
    request.state = target
    request.reason = comment or None
    request.decided_at, request.decided_by_id = clock.now(), actor.id
    if target == ChangeRequestState.NEW.value:
        request.done_at = request.done_version_id = None
    db.session.flush()
    after = _summary(request) | ({"reason": comment} if comment else {})
    audit.record(
        actor,
        f"change_request.{action}",
        "change_request",
        request.id,
        document_code=request.document.code,
        before={"state": before},
        after=after,
    )
    _tell_requester(request, f"change_request_{action}", actor, comment=comment)
    return request


def _tell_requester(request: ChangeRequest, kind: str, actor: User | None, **data) -> None:
    requester = request.requester
    if requester is not None and (actor is None or requester.id != actor.id):
        notifications.notify(requester, kind, document=request.document, number=request.id, **data)


def link_to_version(version: DocumentVersion, ids: list[int] | None) -> list[int]:
    """Name the change requests a submitted version addresses (replacing any earlier choice): each must
    be an open request on the same document. Returns the ids."""
    wanted = sorted({int(i) for i in ids or []})
    found = {
        r.id: r for r in db.session.execute(db.select(ChangeRequest).where(ChangeRequest.id.in_(wanted))).scalars()
    }
    other = [i for i in wanted if i not in found or found[i].document_id != version.document_id]
    if other:
        raise ChangeRequestRefused(
            {
                "change_requests": _l(
                    "Change request %(ids)s is not about this document.", ids=", ".join(f"#{i}" for i in other)
                )
            }
        )
    closed = [i for i in wanted if not found[i].is_open]
    if closed:
        raise ChangeRequestRefused(
            {
                "change_requests": _l(
                    "Change request %(ids)s is rejected or done; reopen it first.",
                    ids=", ".join(f"#{i}" for i in closed),
                )
            }
        )
    db.session.execute(version_change_request.delete().where(version_change_request.c.version_id == version.id))
    if wanted:
        db.session.execute(
            version_change_request.insert(), [{"version_id": version.id, "change_request_id": i} for i in wanted]
        )
    return wanted


def addressed_by(version: DocumentVersion) -> list[ChangeRequest]:
    """The change requests a version names ("This version addresses change requests #12, #15")."""
    return list(
        db.session.execute(
            db.select(ChangeRequest)
            .join(version_change_request, version_change_request.c.change_request_id == ChangeRequest.id)
            .where(version_change_request.c.version_id == version.id)
            .order_by(ChangeRequest.id)
        ).scalars()
    )


def close_addressed(actor: User | None, version: DocumentVersion, at: datetime) -> list[ChangeRequest]:
    """When a version takes effect: the open change requests it names are done; requesters are told."""
    closed = []
    for request in addressed_by(version):
        if not request.is_open:
            continue  # rejected after the submit: the owner's later decision stands
        request.state = ChangeRequestState.DONE.value
        request.done_at, request.done_version_id = at, version.id
        db.session.flush()
        audit.record(
            actor,
            "change_request.done",
            "change_request",
            request.id,
            document_code=version.document.code,
            after=_summary(request) | {"version": version.number, "label": version.label},
        )
        _tell_requester(request, "change_request_done", actor, label=version.label or "")
        closed.append(request)
    return closed


def for_document(document: Document) -> list[ChangeRequest]:
    """Every change request on a document, newest first."""
    return list(
        db.session.execute(
            db.select(ChangeRequest)
            .where(ChangeRequest.document_id == document.id)
            .order_by(ChangeRequest.created_at.desc(), ChangeRequest.id.desc())
        ).scalars()
    )


def open_for_document(document: Document) -> list[ChangeRequest]:
    """The change requests a new version of the document may address (new or accepted), oldest first."""
    return list(
        db.session.execute(
            db.select(ChangeRequest)
            .where(ChangeRequest.document_id == document.id, ChangeRequest.state.in_(OPEN_CHANGE_REQUEST_STATES))
            .order_by(ChangeRequest.id)
        ).scalars()
    )


def open_for_owner(user: User) -> list[ChangeRequest]:
    """The "Omat tehtävät" list: open change requests on the documents the user owns, oldest first."""
    return list(
        db.session.execute(
            db.select(ChangeRequest)
            .join(Document, Document.id == ChangeRequest.document_id)
            .where(Document.owner_id == user.id, ChangeRequest.state.in_(OPEN_CHANGE_REQUEST_STATES))
            .order_by(ChangeRequest.created_at, ChangeRequest.id)
        ).scalars()
    )


@dataclass
class AgedRequest:
    request: ChangeRequest
    age_days: int


def list_all(user, states: tuple[str, ...] = OPEN_CHANGE_REQUEST_STATES) -> list[AgedRequest]:
    """Every change request in `states` with its age in days, oldest first (quality owners)."""
    if not permissions.can_list_change_requests(user):
        raise PermissionDenied(_l("Only quality owners, auditors and admins see every change request."))
    today = clock.now().date()
    rows = db.session.execute(
        db.select(ChangeRequest)
        .where(ChangeRequest.state.in_(states))
        .order_by(ChangeRequest.created_at, ChangeRequest.id)
    ).scalars()
    return [AgedRequest(r, (today - r.created_at.date()).days) for r in rows]
