"""Two-factor login (TOTP) through the real login form, with codes computed from the enrolled secret."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from flask import g

from registry.audit.models import AuditEvent
from registry.auth import two_factor
from registry.auth.models import User
from registry.extensions import db
from tests.conftest import PASSWORD

ROUTE_ENDPOINTS = ("auth.verify_code", "auth.two_factor", "admin.two_factor_policy")


def _events(action):
    return db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action)).scalars().all()


def _password_step(client, user):
    g.pop("_login_user", None)
    return client.post("/login", data={"email": user.email, "password": PASSWORD})


def _enrolled(make, *roles):
    user = make.user(*roles)
    secret = pyotp.random_base32()
    codes = two_factor.enrol(user, secret, pyotp.TOTP(secret).now())
    db.session.commit()
    return user, pyotp.TOTP(secret), codes


def _next_code(totp):
    """A code of the next 30-second step: valid (one step of clock drift is allowed) and not yet used."""
    return totp.at(time.time() + 30)


def test_enrolment_on_the_profile_page_with_the_qr_code_and_a_real_code(client, make, login):
    user = login(make.user("author"))
    page = client.get("/profile/two-factor").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    wrong = client.post("/profile/two-factor", data={"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "1"})
    assert wrong.status_code == 422 and "Koodi ei täsmää" in wrong.get_data(as_text=True)
    done = client.post("/profile/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200
    codes = re.findall(r"<code>([0-9A-F]{5}-[0-9A-F]{5})</code>", done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert two_factor.enabled(user) and user.totp_secret == secret
    assert all(code.replace("-", "") not in (user.totp_secret or "") for code in codes)
    assert len(_events("auth.two_factor_enable")) == 1


def test_login_asks_for_the_code_after_the_password_and_only_then_signs_in(client, make):
    user, totp, _codes = _enrolled(make, "author")
    response = _password_step(client, user)
    assert response.headers["Location"].endswith("/login/code")
    assert client.get("/profile").status_code == 302  # not signed in yet
    code = _next_code(totp)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    assert client.get("/profile").status_code == 200
    # The same code cannot sign in a second time.
    client.post("/logout")
    _password_step(client, user)
    replay = client.post("/login/code", data={"code": code})
    assert replay.status_code == 401 and "Koodi on väärä tai jo käytetty." in replay.get_data(as_text=True)
    assert client.get("/profile").status_code == 302
    failed = _events("auth.login_failed")
    assert [e.after_json for e in failed][-1].count("reused") == 1


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567", "' OR 1=1 --"])
def test_wrong_or_malformed_codes_are_refused(client, make, code):
    user, totp, _codes = _enrolled(make, "author")
    _password_step(client, user)
    response = client.post("/login/code", data={"code": code})
    assert response.status_code in (401, 422)
    assert client.get("/profile").status_code == 302


def test_a_recovery_code_replaces_the_app_once(client, make):
    user, _totp, codes = _enrolled(make, "author")
    _password_step(client, user)
    assert client.post("/login/code", data={"code": codes[3].lower()}).status_code == 302
    assert client.get("/profile").status_code == 200
    client.post("/logout")
    _password_step(client, user)
    assert client.post("/login/code", data={"code": codes[3]}).status_code == 401
    assert two_factor.recovery_codes_left(db.session.get(User, user.id)) == 9


def test_the_code_page_without_the_password_step_sends_to_login(client, make):
    _enrolled(make, "author")
    response = client.post("/login/code", data={"code": "123456"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_role_that_requires_it_sends_the_user_to_enrol_before_anything_else(client, make, login):
    admin = login(make.user("admin"))
    assert client.post("/admin/two-factor", data={"roles": ["admin", "quality_owner"]}).status_code == 302
    assert two_factor.required_roles() == {"admin", "quality_owner"}
    assert [e.actor_id for e in _events("auth.two_factor_policy")] == [admin.id]
    client.post("/logout")
    owner = make.user("quality_owner", "author")
    _password_step(client, owner)
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/profile/two-factor")
    page = client.get("/profile/two-factor").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    client.post("/profile/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert client.get("/").status_code == 200
    # It cannot be turned off while the role requires it.
    client.post("/profile/two-factor", data={"code": pyotp.TOTP(secret).at(time.time() + 30)})
    db.session.expire_all()
    assert two_factor.enabled(db.session.get(User, owner.id))
    # A reader is not asked.
    client.post("/logout")
    reader = make.user()
    _password_step(client, reader)
    assert client.get("/").status_code == 200


def test_the_owner_turns_it_off_with_a_fresh_code(client, make, login):
    user, totp, _codes = _enrolled(make, "author")
    login(user)
    response = client.post("/profile/two-factor", data={"code": _next_code(totp)})
    assert response.status_code == 302
    db.session.expire_all()
    assert not two_factor.enabled(db.session.get(User, user.id))
    assert len(_events("auth.two_factor_disable")) == 1


def test_an_unknown_role_in_the_policy_changes_nothing(client, make, login):
    login(make.user("admin"))
    response = client.post("/admin/two-factor", data={"roles": ["admin", "boss"]})
    assert response.status_code == 422
    assert two_factor.required_roles() == set()


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("author", 403), ("quality_owner", 403), ("admin", 200)])
def test_only_administrators_set_the_policy(client, make, login, role, status):
    if role is not None:
        login(make.user(role))
    assert client.get("/admin/two-factor").status_code == status
    assert client.get("/profile/two-factor").status_code == (302 if role is None else 200)
    assert client.get("/login/code").status_code == 302


@pytest.fixture
def admins_only(app_config):
    app_config["LOCAL_LOGIN"] = "admins"
    return app_config


def test_local_login_for_administrators_only(admins_only, client, make):
    author, admin = make.user("author"), make.user("admin")
    page = client.post("/login", data={"email": author.email, "password": PASSWORD}, follow_redirects=True)
    assert "Kirjaudu organisaation tunnuksella." in page.get_data(as_text=True)
    assert client.get("/profile").status_code == 302
    assert client.post("/login", data={"email": admin.email, "password": PASSWORD}).status_code == 302
    assert client.get("/profile").status_code == 200


def test_an_administrator_turns_off_a_lost_second_factor_from_the_command_line(runner, client, make):
    user, _totp, _codes = _enrolled(make, "author")
    result = runner.invoke(args=["users", "two-factor-off", user.email])
    assert result.exit_code == 0 and "is off" in result.output
    db.session.expire_all()
    assert not two_factor.enabled(db.session.get(User, user.id))
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).headers["Location"].endswith("/")
    assert runner.invoke(args=["users", "two-factor-off", "nobody@example.org"]).exit_code != 0
