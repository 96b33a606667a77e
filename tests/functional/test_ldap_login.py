"""Sign-in through LDAP against a real OpenLDAP slapd: accounts, roles and units, and the attack list."""

from __future__ import annotations

import json
import socket
import uuid
from datetime import timedelta

import pytest

from registry import create_app
from registry.audit.models import AuditEvent
from registry.auth import ldap
from registry.auth.models import User
from registry.auth.services import DirectoryNotAnswering, LoginRefused, create_api_token, sign_in
from registry.config import ConfigError
from registry.db import utcnow
from registry.extensions import db
from registry.workflow import approvals
from registry.workflow.signatures import SignatureRejected
from tests.conftest import PASSWORD
from tests.ldap_server import (
    AUTHORS_GROUP,
    PEOPLE,
    QUALITY_GROUP,
    UNIT_GROUP,
    lamppu_settings,
    slapd_available,
    start_slapd,
)

pytestmark = pytest.mark.skipif(not slapd_available(), reason="Debian's slapd and ldap-utils are not installed")


@pytest.fixture(scope="session")
def slapd(tmp_path_factory):
    directory = start_slapd(tmp_path_factory.mktemp("slapd"))
    yield directory
    directory.stop()


@pytest.fixture
def app_config(app_config, slapd):
    return app_config | lamppu_settings(slapd)


def _login(client, login, password):
    return client.post("/login", data={"email": login, "password": password}, follow_redirects=True)


def _user(email):
    return db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()


def _events(action):
    return db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action)).scalars().all()


def _person(slapd, groups=()):
    uid = f"p{uuid.uuid4().hex[:8]}"
    dn = slapd.add_person(uid, "Pekka Puupää", "pekan-salasana", f"{uid}@example.org", groups)
    return uid, dn


def test_first_directory_login_creates_the_user_with_roles_and_units_from_groups(client, make):
    make.unit("KAS", "Kasvatus ja ohjaus")
    response = _login(client, "maija", "maijan-salasana")
    assert response.request.path == "/documents" or "Kirjaudu ulos" in response.get_data(as_text=True)
    user = _user("maija@example.org")
    assert user is not None and user.auth_source == "ldap"
    assert user.display_name == "Maija Meikäläinen"
    assert user.directory_dn == f"uid=maija,{PEOPLE}"
    assert user.roles == {"reader", "author", "quality_owner"}
    assert [u.code for u in user.units] == ["KAS"]
    assert not user.check_password("maijan-salasana")  # the directory keeps the password, not Lamppu
    created = _events("user.create")
    assert len(created) == 1 and created[0].actor_label == "directory"
    assert json.loads(created[0].after_json)["roles"] == ["author", "quality_owner", "reader"]
    assert [e.actor_id for e in _events("auth.login")] == [user.id]


def test_directory_user_signs_in_with_the_email_address_too(client):
    _login(client, "olli@example.org", "ollin-salasana")
    user = _user("olli@example.org")
    assert user is not None and user.roles == {"reader", "author"}
    assert client.get("/profile").status_code == 200


def test_roles_and_units_follow_the_groups_at_every_login_each_change_audited(client, slapd, make):
    make.unit("KAS", "Kasvatus ja ohjaus")
    uid, dn = _person(slapd, [QUALITY_GROUP])
    _login(client, uid, "pekan-salasana")
    user = _user(f"{uid}@example.org")
    assert user.roles == {"reader", "author", "quality_owner"} and user.units == []
    client.post("/logout")
    slapd.leave(dn, QUALITY_GROUP)
    slapd.join(dn, UNIT_GROUP)
    _login(client, uid, "pekan-salasana")
    db.session.expire_all()
    user = _user(f"{uid}@example.org")
    assert user.roles == {"reader"}
    assert [u.code for u in user.units] == ["KAS"]
    change = [e for e in _events("user.roles_change") if e.object_id == str(user.id)]
    assert len(change) == 1 and change[0].actor_label == "directory"
    assert json.loads(change[0].before_json) == {"roles": ["author", "quality_owner", "reader"]}
    assert json.loads(change[0].after_json) == {"roles": ["reader"]}
    units = [e for e in _events("user.update") if e.object_id == str(user.id)]
    assert json.loads(units[-1].after_json)["units"] == ["KAS"]


def test_wrong_directory_password_is_refused_and_recorded(client):
    page = _login(client, "maija", "not-her-password").get_data(as_text=True)
    assert "Väärä sähköpostiosoite, käyttäjätunnus tai salasana." in page
    assert _user("maija@example.org") is None
    assert len(_events("auth.login_failed")) == 1


@pytest.mark.parametrize("login", ["*)(uid=*", "maij*", "*", "maija)(uid=*", "(uid=maija)", "maija\\2a"])
def test_filter_injection_in_the_login_name_signs_nobody_in(client, login):
    page = _login(client, login, "maijan-salasana").get_data(as_text=True)
    assert "Väärä sähköpostiosoite, käyttäjätunnus tai salasana." in page
    assert db.session.execute(db.select(db.func.count()).select_from(User)).scalar() == 0
    assert client.get("/profile").status_code in (302, 401)


def test_a_login_name_with_filter_characters_is_escaped_not_stripped(client, slapd):
    slapd.add_person("tt(a*b)", "Teija Testaaja", "teijan-salasana", "teija@example.org")
    _login(client, "tt(a*b)", "teijan-salasana")
    assert _user("teija@example.org") is not None


def test_empty_password_is_refused_before_any_bind(app_config):
    # Point the directory at a port where nothing listens: any connection attempt would say so.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    app = create_app(app_config | {"LDAP_URL": f"ldap://127.0.0.1:{closed_port}"})
    with app.app_context():
        with pytest.raises(LoginRefused) as refused:
            sign_in("maija", "")
        assert str(refused.value.message) == "Anna salasanasi."
        with pytest.raises(DirectoryNotAnswering):  # the same login with a password does try the directory
            sign_in("maija", "x")
        db.session.remove()
        db.engine.dispose()


def test_empty_password_never_reaches_the_real_directory(slapd):
    settings = ldap.settings_from_config(lamppu_settings(slapd) | {"LDAP_USER_FILTER": "(uid={login})"})
    assert ldap.authenticate(settings, "maija", "") is None
    assert ldap.authenticate(settings, "maija", "maijan-salasana") is not None


def test_a_directory_that_does_not_answer_gives_a_clear_message_and_local_admins_still_sign_in(app_config, make):
    # A socket that accepts connections (the kernel's backlog) but never answers a request.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    try:
        app = create_app(app_config | {"LDAP_URL": f"ldap://127.0.0.1:{silent.getsockname()[1]}", "LDAP_TIMEOUT": 1})
        with app.app_context():
            admin = make.user("admin", email="paakayttaja@example.org")
            client = app.test_client()
            page = _login(client, "maija", "maijan-salasana").get_data(as_text=True)
            assert "Käyttäjähakemisto ei vastaa" in page
            failed = _events("auth.login_failed")
            assert json.loads(failed[0].after_json)["why"] == "directory_unavailable"
            _login(client, admin.email, PASSWORD)
            assert client.get("/profile").status_code == 200
            db.session.remove()
            db.engine.dispose()
    finally:
        silent.close()


@pytest.mark.parametrize("raw", ['{"cn=x,dc=example,dc=org": ["boss"]}', '{"cn=x,dc=example,dc=org": "boss"}'])
def test_a_group_mapping_naming_an_unknown_role_stops_the_start_naming_the_setting(app_config, raw, monkeypatch):
    monkeypatch.setenv("LAMPPU_LDAP_ROLE_GROUPS", raw)
    config = {k: v for k, v in app_config.items() if k != "LDAP_ROLE_GROUPS"}
    with pytest.raises(ConfigError) as error:
        create_app(config)
    assert "LAMPPU_LDAP_ROLE_GROUPS" in str(error.value) and "boss" in str(error.value)


@pytest.mark.parametrize(
    ("key", "value", "named"),
    [
        ("LDAP_ROLE_GROUPS", "{not json", "LAMPPU_LDAP_ROLE_GROUPS"),
        ("LDAP_UNIT_GROUPS", "[1, 2]", "LAMPPU_LDAP_UNIT_GROUPS"),
        ("LDAP_URL", "http://directory.example.org", "LAMPPU_LDAP_URL"),
        ("LDAP_USER_FILTER", "(uid=%s)", "LAMPPU_LDAP_USER_FILTER"),
        ("LDAP_USER_BASE", "", "LAMPPU_LDAP_USER_BASE"),
    ],
)
def test_other_unusable_ldap_settings_stop_the_start_naming_the_setting(app_config, key, value, named):
    with pytest.raises(ConfigError) as error:
        create_app(app_config | {key: value})
    assert named in str(error.value)


def test_a_person_removed_from_the_directory_loses_sign_in_and_api_tokens(app, client, slapd):
    uid, dn = _person(slapd, [AUTHORS_GROUP])
    _login(client, uid, "pekan-salasana")
    user = _user(f"{uid}@example.org")
    token = create_api_token(user, user, "ci")
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/documents", headers=headers).status_code == 200
    slapd.delete(dn)
    # Within the re-check interval the token is trusted; once it has passed, the directory is asked.
    assert client.get("/api/v1/documents", headers=headers).status_code == 200
    user.directory_checked_at = utcnow() - timedelta(minutes=app.config["LDAP_RECHECK_MINUTES"] + 1)
    db.session.commit()
    response = client.get("/api/v1/documents", headers=headers)
    assert response.status_code == 401
    db.session.expire_all()
    user = _user(f"{uid}@example.org")
    assert not user.active
    event = [e for e in _events("user.deactivate") if e.object_id == str(user.id)][0]
    assert event.actor_label == "directory" and event.reason == "removed from the directory"
    assert client.get("/profile").status_code == 302  # the session ended with the deactivation
    page = _login(client, uid, "pekan-salasana").get_data(as_text=True)
    assert "Väärä sähköpostiosoite, käyttäjätunnus tai salasana." in page


def test_a_person_disabled_in_the_directory_can_no_longer_sign_in(client, slapd):
    uid, dn = _person(slapd)
    _login(client, uid, "pekan-salasana")
    assert _user(f"{uid}@example.org").active
    client.post("/logout")
    slapd.lock(dn)
    page = _login(client, uid, "pekan-salasana").get_data(as_text=True)
    assert "Väärä sähköpostiosoite, käyttäjätunnus tai salasana." in page
    db.session.expire_all()
    assert not _user(f"{uid}@example.org").active
    assert client.get("/profile").status_code == 302


def test_a_local_account_with_the_directory_email_becomes_a_directory_account(client, make):
    local = make.user("approver", email="olli@example.org")
    _login(client, "olli", "ollin-salasana")
    db.session.expire_all()
    user = db.session.get(User, local.id)
    assert user.auth_source == "ldap" and user.roles == {"reader", "author"}
    assert not user.check_password(PASSWORD)
    assert len(_events("user.directory_link")) == 1


def test_a_local_administrator_is_never_handed_to_the_directory(client, make):
    admin = make.user("admin", email="maija@example.org")
    page = _login(client, "maija", "maijan-salasana").get_data(as_text=True)
    assert "Väärä sähköpostiosoite, käyttäjätunnus tai salasana." in page
    db.session.expire_all()
    assert db.session.get(User, admin.id).auth_source == "local"
    _login(client, "maija@example.org", PASSWORD)
    assert client.get("/profile").status_code == 200


def test_a_server_that_answers_something_other_than_ldap_is_a_directory_that_does_not_answer(app_config):
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)

    def answer_nonsense():
        conn, _ = server.accept()
        with conn:
            conn.recv(1024)
            conn.sendall(b"\x30\x05\x02\x01\x01\x74\x00HTTP/1.0 400 Bad Request\r\n\r\n")

    thread = threading.Thread(target=answer_nonsense, daemon=True)
    thread.start()
    try:
        settings = ldap.settings_from_config(
            app_config
            | {
                "LDAP_URL": f"ldap://127.0.0.1:{server.getsockname()[1]}",
                "LDAP_TIMEOUT": 2,
                "LDAP_USER_FILTER": "(uid={login})",
            }
        )
        with pytest.raises(ldap.DirectoryUnavailable):
            ldap.authenticate(settings, "maija", "maijan-salasana")
    finally:
        thread.join(5)
        server.close()


def test_a_directory_user_signs_an_approval_with_the_directory_password(slapd, make):
    uid, _dn = _person(slapd, groups=(QUALITY_GROUP,))
    approver = sign_in(uid, "pekan-salasana")
    author = make.user("author")
    version = make.draft(author)
    approvals.submit_version(author, version, approvers=[approver], change_type="major", change_summary="Uusi")
    # Lamppu's own (unusable) password is not the directory's: only the directory password signs.
    with pytest.raises(SignatureRejected):
        approvals.approve_version(approver, version, password=PASSWORD, meaning="content_owner")
    approvals.approve_version(approver, version, password="pekan-salasana", meaning="content_owner")
    assert version.state == "approved"
