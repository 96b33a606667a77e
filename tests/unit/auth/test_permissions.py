from __future__ import annotations

import pytest

from registry.auth import permissions


@pytest.fixture
def world(make):
    unit_a, unit_b = make.unit("A"), make.unit("B")
    quality = make.user("author", "quality_owner")
    public = make.published(quality, title="Julkinen", visibility="public")
    internal = make.published(quality, title="Sisäinen")
    restricted = make.published(quality, title="Rajattu", visibility="restricted", audience_codes=["A"])
    return {
        "units": (unit_a, unit_b),
        "quality": quality,
        "public": public,
        "internal": internal,
        "restricted": restricted,
    }


def test_anonymous_sees_only_public_documents(world):
    from flask_login import AnonymousUserMixin

    anon = AnonymousUserMixin()
    assert permissions.can_view_document(anon, world["public"])
    assert not permissions.can_view_document(anon, world["internal"])
    assert not permissions.can_view_document(anon, world["restricted"])


def test_restricted_document_is_for_its_audience_and_oversight(world, make):
    inside = make.user(units=[world["units"][0]])
    outside = make.user(units=[world["units"][1]])
    auditor = make.user("auditor")
    assert permissions.can_view_document(inside, world["restricted"])
    assert not permissions.can_view_document(outside, world["restricted"])
    assert permissions.can_view_document(auditor, world["restricted"])


def test_a_reader_never_sees_a_draft_but_its_author_does(make):
    author = make.user("author")
    reader = make.user()
    draft = make.draft(author)
    assert permissions.can_view_version(author, draft)
    assert not permissions.can_view_version(reader, draft)


def test_only_the_drafts_author_or_owner_may_edit(make):
    author, other_author = make.user("author"), make.user("author")
    draft = make.draft(author)
    assert permissions.can_edit_version(author, draft)
    assert not permissions.can_edit_version(other_author, draft)


def test_inactive_user_has_no_rights(make, world):
    user = make.user("author")
    user.active = False
    assert not permissions.can_create_document(user)
    assert not permissions.can_view_document(user, world["internal"])


def test_the_sql_version_rule_matches_the_python_one(make):
    """visible_version_clause selects exactly the versions can_view_version's state rule allows."""
    from flask_login import AnonymousUserMixin

    from registry.documents.models import Document, DocumentVersion
    from registry.extensions import db
    from registry.workflow import approvals
    from registry.workflow import machine as workflow

    quality = make.user("author", "quality_owner")
    author, other_author = make.user("author"), make.user("author")
    approver = make.user("approver")
    make.draft(author, title="Ensimmäinen luonnos")
    published = make.published(quality, title="Voimassa", bodies=("v1", "v2"))
    workflow.start_new_draft(author, published)
    in_review = make.draft(other_author, title="Tarkastettavana")
    approvals.submit_version(other_author, in_review, approvers=[approver], change_type="major", change_summary="Uusi")
    db.session.commit()
    versions = db.session.execute(db.select(DocumentVersion)).scalars().all()
    assert {v.state for v in versions} == {"draft", "in_review", "effective", "superseded"}
    users = [
        quality,
        author,
        other_author,
        approver,
        make.user(),
        make.user("auditor"),
        make.user("admin"),
        AnonymousUserMixin(),
    ]
    for user in users:
        expected = {
            v.id for v in versions if v.state in permissions.PUBLISHED or permissions.can_see_unpublished(user, v)
        }
        selected = set(
            db.session.execute(
                db.select(DocumentVersion.id)
                .join(Document, DocumentVersion.document_id == Document.id)
                .where(permissions.visible_version_clause(user, DocumentVersion, Document))
            ).scalars()
        )
        assert selected == expected, user
