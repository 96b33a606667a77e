"""Electronic signatures: the password re-entered at approval, its meaning, and the lockout."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from registry import audit, clock
from registry.auth import directory, ldap
from registry.auth.models import User
from registry.errors import RecordedRefusal, ServiceError
from registry.extensions import db
from registry.workflow.models import SignatureFailure

MEANINGS = {
    "content_owner": _l("Approved as content owner"),
    "quality_manager": _l("Approved as quality manager"),
    "management": _l("Approved on behalf of management"),
}
DEFAULT_MAX_FAILURES = 3
DEFAULT_LOCK_MINUTES = 15


class SignatureRejected(RecordedRefusal):
    """A wrong password; the failure is recorded, so the caller commits before answering."""

    status = 422
    code = "signature_rejected"


class SignatureLocked(ServiceError):
    status = 429
    code = "signature_locked"


def meaning_label(code: str | None) -> str:
    return str(MEANINGS.get(code or "", code or ""))


def _settings() -> tuple[int, timedelta]:
    config = current_app.config
    return (
        int(config.get("SIGNATURE_MAX_FAILURES", DEFAULT_MAX_FAILURES)),
        timedelta(minutes=int(config.get("SIGNATURE_LOCK_MINUTES", DEFAULT_LOCK_MINUTES))),
    )


def recent_failures(user: User) -> int:
    """Wrong signature passwords of `user` within the lock window (read from the database: all workers agree)."""
    _, window = _settings()
    return db.session.execute(
        db.select(db.func.count()).where(
            SignatureFailure.user_id == user.id, SignatureFailure.failed_at > clock.now() - window
        )
    ).scalar_one()


def is_locked(user: User) -> bool:
    limit, _ = _settings()
    return recent_failures(user) >= limit


class SignatureUnverifiable(ServiceError):
    """The directory that holds the approver's password did not answer: nothing is signed or recorded."""

    status = 503
    code = "directory_unavailable"


def _password_matches(actor: User, password: str) -> bool:
    """A directory user signs with the directory password, a local user with the Lamppu one."""
    if not password:
        return False
    conf = directory.settings() if actor.auth_source == directory.SOURCE_LDAP and actor.directory_dn else None
    if conf is None:
        return actor.check_password(password)
    try:
        return ldap.verify_password(conf, actor.directory_dn, password)
    except ldap.DirectoryUnavailable:
        raise SignatureUnverifiable(
            _l("The directory does not answer, so your password cannot be checked. Try again in a moment.")
        ) from None


def verify_signature(actor: User, password: str, *, version_id: int, document_code: str) -> None:
    """Check the re-entered password; record and refuse a wrong one; refuse while locked."""
    limit, window = _settings()
    if is_locked(actor):
        raise SignatureLocked(
            _l(
                "Approving is locked for %(minutes)d minutes after %(n)d wrong passwords.",
                minutes=int(window.total_seconds() // 60),
                n=limit,
            )
        )
    if _password_matches(actor, password):
        db.session.execute(db.delete(SignatureFailure).where(SignatureFailure.user_id == actor.id))
        return
    db.session.add(SignatureFailure(user_id=actor.id, failed_at=clock.now()))
    db.session.flush()
    audit.record(
        actor,
        "signature.failed",
        "document_version",
        version_id,
        document_code=document_code,
        after={"failures_in_window": recent_failures(actor)},
    )
    raise SignatureRejected(
        _l("The password was wrong; the approval was not signed."),
        fields={"password": _l("The password was wrong; the approval was not signed.")},
    )
