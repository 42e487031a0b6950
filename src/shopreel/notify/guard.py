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


#: IPv6 prefixes whose last 32 bits are an IPv4 address the packet ends up at: NAT64's
#: well-known prefix (RFC 6052), SIIT's IPv4-translated addresses (RFC 2765) and the
#: deprecated IPv4-compatible addresses (RFC 4291). The embedded IPv4 is what is judged.
_WRAPS_IPV4_LOW = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "::ffff:0:0:0/96", "::/96"))
#: Refused outright: local-use NAT64 (RFC 8215; where it embeds the IPv4 depends on the
#: site), deprecated site-local (RFC 3879) and the retired 6bone test range.
_REFUSED_V6 = tuple(ipaddress.ip_network(n) for n in ("64:ff9b:1::/48", "fec0::/10", "3ffe::/16"))


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses; loopback, private, link-local
    (cloud metadata), CGNAT, multicast, reserved and site-local are not, nor is an IPv6
    address that wraps a non-public IPv4 one (IPv4-mapped, NAT64, 6to4, SIIT, IPv4-compatible)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in network for network in _REFUSED_V6):
            return False
        wrapped = ip.ipv4_mapped or ip.sixtofour
        if wrapped is None and any(ip in network for network in _WRAPS_IPV4_LOW):
            wrapped = ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
        if wrapped is not None:
            ip = wrapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BadRequest(f"cannot resolve host {host!r}: {exc.strerror or exc}") from exc
    except UnicodeError as exc:  # IDNA: an empty label, or one over 63 characters
        raise BadRequest(f"host {host!r} is not a valid host name: {exc}") from exc
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
    try:
        parts.hostname.encode("idna")
    except UnicodeError as exc:  # an empty label, or one over 63 characters
        raise BadRequest(f"{field} has an invalid host name: {exc}") from exc
    if allow_private:
        return url
    for address in _resolve(parts.hostname, port):
        if not is_public_address(address):
            # The address itself is not echoed: it would map the operator's network.
            raise BlockedAddress(
                f"{field} points to a private, loopback or link-local address; "
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
            raise BlockedConnection(f"refused to connect to {host}: it resolves to a non-public address")
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
