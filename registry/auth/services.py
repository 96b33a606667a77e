"""User accounts, authentication and API tokens."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app, has_request_context
from flask import session as flask_session
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from registry import audit, read_cache, transaction
from registry.auth import directory, ldap, sessions
from registry.auth.models import ROLE_VALUES, ApiToken, Role, Unit, User, UserRole
from registry.auth.permissions import can_administer
from registry.db import utcnow
from registry.errors import ConflictError, NotFoundError, RecordedRefusal, ValidationError
from registry.extensions import db

log = logging.getLogger(__name__)

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10
# The lengths of the user.email and user.display_name columns.
MAX_EMAIL_LENGTH, MAX_NAME_LENGTH = 254, 200
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.execute(db.select(User).where(User.email == normalise_email(email))).scalar_one_or_none()


def first_active_user_with_role(*roles: Role | str) -> User | None:
    """The longest-standing active user holding one of `roles`: whom a CLI command acts as by default."""
    wanted = [r.value if isinstance(r, Role) else r for r in roles]
    return db.session.execute(
        db.select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.active.is_(True), UserRole.role.in_(wanted))
        .order_by(User.id)
        .limit(1)
    ).scalar()


def _name_error(name: str):
    name = (name or "").strip()
    if not name:
        return _l("Name is required.")
    if len(name) > MAX_NAME_LENGTH:
        return _l("At most %(n)d characters.", n=MAX_NAME_LENGTH)
    return None


def _validate_new_user(email: str, name: str, password: str, roles: list[str], locale: str) -> dict:
    errors = {}
    if len(email) > MAX_EMAIL_LENGTH:
        errors["email"] = _l("At most %(n)d characters.", n=MAX_EMAIL_LENGTH)
    elif not EMAIL_RE.match(email):
        errors["email"] = _l("Enter a valid email address.")
    elif find_user(email) is not None:
        errors["email"] = _l("A user with this email address already exists.")
    if (problem := _name_error(name)) is not None:
        errors["name"] = problem
    if locale not in ("fi", "en"):
        errors["locale"] = _l("Unknown language.")
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = _l("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH)
    unknown = [r for r in roles if r not in ROLE_VALUES]
    if unknown:
        errors["roles"] = _l("Unknown role: %(roles)s", roles=", ".join(unknown))
    return errors


def create_user(
    actor: User,
    email: str,
    name: str,
    password: str,
    roles: list[str],
    unit_codes: list[str] | None = None,
    locale: str = "fi",
) -> User:
    """Create a user with roles and units; refuses duplicates and unknown roles."""
    email = normalise_email(email)
    roles = sorted(set(roles or ["reader"]))
    errors = _validate_new_user(email, name, password, roles, locale)
    units = []
    for code in unit_codes or []:
        unit = db.session.execute(db.select(Unit).where(Unit.code == code)).scalar_one_or_none()
        if unit is None:
            errors["units"] = _l("Unknown unit: %(code)s", code=code)
        units.append(unit)
    if errors:
        raise ValidationError(errors)
    user = User(email=email, display_name=name.strip(), locale=locale, units=units)
    user.set_password(password)
    user.role_rows = [UserRole(role=r) for r in roles]
    db.session.add(user)
    db.session.flush()
    audit.record(
        actor,
        "user.create",
        "user",
        user.id,
        after={"email": email, "name": user.display_name, "roles": roles, "units": unit_codes or []},
    )
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the active user whose password matches, or record the failure and return None."""
    user = find_user(email)
    if user is not None and user.active and user.check_password(password):
        audit.record(user, "auth.login", "user", user.id)
        return user
    audit.record(
        None,
        "auth.login_failed",
        "user",
        user.id if user else None,
        after={"email": normalise_email(email)[:254]},
        actor_label=normalise_email(email)[:254] or "anonymous",
    )
    return None


class LoginRefused(RecordedRefusal):
    """A refused login; its audit event is kept."""

    status = 401
    code = "login_failed"


class DirectoryNotAnswering(RecordedRefusal):
    """The directory could not be asked (recorded as a failed login); local accounts still sign in."""

    status = 503
    code = "directory_unavailable"


def _record_failure(login: str, user: User | None, why: str | None = None) -> None:
    label = normalise_email(login)[:254]
    after = {"email": label} if why is None else {"email": label, "why": why}
    audit.record(
        None, "auth.login_failed", "user", user.id if user else None, after=after, actor_label=label or "anonymous"
    )


def _wrong_login() -> LoginRefused:
    if directory.settings() is None:
        return LoginRefused(_l("Wrong email address or password."))
    return LoginRefused(_l("Wrong email address, user name or password."))


def sign_in(login: str, password: str) -> User:
    """The user who may sign in with this login (e-mail or directory user name) and password.

    A local account is checked against its own password first; then, when LDAP is configured, the
    directory, which creates the account on first login and brings roles and units in line at
    every login. A local administrator is never handed to the directory (their password is the
    way in when the directory is down). Raises LoginRefused (recorded) or DirectoryNotAnswering.
    """
    login = (login or "").strip()
    user = find_user(login) if login else None
    if not password:  # refused before any bind: a directory takes an empty password for an anonymous bind
        _record_failure(login, user, "empty_password")
        raise LoginRefused(_l("Enter your password."))
    if user is not None and user.auth_source == "local" and user.active and user.check_password(password):
        if current_app.config.get("LOCAL_LOGIN") == "admins" and not user.has_role("admin"):
            _record_failure(login, user, "local_login_off")
            raise LoginRefused(_l("Sign in with your organisation account."))
        audit.record(user, "auth.login", "user", user.id)
        return user
    conf = directory.settings()
    if conf is None or (user is not None and user.auth_source == "local" and user.has_role("admin")):
        _record_failure(login, user)
        raise _wrong_login()
    try:
        entry = ldap.authenticate(conf, login, password)
    except ldap.DirectoryUnavailable as exc:
        log.warning("LDAP directory unavailable at login: %s", exc)
        _record_failure(login, user, "directory_unavailable")
        raise DirectoryNotAnswering(
            _l(
                "The user directory does not answer. Try again in a moment; administrators can sign in with their local account."  # noqa: E501 (one msgid)
            )
        ) from None
    if entry is None:
        _record_failure(login, user)
        raise _wrong_login()
    return _directory_sign_in(conf, login, entry)


def _directory_sign_in(conf, login: str, entry: ldap.DirectoryEntry) -> User:
    user = directory.find_directory_user(entry)
    if entry.disabled:
        if user is not None and user.auth_source == directory.SOURCE_LDAP:
            directory.deactivate_for_directory(user, "disabled in the directory")
        _record_failure(login, user, "disabled_in_directory")
        raise _wrong_login()
    if not entry.email:
        log.warning("directory entry %s has no mail attribute; Lamppu needs one", entry.dn)
        _record_failure(login, None, "no_email_in_directory")
        raise LoginRefused(_l("Your directory account has no e-mail address; ask the IT administrator to add one."))
    if user is None:
        user = directory.create_directory_user(conf, entry)
    elif user.auth_source != directory.SOURCE_LDAP:
        if user.has_role("admin"):
            _record_failure(login, user, "local_admin")
            raise _wrong_login()
        directory.link_local_user(user, entry)
    if not user.active:
        _record_failure(login, user, "deactivated")
        raise _wrong_login()
    directory.sync_user(conf, user, entry)
    audit.record(user, "auth.login", "user", user.id, after={"source": directory.SOURCE_LDAP})
    return user


def load_session_user(session_id: str) -> User | None:
    """Flask-Login's loader: '<id>:<epoch>' so that a bumped epoch ends old sessions."""
    try:
        user_id, epoch = (int(part) for part in session_id.split(":", 1))
    except (ValueError, AttributeError):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    if directory.recheck_due(user):
        active = directory.recheck(user)
        transaction.commit()  # nothing else is pending when the session is loaded
        if not active:
            return None
    if has_request_context():
        open_until = sessions.accepted_until(user, flask_session.get(sessions.SESSION_KEY))
        if open_until is None:
            return None  # ended by its owner, elsewhere
        if len(db.session.dirty) == 1 and not db.session.new and not db.session.deleted:
            transaction.commit()  # only the session's last use changed: its own short write
        recheck = directory.next_recheck(user)
        read_cache.remember_login_until(min(open_until, recheck) if recheck is not None else open_until)
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_token(actor: User, user: User, name: str = "cli") -> str:
    """Create a bearer token for `user`; the plain token is returned once and never stored."""
    if not user.active:
        raise ConflictError(_l("The user is not active."))
    token = "lmp_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name[:100] or "token", token_hash=_token_hash(token))
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "auth.token_create", "api_token", row.id, after={"user": user.email, "name": row.name})
    return token


def user_for_token(token: str) -> User | None:
    """The active user owning an unrevoked token, or None."""
    return authenticate_token(token)[0]


def authenticate_token(token: str) -> tuple[User | None, datetime | None]:
    """The active user owning an unrevoked token, and until when that answer may be reused
    without asking again (the next last-use write or directory re-check); (None, None) if refused."""
    if not token:
        return None, None
    # The user's roles and units in the same statement (every API request asks them): one round trip.
    user = joinedload(ApiToken.user)
    row = (
        db.session.execute(
            db.select(ApiToken)
            .options(user.joinedload(User.role_rows), user.joinedload(User.units))
            .where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_(None))
        )
        .unique()
        .scalar_one_or_none()
    )
    if row is None or not row.user.active:
        return None, None
    if directory.recheck_due(row.user) and not directory.recheck(row.user):
        return None, None  # removed or disabled in the directory: deactivated, its tokens revoked
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_TOUCH_INTERVAL:
        row.last_used_at = now  # at most every interval: most requests stay read-only
    until = row.last_used_at + TOKEN_TOUCH_INTERVAL
    recheck_at = directory.next_recheck(row.user)
    return row.user, until if recheck_at is None else min(until, recheck_at)


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.execute(
            db.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        ).scalars()
    )


def revoke_api_token(actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens (administrators may revoke any)."""
    row = db.session.get(ApiToken, token_id)
    if row is None or (row.user_id != actor.id and not can_administer(actor)):
        raise NotFoundError(_l("Token not found."))
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(actor, "auth.token_revoke", "api_token", row.id, after={"user": row.user.email})
    return row


# --- Administration: accounts, roles, units of a user, deactivation -----------------------------


def list_users() -> list[User]:
    return list(db.session.execute(db.select(User).order_by(User.display_name, User.email)).scalars())


def generate_password() -> str:
    """A random password for a new or reset account, shown once to the administrator."""
    return secrets.token_urlsafe(12)


def _active_admin_ids(lock: bool = False) -> set[int]:
    query = (
        db.select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "admin", User.active.is_(True))
    )
    if lock and db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=User)
    return set(db.session.execute(query).scalars())


def _refuse_losing_last_admin(user: User) -> None:
    # Lock the admins' rows, then count again: after waiting for a lock, PostgreSQL does not
    # re-read the joined role rows, but a new statement sees what the other transaction committed.
    _active_admin_ids(lock=True)
    admins = _active_admin_ids()
    if admins <= {user.id}:
        message = _l("This is the last active administrator; appoint another administrator first.")
        raise ConflictError(message, code="last_admin", fields={"roles": message})


def _find_units(unit_codes: list[str]) -> tuple[list[Unit], list[str]]:
    found, unknown = [], []
    for code in unit_codes:
        unit = db.session.execute(db.select(Unit).where(Unit.code == code)).scalar_one_or_none()
        (found if unit is not None else unknown).append(unit if unit is not None else code)
    return found, unknown


def update_user(actor: User, user: User, *, name: str, locale: str, roles: list[str], unit_codes: list[str]) -> User:
    """Change a user's name, language, roles and units; a role change is its own audit event."""
    roles = sorted(set(roles))
    errors = {}
    if (problem := _name_error(name)) is not None:
        errors["name"] = problem
    if locale not in ("fi", "en"):
        errors["locale"] = _l("Unknown language.")
    unknown_roles = [r for r in roles if r not in ROLE_VALUES]
    if unknown_roles:
        errors["roles"] = _l("Unknown role: %(roles)s", roles=", ".join(unknown_roles))
    elif not roles:
        errors["roles"] = _l("Choose at least one role.")
    units, unknown_units = _find_units(sorted(set(unit_codes)))
    if unknown_units:
        errors["units"] = _l("Unknown unit: %(code)s", code=", ".join(unknown_units))
    if errors:
        raise ValidationError(errors)
    old_roles = sorted(user.roles)
    if "admin" in old_roles and "admin" not in roles and user.active:
        _refuse_losing_last_admin(user)
    before = {"name": user.display_name, "locale": user.locale, "units": sorted(u.code for u in user.units)}
    user.display_name, user.locale, user.units = name.strip(), locale, units
    after = {"name": user.display_name, "locale": locale, "units": sorted(u.code for u in units)}
    if before != after:
        audit.record(actor, "user.update", "user", user.id, before=before, after=after)
    if old_roles != roles:
        user.role_rows = [UserRole(role=r) for r in roles]
        audit.record(actor, "user.roles_change", "user", user.id, before={"roles": old_roles}, after={"roles": roles})
    db.session.flush()
    return user


def _revoke_all_tokens(user: User) -> int:
    now, count = utcnow(), 0
    for row in tokens_of(user):
        if row.revoked_at is None:
            row.revoked_at, count = now, count + 1
    return count


def deactivate_user(actor: User, user: User, reason: str | None = None) -> User:
    """Deactivate a user: their sessions end and their API tokens are revoked at once."""
    if not user.active:
        raise ConflictError(_l("The user is already deactivated."))
    if user.has_role("admin"):
        _refuse_losing_last_admin(user)
    user.active = False
    user.session_epoch += 1
    revoked = _revoke_all_tokens(user)
    audit.record(
        actor,
        "user.deactivate",
        "user",
        user.id,
        before={"active": True},
        after={"active": False, "tokens_revoked": revoked},
        reason=reason or None,
    )
    db.session.flush()
    return user


def reactivate_user(actor: User, user: User) -> User:
    """Let a deactivated user log in again (their old tokens stay revoked)."""
    if user.active:
        raise ConflictError(_l("The user is already active."))
    user.active = True
    audit.record(actor, "user.reactivate", "user", user.id, before={"active": False}, after={"active": True})
    db.session.flush()
    return user


def reset_password(actor: User, user: User, password: str) -> User:
    """Set a new password chosen by an administrator; the user's sessions end."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            {"password": _l("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH)}
        )
    user.set_password(password)
    user.session_epoch += 1
    audit.record(actor, "user.password_reset", "user", user.id)
    db.session.flush()
    return user
