"""Structured logs: one JSON line per request and per error, with no secrets in them."""

from __future__ import annotations

import json

import pytest
from flask import g

from tests.conftest import PASSWORD


def _lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


def test_one_json_line_per_request_with_request_id_and_user(client, make, login, capsys):
    user = login(make.user("author"))
    client.get("/profile", headers={"X-Request-Id": "abc123"})
    entries = [e for e in _lines(capsys.readouterr().err) if e["logger"] == "lamppu.request"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["method"] == "GET" and entry["path"] == "/profile" and entry["status"] == 200
    assert entry["request_id"] == "abc123" and entry["user_id"] == user.id
    assert isinstance(entry["duration_ms"], float)


def test_no_password_token_or_authorization_header_in_logs(app, client, make, capsys):
    from registry.auth.services import create_api_token
    from registry.extensions import db

    user = make.user("author", email="salainen@example.org")
    token = create_api_token(None, user, "ci")
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = False
    client.post("/login?next=/profile", data={"email": "salainen@example.org", "password": PASSWORD})
    g.pop("_login_user", None)
    client.get(f"/api/v1/documents?token={token}", headers={"Authorization": f"Bearer {token}"})
    client.get("/api/v1/documents", headers={"Authorization": "Bearer lmp_wrong-token-value"})
    err = capsys.readouterr().err
    assert len([e for e in _lines(err) if e["logger"] == "lamppu.request"]) == 3
    for secret in (PASSWORD, token, "lmp_wrong-token-value", "Bearer"):
        assert secret not in err


def test_unhandled_error_is_one_json_line_with_request_id(app, client, capsys):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("kaboom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom-for-test", headers={"X-Request-Id": "req-500"})
    assert response.status_code == 500
    entries = _lines(capsys.readouterr().err)
    error = next(e for e in entries if e["level"] == "error")
    assert error["request_id"] == "req-500" and "kaboom" in error["exception"]
    request_line = next(e for e in entries if e["logger"] == "lamppu.request")
    assert request_line["status"] == 500


@pytest.mark.parametrize("level", ["WARNING", "nonsense"])
def test_log_level_from_config(level, tmp_path):
    import logging

    from registry import create_app

    app = create_app({"INSTANCE_PATH": str(tmp_path / "i"), "SQLALCHEMY_DATABASE_URI": "sqlite://", "LOG_LEVEL": level})
    expected = logging.WARNING if level == "WARNING" else logging.INFO
    assert logging.getLogger("lamppu.request").level == expected
    assert app.logger.level == expected


def test_behind_a_trusted_proxy_the_client_address_is_forwarded(tmp_path):
    from flask import request

    from registry import create_app

    for hops, expected in ((0, "127.0.0.1"), (1, "203.0.113.7")):
        app = create_app(
            {
                "INSTANCE_PATH": str(tmp_path / f"i{hops}"),
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "TRUSTED_PROXIES": hops,
            }
        )
        app.add_url_rule("/whoami-test", "whoami", lambda: request.remote_addr)
        response = app.test_client().get("/whoami-test", headers={"X-Forwarded-For": "203.0.113.7"})
        assert response.get_data(as_text=True) == expected
