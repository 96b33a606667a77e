"""No event without its change, no change without its event."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from registry.audit.models import AuditEvent
from registry.audit.services import verify_chain
from registry.documents.models import Document, DocumentVersion
from registry.errors import ServiceError, StaleRevisionError, ValidationError
from registry.extensions import db
from tests.conftest import PASSWORD


def _count(model=AuditEvent) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def _last_event() -> AuditEvent:
    return db.session.execute(db.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()


def test_refused_user_creation_leaves_no_event(make):
    from registry.auth.services import create_user

    existing = make.user()
    before = _count()
    with pytest.raises(ValidationError):
        create_user(None, existing.email, "Toinen", PASSWORD, ["reader"])
    db.session.rollback()
    assert _count() == before


def test_import_failing_half_way_leaves_neither_versions_nor_events(make):
    from registry.documents import services as documents
    from registry.workflow import machine as workflow

    importer = make.user("quality_owner")
    make.doc_type("TO")
    before_events, before_docs = _count(), _count(Document)
    fields = documents.validate_document_fields(importer, type_prefix="TO", title="Tuonti")
    good = workflow.ImportedVersion("1.0", "Tuonti", "Eka", datetime(2024, 1, 1, tzinfo=UTC), importer)
    bad = workflow.ImportedVersion("2.0", "", "Toka", datetime(2024, 2, 1, tzinfo=UTC), importer)
    with pytest.raises(ValidationError):
        workflow.import_document(importer, fields, [good, bad])
    # the first version's events were flushed before the refusal; the rollback takes them away
    db.session.rollback()
    assert (_count(), _count(Document)) == (before_events, before_docs)
    assert verify_chain().ok


def test_stale_edit_leaves_no_event_and_no_change(make):
    from registry.workflow.machine import edit_draft

    author = make.user("author")
    draft = make.draft(author, body="Alkuperäinen")
    before = _count()
    with pytest.raises(StaleRevisionError):
        edit_draft(author, draft, revision=draft.revision - 1, body="Muutettu")
    db.session.rollback()
    assert _count() == before
    assert db.session.get(DocumentVersion, draft.id).body == "Alkuperäinen"


def test_edit_without_a_difference_is_no_change_and_no_event(make):
    from registry.workflow.machine import edit_draft

    author = make.user("author")
    draft = make.draft(author, body="Sama")
    before, revision = _count(), draft.revision
    edit_draft(author, draft, revision=revision, body="Sama")
    db.session.commit()
    assert (_count(), draft.revision) == (before, revision)


def test_each_change_leaves_its_event(make):
    from registry.auth.services import create_api_token
    from registry.workflow.machine import edit_draft, start_new_draft

    author = make.user("author")
    assert _last_event().action == "user.create" and _last_event().object_id == str(author.id)
    draft = make.draft(author)
    assert _last_event().action == "version.create" and _last_event().document_code == draft.document.code
    edit_draft(author, draft, revision=draft.revision, body="Uusi teksti")
    db.session.commit()
    event = _last_event()
    assert (event.action, event.object_id) == ("version.edit", str(draft.id))
    # The body is kept beside the chain (a disposal can destroy it); the event holds its digest.
    import hashlib
    import json

    from registry.audit.models import AuditText

    digest = json.loads(event.after_json)["body"]["sha256"]
    assert digest == hashlib.sha256(b"Uusi teksti").hexdigest()
    kept = db.session.execute(db.select(AuditText.text).where(AuditText.sha256 == digest)).scalar_one()
    assert kept == "Uusi teksti"
    document = make.published(make.user("quality_owner"), bodies=("A", "B"))
    assert _last_event().action == "version.import"
    start_new_draft(author, document)
    db.session.commit()
    assert _last_event().action == "version.create"
    create_api_token(author, author, "kone")
    db.session.commit()
    assert _last_event().action == "auth.token_create"
    assert verify_chain().ok


def test_failed_http_change_leaves_no_event(client, make):
    from registry.auth.services import create_api_token

    author = make.user("author")
    make.doc_type("TO")
    token = create_api_token(author, author)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    before, docs = _count(), _count(Document)
    response = client.post("/api/v1/documents", json={"type": "NOPE", "title": "Tyyppi puuttuu"}, headers=headers)
    assert response.status_code == 422
    assert (_count(), _count(Document)) == (before, docs)
    response = client.post("/api/v1/documents", json={"type": "TO", "title": "Oikea"}, headers=headers)
    assert response.status_code == 201
    actions = [
        e.action
        for e in db.session.execute(
            db.select(AuditEvent).where(AuditEvent.seq > before).order_by(AuditEvent.seq)
        ).scalars()
    ]
    assert actions == ["document.create", "version.create"]


def test_service_error_in_api_leaves_no_event(client, make):
    from registry.auth.services import create_api_token

    reader = make.user()
    token = create_api_token(reader, reader)
    db.session.commit()
    before = _count()
    response = client.post(
        "/api/v1/documents", json={"type": "TO", "title": "Ei saa"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403
    assert _count() == before
    assert issubclass(StaleRevisionError, ServiceError)
