"""Attachment services: only drafts change, only their editors change them, downloads check visibility."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from registry.audit.models import AuditEvent
from registry.documents import attachments
from registry.errors import ConflictError, NotFoundError, PermissionDenied, UnsupportedFileType
from registry.extensions import db
from registry.workflow import machine as workflow
from tests import filegen


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action)).scalars())


def test_add_attachment_stores_extracts_and_audits(make):
    author = make.user("author")
    version = make.draft(author)
    data = filegen.docx_bytes("Ohje", "Käsihygienia.")
    attachment = attachments.add_attachment(author, version, upload(data, "ohje.docx"))
    db.session.commit()
    assert attachment.media_type.endswith("wordprocessingml.document") and "Käsihygienia." in attachment.extracted_text
    assert attachments.open_attachment(author, version, attachment.id)[1].read_bytes()[:2] == b"PK"
    assert [e.object_id for e in _events("attachment.add")] == [str(attachment.id)]


def test_attachment_hash_changes_the_content_hash(make):
    author = make.user("author")
    version = make.draft(author)
    before = workflow.content_hash(version)
    attachments.add_attachment(author, version, upload(filegen.png_bytes(), "kuva.png"))
    assert workflow.content_hash(version) != before


def test_unreadable_text_still_stores_the_file_with_an_error(make):
    author = make.user("author")
    version = make.draft(author)
    attachment = attachments.add_attachment(author, version, upload(b"%PDF-1.4\n" + b"\x00roska" * 40, "rikki.pdf"))
    db.session.commit()
    assert attachment.id is not None and attachment.extracted_text is None and attachment.extraction_error


def test_refused_type_changes_nothing(make):
    author = make.user("author")
    version = make.draft(author)
    with pytest.raises(UnsupportedFileType):
        attachments.add_attachment(author, version, upload(b"<svg onload=alert(1)>", "kuva.svg"))
    db.session.rollback()
    assert version.attachments == [] and _events("attachment.add") == []


def test_only_the_drafts_editors_may_attach(make):
    author, other = make.user("author"), make.user("author")
    version = make.draft(author)
    with pytest.raises(PermissionDenied):
        workflow.add_attachment(other, version, upload(filegen.png_bytes(), "kuva.png"))


def test_published_versions_are_frozen(make):
    quality = make.user("author", "quality_owner")
    document = make.published(quality)
    with pytest.raises(ConflictError):
        workflow.add_attachment(quality, document.versions[0], upload(filegen.png_bytes(), "kuva.png"))


def test_the_same_file_twice_on_one_draft_is_refused(make):
    author = make.user("author")
    version = make.draft(author)
    attachments.add_attachment(author, version, upload(filegen.png_bytes(), "kuva.png"))
    with pytest.raises(ConflictError):
        attachments.add_attachment(author, version, upload(filegen.png_bytes(), "toinen.png"))


def test_remove_attachment_from_a_draft_is_audited(make):
    author = make.user("author")
    version = make.draft(author)
    attachment = attachments.add_attachment(author, version, upload(filegen.png_bytes(), "kuva.png"))
    db.session.commit()
    attachments.remove_attachment(author, version, attachment.id)
    db.session.commit()
    assert version.attachments == [] and len(_events("attachment.remove")) == 1


def test_open_attachment_refuses_another_versions_id(make):
    author = make.user("author")
    first, second = make.draft(author, title="Yksi"), make.draft(author, title="Kaksi")
    attachment = attachments.add_attachment(author, first, upload(filegen.png_bytes(), "kuva.png"))
    db.session.commit()
    with pytest.raises(NotFoundError):
        attachments.open_attachment(author, second, attachment.id)


def test_a_new_draft_keeps_the_attachments_of_its_base(make):
    quality = make.user("author", "quality_owner")
    version = make.draft(quality)
    attachments.add_attachment(quality, version, upload(filegen.png_bytes(), "kuva.png"))
    db.session.commit()
    document = make.published(quality, title="Julkaistu")
    current = document.versions[-1]
    current.attachments.append(
        attachments.Attachment(
            filename="liite.png", media_type="image/png", size=1, sha256="a" * 64, uploaded_by_id=quality.id
        )
    )
    db.session.commit()
    draft = workflow.start_new_draft(quality, document)
    assert [(a.filename, a.sha256) for a in draft.attachments] == [("liite.png", "a" * 64)]
