"""Account services: the last administrator stays, even when two admins demote each other at once."""

from __future__ import annotations

import threading

import pytest

from registry.auth import services
from registry.auth.models import User
from registry.errors import ConflictError
from registry.extensions import db


def _demote(app, actor_id: int, target_id: int, barrier: threading.Barrier, results: list) -> None:
    with app.app_context():
        try:
            actor, target = db.session.get(User, actor_id), db.session.get(User, target_id)
            db.session.rollback()
            barrier.wait(timeout=10)
            services.update_user(actor, target, name=target.display_name, locale="fi", roles=["reader"], unit_codes=[])
            db.session.commit()
            results.append("demoted")
        except ConflictError:
            db.session.rollback()
            results.append("refused")
        finally:
            db.session.remove()


def test_two_admins_demoting_each_other_at_once_leave_one_admin(app, make):
    first, second = make.user("admin"), make.user("admin")
    ids = first.id, second.id
    db.session.rollback()
    barrier, results = threading.Barrier(2), []
    threads = [
        threading.Thread(target=_demote, args=(app, ids[0], ids[1], barrier, results)),
        threading.Thread(target=_demote, args=(app, ids[1], ids[0], barrier, results)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["demoted", "refused"]
    db.session.expire_all()
    admins = [u for u in db.session.execute(db.select(User)).scalars() if "admin" in u.roles]
    assert len(admins) == 1


def test_deactivating_a_deactivated_user_is_refused(app, make):
    admin, user = make.user("admin"), make.user("author")
    services.deactivate_user(admin, user)
    db.session.commit()
    with pytest.raises(ConflictError):
        services.deactivate_user(admin, user)
    db.session.rollback()
    services.reactivate_user(admin, user)
    db.session.commit()
    assert db.session.get(User, user.id).active


def test_password_reset_ends_sessions_and_checks_length(app, make):
    from registry.errors import ValidationError

    admin, user = make.user("admin"), make.user("author")
    epoch = user.session_epoch
    with pytest.raises(ValidationError):
        services.reset_password(admin, user, "short")
    services.reset_password(admin, user, "a-brand-new-password")
    db.session.commit()
    assert user.session_epoch == epoch + 1
    assert services.load_session_user(f"{user.id}:{epoch}") is None
    assert services.authenticate(user.email, "a-brand-new-password") is not None


LONG_EMAIL = "a" * 243 + "@example.org"  # 255 characters, one past the column


@pytest.mark.parametrize(
    "email, name, field",
    [
        (LONG_EMAIL, "Maija", "email"),
        ("maija@example.org", "M" * 201, "name"),
        ("maija@example.org", " " + "M" * 200 + " ", None),
        (LONG_EMAIL[1:], "Maija", None),
    ],
)
def test_create_user_refuses_an_email_or_name_longer_than_its_column(app, email, name, field):
    from registry.errors import ValidationError

    if field is None:
        user = services.create_user(None, email, name, "pitkä-salasana-1", ["reader"])
        db.session.commit()
        assert len(user.email) == len(email.strip()) and len(user.display_name) == len(name.strip())
        return
    with pytest.raises(ValidationError) as caught:
        services.create_user(None, email, name, "pitkä-salasana-1", ["reader"])
    assert set(caught.value.fields) == {field}
    db.session.rollback()
    assert db.session.execute(db.select(db.func.count(User.id))).scalar() == 0


def test_update_user_refuses_a_name_longer_than_its_column(app, make):
    from registry.errors import ValidationError

    admin, user = make.user("admin"), make.user()
    with pytest.raises(ValidationError) as caught:
        services.update_user(admin, user, name="M" * 201, locale="fi", roles=["reader"], unit_codes=[])
    assert set(caught.value.fields) == {"name"}
