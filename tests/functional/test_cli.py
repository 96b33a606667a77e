from __future__ import annotations

from registry.auth.models import ApiToken, User
from registry.auth.services import user_for_token
from registry.extensions import db


def test_users_create_with_password_option(runner, make):
    unit = make.unit("OPPI")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "maija@example.org",
            "--name",
            "Maija Meikäläinen",
            "--role",
            "author",
            "--role",
            "approver",
            "--unit",
            unit.code,
            "--password",
            "pitkä-salasana-1",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(User).where(User.email == "maija@example.org")).scalar_one()
    assert user.roles == {"author", "approver"} and [u.code for u in user.units] == ["OPPI"]


def test_users_create_reads_password_from_stdin(runner):
    result = runner.invoke(
        args=["users", "create", "ville@example.org", "--name", "Ville", "--role", "reader"],
        input="salasana-stdin-123\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.execute(db.select(User).where(User.email == "ville@example.org")).scalar_one()
    assert user.check_password("salasana-stdin-123")


def test_users_create_refuses_bad_input_and_changes_nothing(runner, make):
    make.user(email="olemassa@example.org")
    for args in (
        ["olemassa@example.org", "--name", "X", "--role", "reader", "--password", "pitkä-salasana-1"],
        ["uusi@example.org", "--name", "X", "--role", "kuningas", "--password", "pitkä-salasana-1"],
        ["uusi@example.org", "--name", "X", "--role", "reader", "--password", "lyhyt"],
        ["ei-osoite", "--name", "X", "--role", "reader", "--password", "pitkä-salasana-1"],
        ["uusi@example.org", "--name", "X" * 201, "--role", "reader", "--password", "pitkä-salasana-1"],
        ["u" * 243 + "@example.org", "--name", "X", "--role", "reader", "--password", "pitkä-salasana-1"],
    ):
        result = runner.invoke(args=["users", "create", *args])
        assert result.exit_code != 0
        assert "Error" in result.output
    assert db.session.execute(db.select(db.func.count(User.id))).scalar() == 1


def test_users_token_prints_a_working_token_once(runner, make):
    user = make.user()
    result = runner.invoke(args=["users", "token", user.email])
    assert result.exit_code == 0
    token = result.output.strip()
    assert user_for_token(token).id == user.id
    stored = db.session.execute(db.select(ApiToken)).scalar_one()
    assert token not in stored.token_hash


def test_users_token_unknown_email_fails(runner):
    result = runner.invoke(args=["users", "token", "nobody@example.org"])
    assert result.exit_code != 0 and "No user" in result.output


def _assert_created_with_audit_events(model, action: str, count: int) -> None:
    from registry.audit.models import AuditEvent

    ids = set(db.session.execute(db.select(model.id)).scalars())
    events = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action)).scalars().all()
    assert len(ids) == count and {int(e.object_id) for e in events} == ids


def _assert_demo_self_assessment():
    """Both shipped frameworks, and the completed self-assessment of the LAMPPU year against EQAVET."""
    from registry.evaluation import services as evaluation
    from registry.evaluation.evidence import criterion_evidence

    assert [f.code for f in evaluation.list_frameworks()] == ["EQAVET", "KARVI-LH"]
    (assessment,) = evaluation.list_assessments()
    assert assessment.framework.code == "EQAVET" and assessment.is_completed
    assert (assessment.period_start.isoformat(), assessment.period_end.isoformat()) == ("2012-01-01", "2012-12-31")
    assert len(assessment.rows) == len(evaluation.leaf_ids(assessment.framework)) == 16
    assert all(r.level_code and r.justification for r in assessment.rows)
    evidence = criterion_evidence(assessment.created_by, assessment, assessment.period_end)
    linked = {d.document.code for item in evidence for d in item.documents}
    assert {"LS-001", "TK-002", "TO-002"} <= linked
    assert any(d.changes for item in evidence for d in item.documents)  # versions that took effect in 2012


def test_demo_load_builds_the_organisation_through_imports(runner):
    from registry.audit.models import AuditEvent
    from registry.auth.models import Unit
    from registry.documents.models import Document, DocumentType, DocumentVersion

    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "laatu@kao.example" in result.output
    documents = db.session.execute(db.select(Document)).scalars().all()
    assert 26 <= len(documents) <= 40
    effective = (
        db.session.execute(db.select(DocumentVersion).where(DocumentVersion.state == "effective")).scalars().all()
    )
    withdrawn = [d for d in documents if d.is_withdrawn]
    assert len(withdrawn) == 1 and len(effective) == len(documents) - 1
    imports = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "version.import")).scalars().all()
    versions = db.session.execute(db.select(DocumentVersion).where(DocumentVersion.imported.is_(True))).scalars().all()
    assert len(imports) == len(versions) > len(documents)
    _assert_created_with_audit_events(Unit, "unit.create", 7)
    _assert_created_with_audit_events(DocumentType, "document_type.create", 7)
    _assert_demo_self_assessment()
    db.session.rollback()  # end this test's read transaction before the command migrates
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code != 0 and "not empty" in again.output
