from __future__ import annotations

import pytest

from registry.audit.models import AuditEvent
from registry.documents import services as documents
from registry.errors import ConflictError, PermissionDenied, StaleRevisionError
from registry.extensions import db
from registry.workflow import machine as workflow
from registry.workflow.models import VersionTransition
from registry.workflow.transitions import RULES, Action, find_rule


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action)).scalars())


def test_create_makes_a_draft_records_the_transition_and_audits(make):
    author = make.user("author")
    version = make.draft(author, title="Poissaolot")
    assert version.state == "draft" and version.number == 1 and version.label is None
    moves = (
        db.session.execute(db.select(VersionTransition).where(VersionTransition.version_id == version.id))
        .scalars()
        .all()
    )
    assert [(m.action, m.from_state, m.to_state, m.actor_id) for m in moves] == [("create", None, "draft", author.id)]
    assert len(_events("document.create")) == 1 and len(_events("version.create")) == 1


def test_reader_cannot_create_documents(make):
    reader = make.user()
    make.doc_type("TO")
    fields = documents.validate_document_fields(reader, type_prefix="TO", title="X")
    with pytest.raises(PermissionDenied):
        workflow.create_document_with_draft(reader, fields, "")


def test_edit_with_current_revision_saves_and_bumps_revision(make):
    author = make.user("author")
    version = make.draft(author)
    workflow.edit_draft(author, version, revision=1, body="Uusi teksti.", change_summary="Korjattu")
    db.session.commit()
    assert (version.body, version.revision, version.change_summary) == ("Uusi teksti.", 2, "Korjattu")
    event = _events("version.edit")[-1]
    assert '"revision":2' in event.after_json


def test_stale_edit_is_refused_and_changes_nothing(make):
    author = make.user("author")
    version = make.draft(author, body="Alkuperäinen.")
    workflow.edit_draft(author, version, revision=1, body="Ensimmäinen tallennus.")
    db.session.commit()
    with pytest.raises(StaleRevisionError):
        workflow.edit_draft(author, version, revision=1, body="Toinen, vanhentunut tallennus.")
    db.session.rollback()
    db.session.refresh(version)
    assert version.body == "Ensimmäinen tallennus." and version.revision == 2
    assert len(_events("version.edit")) == 1


def test_no_second_draft_while_one_is_open(make):
    quality = make.user("author", "quality_owner")
    document = make.published(quality)
    workflow.start_new_draft(quality, document)
    db.session.commit()
    with pytest.raises(ConflictError):
        workflow.start_new_draft(quality, document)


def test_new_draft_copies_the_current_version(make):
    quality = make.user("author", "quality_owner")
    document = make.published(quality, bodies=("Vanha.", "Voimassa oleva."))
    draft = workflow.start_new_draft(quality, document)
    assert (draft.number, draft.body, draft.state) == (3, "Voimassa oleva.", "draft")
    assert draft.based_on_id == documents.current_version(document).id


def test_import_leaves_one_effective_and_the_rest_superseded(make):
    quality = make.user("author", "quality_owner")
    document = make.published(quality, bodies=("v1", "v2", "v3"))
    states = [v.state for v in document.versions]
    assert states == ["superseded", "superseded", "effective"]
    assert document.versions[0].effective_until == document.versions[1].effective_from
    assert document.next_review_due is not None
    assert all(v.imported and v.content_hash for v in document.versions)


def test_import_is_refused_for_authors(make):
    author = make.user("author")
    make.doc_type("TO")
    fields = documents.validate_document_fields(author, type_prefix="TO", title="X")
    with pytest.raises(PermissionDenied):
        workflow.import_document(author, fields, [])


ALL_STATES = [None, "draft", "in_review", "approved", "scheduled", "effective", "superseded", "withdrawn"]


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("action", [a.value for a in Action])
def test_table_lookup_matches_the_rules(state, action):
    expected = any((r.source.value if r.source else None) == state and r.action.value == action for r in RULES)
    assert (find_rule(state, action) is not None) == expected


@pytest.mark.parametrize("state", ["in_review", "approved", "effective", "superseded"])
def test_editing_outside_draft_is_refused_by_the_table(make, state):
    author = make.user("author")
    version = make.draft(author)
    # Put the row in another state behind the service's back to probe the guard.
    db.session.execute(db.update(type(version)).where(type(version).id == version.id).values(state=state))
    db.session.commit()
    db.session.refresh(version)
    with pytest.raises(ConflictError) as caught:
        workflow.edit_draft(author, version, revision=version.revision, body="x")
    assert caught.value.code == "transition_refused"
