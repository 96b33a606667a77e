"""Every administration route under every role, and the admin pages' refusals of bad input."""

from __future__ import annotations

import json
import re

import pytest
from flask import g

from registry.audit.models import AuditEvent
from registry.auth.models import ApiToken, Unit, User
from registry.documents.models import DocumentType
from registry.extensions import db

# Every admin route (and /healthz) is requested under every role below (see test_route_roles.py).
ROUTE_ENDPOINTS = {
    "admin.status",
    "admin.users",
    "admin.create_user",
    "admin.user",
    "admin.reset_password",
    "admin.revoke_token",
    "admin.deactivate_user",
    "admin.reactivate_user",
    "admin.units",
    "admin.unit",
    "admin.types",
    "admin.doc_type",
    "admin.healthz",
}
ROLES = ["anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin"]


@pytest.fixture
def world(make):
    admin = make.user("admin", email="admin@example.org")
    target = make.user("author", email="target@example.org")
    unit = make.unit("OPS", "Opetuspalvelut")
    doc_type = make.doc_type("TO")
    from registry.auth.services import create_api_token

    create_api_token(None, target, "ci")
    db.session.commit()
    token = db.session.execute(db.select(ApiToken)).scalar_one()
    return {"admin": admin, "target": target, "unit": unit, "type": doc_type, "token": token}


def _routes(w) -> list[tuple[str, str, dict | None, int]]:
    """(method, url, form data, status for an admin)."""
    uid, tid = w["target"].id, w["token"].id
    return [
        ("GET", "/admin/", None, 200),
        ("GET", "/admin/users", None, 200),
        ("GET", "/admin/users/new", None, 200),
        (
            "POST",
            "/admin/users/new",
            {
                "email": "new@example.org",
                "name": "Uusi",
                "roles": ["reader"],
                "locale": "fi",
                "password": "long-enough-password",
            },
            302,
        ),
        ("GET", f"/admin/users/{uid}", None, 200),
        ("POST", f"/admin/users/{uid}", {"name": "Kohde", "locale": "en", "roles": ["author"]}, 302),
        ("POST", f"/admin/users/{uid}/password", {"password": "another-long-password"}, 302),
        ("POST", f"/admin/tokens/{tid}/revoke", {}, 302),
        ("POST", f"/admin/users/{uid}/deactivate", {"reason": "left"}, 302),
        ("POST", f"/admin/users/{uid}/reactivate", {}, 302),
        ("GET", "/admin/units", None, 200),
        ("POST", "/admin/units", {"code": "TEK", "name": "Tekniikka"}, 302),
        ("GET", f"/admin/units/{w['unit'].id}", None, 200),
        ("POST", f"/admin/units/{w['unit'].id}", {"code": "OPS", "name": "Opetus"}, 302),
        ("GET", "/admin/types", None, 200),
        (
            "POST",
            "/admin/types",
            {"prefix": "LO", "name_fi": "Lomake", "name_en": "Form", "review_interval_months": "24"},
            302,
        ),
        ("GET", f"/admin/types/{w['type'].id}", None, 200),
        (
            "POST",
            f"/admin/types/{w['type'].id}",
            {"name_fi": "Toimintaohje", "name_en": "Instruction", "review_interval_months": "6"},
            302,
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_admin_routes_by_role(role, world, make, client, login):
    if role == "admin":
        login(world["admin"])
    elif role != "anonymous":
        login(make.user(role))
    events_before = db.session.execute(db.select(db.func.count(AuditEvent.id))).scalar_one()
    for method, url, data, admin_status in _routes(world):
        response = client.open(url, method=method, data=data)
        expected = admin_status if role == "admin" else 302 if role == "anonymous" else 403
        assert response.status_code == expected, (method, url, response.status_code)
        if role == "anonymous":
            assert "/login" in response.headers["Location"]
    events_after = db.session.execute(db.select(db.func.count(AuditEvent.id))).scalar_one()
    if role != "admin":
        assert events_after == events_before  # nothing changed for anyone else


@pytest.mark.parametrize("role", ROLES)
def test_admin_nav_link_only_for_admins(role, world, make, client, login):
    if role == "anonymous":
        return
    login(world["admin"] if role == "admin" else make.user(role))
    page = client.get("/profile").get_data(as_text=True)
    assert ('href="/admin/"' in page) == (role == "admin")


def test_healthz_is_public_json(client, world):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is True and body["database"]["ok"] is True
    assert body["search_index"] in ({"status": "not configured"},) or "pending_changes" in body["search_index"]
    assert body["disk"]["free_bytes"] > 0


def test_healthz_503_when_disk_low(app, client, world):
    app.config["HEALTH_MIN_FREE_BYTES"] = 1 << 62
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["disk"]["ok"] is False


def test_status_page_shows_health(client, login, world):
    login(world["admin"])
    page = client.get("/admin/").get_data(as_text=True)
    assert "GiB" in page and "/healthz" in page


def _count(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"email": "target@example.org", "name": "Tupla", "roles": ["reader"]}, "already exists"),
        ({"email": "x@example.org", "name": "X", "roles": ["wizard"]}, "Unknown role: wizard"),
        ({"email": "not-an-email", "name": "X", "roles": ["reader"]}, "valid email"),
        ({"email": "y@example.org", "name": "Y", "roles": ["reader"], "password": "short"}, "at least 10"),
        ({"email": "z@example.org", "name": "Z", "roles": ["reader"], "units": ["NOPE"]}, "Unknown unit: NOPE"),
    ],
)
def test_create_user_refuses_bad_input(data, message, client, login, world):
    login(world["admin"])
    client.get("/lang/en")
    users, events = _count(User), _count(AuditEvent)
    response = client.post("/admin/users/new", data={"locale": "fi", **data})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert (_count(User), _count(AuditEvent)) == (users, events)


def test_create_user_without_password_shows_generated_one_once(client, login, world):
    login(world["admin"])
    response = client.post(
        "/admin/users/new", data={"email": "gen@example.org", "name": "Gen", "roles": ["reader"], "locale": "fi"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)

    from registry.auth.services import authenticate

    password = re.search(r'<code class="token">([^<]+)</code>', page).group(1)
    assert authenticate("gen@example.org", password) is not None


def test_unknown_role_on_edit_changes_nothing(client, login, world):
    login(world["admin"])
    client.get("/lang/en")
    target = world["target"]
    response = client.post(
        f"/admin/users/{target.id}", data={"name": "Muutettu", "locale": "fi", "roles": ["author", "overlord"]}
    )
    assert response.status_code == 422
    assert "Unknown role: overlord" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, target.id).display_name != "Muutettu"
    assert db.session.get(User, target.id).roles == {"reader", "author"}


def test_last_admin_cannot_drop_own_admin_role_or_deactivate(client, login, world):
    admin = world["admin"]
    login(admin)
    client.get("/lang/en")
    events = _count(AuditEvent)
    response = client.post(f"/admin/users/{admin.id}", data={"name": "A", "locale": "fi", "roles": ["reader"]})
    assert response.status_code == 422
    assert "last active administrator" in response.get_data(as_text=True)
    response = client.post(f"/admin/users/{admin.id}/deactivate", data={}, follow_redirects=True)
    assert "last active administrator" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).active and "admin" in db.session.get(User, admin.id).roles
    assert _count(AuditEvent) == events


def _as(client, method, url, **kwargs):
    # The app fixture keeps one app context (and so one `g`) across requests; forget who was logged in.
    g.pop("_login_user", None)
    g.pop("api_user", None)
    return client.open(url, method=method, **kwargs)


def test_deactivation_ends_sessions_and_tokens(app, world, make):
    target = world["target"]
    from registry.auth.services import create_api_token

    token = create_api_token(None, target, "script")
    db.session.commit()
    user_client, admin_client = app.test_client(), app.test_client()
    for c, u in ((user_client, target), (admin_client, world["admin"])):
        with c.session_transaction() as s:
            s["_user_id"], s["_fresh"] = u.get_id(), True
    bearer = {"Authorization": f"Bearer {token}"}
    assert _as(user_client, "GET", "/profile").status_code == 200
    assert _as(app.test_client(), "GET", "/api/v1/documents", headers=bearer).status_code == 200
    response = _as(admin_client, "POST", f"/admin/users/{target.id}/deactivate", data={"reason": "left"})
    assert response.status_code == 302
    assert _as(user_client, "GET", "/profile").status_code == 302  # the old session is gone
    assert _as(app.test_client(), "GET", "/api/v1/documents", headers=bearer).status_code == 401
    event = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "user.deactivate")).scalar_one()
    assert '"tokens_revoked":2' in event.after_json


def test_role_change_is_its_own_audit_event(client, login, world):
    login(world["admin"])
    target = world["target"]
    client.post(
        f"/admin/users/{target.id}", data={"name": target.display_name, "locale": "fi", "roles": ["reader", "approver"]}
    )
    event = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "user.roles_change")).scalar_one()
    assert event.before_json == '{"roles":["author","reader"]}'
    assert event.after_json == '{"roles":["approver","reader"]}'
    assert event.actor_id == world["admin"].id


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"prefix": "TO", "name_fi": "Toinen", "name_en": "Other", "review_interval_months": "12"},
            "already used by another document type",
        ),
        ({"prefix": "T1", "name_fi": "A", "name_en": "B", "review_interval_months": "12"}, "1-10 letters"),
        ({"prefix": "UU", "name_fi": "A", "name_en": "B", "review_interval_months": "0"}, "Between 1 and 120"),
        ({"prefix": "VV", "name_fi": "", "name_en": "B", "review_interval_months": "12"}, "Name is required"),
    ],
)
def test_document_type_refuses_bad_input(data, message, client, login, world):
    login(world["admin"])
    client.get("/lang/en")
    types, events = _count(DocumentType), _count(AuditEvent)
    response = client.post("/admin/types", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert (_count(DocumentType), _count(AuditEvent)) == (types, events)


def test_document_type_created_and_audited(client, login, world):
    login(world["admin"])
    client.post(
        "/admin/types",
        data={
            "prefix": "ty",
            "name_fi": "Työohje",
            "name_en": "Work instruction",
            "review_interval_months": "24",
            "requires_acknowledgement": "y",
        },
    )
    doc_type = db.session.execute(db.select(DocumentType).where(DocumentType.prefix == "TY")).scalar_one()
    assert doc_type.requires_acknowledgement and doc_type.review_interval_months == 24
    assert db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "document_type.create")).scalar_one()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"code": "OPS", "name": "Toinen"}, "already exists"),
        ({"code": "bad code!", "name": "X"}, "1-20 letters"),
        ({"code": "NEW", "name": "X", "parent": "NOPE"}, "Unknown unit: NOPE"),
    ],
)
def test_unit_refuses_bad_input(data, message, client, login, world):
    login(world["admin"])
    client.get("/lang/en")
    units, events = _count(Unit), _count(AuditEvent)
    response = client.post("/admin/units", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert (_count(Unit), _count(AuditEvent)) == (units, events)


def test_unit_cannot_move_under_its_own_child(client, login, world, make):
    login(world["admin"])
    client.get("/lang/en")
    parent = world["unit"]
    child = make.unit("OPS-A", "Alayksikkö")
    child.parent = parent
    db.session.commit()
    response = client.post(f"/admin/units/{parent.id}", data={"code": "OPS", "name": "Opetus", "parent": "OPS-A"})
    assert response.status_code == 422
    assert "under itself" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, parent.id).parent_id is None


@pytest.mark.parametrize("role", ROLES)
def test_healthz_for_every_role(role, world, make, client, login):
    if role != "anonymous":
        login(world["admin"] if role == "admin" else make.user(role))
    response = client.get("/healthz")
    assert response.status_code == 200 and response.is_json


def _unit_id(code: str) -> int:
    return db.session.execute(db.select(Unit.id).where(Unit.code == code)).scalar_one()


# (change, method-less POST path, form data, audit action, object type, the object's id, a subset of `after`)
ADMIN_CHANGES = [
    (
        "user create",
        lambda w: "/admin/users/new",
        {
            "email": "new@example.org",
            "name": "Uusi",
            "roles": ["reader"],
            "locale": "fi",
            "password": "long-enough-password",
        },
        "user.create",
        "user",
        lambda w: db.session.execute(db.select(User.id).where(User.email == "new@example.org")).scalar_one(),
        {"email": "new@example.org", "roles": ["reader"]},
    ),
    (
        "password reset",
        lambda w: f"/admin/users/{w['target'].id}/password",
        {"password": "another-long-password"},
        "user.password_reset",
        "user",
        lambda w: w["target"].id,
        None,
    ),
    (
        "deactivate",
        lambda w: f"/admin/users/{w['target'].id}/deactivate",
        {"reason": "left"},
        "user.deactivate",
        "user",
        lambda w: w["target"].id,
        {"active": False},
    ),
    (
        "reactivate",
        lambda w: f"/admin/users/{w['target'].id}/reactivate",
        {},
        "user.reactivate",
        "user",
        lambda w: w["target"].id,
        {"active": True},
    ),
    (
        "token revoke",
        lambda w: f"/admin/tokens/{w['token'].id}/revoke",
        {},
        "auth.token_revoke",
        "api_token",
        lambda w: w["token"].id,
        {"user": "target@example.org"},
    ),
    (
        "unit create",
        lambda w: "/admin/units",
        {"code": "TEK", "name": "Tekniikka"},
        "unit.create",
        "unit",
        lambda w: _unit_id("TEK"),
        {"code": "TEK", "name": "Tekniikka"},
    ),
    (
        "unit update",
        lambda w: f"/admin/units/{w['unit'].id}",
        {"code": "OPS", "name": "Opetus"},
        "unit.update",
        "unit",
        lambda w: w["unit"].id,
        {"code": "OPS", "name": "Opetus"},
    ),
    (
        "type update",
        lambda w: f"/admin/types/{w['type'].id}",
        {"name_fi": "Toimintaohje", "name_en": "Instruction", "review_interval_months": "6"},
        "document_type.update",
        "document_type",
        lambda w: w["type"].id,
        {"name_en": "Instruction", "review_interval_months": 6},
    ),
]


@pytest.mark.parametrize(
    "change, path, data, action, object_type, object_id, after", ADMIN_CHANGES, ids=[c[0] for c in ADMIN_CHANGES]
)
def test_admin_change_is_an_audit_event_by_the_admin(
    change, path, data, action, object_type, object_id, after, client, login, world
):
    from registry.auth.services import deactivate_user

    if change == "reactivate":
        deactivate_user(None, world["target"])
        db.session.commit()
    last_seq = db.session.execute(db.select(db.func.max(AuditEvent.seq))).scalar_one()
    login(world["admin"])
    assert client.post(path(world), data=data).status_code == 302
    (event,) = db.session.execute(db.select(AuditEvent).where(AuditEvent.seq > last_seq)).scalars().all()
    assert event.action == action
    assert (event.actor_id, event.actor_label) == (world["admin"].id, "admin@example.org")
    assert (event.object_type, event.object_id) == (object_type, str(object_id(world)))
    recorded = json.loads(event.after_json) if event.after_json else None
    if after is None:
        assert recorded is None
    else:
        assert recorded.items() >= after.items()
    if "password" in data:
        assert data["password"] not in (event.after_json or "") + (event.before_json or "")
