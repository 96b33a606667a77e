"""Where a webhook may go: public addresses only, unless an administrator allowed private ones."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from registry.webhooks import addresses
from registry.webhooks.addresses import AddressRefused, check_url, is_public


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "10.255.255.254",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104  (an address to refuse, not one to bind)
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped IPv6
        "::ffff:10.0.0.1",
        "2002:7f00:1::",  # 6to4 around 127.0.0.1
    ],
)
def test_private_local_and_special_addresses_are_not_public(address):
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:93.184.216.34"])
def test_public_addresses_are_public(address):
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://localhost/hook",  # a name that resolves to loopback
        "https://localhost:8443/hook",
    ],
)
def test_private_targets_are_refused_unless_allowed(url):
    with pytest.raises(AddressRefused) as refused:
        check_url(url, allow_private=False)
    assert "private or local" in str(refused.value.message)
    assert check_url(url, allow_private=True).address is not None


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://93.184.216.34/hook", "https://"),  # plain http only with private addresses allowed
        ("ftp://93.184.216.34/", "https://"),
        ("https://user:pw@93.184.216.34/", "user name"),
        ("https://93.184.216.34/#x", "fragment"),
        ("https://[::1/", "not a valid"),
        ("https://93.184.216.34:99999/", "not a valid"),
        ("", "address"),
        ("https://" + "a" * 2000 + ".fi/", "2000"),
        ("https://no-such-host.invalid/", "could not be resolved"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(url, words):
    with pytest.raises(AddressRefused) as refused:
        check_url(url, allow_private=False)
    assert words in str(refused.value.message)


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    def fake(host, port, type=0):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ("93.184.216.34", "10.0.0.5")]

    monkeypatch.setattr(addresses.socket, "getaddrinfo", fake)
    with pytest.raises(AddressRefused):
        check_url("https://intranet.example.fi/hook", allow_private=False)


def test_the_connection_goes_to_the_checked_address_with_the_name_in_host_and_tls(monkeypatch):
    def fake(host, port, type=0):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]

    monkeypatch.setattr(addresses.socket, "getaddrinfo", fake)
    target = check_url("https://intranet.example.fi:8443/hooks/lamppu?x=1", allow_private=False)
    assert addresses._pinned_url(target) == "https://93.184.216.34:8443/hooks/lamppu?x=1"
    assert addresses._host_header(target) == "intranet.example.fi:8443"
