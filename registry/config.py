"""Default configuration; overridden by instance/config.py, then LAMPPU_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class DefaultConfig:
    """Embedded defaults: SQLite, files and the search index in the instance folder."""

    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # derived from the instance path when unset
    # hide_parameters: a database error in the log must not carry row values (password hashes, tokens).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}
    SQLITE_BUSY_TIMEOUT_MS = 15000
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
    MAX_IMPORT_ARCHIVE_BYTES = 200 * 1024 * 1024
    # Text extraction during an upload stops here (the text read so far is kept), well inside
    # gunicorn's worker timeout; `lamppu import` has no such budget.
    EXTRACTION_SECONDS = 8.0
    # A zip-based upload (DOCX, ODT, XLSX) is refused past these, judged from its central directory.
    ZIP_MAX_ENTRIES = 1000
    ZIP_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
    ZIP_MAX_RATIO = 100
    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    LANGUAGES = ("fi", "en")
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    API_TITLE = "Lamppu API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    DEMO_MODE = False
    ORGANISATION_NAME = "Kainuun ammattiopisto"
    LOG_LEVEL = "INFO"
    TRUSTED_PROXIES = 0  # 1 behind one nginx: client address from X-Forwarded-For
    HEALTH_MIN_FREE_BYTES = 200 * 1024 * 1024
    # Attachment files in an S3-compatible bucket (shared by several servers) instead of only in
    # FILES_DIR, which then keeps a local copy of each file read or written. Off while unset.
    FILES_S3_BUCKET: str | None = None
    FILES_S3_ENDPOINT_URL: str | None = None  # e.g. https://s3.example.fi; unset for AWS itself
    FILES_S3_REGION: str | None = None
    FILES_S3_ACCESS_KEY_ID: str | None = None
    FILES_S3_SECRET_ACCESS_KEY: str | None = None
    FILES_S3_PREFIX = ""  # key prefix inside the bucket, e.g. "lamppu/"
    OIDC_ROLE_CLAIM = "groups"
    SAML_EMAIL_ATTRIBUTE = "mail"
    SAML_NAME_ATTRIBUTE = "displayName"
    SAML_ROLE_ATTRIBUTE = "groups"
    # Sign-in through LDAP / Active Directory (off unless LDAP_URL is set); see registry/auth/ldap.py.
    LDAP_URL = ""
    LDAP_START_TLS = False
    LDAP_CA_FILE = ""
    LDAP_BIND_DN = ""
    LDAP_BIND_PASSWORD = ""
    LDAP_USER_BASE = ""
    LDAP_USER_FILTER = "(|(uid={login})(mail={login})(sAMAccountName={login}))"
    LDAP_GROUP_BASE = ""
    LDAP_ROLE_GROUPS: dict | str = {}
    LDAP_UNIT_GROUPS: dict | str = {}
    LDAP_TIMEOUT = 4  # seconds per directory operation: a directory that does not answer is reported within 5 s
    # "all": every local account signs in with its password; "admins": only administrators (break-glass).
    LOCAL_LOGIN = "all"
    LDAP_RECHECK_MINUTES = 10  # an API token of a directory user is checked against the directory this often
    # Repeated API reads answered from memory until the database changes (registry/read_cache.py).
    READ_CACHE = True
    READ_CACHE_ENTRIES = 512
    # The address people reach Lamppu at (https://lamppu.example.fi): absolute links in webhook payloads
    # sent by `lamppu webhooks send`, where there is no request to take the host from.
    BASE_URL = ""
    # Outgoing webhooks: seconds to connect and to wait for each read of the answer; deliveries per run.
    WEBHOOK_CONNECT_TIMEOUT = 3
    WEBHOOK_TIMEOUT = 5
    WEBHOOK_BATCH = 50
    WEBHOOK_SEND_AFTER_COMMIT = True  # also send in a background thread right after the commit
    # Staff may send a change request without their name (it is then not stored anywhere).
    CHANGE_REQUESTS_ANONYMOUS = False


# Settings that may come from LAMPPU_<NAME> environment variables, with their types.
ENV_SETTINGS: dict[str, type] = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "SESSION_COOKIE_SECURE": bool,
    "MAX_CONTENT_LENGTH": int,
    "MAX_ATTACHMENT_BYTES": int,
    "MAX_IMPORT_ARCHIVE_BYTES": int,
    "RATELIMIT_STORAGE_URI": str,
    "LOGIN_RATE_LIMIT": str,
    "BABEL_DEFAULT_LOCALE": str,
    "ORGANISATION_NAME": str,
    "LOG_LEVEL": str,
    "TRUSTED_PROXIES": int,
    "HEALTH_MIN_FREE_BYTES": int,
    # Several servers: the attachment store every server sees (a shared directory or a bucket)
    # and the key prefix of the rate-limit counters in a shared Redis.
    "FILES_PATH": str,
    "FILES_S3_BUCKET": str,
    "FILES_S3_ENDPOINT_URL": str,
    "FILES_S3_REGION": str,
    "FILES_S3_ACCESS_KEY_ID": str,
    "FILES_S3_SECRET_ACCESS_KEY": str,
    "FILES_S3_PREFIX": str,
    "RATELIMIT_KEY_PREFIX": str,
    # Notification e-mail (off unless MAIL_SERVER is set).
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": bool,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_SENDER": str,
    # Sign-in at the organisation's OpenID provider (on when the issuer and client id are set).
    "OIDC_ISSUER": str,
    "OIDC_CLIENT_ID": str,
    "OIDC_CLIENT_SECRET": str,
    "OIDC_ROLE_CLAIM": str,
    "OIDC_ROLE_MAP": str,
    # Sign-in at the organisation's SAML 2.0 identity provider (on when its metadata is set).
    "SAML_IDP_METADATA": str,
    "SAML_SP_ENTITY_ID": str,
    "SAML_EMAIL_ATTRIBUTE": str,
    "SAML_NAME_ATTRIBUTE": str,
    "SAML_ROLE_ATTRIBUTE": str,
    "SAML_ROLE_MAP": str,
    # LDAP / Active Directory sign-in; the group maps are JSON objects.
    "LDAP_URL": str,
    "LDAP_START_TLS": bool,
    "LDAP_CA_FILE": str,
    "LDAP_BIND_DN": str,
    "LDAP_BIND_PASSWORD": str,
    "LDAP_USER_BASE": str,
    "LDAP_USER_FILTER": str,
    "LDAP_GROUP_BASE": str,
    "LDAP_ROLE_GROUPS": str,
    "LDAP_UNIT_GROUPS": str,
    "LDAP_TIMEOUT": int,
    "LDAP_RECHECK_MINUTES": int,
    "LOCAL_LOGIN": str,
    "READ_CACHE": bool,
    "READ_CACHE_ENTRIES": int,
    "BASE_URL": str,
    "WEBHOOK_CONNECT_TIMEOUT": int,
    "WEBHOOK_TIMEOUT": int,
    "WEBHOOK_BATCH": int,
    "WEBHOOK_SEND_AFTER_COMMIT": bool,
    "CHANGE_REQUESTS_ANONYMOUS": bool,
}


# Environment names that differ from their Flask config key.
CONFIG_KEYS = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI", "FILES_PATH": "FILES_DIR"}


class ConfigError(RuntimeError):
    """A setting that cannot be used; the message names it and says what it should be."""


def _parse(name: str, value: str, kind: type):
    if kind is bool:
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if kind is int:
        try:
            return int(value)
        except ValueError:
            raise ConfigError(f"LAMPPU_{name} must be a whole number, not {value!r}.") from None
    return kind(value)


def environment_overrides(environ: os._Environ | dict | None = None) -> dict:
    """Read LAMPPU_* variables into Flask config keys; ConfigError names one that cannot be read."""
    environ = os.environ if environ is None else environ
    found = {}
    for name, kind in ENV_SETTINGS.items():
        raw = environ.get(f"LAMPPU_{name}")
        if raw is None or raw == "":
            continue
        key = CONFIG_KEYS.get(name, name)
        found[key] = _parse(name, raw, kind)
    return found


def ensure_instance_config(instance_path: Path) -> Path:
    """Create instance/config.py with a random SECRET_KEY on first start."""
    instance_path.mkdir(parents=True, exist_ok=True)
    config_file = instance_path / "config.py"
    if not config_file.exists():
        config_file.write_text(
            f"# Generated on first start; keep this file private.\nSECRET_KEY = {secrets.token_hex(32)!r}\n",
            encoding="utf-8",
        )
        config_file.chmod(0o600)
    return config_file
