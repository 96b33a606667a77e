"""Content-addressed file store under the instance's FILES_DIR (optionally backed by a bucket).

A file is named by the SHA-256 of its bytes (`ab/cd/abcd...`), never by a name a
user chose, and is never overwritten: the same bytes land in the same place once.
Writes go to a temporary file that is fsynced and then linked into place, so a
crash leaves either the whole file or nothing under its final name. With an S3 bucket
configured (registry.documents.object_store) every new file is also put there before the
transaction that refers to it commits, and `local_file` fetches a file another server stored.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l

from registry.documents import object_store
from registry.errors import NotFoundError, PayloadTooLarge

SPOOL_DIR = "tmp"  # uploads are received here, then linked into place under their hash

CHUNK = 1024 * 1024
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class StoredFile:
    """A file in the store: its address, size, and whether this call created it."""

    sha256: str
    size: int
    path: Path
    created: bool


def files_dir() -> Path:
    return Path(current_app.config["FILES_DIR"])


def path_for(sha256: str, root: Path | None = None) -> Path:
    """Where the file with this hash lives; refuses anything that is not a hash."""
    if not SHA256_RE.match(sha256 or ""):
        raise NotFoundError(_l("File not found."))
    return (root or files_dir()) / sha256[:2] / sha256[2:4] / sha256


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(_l("The file is larger than the allowed %(mb)s MB.", mb=_megabytes(limit)))


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):.0f}"


def _copy_capped(source: BinaryIO, target: BinaryIO, limit: int) -> tuple[str, int]:
    """Copy at most `limit` bytes, hashing on the way; PayloadTooLarge past the limit."""
    digest, size = hashlib.sha256(), 0
    while True:
        chunk = source.read(CHUNK)
        if not chunk:
            return digest.hexdigest(), size
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        digest.update(chunk)
        target.write(chunk)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def spool(source: BinaryIO, limit: int, root: Path | None = None) -> tuple[Path, str, int]:
    """Copy a stream into a private temporary file of the store (capped); returns path, hash, size."""
    tmp_dir = (root or files_dir()) / SPOOL_DIR
    tmp_dir.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=tmp_dir, prefix="upload-", delete=False)  # noqa: SIM115 - closed below
    try:
        with handle:
            sha256, size = _copy_capped(source, handle, limit)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return Path(handle.name), sha256, size


def commit_spooled(tmp_path: Path, sha256: str, size: int, root: Path | None = None) -> StoredFile:
    """Move a spooled file to its content address; an existing file is kept, never replaced."""
    final = path_for(sha256, root)
    final.parent.mkdir(parents=True, exist_ok=True)
    created = False
    try:
        os.link(tmp_path, final)  # fails instead of replacing when the name exists
        created = True
    except FileExistsError:
        pass
    except OSError:
        # A file system without hard links: same bytes under the same name, so a race is harmless.
        if not final.exists():
            os.replace(tmp_path, final)
            created = True
    finally:
        tmp_path.unlink(missing_ok=True)
    if created:
        os.chmod(final, 0o440)
        _fsync_dir(final.parent)
    if root is None and object_store.enabled():
        object_store.upload(final, sha256)
    return StoredFile(sha256, size, final, created)


def local_file(sha256: str) -> Path:
    """The file with this hash on this server's disk, fetched from the bucket when only it has it.

    The path may not exist (the file is missing everywhere); callers check.
    """
    final = path_for(sha256)
    if final.is_file() or not object_store.enabled():
        return final
    tmp_dir = files_dir() / SPOOL_DIR
    tmp_dir.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=tmp_dir, prefix="fetch-", delete=False)  # noqa: SIM115 - closed here
    handle.close()
    tmp_path = Path(handle.name)
    try:
        if not object_store.download(sha256, tmp_path):
            return final
        with tmp_path.open("rb") as fetched:
            digest, _size = _copy_capped(fetched, _NullSink(), sys.maxsize)
        if digest != sha256:  # a damaged object is never taken for the file
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(tmp_path, final)
            os.chmod(final, 0o440)
        except FileExistsError:
            pass
    finally:
        tmp_path.unlink(missing_ok=True)
    return final


class _NullSink:
    """A write target that keeps nothing (hashing a file already on disk)."""

    def write(self, _chunk: bytes) -> None:
        return None


def store(source: BinaryIO, limit: int, root: Path | None = None) -> StoredFile:
    """Store a stream content-addressed, refusing more than `limit` bytes."""
    tmp_path, sha256, size = spool(source, limit, root)
    return commit_spooled(tmp_path, sha256, size, root)


def destroy(sha256: str) -> bool:
    """Delete a file from this server's store and the bucket (disposal); True when a local file went."""
    path = path_for(sha256)
    existed = path.is_file()
    path.unlink(missing_ok=True)
    if object_store.enabled():
        object_store.delete(sha256)
    return existed
