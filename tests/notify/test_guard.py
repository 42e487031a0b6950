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
