"""Bearer-token authentication for the API; the session cookie only for reads."""

from __future__ import annotations

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from registry import read_cache, transaction
from registry.auth.services import authenticate_token
from registry.errors import ServiceError
from registry.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Unauthorized(ServiceError):
    status = 401
    code = "unauthorized"


def authenticate_request():
    """Set g.api_user from the bearer token, or from the session for safe methods; else 401."""
    read_cache.forget_request()
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and token and (cached := read_cache.begin_read(token)) is not None:
            return cached  # the same answer as last time: nothing was written since
        user, fresh_until = authenticate_token(token) if scheme.lower() == "bearer" else (None, None)
        _commit_token_use()  # also a deactivation found by the directory re-check of the token's user
        if user is None:
            raise Unauthorized(_l("Invalid or revoked API token."))
        g.api_user = user
        read_cache.remember_holder(user.id, fresh_until)
        return None
    if request.method in SAFE_METHODS and current_user.is_authenticated:
        g.api_user = current_user._get_current_object()
        return
    raise Unauthorized(_l("Authentication required: send Authorization: Bearer <token>."))


def _commit_token_use() -> None:
    """Commit a token's new last-use time (and what a directory re-check found) in its own short write,
    before the request's work; a busy database only delays the timestamp, never the request."""
    if not db.session.dirty:
        return
    try:
        transaction.commit()
    except OperationalError:
        transaction.rollback()
