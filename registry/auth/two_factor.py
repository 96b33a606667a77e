"""Two-factor login for local accounts: TOTP (RFC 6238, pyotp) with one-time recovery codes.

A local account with TOTP enrolled signs in with its password and then a code from the
authenticator app (or one recovery code). An administrator chooses the roles whose holders must
enrol; such a user who has not enrolled is sent to the enrolment page after the password and can
do nothing else first. Directory (LDAP) accounts get their second factor from the directory.
A code is accepted once: the 30-second step it belongs to is remembered.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import secrets

import pyotp
import segno
from flask_babel import lazy_gettext as _l

from registry import audit
from registry.auth.models import ROLE_VALUES, RecoveryCode, TwoFactorRole, User
from registry.db import utcnow
from registry.errors import RecordedRefusal, ValidationError
from registry.extensions import db

ISSUER = "Lamppu"
RECOVERY_CODES = 10
VALID_WINDOW = 1  # one 30-second step either side: a phone clock a little off still works


class WrongCode(RecordedRefusal):
    """A wrong, reused or malformed second-factor code (recorded as a failed login)."""

    status = 401
    code = "wrong_code"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str, issuer: str = ISSUER) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The otpauth:// URI as an inline SVG QR code for the enrolment page."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True)
    return out.getvalue().decode("utf-8")


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode("ascii", "ignore")).hexdigest()


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def enabled(user: User) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret)


def required_roles() -> set[str]:
    return set(db.session.execute(db.select(TwoFactorRole.role)).scalars())


def is_required(user: User) -> bool:
    """Whether this user must use a second factor: a local account holding a role that requires it."""
    return user.auth_source == "local" and bool(user.roles & required_roles())


def set_required_roles(actor, roles: list[str]) -> list[str]:
    roles = sorted(set(roles))
    unknown = [r for r in roles if r not in ROLE_VALUES]
    if unknown:
        raise ValidationError({"roles": _l("Unknown role: %(roles)s", roles=", ".join(unknown))})
    before = sorted(required_roles())
    if before != roles:
        db.session.execute(db.delete(TwoFactorRole))
        db.session.add_all(TwoFactorRole(role=r) for r in roles)
        audit.record(
            actor, "auth.two_factor_policy", "settings", "two_factor", before={"roles": before}, after={"roles": roles}
        )
        db.session.flush()
    return roles


def _matching_step(secret: str, code: str) -> int | None:
    """The 30-second step whose code this is, within the window; None if it matches none."""
    code = _normalise(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now_step = totp.timecode(utcnow())
    for step in range(now_step - VALID_WINDOW, now_step + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [secrets.token_hex(5).upper() for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def enrol(user: User, secret: str, code: str) -> list[str]:
    """Turn TOTP on with `secret` once `code` proves the app has it; returns the recovery codes (shown once)."""
    step = _matching_step(secret, code) if secret else None
    if step is None:
        raise ValidationError({"code": _l("The code does not match. Check the time on your phone and try again.")})
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = secret, utcnow(), step
    codes = _new_recovery_codes(user)
    audit.record(user, "auth.two_factor_enable", "user", user.id)
    db.session.flush()
    return codes


def disable(actor, user: User) -> None:
    """Turn TOTP off (the user, after a fresh code, or an administrator for a user who lost the phone)."""
    if not enabled(user):
        return
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record(actor, "auth.two_factor_disable", "user", user.id)
    db.session.flush()


def check_code(user: User, code: str) -> None:
    """Accept a current TOTP code (once) or an unused recovery code; WrongCode (recorded) otherwise."""
    step = _matching_step(user.totp_secret or "", code)
    if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
        user.totp_last_step = step
        return
    if step is None and len(_normalise(code)) == 10:
        row = db.session.execute(
            db.select(RecoveryCode).where(
                RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code), RecoveryCode.used_at.is_(None)
            )
        ).scalar_one_or_none()
        if row is not None:
            row.used_at = utcnow()
            left = db.session.execute(
                db.select(db.func.count())
                .select_from(RecoveryCode)
                .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
            ).scalar()
            audit.record(user, "auth.recovery_code_used", "user", user.id, after={"left": left})
            return
    why = "reused" if step is not None else "wrong_code"
    audit.record(
        None, "auth.login_failed", "user", user.id, after={"email": user.email, "why": why}, actor_label=user.email
    )
    raise WrongCode(_l("The code is wrong or already used."))


def recovery_codes_left(user: User) -> int:
    return db.session.execute(
        db.select(db.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).scalar()
