"""Where a webhook may be sent: URL rules, address checks against SSRF, and a POST pinned to a checked address.

The host is resolved when an endpoint is registered and again at every send. Every address the
name resolves to must be public (unless the administrator allowed private addresses for the
endpoint), and the connection is then made to that checked address, not to whatever a second
DNS lookup would answer: a name cannot pass the check with a public address and then point the
connection at 127.0.0.1 (DNS rebinding). TLS still verifies the certificate against the host name
(SNI and hostname check), and the Host header carries the name. Proxies from the environment are
ignored and redirects are not followed, so the connection goes only where it was checked.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import requests
from flask_babel import lazy_gettext as _l
from requests.adapters import HTTPAdapter

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_PORTS = {"https": 443, "http": 80}
MAX_URL = 2000


class AddressRefused(Exception):
    """A URL that may not be used; `message` says why in the user's language."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Target:
    """A checked URL: its parts and the address the connection goes to."""

    scheme: str
    host: str
    port: int
    path: str
    address: IPAddress


def is_public(address: IPAddress) -> bool:
    """Not loopback, private, link-local, multicast, reserved or unspecified (IPv4-mapped IPv6 unwrapped)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # ::ffff:a.b.c.d connects to a.b.c.d
            return is_public(address.ipv4_mapped)
        embedded = address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None and not is_public(embedded):
            return False
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_loopback or address.is_link_local
    )


def split_url(url: str, *, allow_private: bool) -> tuple[str, str, int, str]:
    """Scheme, host, port and path of an acceptable URL; AddressRefused otherwise."""
    url = (url or "").strip()
    if not url or len(url) > MAX_URL:
        raise AddressRefused(_l("Give the receiver's address (at most %(n)d characters).", n=MAX_URL))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise AddressRefused(_l("This is not a valid web address.")) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise AddressRefused(_l("The address must start with https:// and name a host."))
    if scheme == "http" and not allow_private:
        raise AddressRefused(_l("Use https://; plain http:// is allowed only with private addresses allowed."))
    if parts.username is not None or parts.password is not None:
        raise AddressRefused(_l("Do not put a user name or password in the address."))
    if parts.fragment:
        raise AddressRefused(_l("The address may not have a #fragment."))
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme], path


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the host name resolves to (a literal address resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise AddressRefused(_l("The host name %(host)s could not be resolved.", host=host)) from None
    found: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if address not in found:
            found.append(address)
    if not found:
        raise AddressRefused(_l("The host name %(host)s could not be resolved.", host=host))
    return found


def check_url(url: str, *, allow_private: bool) -> Target:
    """Resolve and check a URL; the first acceptable address is where the connection will go."""
    scheme, host, port, path = split_url(url, allow_private=allow_private)
    addresses = resolve(host, port)
    if not allow_private:
        refused = [a for a in addresses if not is_public(a)]
        if refused:
            raise AddressRefused(
                _l(
                    "%(host)s points to a private or local address (%(address)s); webhooks go only to public "
                    "addresses unless an administrator allows private ones for this receiver.",
                    host=host,
                    address=str(refused[0]),
                )
            )
    return Target(scheme, host, port, path, addresses[0])


@dataclass(frozen=True)
class Answer:
    status_code: int
    excerpt: str


def _pinned_url(target: Target) -> str:
    address = f"[{target.address}]" if target.address.version == 6 else str(target.address)
    return f"{target.scheme}://{address}:{target.port}{target.path}"


def _host_header(target: Target) -> str:
    if target.port == DEFAULT_PORTS[target.scheme]:
        return target.host
    return f"{target.host}:{target.port}"


def post(target: Target, body: bytes, headers: dict, *, timeout: tuple[float, float], excerpt: int) -> Answer:
    """POST `body` to the checked address; read at most `excerpt` characters of the answer."""
    adapter = HTTPAdapter(max_retries=0)
    if target.scheme == "https":
        # The connection goes to the address; TLS still names and verifies the host.
        adapter.poolmanager.connection_pool_kw.update(server_hostname=target.host, assert_hostname=target.host)
    with requests.Session() as session:
        session.trust_env = False  # a proxy from the environment would connect somewhere unchecked
        session.mount(f"{target.scheme}://", adapter)
        response = session.post(
            _pinned_url(target),
            data=body,
            headers={**headers, "Host": _host_header(target)},
            timeout=timeout,
            allow_redirects=False,
            stream=True,
        )
        try:
            raw = response.raw.read(excerpt * 4, decode_content=True) or b""
        finally:
            response.close()
    return Answer(response.status_code, raw.decode("utf-8", "replace")[:excerpt])
