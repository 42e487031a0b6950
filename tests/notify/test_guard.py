from __future__ import annotations

import socket

import pytest

from shopreel.errors import BadRequest, BlockedAddress
from shopreel.notify.guard import BlockedConnection, check_public_url, guarded_client, is_public_address


@pytest.mark.parametrize(
    "address, public",
    [
        ("8.8.8.8", True), ("2606:4700:4700::1111", True),
        ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
        ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("::1", False),
        ("fe80::1", False), ("fd00:ec2::254", False), ("::ffff:127.0.0.1", False), ("224.0.0.1", False),
        # IPv6 forms that wrap an IPv4 address are judged by that address
        ("64:ff9b::a9fe:a9fe", False), ("64:ff9b::7f00:1", False), ("64:ff9b::808:808", True),
        ("64:ff9b:1::a9fe:a9fe", False), ("2002:a9fe:a9fe::1", False), ("2002:7f00:1::", False),
        ("2002:808:808::1", True), ("::a9fe:a9fe", False), ("::7f00:1", False), ("::ffff:0:a9fe:a9fe", False),
        ("::ffff:0:a00:1", False),
        # deprecated and special ranges
        ("fec0::1", False), ("3ffe::1", False), ("2001::1", False), ("::", False),
    ],
)
def test_public_addresses(address, public):
    assert is_public_address(address) is public


@pytest.mark.parametrize("url", ["ftp://example.com/x", "javascript:alert(1)", "http://", "/relative", ""])
def test_only_absolute_http_urls(url):
    with pytest.raises(BadRequest):
        check_public_url(url, field="productLink", allow_private=False)


def test_private_hosts_refused_unless_allowed():
    with pytest.raises(BlockedAddress, match="productLink"):
        check_public_url("http://localhost:8000/", field="productLink", allow_private=False)
    assert check_public_url("http://localhost:8000/", field="productLink", allow_private=True)


def test_rebinding_is_caught_at_connect_time(monkeypatch):
    """The name resolved to a public address when checked; at connect time it points at
    loopback. The guarded client resolves again and refuses."""
    real = socket.getaddrinfo
    answers = iter(["93.184.215.14", "127.0.0.1"])

    def rebinding(host, port, *args, **kwargs):
        if host == "shop.example":
            address = next(answers)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    check_public_url("http://shop.example/p", field="productLink", allow_private=False)
    with guarded_client(allow_private=False, timeout_s=2) as client, pytest.raises(BlockedConnection):
        client.get("http://shop.example/p")


def test_redirect_to_loopback_is_refused(web):
    """A public page redirecting to an internal address: every hop is checked."""
    target = web.add("/internal", "secret")
    with guarded_client(allow_private=False, timeout_s=2) as client, pytest.raises(BlockedConnection):
        client.get(target)


@pytest.mark.parametrize("address", ["64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1", "::a9fe:a9fe",
                                     "::ffff:0:a9fe:a9fe", "fec0::1"])
def test_names_resolving_to_wrapped_metadata_addresses_are_refused_without_echoing_them(monkeypatch, address):
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == "sneaky.example":
            return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    for url in (f"http://[{address}]/latest/meta-data", "http://sneaky.example/p"):
        with pytest.raises(BlockedAddress) as refused:
            check_public_url(url, field="noticeUrl", allow_private=False)
        assert address not in refused.value.message and "a9fe" not in refused.value.message
    with guarded_client(allow_private=False, timeout_s=2) as client, pytest.raises(BlockedConnection) as blocked:
        client.get("http://sneaky.example/p")
    assert address not in str(blocked.value)
