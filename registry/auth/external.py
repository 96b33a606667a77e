"""Users who sign in at the organisation's identity provider: provisioning and role mapping.

OpenID Connect (`oidc.py`) and SAML (`saml.py`) verify who the user is; this module finds or
creates the Lamppu account for that identity and brings its roles and units in line with the
claim or attribute the installation maps (`LAMPPU_OIDC_ROLE_MAP`, `LAMPPU_SAML_ROLE_MAP`).
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from registry import audit
from registry.auth.models import ROLE_VALUES, ExternalIdentity, Unit, User, UserRole
from registry.auth.services import EMAIL_RE, MAX_NAME_LENGTH, find_user, normalise_email
from registry.config import ConfigError
from registry.db import utcnow
from registry.errors import RecordedRefusal, ServiceError
from registry.extensions import db

log = logging.getLogger(__name__)
REAUTH_MAX_AGE = timedelta(minutes=10)


@dataclass(frozen=True)
class Grant:
    """What one claim or attribute value gives: roles and unit codes."""

    roles: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ExternalProfile:
    """A verified identity as the provider asserted it."""

    protocol: str
    issuer: str
    subject: str
    email: str
    name: str
    values: tuple[str, ...] = field(default=())  # the role claim's or attribute's values


class ExternalLoginRefused(RecordedRefusal):
    """The provider's answer was verified, but Lamppu cannot let this identity in (recorded)."""

    status = 403
    code = "external_login_refused"


def parse_role_map(raw, setting: str) -> dict[str, Grant]:
    """Read a role map: JSON object, value -> list of roles or {"roles": [...], "units": [...]}."""
    if raw in (None, ""):
        return {}
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError as error:
        raise ConfigError(f"{setting} is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{setting} must be a JSON object mapping a claim value to roles.")
    grants = {}
    for value, target in data.items():
        roles, units = (target, []) if isinstance(target, list) else _roles_units(target, setting, value)
        unknown = sorted(str(r) for r in roles if r not in ROLE_VALUES)
        if unknown:
            raise ConfigError(
                f"{setting} names an unknown role for {value!r}: {', '.join(unknown)} "
                f"(known roles: {', '.join(ROLE_VALUES)})."
            )
        grants[str(value)] = Grant(frozenset(roles), frozenset(str(u) for u in units))
    return grants


def _roles_units(target, setting: str, value: str) -> tuple[list, list]:
    if not isinstance(target, dict) or not set(target) <= {"roles", "units"}:
        raise ConfigError(f'{setting}: {value!r} must map to a list of roles or {{"roles": [...], "units": [...]}}.')
    roles, units = target.get("roles", []), target.get("units", [])
    if not isinstance(roles, list) or not isinstance(units, list):
        raise ConfigError(f"{setting}: the roles and units of {value!r} must be lists.")
    return roles, units


def granted(values, role_map: dict[str, Grant]) -> Grant:
    """Everything the user's claim values give; every user is at least a reader."""
    roles, units = {"reader"}, set()
    for value in values:
        grant = role_map.get(str(value))
        if grant is not None:
            roles |= grant.roles
            units |= grant.units
    return Grant(frozenset(roles), frozenset(units))


def sign_in(profile: ExternalProfile, role_map: dict[str, Grant]) -> User:
    """The user for a verified identity, created on first sign-in; roles and units synchronised."""
    identity = _identity(profile)
    user = identity.user if identity is not None else _link_or_create(profile)
    if not user.active:
        _refuse(profile, user, _l("Your Lamppu account has been deactivated."))
    if identity is None:
        identity = ExternalIdentity(
            user_id=user.id, protocol=profile.protocol, issuer=profile.issuer, subject=profile.subject
        )
        db.session.add(identity)
    identity.last_login_at = utcnow()
    if role_map:  # without a map, roles and units are managed in Lamppu and left as they are
        _synchronise(user, granted(profile.values, role_map))
    db.session.flush()
    audit.record(user, "auth.login", "user", user.id, after={"method": profile.protocol})
    return user


def identity_of(user: User, protocol: str) -> ExternalIdentity | None:
    return db.session.execute(
        db.select(ExternalIdentity).where(ExternalIdentity.user_id == user.id, ExternalIdentity.protocol == protocol)
    ).scalar()


def _identity(profile: ExternalProfile) -> ExternalIdentity | None:
    return db.session.execute(
        db.select(ExternalIdentity).where(
            ExternalIdentity.protocol == profile.protocol,
            ExternalIdentity.issuer == profile.issuer,
            ExternalIdentity.subject == profile.subject,
        )
    ).scalar_one_or_none()


def _link_or_create(profile: ExternalProfile) -> User:
    email = normalise_email(profile.email)
    if not EMAIL_RE.match(email) or len(email) > 254:
        _refuse(profile, None, _l("The identity provider did not give a valid email address."))
    existing = find_user(email)
    if existing is not None:
        return existing
    name = (profile.name or email).strip()[:MAX_NAME_LENGTH]
    user = User(email=email, display_name=name, locale="fi")
    user.set_password(secrets.token_urlsafe(32))  # never told to anyone: this account signs in at the provider
    user.role_rows = [UserRole(role="reader")]
    db.session.add(user)
    db.session.flush()
    audit.record(
        None,
        "user.create",
        "user",
        user.id,
        after={"email": email, "name": name, "roles": ["reader"], "method": profile.protocol},
        actor_label=profile.protocol,
    )
    return user


def _synchronise(user: User, grant: Grant) -> None:
    before_roles, before_units = sorted(user.roles), sorted(u.code for u in user.units)
    if set(before_roles) != grant.roles:
        user.role_rows = [UserRole(role=r) for r in sorted(grant.roles)]
    units = list(db.session.execute(db.select(Unit).where(Unit.code.in_(grant.units))).scalars())
    missing = grant.units - {u.code for u in units}
    if missing:
        log.warning("role map names units that do not exist: %s", ", ".join(sorted(missing)))
    if set(before_units) != {u.code for u in units}:
        user.units = units
    after = {"roles": sorted(grant.roles), "units": sorted(u.code for u in units)}
    if after != {"roles": before_roles, "units": before_units}:
        db.session.flush()
        audit.record(
            user,
            "user.roles_synchronised",
            "user",
            user.id,
            before={"roles": before_roles, "units": before_units},
            after=after,
        )


def _refuse(profile: ExternalProfile, user: User | None, message) -> None:
    audit.record(
        None,
        "auth.login_failed",
        "user",
        user.id if user else None,
        after={"method": profile.protocol, "subject": profile.subject[:200]},
        actor_label=(profile.email or profile.subject)[:254],
    )
    raise ExternalLoginRefused(message)


@dataclass(frozen=True)
class Reauthentication:
    """A fresh sign-in at the identity provider, made for one action (a signature)."""

    protocol: str
    issuer: str
    subject: str
    authenticated_at: datetime


def check_reauthentication(user: User, proof: Reauthentication, *, max_age: timedelta = REAUTH_MAX_AGE) -> None:
    """Refuse a fresh sign-in that belongs to another identity than `user`'s or is no longer fresh."""
    identity = db.session.execute(
        db.select(ExternalIdentity).where(
            ExternalIdentity.user_id == user.id,
            ExternalIdentity.protocol == proof.protocol,
            ExternalIdentity.issuer == proof.issuer,
            ExternalIdentity.subject == proof.subject,
        )
    ).scalar_one_or_none()
    if identity is None:
        raise ReauthenticationRefused(_l("You signed in at the identity provider as another user; nothing was signed."))
    if utcnow() - proof.authenticated_at > max_age:
        raise ReauthenticationRefused(_l("The new sign-in is too old to sign with. Please sign again."))


class ReauthenticationRefused(ServiceError):
    status = 403
    code = "reauthentication_refused"
