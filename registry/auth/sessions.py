"""Signed-in sessions: recorded at login so that their owner sees them on the profile page and can end them.

The session cookie carries a random key; a session whose row is ended (by its owner, by "sign out
everywhere" or by logging out) is no longer accepted. "Sign out everywhere" also bumps the user's
session epoch, which ends sessions from before sessions were recorded. Last use is written at most
every SEEN_INTERVAL, so most requests stay read-only.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from registry import audit
from registry.auth.models import ApiToken, User, UserSession
from registry.db import utcnow
from registry.errors import NotFoundError
from registry.extensions import db

SESSION_KEY = "lamppu_session"  # the name of the key in the cookie session
SEEN_INTERVAL = timedelta(minutes=5)


def start(user: User, user_agent: str | None, remote_addr: str | None) -> str:
    key = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(user_id=user.id, key=key, user_agent=(user_agent or "")[:300] or None, remote_addr=remote_addr)
    )
    db.session.flush()
    return key


def accepts(user: User, key: str | None) -> bool:
    """Whether the session with `key` is still open (a session from before recording has no key: epoch decides)."""
    return accepted_until(user, key) is not None


def accepted_until(user: User, key: str | None) -> datetime | None:
    """None when the session with `key` is not open; else when its last use is next written (until
    then nothing but a change of data can end it)."""
    now = utcnow()
    if not key:
        return now + SEEN_INTERVAL
    row = db.session.execute(db.select(UserSession).where(UserSession.key == key)).scalar_one_or_none()
    if row is None or row.user_id != user.id or row.ended_at is not None:
        return None
    if now - row.last_seen_at >= SEEN_INTERVAL:
        row.last_seen_at = now
    return row.last_seen_at + SEEN_INTERVAL


def active_sessions(user: User) -> list[UserSession]:
    return list(
        db.session.execute(
            db.select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
            .order_by(UserSession.last_seen_at.desc())
        ).scalars()
    )


def end_by_key(key: str | None) -> None:
    """Logging out ends this session's row."""
    if key:
        row = db.session.execute(db.select(UserSession).where(UserSession.key == key)).scalar_one_or_none()
        if row is not None and row.ended_at is None:
            row.ended_at = utcnow()


def end(actor: User, session_id: int) -> UserSession:
    """End one of the actor's own sessions."""
    row = db.session.get(UserSession, session_id)
    if row is None or row.user_id != actor.id:
        raise NotFoundError(_l("Session not found."))
    if row.ended_at is None:
        row.ended_at = utcnow()
        audit.record(actor, "auth.session_end", "user_session", row.id)
    db.session.flush()
    return row


def end_all(actor: User, revoke_tokens: bool = False) -> tuple[int, int]:
    """End every session of the actor, this one too; API tokens are revoked only when asked."""
    now, ended, revoked = utcnow(), 0, 0
    for row in active_sessions(actor):
        row.ended_at, ended = now, ended + 1
    actor.session_epoch += 1
    if revoke_tokens:
        rows = db.session.execute(
            db.select(ApiToken).where(ApiToken.user_id == actor.id, ApiToken.revoked_at.is_(None))
        ).scalars()
        for token in rows:
            token.revoked_at, revoked = now, revoked + 1
    audit.record(
        actor, "auth.sign_out_everywhere", "user", actor.id, after={"sessions_ended": ended, "tokens_revoked": revoked}
    )
    db.session.flush()
    return ended, revoked
