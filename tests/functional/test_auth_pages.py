from __future__ import annotations

import re

import pytest

from registry.audit.models import AuditEvent
from registry.extensions import db
from tests.conftest import PASSWORD


@pytest.fixture
def csrf_on(app_config):
    app_config["WTF_CSRF_ENABLED"] = True


def test_login_through_the_real_form_with_csrf(csrf_on, app, make):
    user = make.user("author")
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    assert "Asiakirjarekisteri" in client.get("/").get_data(as_text=True)


def test_forged_csrf_is_refused_and_logs_nobody_in(csrf_on, app, make):
    user = make.user()
    client = app.test_client()
    client.get("/login")
    response = client.post("/login", data={"csrf_token": "forged", "email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Lomake ehti vanhentua tai sitä ei lähetetty Lampusta" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still anonymous


def test_wrong_password_gets_a_message_and_is_recorded(client, make):
    user = make.user()
    page = client.post("/login", data={"email": user.email, "password": "nope"}).get_data(as_text=True)
    assert "Väärä sähköpostiosoite tai salasana." in page
    events = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "auth.login_failed")).scalars().all()
    assert len(events) == 1


def _login_events() -> list[AuditEvent]:
    return (
        db.session.execute(db.select(AuditEvent).where(AuditEvent.action.in_(("auth.login", "auth.login_failed"))))
        .scalars()
        .all()
    )


def test_successful_login_is_recorded_with_the_user_as_actor(client, make):
    user = make.user()
    response = client.post("/login", data={"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    (event,) = _login_events()
    assert event.action == "auth.login"
    assert (event.actor_id, event.actor_label) == (user.id, user.email)
    assert (event.object_type, event.object_id) == ("user", str(user.id))
    assert event.remote_addr == "127.0.0.1"


def test_right_password_of_a_deactivated_user_is_a_failed_login(client, make):
    from registry.auth.services import deactivate_user

    user = make.user()
    deactivate_user(None, user)
    db.session.commit()
    page = client.post("/login", data={"email": user.email, "password": PASSWORD}).get_data(as_text=True)
    assert "Väärä sähköpostiosoite tai salasana." in page
    (event,) = _login_events()
    assert event.action == "auth.login_failed"
    assert (event.actor_id, event.actor_label, event.object_id) == (None, user.email, str(user.id))


def test_repeated_failures_are_slowed_down(app_config, make):
    app_config.update(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    from registry import create_app

    app = create_app(app_config)
    client = app.test_client()
    statuses = [client.post("/login", data={"email": "x@example.org", "password": "bad"}).status_code for _ in range(5)]
    page = client.post("/login", data={}).get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]
    assert "Liian monta yritystä" in page


def test_next_redirect_only_to_local_paths(client, make):
    user = make.user()
    for target, expected in [
        ("/d/TO-001", "/d/TO-001"),
        ("https://evil.example/", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
    ]:
        client.post("/logout")
        response = client.post("/login", data={"email": user.email, "password": PASSWORD, "next": target})
        assert response.headers["Location"] == expected, target


def test_logout_requires_post_and_ends_the_session(client, make, login):
    login(make.user())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_security_headers_and_cookie_flags(csrf_on, client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_deactivated_or_epoch_bumped_user_loses_the_session(client, make, login):
    user = make.user()
    login(user)
    assert client.get("/").status_code == 200
    user.session_epoch += 1
    db.session.commit()
    assert client.get("/").status_code == 302


def test_profile_creates_a_token_shown_once_and_revokes_it(client, make, login):
    login(make.user())
    page = client.post("/profile", data={"name": "intranet"}).get_data(as_text=True)
    token = re.search(r'<code class="token">(lmp_[^<]+)</code>', page).group(1)
    assert client.get("/api/v1/documents", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert token not in client.get("/profile").get_data(as_text=True)
    from registry.auth.models import ApiToken

    row = db.session.execute(db.select(ApiToken)).scalar_one()
    client.post(f"/profile/tokens/{row.id}/revoke")
    assert client.get("/api/v1/documents", headers={"Authorization": f"Bearer {token}"}).status_code == 401
