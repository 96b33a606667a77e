"""An S3-compatible bucket behind the content-addressed file store, for several servers.

With `FILES_S3_BUCKET` set every stored file is also put into the bucket under its hash
(`<prefix>ab/cd/abcd...`), and a server that lacks a file locally fetches it from there into
its own `FILES_DIR`, which then acts as a local copy. Files never change, so a local copy can
never be stale. boto3 clients are thread-safe; each process makes its own on first use.
"""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from flask import current_app

EXTENSION = "lamppu_s3"
MISSING_CODES = {"404", "NoSuchKey", "NotFound"}


def enabled() -> bool:
    return bool(current_app.config.get("FILES_S3_BUCKET"))


def _client():
    client = current_app.extensions.get(EXTENSION)
    if client is None:
        config = current_app.config
        client = boto3.client(
            "s3",
            endpoint_url=config.get("FILES_S3_ENDPOINT_URL") or None,
            region_name=config.get("FILES_S3_REGION") or "us-east-1",
            aws_access_key_id=config.get("FILES_S3_ACCESS_KEY_ID") or None,
            aws_secret_access_key=config.get("FILES_S3_SECRET_ACCESS_KEY") or None,
            config=Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}),
        )
        current_app.extensions[EXTENSION] = client
    return client


def _bucket() -> str:
    return current_app.config["FILES_S3_BUCKET"]


def key_for(sha256: str) -> str:
    return f"{current_app.config.get('FILES_S3_PREFIX') or ''}{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _missing(error: ClientError) -> bool:
    return str(error.response.get("Error", {}).get("Code")) in MISSING_CODES


def exists(sha256: str) -> bool:
    try:
        _client().head_object(Bucket=_bucket(), Key=key_for(sha256))
    except ClientError as error:
        if _missing(error):
            return False
        raise
    return True


def upload(path: Path, sha256: str) -> bool:
    """Put the file into the bucket unless it is there already; True when this call put it."""
    if exists(sha256):
        return False
    _client().upload_file(str(path), _bucket(), key_for(sha256))
    return True


def download(sha256: str, target: Path) -> bool:
    """Write the object to `target`; False when the bucket has no such file."""
    try:
        _client().download_file(_bucket(), key_for(sha256), str(target))
    except ClientError as error:
        if _missing(error):
            return False
        raise
    return True


def delete(sha256: str) -> None:
    """Remove the object from the bucket (a disposed version's file); a missing object is no error."""
    _client().delete_object(Bucket=_bucket(), Key=key_for(sha256))
