"""Backup and restore: one tar.gz with a consistent database snapshot, the files and a manifest.

The database is snapshotted first (SQLite's online backup API in one step; pg_dump on
an exported snapshot for PostgreSQL), then the files are copied. A file is written
before the row that names it is committed and files are never overwritten, so every
file the snapshot refers to is already on disk when the files are read.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from flask import Flask
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from registry import search, transaction
from registry.db import utcnow
from registry.documents.storage import SPOOL_DIR
from registry.extensions import db

FORMAT = "lamppu-backup"
FORMAT_VERSION = 1
COUNTED_TABLES = ("user", "unit", "document_type", "document", "document_version", "attachment", "audit_event")
EMPTY_CHECK_TABLES = ("user", "document", "audit_event")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore was refused or failed; the message says why."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _counts(connection) -> dict[str, int]:
    query = 'SELECT count(*) FROM "{}"'  # noqa: S608 - constant table names, never input
    return {t: connection.execute(text(query.format(t))).scalar_one() for t in COUNTED_TABLES}


def _revision(connection) -> str | None:
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


# --- database snapshots ------------------------------------------------------------------------------


def _sqlite_path() -> Path:
    path = make_url(str(db.engine.url)).database
    if not path or path == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(path)


def _snapshot_sqlite(target: Path) -> tuple[dict, str | None]:
    source = sqlite3.connect(f"file:{quote(str(_sqlite_path()))}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one step: a single read transaction, so one consistent state
    finally:
        source.close()
    engine = create_engine(f"sqlite:///{target}")
    with engine.connect() as connection:
        result = _counts(connection), _revision(connection)
    engine.dispose()
    copy.close()
    return result


def libpq_environment(url) -> tuple[str, dict]:
    """A libpq connection URI without the password, and an environment holding it."""
    url = make_url(str(url))
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _run(command: list[str], env: dict) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client-15).") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _snapshot_postgresql(target: Path) -> tuple[dict, str | None]:
    uri, env = libpq_environment(db.engine.url)
    engine = create_engine(db.engine.url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as connection, connection.begin():
            # pg_dump reads exactly the snapshot this transaction sees, so the counts match the dump.
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts, revision = _counts(connection), _revision(connection)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    f"--dbname={uri}",
                ],
                env,
            )
    finally:
        engine.dispose()
    return counts, revision


# --- archive -------------------------------------------------------------------------------------


def _file_entries(files_dir: Path) -> list[dict]:
    if not files_dir.is_dir():
        return []
    entries = []
    for path in sorted(p for p in files_dir.rglob("*") if p.is_file() and not p.is_symlink()):
        relative = path.relative_to(files_dir).as_posix()
        if relative.startswith(SPOOL_DIR + "/") or relative.endswith(".part") or "/." in f"/{relative}":
            continue  # an upload still being received or extracted, or another temporary file
        try:
            entries.append({"path": relative, "size": path.stat().st_size, "sha256": sha256_file(path)})
        except FileNotFoundError:
            continue  # removed since the listing (a temporary file): nothing committed refers to it
    return entries


def create_backup(app: Flask, archive: Path) -> dict:
    """Write ARCHIVE (tar.gz): manifest.json, the database snapshot and files/...; returns the manifest."""
    archive = Path(archive).resolve()
    archive.parent.mkdir(parents=True, exist_ok=True)
    files_dir = Path(app.config["FILES_DIR"])
    dialect = db.engine.dialect.name
    with tempfile.TemporaryDirectory(prefix=".lamppu-backup-", dir=archive.parent) as tmp:
        if dialect == "sqlite":
            db_file = Path(tmp) / "database.sqlite3"
            counts, revision = _snapshot_sqlite(db_file)
        elif dialect == "postgresql":
            db_file = Path(tmp) / "database.pgdump"
            counts, revision = _snapshot_postgresql(db_file)
        else:
            raise BackupError(f"Backups of {dialect} databases are not supported.")
        files = _file_entries(files_dir)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": utcnow().isoformat(),
            "database": {
                "dialect": dialect,
                "file": db_file.name,
                "sha256": sha256_file(db_file),
                "alembic_revision": revision,
            },
            "counts": counts,
            "files": files,
        }
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime, info.mode = len(data), int(utcnow().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name, recursive=False)
            for entry in files:
                tar.add(files_dir / entry["path"], arcname=f"files/{entry['path']}", recursive=False)
        partial.chmod(0o600)
        os.replace(partial, archive)
    return manifest


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise BackupError(f"The archive holds an unsafe path: {name!r}")
    return path


def _extract(archive: Path, target: Path) -> dict:
    """Extract regular files only, refuse unsafe paths, and verify every checksum in the manifest."""
    found: dict[str, str] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(f"The archive holds something other than a file: {member.name!r}")
                path = target / _safe_name(member.name)
                path.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with tar.extractfile(member) as source, path.open("wb") as out:
                    for block in iter(lambda s=source: s.read(CHUNK), b""):
                        digest.update(block)
                        out.write(block)
                found[member.name] = digest.hexdigest()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{archive} is not a readable backup archive: {error}") from None
    return _verify(target, found)


def _verify(target: Path, found: dict[str, str]) -> dict:
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError("The archive has no readable manifest.json.") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError("The archive is not a Lamppu backup of a known format.")
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected.update({f"files/{e['path']}": e["sha256"] for e in manifest["files"]})
    for name, checksum in expected.items():
        if found.get(name) != checksum:
            raise BackupError(f"Checksum mismatch or missing member: {name}")
    extra = set(found) - set(expected) - {"manifest.json"}
    if extra:
        raise BackupError(f"The archive holds files the manifest does not list: {sorted(extra)[:5]}")
    return manifest


# --- restore -------------------------------------------------------------------------------------


def instance_problems(app: Flask) -> list[str]:
    """Why this instance is not empty (restoring would mix two histories); [] when it is."""
    problems = []
    tables = set(inspect(db.session.connection()).get_table_names())
    for table in EMPTY_CHECK_TABLES:
        if table in tables:
            count = db.session.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()  # noqa: S608
            if count:
                problems.append(f"table {table} has {count} rows")
    transaction.rollback()
    files_dir = Path(app.config["FILES_DIR"])
    if files_dir.is_dir() and any(p.is_file() for p in files_dir.rglob("*")):
        problems.append(f"{files_dir} holds files")
    return problems


def _restore_sqlite(snapshot: Path) -> None:
    target = _sqlite_path()
    partial = target.with_name(target.name + ".restoring")
    shutil.copyfile(snapshot, partial)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(partial, target)


def _restore_postgresql(dump: Path) -> None:
    uri, env = libpq_environment(db.engine.url)
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={uri}",
            str(dump),
        ],
        env,
    )


def _restore_files(source: Path, files_dir: Path, entries: list[dict]) -> None:
    for entry in entries:
        destination = files_dir / _safe_name(entry["path"])
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".part")
        shutil.copyfile(source / "files" / entry["path"], partial)
        os.replace(partial, destination)


def restore_backup(app: Flask, archive: Path) -> dict:
    """Restore ARCHIVE into this empty instance: database, files, then the search index."""
    problems = instance_problems(app)
    if problems:
        raise BackupError("Restore refused: this instance is not empty (" + "; ".join(problems) + ").")
    dialect = db.engine.dialect.name
    with tempfile.TemporaryDirectory(prefix=".lamppu-restore-", dir=app.instance_path) as tmp:
        manifest = _extract(Path(archive), Path(tmp))
        if manifest["database"]["dialect"] != dialect:
            raise BackupError(
                f"The backup is of a {manifest['database']['dialect']} database; this instance uses {dialect}."
            )
        db.session.remove()
        db.engine.dispose()
        snapshot = Path(tmp) / manifest["database"]["file"]
        (_restore_sqlite if dialect == "sqlite" else _restore_postgresql)(snapshot)
        _restore_files(Path(tmp), Path(app.config["FILES_DIR"]), manifest["files"])
    db.engine.dispose()
    with db.engine.connect() as connection:
        restored = _counts(connection)
    if restored != manifest["counts"]:
        raise BackupError(f"Restored row counts {restored} differ from the manifest {manifest['counts']}.")
    search.rebuild()
    transaction.commit()
    return manifest
