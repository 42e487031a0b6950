"""The one SSRF-guarded way out: every outbound request (scraper, callbacks) uses it.

A URL is checked when it is accepted (``check_public_url``) and again at connect time:
the guarded network backend resolves the host itself, refuses the connection if any
address is not globally routable, and connects to the address it checked, so a DNS
answer that changes between the check and the connection (rebinding) cannot slip
through. Redirects open new connections and go through the same check.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Iterable
from urllib.parse import urlsplit

import certifi
import httpcore
import httpx

from shopreel.errors import BadRequest, BlockedAddress

__all__ = ["check_public_url", "guarded_client", "is_public_address", "BlockedConnection"]


class BlockedConnection(httpx.TransportError):
    """Raised at connect time when the destination resolves to a refused address."""


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses; loopback, private, link-local
    (cloud metadata), CGNAT, multicast, reserved and IPv4-mapped private IPv6 are not."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BadRequest(f"cannot resolve host {host!r}: {exc.strerror or exc}") from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_public_url(url: str, *, field: str, allow_private: bool) -> str:
    """Validate an outbound URL given by a user; returns it unchanged.

    Raises ``BadRequest`` (4000) for anything but an absolute http(s) URL, and
    ``BlockedAddress`` (4000) when its host resolves to a refused address.
    """
    if not isinstance(url, str) or not url.strip():
        raise BadRequest(f"{field} must be a non-empty URL")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadRequest(f"{field} must be an http or https URL, got {url!r}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise BadRequest(f"{field} has an invalid port: {url!r}") from exc
    if allow_private:
        return url
    for address in _resolve(parts.hostname, port):
        if not is_public_address(address):
            raise BlockedAddress(
                f"{field} points to a private, loopback or link-local address ({address}); "
                "outbound requests may only reach public hosts"
            )
    return url


class _GuardedBackend(httpcore.SyncBackend):
    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = _resolve(host, port)
        except BadRequest as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        refused = [a for a in addresses if not is_public_address(a)]
        if refused:
            raise BlockedConnection(
                f"refused to connect to {host}: it resolves to a non-public address ({refused[0]})"
            )
        return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)


def guarded_client(*, allow_private: bool, timeout_s: float, max_redirects: int = 5) -> httpx.Client:
    """An httpx client for outbound requests; with ``allow_private`` it is a plain client."""
    transport = httpx.HTTPTransport(retries=0)
    if not allow_private:
        # Same pool httpx builds, with the guarded network backend swapped in.
        transport._pool = httpcore.ConnectionPool(
            ssl_context=ssl.create_default_context(cafile=certifi.where()),
            network_backend=_GuardedBackend(),
        )
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 10.0)),
        follow_redirects=True,
        max_redirects=max_redirects,
        trust_env=False,
        headers={"User-Agent": "ShopReel/0.1"},
    )
