from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from registry.documents.models import DocumentVersion
from registry.extensions import db
from registry.workflow.qr import check_url
from tests.workflow_helpers import build


def test_the_database_refuses_a_second_effective_version(make):
    flow = build(make)
    old = flow.document.versions[0]
    with pytest.raises(IntegrityError):
        db.session.execute(db.update(DocumentVersion).where(DocumentVersion.id == old.id).values(state="effective"))
        db.session.flush()
    db.session.rollback()


def test_qr_code_points_at_the_check_page_of_the_printed_version(make, app):
    flow = build(make)
    version = flow.document.versions[1]
    with app.test_request_context():
        assert check_url(flow.document, version).endswith(f"/d/{flow.document.code}/v/2/check")


def test_tick_with_nothing_due(runner, make):
    build(make)
    result = runner.invoke(args=["workflow", "tick"])
    assert result.exit_code == 0 and "0 scheduled version(s) took effect" in result.output
