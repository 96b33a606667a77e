"""Backup while writing, restore into a fresh instance, and the refusals (SQLite, or PostgreSQL when
LAMPPU_TEST_DATABASE_URL is set: then the restore goes into a second fresh database)."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import threading
import time
from pathlib import Path

import pytest

from registry import create_app, search
from registry.admin.backup import BackupError, create_backup, restore_backup
from registry.audit.models import AuditEvent
from registry.audit.services import GENESIS_HASH, compute_hash
from registry.auth.models import User
from registry.documents.models import Attachment, Document
from registry.extensions import db
from tests.conftest import PG_URL, _drop_pg_database, _pg_database


def _store_file(files_dir: Path, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    path = files_dir / sha[:2] / sha
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(data)
    return sha


def _write_documents(app, author_id: int, worker: int, stop: threading.Event, committed: list, errors: list):
    """Create documents with an attachment each, as the attachment service does: file first, then row."""
    from registry.documents import services as documents
    from registry.workflow import machine as workflow

    with app.app_context():
        try:
            author = db.session.get(User, author_id)
            files_dir = Path(app.config["FILES_DIR"])
            i = 0
            while not stop.is_set():
                fields = documents.validate_document_fields(author, type_prefix="TO", title=f"Ohje {worker}-{i}")
                version = workflow.create_document_with_draft(author, fields, f"Työohjeen teksti {worker}-{i}. " * 20)
                data = f"liite {worker}-{i} ".encode() * 200
                sha = _store_file(files_dir, data)
                db.session.add(
                    Attachment(
                        version_id=version.id,
                        filename=f"liite-{i}.pdf",
                        media_type="application/pdf",
                        size=len(data),
                        sha256=sha,
                        uploaded_by_id=author.id,
                    )
                )
                db.session.commit()
                committed.append(version.document_id)
                i += 1
        except Exception as error:  # reported to the main thread, which fails the test
            errors.append(error)
        finally:
            db.session.remove()


def _snapshot(document_ids) -> dict:
    """Everything that must survive: documents, versions, attachment checksums."""
    result = {}
    for doc_id in document_ids:
        document = db.session.get(Document, doc_id)
        result[doc_id] = {
            "code": document.code,
            "title": document.title,
            "owner": document.owner.email,
            "versions": [
                (
                    v.number,
                    v.state,
                    v.title,
                    v.body,
                    v.content_hash,
                    [(a.filename, a.sha256, a.size) for a in v.attachments],
                )
                for v in document.versions
            ],
        }
    return result


def _events_upto(seq: int) -> list[tuple]:
    rows = db.session.execute(db.select(AuditEvent).where(AuditEvent.seq <= seq).order_by(AuditEvent.seq)).scalars()
    return [(e.seq, e.action, e.object_id, e.after_json, e.hash) for e in rows]


def _verify_chain() -> int:
    previous = GENESIS_HASH
    events = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.seq)).scalars().all()
    for event in events:
        assert event.prev_hash == previous and compute_hash(previous, event) == event.hash, event.seq
        previous = event.hash
    return len(events)


@pytest.fixture
def fresh_instance(tmp_path):
    """A second, empty instance: its own folder and its own (empty) database."""
    url = _pg_database(PG_URL) if PG_URL else f"sqlite:///{tmp_path / 'restored.db'}"
    restored = create_app(
        {"TESTING": True, "INSTANCE_PATH": str(tmp_path / "restored"), "SQLALCHEMY_DATABASE_URI": url}
    )
    yield restored
    with restored.app_context():
        db.session.remove()
        db.engine.dispose()
    if PG_URL:
        _drop_pg_database(PG_URL, url)


def test_backup_during_writes_restores_everything_committed_before(app, make, tmp_path, fresh_instance):
    author = make.user("author", email="kirjoittaja@example.org")
    make.doc_type("TO")
    make.draft(author, title="Alkuperäinen ohje")
    author_id = author.id
    db.session.rollback()  # outside a request every transaction takes SQLite's write lock: hold none
    stop, committed, errors = threading.Event(), [], []
    threads = [
        threading.Thread(target=_write_documents, args=(app, author_id, n, stop, committed, errors)) for n in range(3)
    ]
    for thread in threads:
        thread.start()
    while len(committed) < 6 and not errors:
        time.sleep(0.05)
    before_ids = list(committed)  # each appended only after its commit
    db.session.rollback()
    seq_before = db.session.execute(db.select(db.func.max(AuditEvent.seq))).scalar_one()
    db.session.rollback()
    archive = tmp_path / "backup.tar.gz"
    manifest = create_backup(app, archive)
    time.sleep(0.3)  # keep writing after the snapshot too
    stop.set()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(committed) > len(before_ids)  # writes really ran during and after the backup
    first_id = db.session.execute(db.select(db.func.min(Document.id))).scalar_one()
    expected = _snapshot([first_id, *before_ids])
    expected_events = _events_upto(seq_before)
    db.session.rollback()

    with fresh_instance.app_context():
        restored_manifest = restore_backup(fresh_instance, archive)
        assert restored_manifest["counts"] == manifest["counts"]
        assert _snapshot([first_id, *before_ids]) == expected
        assert _events_upto(seq_before) == expected_events
        assert _verify_chain() == manifest["counts"]["audit_event"]
        files_dir = Path(fresh_instance.config["FILES_DIR"])
        for attachment in db.session.execute(db.select(Attachment)).scalars():
            data = (files_dir / attachment.sha256[:2] / attachment.sha256).read_bytes()
            assert hashlib.sha256(data).hexdigest() == attachment.sha256
        # the restored instance works: a login is written on top of the restored chain
        from registry.auth.services import authenticate

        assert authenticate("kirjoittaja@example.org", "correct-horse-battery") is not None
        db.session.commit()
        assert _verify_chain() == manifest["counts"]["audit_event"] + 1


def test_restore_into_non_empty_instance_is_refused(app, make, tmp_path):
    make.user("admin")
    archive = tmp_path / "b.tar.gz"
    create_backup(app, archive)
    users = db.session.execute(db.select(db.func.count(User.id))).scalar_one()
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(app, archive)
    assert db.session.execute(db.select(db.func.count(User.id))).scalar_one() == users


def _rewrite(archive: Path, target: Path, change) -> None:
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = source.extractfile(member).read()
            member, data = change(member, data)
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


def test_tampered_or_hostile_archives_are_refused(app, make, tmp_path, fresh_instance):
    make.user("admin")
    _store_file(Path(app.config["FILES_DIR"]), b"%PDF-1.4 liite")
    archive = tmp_path / "b.tar.gz"
    create_backup(app, archive)

    def flip_file(member, data):
        return member, (data + b"x" if member.name.startswith("files/") else data)

    def traverse(member, data):
        if member.name.startswith("files/"):
            member.name = "../../escaped"
        return member, data

    tampered, hostile = tmp_path / "tampered.tar.gz", tmp_path / "hostile.tar.gz"
    _rewrite(archive, tampered, flip_file)
    _rewrite(archive, hostile, traverse)
    with fresh_instance.app_context():
        with pytest.raises(BackupError, match="Checksum mismatch"):
            restore_backup(fresh_instance, tampered)
        with pytest.raises(BackupError, match="unsafe path"):
            restore_backup(fresh_instance, hostile)
        assert not (tmp_path / "escaped").exists()
        from registry.admin.backup import instance_problems

        assert instance_problems(fresh_instance) == []  # nothing was restored
        restore_backup(fresh_instance, archive)  # the good archive still restores


def test_backup_and_restore_commands(app, make, runner, tmp_path):
    make.user("admin", email="paakayttaja@example.org")
    archive = tmp_path / "cli.tar.gz"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "user 1" in result.output
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["user"] == 1 and manifest["database"]["sha256"]
    result = runner.invoke(args=["restore", str(archive)])
    assert result.exit_code != 0 and "not empty" in result.output


def test_restore_into_a_migrated_empty_instance(app, make, tmp_path, fresh_instance):
    make.user("admin", email="paakayttaja@example.org")
    make.draft(make.user("author"), title="Ohje ennen varmuuskopiota")
    archive = tmp_path / "b.tar.gz"
    create_backup(app, archive)
    with fresh_instance.app_context():
        from flask_migrate import upgrade

        upgrade()  # the tables exist, with no rows: still an empty instance
        db.session.remove()
        restore_backup(fresh_instance, archive)
        titles = db.session.execute(db.select(Document.title)).scalars().all()
        assert titles == ["Ohje ennen varmuuskopiota"]
        assert _verify_chain() > 0
        drift = search.check()  # the index was rebuilt from the restored rows
        assert drift.ok and not drift.missing, drift


def test_uploads_still_being_received_are_not_backed_up(app, make, tmp_path):
    make.user("admin", email="paakayttaja@example.org")
    files_dir = Path(app.config["FILES_DIR"])
    stored = _store_file(files_dir, b"tallennettu liite")
    spooled = files_dir / "tmp" / "upload-kesken"
    spooled.parent.mkdir(parents=True, exist_ok=True)
    spooled.write_bytes(b"vasta puoliksi vastaanotettu")
    manifest = create_backup(app, tmp_path / "b.tar.gz")
    paths = [entry["path"] for entry in manifest["files"]]
    assert any(path.endswith(stored) for path in paths)
    assert not any(path.startswith("tmp/") for path in paths)
