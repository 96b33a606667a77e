"""Sessions a user can see and end: the profile lists them with tokens; one ends; "sign out everywhere"."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from flask import g

from registry.audit.models import AuditEvent
from registry.auth import two_factor
from registry.auth.models import ApiToken, UserSession
from registry.auth.services import create_api_token
from registry.extensions import db
from tests.conftest import PASSWORD

ROUTE_ENDPOINTS = ("auth.end_session", "auth.sign_out_everywhere")


def _sign_in(app, user, agent):
    client = app.test_client()
    g.pop("_login_user", None)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD}, headers={"User-Agent": agent})
    assert response.status_code == 302
    return client


def _open(client):
    g.pop("_login_user", None)
    return client.get("/profile").status_code == 200


def test_the_profile_lists_sessions_and_tokens_and_one_session_ends(app, make):
    user = make.user("author")
    laptop = _sign_in(app, user, "Mozilla/5.0 (X11; Linux) Laptop")
    phone = _sign_in(app, user, "Mozilla/5.0 (Android) Phone")
    create_api_token(user, user, "raportointi")
    db.session.commit()
    g.pop("_login_user", None)
    page = laptop.get("/profile").get_data(as_text=True)
    assert "Laptop" in page and "Phone" in page and "raportointi" in page
    assert page.count("Tämä istunto") == 1
    phone_row = db.session.execute(db.select(UserSession).where(UserSession.user_agent.contains("Phone"))).scalar_one()
    assert f"/profile/sessions/{phone_row.id}/end" in page
    assert laptop.post(f"/profile/sessions/{phone_row.id}/end").status_code == 302
    assert not _open(phone)
    assert _open(laptop)
    assert len(db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "auth.session_end")).all()) == 1


def test_nobody_ends_another_users_session(app, make):
    owner, other = make.user("author"), make.user("author")
    owners = _sign_in(app, owner, "Owner browser")
    others = _sign_in(app, other, "Other browser")
    row = db.session.execute(db.select(UserSession).where(UserSession.user_id == owner.id)).scalar_one()
    g.pop("_login_user", None)
    assert others.post(f"/profile/sessions/{row.id}/end").status_code == 404
    assert _open(owners)


def test_sign_out_everywhere_ends_every_session_but_keeps_tokens_unless_asked(app, make):
    user = make.user("author")
    first, second = _sign_in(app, user, "First"), _sign_in(app, user, "Second")
    token = create_api_token(user, user, "ci")
    db.session.commit()
    g.pop("_login_user", None)
    assert first.post("/profile/sign-out-everywhere").status_code == 302
    assert not _open(first) and not _open(second)
    assert app.test_client().get("/api/v1/documents", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    third = _sign_in(app, user, "Third")
    g.pop("_login_user", None)
    third.post("/profile/sign-out-everywhere", data={"revoke_tokens": "y"})
    assert app.test_client().get("/api/v1/documents", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    db.session.expire_all()
    assert db.session.execute(db.select(ApiToken)).scalar_one().revoked_at is not None
    event = (
        db.session.execute(
            db.select(AuditEvent).where(AuditEvent.action == "auth.sign_out_everywhere").order_by(AuditEvent.seq)
        )
        .scalars()
        .all()
    )
    assert [re.sub(r"\s", "", e.after_json) for e in event] == [
        '{"sessions_ended":2,"tokens_revoked":0}',
        '{"sessions_ended":1,"tokens_revoked":1}',
    ]


def test_logging_out_ends_the_recorded_session(app, make):
    user = make.user("author")
    client = _sign_in(app, user, "Browser")
    g.pop("_login_user", None)
    client.post("/logout")
    assert db.session.execute(db.select(UserSession)).scalar_one().ended_at is not None


@pytest.mark.parametrize("path", ["/profile/sessions/1/end", "/profile/sign-out-everywhere"])
def test_anonymous_requests_are_sent_to_login(client, path):
    response = client.post(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_browser_whose_session_was_ended_elsewhere_signs_in_again_with_two_factor(app, make):
    user = make.user("author")
    totp = pyotp.TOTP(pyotp.random_base32())
    # One step of clock drift either side is accepted and each step only once: enrol with the
    # previous step, sign in the phone with this one and the laptop with the next.
    codes = two_factor.enrol(user, totp.secret, totp.at(time.time() - 30))
    db.session.commit()
    phone, laptop = app.test_client(), app.test_client()
    for client, offset in ((phone, 0), (laptop, 30)):
        g.pop("_login_user", None)
        client.post("/login", data={"email": user.email, "password": PASSWORD})
        client.post("/login/code", data={"code": totp.at(time.time() + offset)})
    assert _open(phone) and _open(laptop)
    row = db.session.execute(db.select(UserSession).order_by(UserSession.id)).scalars().first()
    g.pop("_login_user", None)
    laptop.post(f"/profile/sessions/{row.id}/end")
    assert not _open(phone)
    g.pop("_login_user", None)
    response = phone.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/login/code")
    phone.post("/login/code", data={"code": codes[0]})
    assert _open(phone)
