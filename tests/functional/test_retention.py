"""Retention and disposition: rules per type, legal holds, two-person disposal, tombstones, and the
disposed content gone from the database, the file store, the search index and a later backup.

Refusals are matched in Finnish, the default language of the interface."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from registry import search, transaction
from registry.audit.models import AuditEvent
from registry.audit.services import verify_chain
from registry.documents import retention, storage
from registry.documents.models import DisposalRequest, DocumentVersion
from registry.errors import ConflictError, PermissionDenied, ValidationError
from registry.extensions import db
from tests import filegen
from tests.conftest import PASSWORD
from tests.workflow_helpers import FakeClock

UNIQUE = "Kvarkkilohenpyydystys"  # a word found nowhere else
ATTACHED = "Sinivalaskeskiarvo"  # a word only the attachment holds
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class World:
    quality: object
    admin: object
    approver: object
    clock: FakeClock
    old: DocumentVersion  # superseded, with the unique word, an attachment and edit history
    current: DocumentVersion
    file_bytes: bytes
    file_sha: str


def _publish(quality, approver, version, summary: str) -> None:
    from registry.workflow import approvals, publishing

    approvals.submit_version(quality, version, approvers=[approver], change_type="major", change_summary=summary)
    approvals.approve_version(approver, version, password=PASSWORD, meaning="content_owner")
    publishing.publish_version(quality, version)
    db.session.commit()


@pytest.fixture
def world(app, make) -> World:
    from registry.workflow import machine as workflow

    clock = FakeClock(START)
    app.config["CLOCK"] = clock
    quality = make.user("author", "quality_owner", email="laatu@example.org")
    admin = make.user("admin", email="yllapito@example.org")
    approver = make.user("approver", email="hyvaksyja@example.org")
    doc_type = make.doc_type("TO")
    doc_type.retention_years = 2
    old = make.draft(quality, title="Kalastusohje", body="Alku.")
    workflow.edit_draft(quality, old, revision=old.revision, body=f"Ohje: {UNIQUE} tehdään huolella.")
    workflow.edit_draft(quality, old, revision=old.revision, body=f"Ohje: {UNIQUE} tehdään aina huolella.")
    file_bytes = filegen.docx_bytes("Liite", f"Liitteen sana {ATTACHED}.")
    upload = FileStorage(io.BytesIO(file_bytes), filename="liite.docx")
    attachment = workflow.add_attachment(quality, old, upload, revision=old.revision)
    db.session.commit()
    _publish(quality, approver, old, "Ensimmäinen")
    clock.advance(days=30)
    current = workflow.start_new_draft(quality, old.document)
    workflow.remove_attachment(quality, current, current.attachments[0].id, revision=current.revision)
    workflow.edit_draft(quality, current, revision=current.revision, body="Uusi ohje ilman vanhaa sanaa.")
    db.session.commit()
    _publish(quality, approver, current, "Toinen")
    assert old.state == "superseded" and current.state == "effective"
    return World(quality, admin, approver, clock, old, current, file_bytes, attachment.sha256)


def _past_retention(world: World) -> None:
    world.clock.advance(days=3 * 366)


def _dispose(world: World) -> DocumentVersion:
    _past_retention(world)
    (row,) = retention.request_disposal(world.quality, [world.old.id], "TOS: säilytysaika päättynyt")
    db.session.commit()
    version = retention.approve_disposal(world.admin, row.id)
    transaction.commit()  # runs the file deletion queued for after the commit
    return version


def _all_database_text() -> str:
    """Every value of every row of every table, as one text."""
    parts = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(db.select(table)):
            parts.append(" ".join(str(v) for v in row))
    return "\n".join(parts)


# --- the rule and the list ------------------------------------------------------------------------


def test_nothing_is_due_before_the_retention_ends_and_the_list_shows_it_after(world):
    assert retention.disposition_list() == []
    assert "ei ole vielä päättynyt" in retention.refusal(world.old)
    _past_retention(world)
    due = retention.disposition_list()
    assert [d.version.id for d in due] == [world.old.id]
    assert due[0].retention_ended == retention.add_years(world.old.effective_until, 2)


def test_a_permanent_type_is_never_due(world):
    world.old.document.type.retention_years = None
    db.session.commit()
    _past_retention(world)
    assert retention.disposition_list() == []
    assert "pysyvästi" in retention.refusal(world.old)


def test_the_withdrawn_basis_waits_for_the_withdrawal_of_the_document(world):
    from registry.workflow import publishing

    world.old.document.type.retention_basis = "withdrawn"
    db.session.commit()
    _past_retention(world)
    assert retention.disposition_list() == []
    publishing.withdraw_document(world.quality, world.current, reason="Toiminta päättyi.")
    db.session.commit()
    _past_retention(world)
    assert {d.version.id for d in retention.disposition_list()} == {world.old.id, world.current.id}


# --- refusals -------------------------------------------------------------------------------------


def test_a_version_not_past_its_retention_is_refused(world):
    with pytest.raises(ConflictError, match="ei ole vielä päättynyt"):
        retention.request_disposal(world.quality, [world.old.id], "Liian aikaisin")
    db.session.rollback()
    assert db.session.execute(db.select(DisposalRequest)).first() is None


def test_the_current_version_is_refused(world):
    _past_retention(world)
    with pytest.raises(ConflictError, match="nykyinen versio"):
        retention.request_disposal(world.quality, [world.current.id], "Väärä versio")
    db.session.rollback()
    assert world.current.body == "Uusi ohje ilman vanhaa sanaa."


def test_a_version_under_a_legal_hold_is_refused_and_the_hold_stops_an_approval_too(world):
    _past_retention(world)
    (row,) = retention.request_disposal(world.quality, [world.old.id], "TOS")
    db.session.commit()
    retention.set_legal_hold(world.quality, world.old.document, "Oikeudenkäynti vireillä")
    db.session.commit()
    assert retention.disposition_list() == []
    with pytest.raises(ConflictError, match="hävittämiskiellossa"):
        retention.request_disposal(world.quality, [world.old.id], "TOS")
    db.session.rollback()
    with pytest.raises(ConflictError, match="hävittämiskiellossa"):
        retention.approve_disposal(world.admin, row.id)
    db.session.rollback()
    assert world.old.disposed_at is None and UNIQUE in world.old.body
    retention.release_legal_hold(world.admin, world.old.document, "Asia ratkaistu")
    db.session.commit()
    assert retention.approve_disposal(world.admin, row.id).disposed_at is not None


def test_the_proposer_cannot_approve_their_own_proposal(world, make):
    both = make.user("quality_owner", "admin", email="molemmat@example.org")
    _past_retention(world)
    (row,) = retention.request_disposal(both, [world.old.id], "TOS")
    db.session.commit()
    with pytest.raises(ConflictError, match="toisen henkilön"):
        retention.approve_disposal(both, row.id)
    db.session.rollback()
    assert world.old.disposed_at is None


def test_an_already_disposed_version_is_refused(world):
    _dispose(world)
    with pytest.raises(ConflictError, match="jo hävitetty"):
        retention.request_disposal(world.quality, [world.old.id], "Uudestaan")


def test_only_a_quality_owner_proposes_and_only_an_admin_approves(world):
    _past_retention(world)
    with pytest.raises(PermissionDenied):
        retention.request_disposal(world.admin, [world.old.id], "TOS")
    (row,) = retention.request_disposal(world.quality, [world.old.id], "TOS")
    with pytest.raises(PermissionDenied):
        retention.approve_disposal(world.quality, row.id)
    with pytest.raises(ValidationError):
        retention.request_disposal(world.quality, [world.old.id], "   ")


def test_a_turned_down_proposal_destroys_nothing(world):
    _past_retention(world)
    (row,) = retention.request_disposal(world.quality, [world.old.id], "TOS")
    retention.reject_disposal(world.admin, row.id, "Tarvitaan vielä")
    db.session.commit()
    assert row.status == "rejected" and UNIQUE in world.old.body
    with pytest.raises(ConflictError, match="jo päätetty"):
        retention.approve_disposal(world.admin, row.id)


# --- what disposal destroys and keeps --------------------------------------------------------------


def test_disposal_keeps_the_chain_verifiable_and_records_what_went(world):
    content_hash = world.old.content_hash
    version = _dispose(world)
    assert verify_chain().ok
    event = db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "version.dispose")).scalar_one()
    before, after = json.loads(event.before_json), json.loads(event.after_json)
    assert before["content_hash"] == content_hash == version.content_hash
    assert before["files"][0]["sha256"] == world.file_sha
    assert after["approved_by"] == "yllapito@example.org" and after["proposed_by"] == "laatu@example.org"
    assert after["files_deleted"] == [world.file_sha] and after["edit_texts_destroyed"] >= 2
    assert event.reason == "TOS: säilytysaika päättynyt"
    assert version.title == "Kalastusohje" and version.label == "1.0" and version.state == "superseded"


def test_disposed_content_is_gone_from_the_database_and_the_file_store(world, app):
    assert UNIQUE in _all_database_text() and ATTACHED in _all_database_text()
    _dispose(world)
    text = _all_database_text()
    assert UNIQUE not in text and ATTACHED not in text
    assert not storage.path_for(world.file_sha).exists()
    if db.engine.dialect.name == "sqlite":  # not in a free page or the write-ahead log either
        database_file = Path(db.engine.url.database)
        files = [database_file, database_file.with_name(database_file.name + "-wal")]
        raw = b"".join(p.read_bytes() for p in files if p.exists())
        assert UNIQUE.encode() not in raw and ATTACHED.encode() not in raw


def test_disposed_content_is_gone_from_the_search_index_also_after_a_rebuild(world):
    assert search.search(UNIQUE, filters={"scope": "all"}, user=world.admin).total == 1
    _dispose(world)
    assert search.search(UNIQUE, filters={"scope": "all"}, user=world.admin).total == 0
    assert search.search(ATTACHED, filters={"scope": "all"}, user=world.admin).total == 0
    search.rebuild()
    assert search.search(UNIQUE, filters={"scope": "all"}, user=world.admin).total == 0
    assert search.check().extra == []


def test_a_backup_made_after_the_disposal_holds_none_of_the_content(world, app, tmp_path):
    from registry.admin.backup import create_backup

    if db.engine.dialect.name != "sqlite" and shutil.which("pg_dump") is None:
        pytest.skip("a PostgreSQL snapshot needs pg_dump")
    _dispose(world)
    db.session.remove()
    archive = tmp_path / "backup.tar.gz"
    create_backup(app, archive)
    with tarfile.open(archive, "r:gz") as tar:
        contents = [tar.extractfile(m).read() for m in tar if m.isfile()]
    assert contents
    assert not any(UNIQUE.encode() in c or ATTACHED.encode() in c for c in contents)
    assert not any(world.file_bytes in c for c in contents)


# --- pages ----------------------------------------------------------------------------------------


def test_pages_of_a_disposed_version_show_the_tombstone_and_never_fail(world, client, login):
    version = _dispose(world)
    login(world.admin)
    code = version.document.code
    page = client.get(f"/d/{code}/v/1")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Hävitetty säilytysajan päätyttyä" in html and "TOS: säilytysaika päättynyt" in html
    assert UNIQUE not in html and world.file_sha in html
    assert client.get(f"/d/{code}/v/1/print").status_code == 200
    assert "Hävitetty" in client.get(f"/d/{code}/versions").get_data(as_text=True)
    assert client.get(f"/d/{code}/compare?a=1&b=2").status_code == 200
    assert client.get(f"/d/{code}/history").status_code == 200
    exported = client.get(f"/d/{code}/v/1/export?format=pdf")
    assert exported.status_code == 409
    attachment_id = version.attachments[0].id
    assert client.get(f"/d/{code}/v/1/attachments/{attachment_id}").status_code == 404


def test_the_api_marks_a_disposed_version(world, client, bearer):
    version = _dispose(world)
    headers = bearer(world.admin)
    data = client.get(f"/api/v1/documents/{version.document.code}/versions/1", headers=headers).get_json()
    assert data["disposed_at"] is not None and data["body"] == "" and data["content_hash"] == version.content_hash
    listed = client.get(f"/api/v1/documents/{version.document.code}/versions", headers=headers).get_json()
    assert {v["number"]: v["disposed_at"] is not None for v in listed["items"]} == {1: True, 2: False}
    exported = client.get(f"/api/v1/documents/{version.document.code}/versions/1/export?format=pdf", headers=headers)
    assert exported.status_code == 409 and exported.get_json()["error"]["code"] == "disposed"


def test_the_two_person_disposal_through_the_pages(world, client, login):
    from tests.workflow_helpers import switch_user

    _past_retention(world)
    login(world.quality)
    page = client.get("/admin/disposition")
    assert page.status_code == 200 and "Kalastusohje" in page.get_data(as_text=True)
    refused = client.post("/admin/disposition/requests", data={"version": str(world.current.id), "reason": "x"})
    assert refused.status_code == 303
    assert "nykyinen versio" in client.get("/admin/disposition").get_data(as_text=True)
    client.post("/admin/disposition/requests", data={"version": str(world.old.id), "reason": "TOS 10 v"})
    row = db.session.execute(db.select(DisposalRequest)).scalar_one()
    switch_user(login, world.admin)
    assert client.post(f"/admin/disposition/requests/{row.id}/approve").status_code == 303
    db.session.expire_all()
    assert world.old.disposed_at is not None and world.old.body == ""
    assert "hävitettiin" in client.get("/admin/disposition").get_data(as_text=True)


def test_legal_holds_through_the_page(world, client, login):
    login(world.quality)
    code = world.old.document.code
    client.post("/admin/disposition/holds", data={"code": code, "reason": "Valitus"})
    db.session.expire_all()
    assert world.old.document.is_on_hold and world.old.document.legal_hold_reason == "Valitus"
    page = client.get("/admin/disposition").get_data(as_text=True)
    assert "Valitus" in page
    client.post("/admin/disposition/holds/release", data={"code": code, "reason": ""})
    db.session.expire_all()
    assert world.old.document.is_on_hold  # a release needs a reason
    client.post("/admin/disposition/holds/release", data={"code": code, "reason": "Ratkaistu"})
    db.session.expire_all()
    assert not world.old.document.is_on_hold
    actions = db.session.execute(db.select(AuditEvent.action).where(AuditEvent.action.like("document.%hold"))).scalars()
    assert sorted(actions) == ["document.hold", "document.release_hold"]


def test_the_type_page_sets_the_retention_rule(world, client, login):
    login(world.admin)
    doc_type = world.old.document.type
    form = {"name_fi": doc_type.name_fi, "name_en": doc_type.name_en, "review_interval_months": "12"}
    path = f"/admin/types/{doc_type.id}"
    bad = client.post(path, data=form | {"retention_years": "0", "retention_basis": "superseded"})
    assert bad.status_code == 422
    client.post(f"/admin/types/{doc_type.id}", data=form | {"retention_years": "10", "retention_basis": "withdrawn"})
    db.session.expire_all()
    assert (doc_type.retention_years, doc_type.retention_basis) == (10, "withdrawn")
    client.post(f"/admin/types/{doc_type.id}", data=form | {"retention_years": "", "retention_basis": "superseded"})
    db.session.expire_all()
    assert doc_type.retention_years is None


def test_the_cli_lists_what_is_due_and_disposes_of_nothing(world, runner):
    _past_retention(world)
    result = runner.invoke(args=["disposition", "list"])
    assert result.exit_code == 0, result.output
    assert f"{world.old.document.code}\t1.0\tsuperseded" in result.output
    db.session.expire_all()
    assert world.old.disposed_at is None and UNIQUE in world.old.body


def test_types_create_takes_a_retention_rule(runner):
    from registry.documents.services import get_type

    args = ["types", "create", "OH", "--name", "Ohje", "--name-en", "Guide", "--retention-years", "10"]
    created = runner.invoke(args=args + ["--retention-basis", "withdrawn"])
    assert created.exit_code == 0, created.output
    assert (get_type("OH").retention_years, get_type("OH").retention_basis) == (10, "withdrawn")
    bad = runner.invoke(args=["types", "create", "OI", "--name", "X", "--name-en", "X", "--retention-years", "0"])
    assert bad.exit_code != 0 and get_type("OI") is None
