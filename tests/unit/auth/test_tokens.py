"""API tokens record when they were last used, without a write on every request."""

from __future__ import annotations

from datetime import timedelta

from registry.auth import services
from registry.auth.models import ApiToken
from registry.extensions import db


def _last_used(token_id: int):
    db.session.expire_all()
    return db.session.get(ApiToken, token_id).last_used_at


def test_use_is_recorded_and_committed_at_most_every_interval(app, make, client):
    user = make.user()
    token = services.create_api_token(None, user, "seuranta")
    db.session.commit()
    token_id = db.session.execute(db.select(ApiToken.id)).scalar_one()
    assert _last_used(token_id) is None

    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/documents", headers=headers).status_code == 200
    first = _last_used(token_id)
    assert first is not None  # committed although the request only read

    assert client.get("/api/v1/documents", headers=headers).status_code == 200
    assert _last_used(token_id) == first  # within the interval: no new write

    older = first - services.TOKEN_TOUCH_INTERVAL - timedelta(seconds=1)
    db.session.execute(db.update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=older))
    db.session.commit()
    assert client.get("/api/v1/documents", headers=headers).status_code == 200
    assert _last_used(token_id) > older
