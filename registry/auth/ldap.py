"""Talking to an LDAP directory or Active Directory: find a person, check their password, read their groups.

Only this module speaks LDAP (through ldap3). It knows nothing of Lamppu's users: it answers with a
`DirectoryEntry`, and `registry.auth.directory` brings the user account in line with it.

Every value put into a search filter is escaped (`escape_filter_chars`), an empty password is refused
before any bind (a directory treats it as an anonymous bind that "succeeds"), and every operation
has a time limit so that a directory that does not answer is reported as such.
"""

from __future__ import annotations

import contextlib
import json
import logging
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field

from ldap3 import BASE, NONE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import parse_dn

from registry.auth.models import ROLE_VALUES
from registry.config import ConfigError

log = logging.getLogger(__name__)

USER_ATTRIBUTES = (
    "cn",
    "displayName",
    "givenName",
    "sn",
    "mail",
    "uid",
    "sAMAccountName",
    "memberOf",
    "userAccountControl",
    "pwdAccountLockedTime",
    "nsAccountLock",
)
AD_ACCOUNT_DISABLED = 0x2  # the ACCOUNTDISABLE bit of userAccountControl
# Groups that list a member by DN (groupOfNames, AD groups, groupOfUniqueNames) or by uid (posixGroup).
GROUP_FILTER = "(|(member={dn})(uniqueMember={dn})(memberUid={uid}))"


class DirectoryUnavailable(Exception):
    """The directory did not answer, or refused the service account: nobody can be checked against it."""


@dataclass(frozen=True)
class DirectoryEntry:
    """A person as the directory describes them."""

    dn: str
    login: str
    name: str
    email: str
    groups: frozenset[str] = field(default_factory=frozenset)  # normalised group DNs
    disabled: bool = False


@dataclass(frozen=True)
class LdapSettings:
    url: str
    start_tls: bool
    ca_file: str
    bind_dn: str
    bind_password: str
    user_base: str
    user_filter: str
    group_base: str
    role_groups: dict[str, tuple[str, ...]]  # normalised group DN -> roles
    unit_groups: dict[str, tuple[str, ...]]  # normalised group DN -> unit codes
    timeout: int


def normalise_dn(dn: str) -> str:
    """A DN compared without regard to case or spaces around separators; unparsable text is only lowered."""
    try:
        return ",".join(f"{attr.strip().lower()}={value.strip().lower()}" for attr, value, _sep in parse_dn(dn))
    except LDAPException:
        return dn.strip().lower()


def _group_map(config: Mapping, name: str, check_roles: bool) -> dict[str, tuple[str, ...]]:
    setting = f"LAMPPU_{name}"
    raw = config.get(name) or {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"{setting} must be a JSON object mapping a group DN to a list of values: {exc}"
            ) from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{setting} must be a JSON object mapping a group DN to a list of values.")
    mapped = {}
    for dn, values in raw.items():
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise ConfigError(f"{setting}: the value for {dn!r} must be a name or a list of names.")
        if check_roles:
            unknown = [v for v in values if v not in ROLE_VALUES]
            if unknown:
                raise ConfigError(
                    f"{setting} maps {dn!r} to unknown role {', '.join(map(repr, unknown))}; "
                    f"known roles: {', '.join(ROLE_VALUES)}."
                )
        mapped[normalise_dn(dn)] = tuple(values)
    return mapped


def settings_from_config(config: Mapping) -> LdapSettings | None:
    """The LDAP settings, or None when LDAP_URL is unset; ConfigError names a setting that cannot be used."""
    url = (config.get("LDAP_URL") or "").strip()
    if not url:
        return None
    if not url.lower().startswith(("ldap://", "ldaps://")):
        raise ConfigError(f"LAMPPU_LDAP_URL must start with ldap:// or ldaps://, not {url!r}.")
    if not (config.get("LDAP_USER_BASE") or "").strip():
        raise ConfigError("LAMPPU_LDAP_USER_BASE must be set when LAMPPU_LDAP_URL is set.")
    user_filter = config.get("LDAP_USER_FILTER") or ""
    if "{login}" not in user_filter:
        raise ConfigError("LAMPPU_LDAP_USER_FILTER must contain {login}.")
    if url.lower().startswith("ldaps://") and config.get("LDAP_START_TLS"):
        raise ConfigError("LAMPPU_LDAP_START_TLS is for ldap:// URLs; ldaps:// is already encrypted.")
    timeout = int(config.get("LDAP_TIMEOUT") or 4)
    if not 1 <= timeout <= 60:
        raise ConfigError("LAMPPU_LDAP_TIMEOUT must be between 1 and 60 seconds.")
    return LdapSettings(
        url=url,
        start_tls=bool(config.get("LDAP_START_TLS")),
        ca_file=(config.get("LDAP_CA_FILE") or "").strip(),
        bind_dn=config.get("LDAP_BIND_DN") or "",
        bind_password=config.get("LDAP_BIND_PASSWORD") or "",
        user_base=config["LDAP_USER_BASE"].strip(),
        user_filter=user_filter,
        group_base=(config.get("LDAP_GROUP_BASE") or "").strip(),
        role_groups=_group_map(config, "LDAP_ROLE_GROUPS", check_roles=True),
        unit_groups=_group_map(config, "LDAP_UNIT_GROUPS", check_roles=False),
        timeout=timeout,
    )


def _server(settings: LdapSettings) -> Server:
    tls = None
    if settings.url.lower().startswith("ldaps://") or settings.start_tls:
        tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=settings.ca_file or None)
    return Server(settings.url, connect_timeout=settings.timeout, get_info=NONE, tls=tls)


def _connect(settings: LdapSettings, user: str | None, password: str | None) -> Connection | None:
    """An open, bound connection, or None when the directory refused these credentials."""
    conn = Connection(
        _server(settings),
        user=user or None,
        password=password or None,
        receive_timeout=settings.timeout,
        raise_exceptions=False,
        read_only=True,
    )
    try:
        conn.open()
        if settings.start_tls and not conn.start_tls():
            _close(conn)
            raise DirectoryUnavailable(f"StartTLS refused: {conn.result}")
        if conn.bind():
            return conn
    except DirectoryUnavailable:
        raise
    except Exception as exc:  # ldap3 raises more than LDAPException on an answer it cannot decode
        _close(conn)
        raise DirectoryUnavailable(f"{type(exc).__name__}: {exc}") from exc
    _close(conn)
    return None


def _close(conn: Connection) -> None:
    """Unbind and close; ldap3 leaves the socket of a failed open behind, so it is closed here too."""
    with contextlib.suppress(Exception):
        conn.unbind()
    if conn.socket is not None:
        conn.socket.close()


def _service_connection(settings: LdapSettings) -> Connection:
    conn = _connect(settings, settings.bind_dn, settings.bind_password)
    if conn is None:
        # The service account is Lamppu's own: its refusal is a configuration problem, not the user's.
        raise DirectoryUnavailable("the directory refused the service account (LAMPPU_LDAP_BIND_DN)")
    return conn


def _first(attributes: Mapping, *names: str) -> str:
    for name in names:
        value = attributes.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if value not in (None, ""):
            return str(value)
    return ""


def _is_disabled(attributes: Mapping) -> bool:
    uac = _first(attributes, "userAccountControl")
    if uac.isdigit() and int(uac) & AD_ACCOUNT_DISABLED:
        return True
    if _first(attributes, "pwdAccountLockedTime"):  # OpenLDAP ppolicy: locked by an administrator
        return True
    return _first(attributes, "nsAccountLock").lower() == "true"


def _entry(conn: Connection, settings: LdapSettings, dn: str, attributes: Mapping) -> DirectoryEntry:
    login = _first(attributes, "uid", "sAMAccountName", "mail")
    groups = {normalise_dn(g) for g in attributes.get("memberOf") or []}
    if settings.group_base:
        query = GROUP_FILTER.format(dn=escape_filter_chars(dn), uid=escape_filter_chars(login))
        if not conn.search(settings.group_base, query, SUBTREE, attributes=[]) and conn.result["result"] not in (0, 32):
            raise DirectoryUnavailable(f"group search failed: {conn.result}")
        groups |= {normalise_dn(found["dn"]) for found in conn.response or [] if found.get("type") == "searchResEntry"}
    given_and_family = " ".join(p for p in (_first(attributes, "givenName"), _first(attributes, "sn")) if p)
    return DirectoryEntry(
        dn=dn,
        login=login,
        name=_first(attributes, "displayName", "cn") or given_and_family or login,
        email=_first(attributes, "mail").strip().lower(),
        groups=frozenset(groups),
        disabled=_is_disabled(attributes),
    )


def _found_entries(conn: Connection) -> list[tuple[str, Mapping]]:
    return [(r["dn"], r["attributes"]) for r in conn.response or [] if r.get("type") == "searchResEntry"]


def _search(conn: Connection, base: str, query: str, scope) -> list[tuple[str, Mapping]]:
    ok = conn.search(base, query, scope, attributes=list(USER_ATTRIBUTES))
    code = conn.result.get("result")
    if not ok and code not in (0, 32):  # 32: no such object (the base, or the entry, is gone)
        if code is None or code in (51, 52, 80):  # busy, unavailable, other
            raise DirectoryUnavailable(f"search failed: {conn.result}")
        log.warning("LDAP search in %s failed: %s", base, conn.result)
        return []
    return _found_entries(conn)


def _guarded(call):
    """Any failure of the protocol library is a directory that cannot be asked, never an error page."""

    def wrapper(*args, **kwargs):
        try:
            return call(*args, **kwargs)
        except DirectoryUnavailable:
            raise
        except Exception as exc:
            raise DirectoryUnavailable(f"{type(exc).__name__}: {exc}") from exc

    return wrapper


@_guarded
def authenticate(settings: LdapSettings, login: str, password: str) -> DirectoryEntry | None:
    """The person whose login (user name or e-mail) and password the directory accepts, else None.

    None for an unknown login, an ambiguous one (the filter matched more than one entry) or a wrong
    password; DirectoryUnavailable when the directory cannot be asked.
    """
    login = (login or "").strip()
    if not login or not password:  # an empty password would be an unauthenticated (anonymous) bind
        return None
    conn = _service_connection(settings)
    try:
        query = settings.user_filter.replace("{login}", escape_filter_chars(login))
        found = _search(conn, settings.user_base, query, SUBTREE)
        if len(found) != 1:
            if len(found) > 1:
                log.warning("LDAP login %r matched %d entries; refused", login, len(found))
            return None
        dn, attributes = found[0]
        user_conn = _connect(settings, dn, password)
        if user_conn is None:
            return None
        _close(user_conn)
        return _entry(conn, settings, dn, attributes)
    finally:
        _close(conn)


@_guarded
def verify_password(settings: LdapSettings, dn: str, password: str) -> bool:
    """Whether the directory accepts `password` for the entry `dn` (a signature re-entering it)."""
    if not dn or not password:  # an empty password would be an unauthenticated (anonymous) bind
        return False
    user_conn = _connect(settings, dn, password)
    if user_conn is None:
        return False
    _close(user_conn)
    return True


@_guarded
def lookup(settings: LdapSettings, dn: str) -> DirectoryEntry | None:
    """The entry at `dn` as the service account sees it now, or None when it is gone."""
    conn = _service_connection(settings)
    try:
        found = _search(conn, dn, "(objectClass=*)", BASE)
        if len(found) != 1:
            return None
        return _entry(conn, settings, found[0][0], found[0][1])
    finally:
        _close(conn)
