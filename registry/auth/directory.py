"""Directory accounts: a user created and kept in line with LDAP / Active Directory.

At every directory login the user's name, e-mail, roles and units are brought in line with the
directory (each change an audit event by "directory"). A person removed from the directory or
disabled there cannot sign in; their account is deactivated, which also ends their sessions and
revokes their API tokens. API tokens of directory users are re-checked against the directory at
most every LDAP_RECHECK_MINUTES (10 by default); while the directory does not answer, a token
keeps working (the check is retried on the next use) so that an outage of the directory does not
stop the API.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from flask import current_app

from registry import audit
from registry.auth import ldap
from registry.auth.models import ApiToken, Unit, User, UserRole
from registry.config import ConfigError
from registry.db import utcnow
from registry.extensions import db

log = logging.getLogger(__name__)

DIRECTORY = "directory"  # the actor label of changes made by a directory sync
SOURCE_LDAP = "ldap"
SETTINGS_KEY = "lamppu.ldap_settings"


def settings() -> ldap.LdapSettings | None:
    """The LDAP settings of this application (checked at start), or None when LDAP is off."""
    return current_app.extensions.get(SETTINGS_KEY)


def init_app(app) -> None:
    """Read and check the sign-in settings at start: a ConfigError names the setting that is wrong."""
    app.extensions[SETTINGS_KEY] = ldap.settings_from_config(app.config)
    if app.config.get("LOCAL_LOGIN", "all") not in ("all", "admins"):
        raise ConfigError(f"LAMPPU_LOCAL_LOGIN must be all or admins, not {app.config['LOCAL_LOGIN']!r}.")


def wanted_roles(conf: ldap.LdapSettings, entry: ldap.DirectoryEntry) -> list[str]:
    roles = {"reader"}
    for group in entry.groups:
        roles.update(conf.role_groups.get(group, ()))
    return sorted(roles)


def wanted_units(conf: ldap.LdapSettings, entry: ldap.DirectoryEntry) -> list[Unit]:
    codes = set()
    for group in entry.groups:
        codes.update(conf.unit_groups.get(group, ()))
    if not codes:
        return []
    units = list(db.session.execute(db.select(Unit).where(Unit.code.in_(sorted(codes)))).scalars())
    missing = codes - {u.code for u in units}
    if missing:
        log.warning("LAMPPU_LDAP_UNIT_GROUPS names units that do not exist: %s", ", ".join(sorted(missing)))
    return sorted(units, key=lambda u: u.code)


def find_directory_user(entry: ldap.DirectoryEntry) -> User | None:
    """The account of this directory entry: by its DN, else by its e-mail address."""
    user = db.session.execute(
        db.select(User).where(User.auth_source == SOURCE_LDAP, db.func.lower(User.directory_dn) == entry.dn.lower())
    ).scalar_one_or_none()
    if user is None and entry.email:
        user = db.session.execute(db.select(User).where(User.email == entry.email)).scalar_one_or_none()
    return user


def _unusable_password() -> str:
    # Not a werkzeug hash: check_password_hash() is always False for it.
    return "directory!" + secrets.token_hex(8)


def create_directory_user(conf: ldap.LdapSettings, entry: ldap.DirectoryEntry) -> User:
    roles = wanted_roles(conf, entry)
    units = wanted_units(conf, entry)
    user = User(
        email=entry.email,
        display_name=entry.name[:200],
        password_hash=_unusable_password(),
        auth_source=SOURCE_LDAP,
        directory_dn=entry.dn,
        directory_checked_at=utcnow(),
        units=units,
    )
    user.role_rows = [UserRole(role=r) for r in roles]
    db.session.add(user)
    db.session.flush()
    audit.record(
        None,
        "user.create",
        "user",
        user.id,
        after={
            "email": user.email,
            "name": user.display_name,
            "roles": roles,
            "units": [u.code for u in units],
            "source": SOURCE_LDAP,
            "dn": entry.dn,
        },
        actor_label=DIRECTORY,
    )
    return user


def link_local_user(user: User, entry: ldap.DirectoryEntry) -> None:
    """A local account whose e-mail the directory vouches for becomes a directory account."""
    user.auth_source, user.directory_dn = SOURCE_LDAP, entry.dn
    user.password_hash = _unusable_password()
    user.session_epoch += 1
    audit.record(
        None,
        "user.directory_link",
        "user",
        user.id,
        before={"source": "local"},
        after={"source": SOURCE_LDAP, "dn": entry.dn},
        actor_label=DIRECTORY,
    )


def sync_user(conf: ldap.LdapSettings, user: User, entry: ldap.DirectoryEntry) -> User:
    """Bring name, e-mail, roles and units in line with the directory; each change audited."""
    before = {"name": user.display_name, "email": user.email, "units": sorted(u.code for u in user.units)}
    units = wanted_units(conf, entry)
    user.display_name = entry.name[:200] or user.display_name
    if entry.email and entry.email != user.email:
        clash = db.session.execute(
            db.select(User.id).where(User.email == entry.email, User.id != user.id)
        ).scalar_one_or_none()
        if clash is None:
            user.email = entry.email
        else:
            log.warning(
                "directory e-mail %s of %s is already another account's; kept %s", entry.email, entry.dn, user.email
            )
    user.units = units
    user.directory_dn = entry.dn
    after = {"name": user.display_name, "email": user.email, "units": [u.code for u in units]}
    if before != after:
        audit.record(None, "user.update", "user", user.id, before=before, after=after, actor_label=DIRECTORY)
    old_roles, roles = sorted(user.roles), wanted_roles(conf, entry)
    if old_roles != roles:
        user.role_rows = [UserRole(role=r) for r in roles]
        audit.record(
            None,
            "user.roles_change",
            "user",
            user.id,
            before={"roles": old_roles},
            after={"roles": roles},
            actor_label=DIRECTORY,
        )
    user.directory_checked_at = utcnow()
    db.session.flush()
    return user


def deactivate_for_directory(user: User, why: str) -> None:
    """The directory no longer knows the person (or disabled them): sessions end, tokens are revoked."""
    if not user.active:
        return
    now, revoked = utcnow(), 0
    user.active = False
    user.session_epoch += 1
    tokens = db.session.execute(db.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)))
    for row in tokens.scalars():
        if row.revoked_at is None:
            row.revoked_at, revoked = now, revoked + 1
    audit.record(
        None,
        "user.deactivate",
        "user",
        user.id,
        before={"active": True},
        after={"active": False, "tokens_revoked": revoked},
        reason=why,
        actor_label=DIRECTORY,
    )
    db.session.flush()


def recheck_due(user: User) -> bool:
    due = next_recheck(user)
    return due is not None and utcnow() >= due


def next_recheck(user: User) -> datetime | None:
    """When the directory must next be asked about this user (None: not a directory user)."""
    if user.auth_source != SOURCE_LDAP or settings() is None:
        return None
    if user.directory_checked_at is None:
        return utcnow()
    interval = timedelta(minutes=max(int(current_app.config.get("LDAP_RECHECK_MINUTES") or 10), 0))
    return user.directory_checked_at + interval


def recheck(user: User) -> bool:
    """Ask the directory whether a directory user still exists and is enabled; False deactivates them.

    A directory that does not answer leaves the user as they are (True) and the check is retried.
    """
    conf = settings()
    if conf is None or not user.directory_dn:
        return user.active
    try:
        entry = ldap.lookup(conf, user.directory_dn)
    except ldap.DirectoryUnavailable as exc:
        log.warning("directory re-check of %s postponed: %s", user.email, exc)
        return user.active
    if entry is None or entry.disabled:
        deactivate_for_directory(user, "removed from the directory" if entry is None else "disabled in the directory")
        return False
    sync_user(conf, user, entry)
    return user.active
