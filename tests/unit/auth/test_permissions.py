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
    return {"units": (unit_a, unit_b), "quality": quality, "public": public, "internal": internal,
            "restricted": restricted}


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
