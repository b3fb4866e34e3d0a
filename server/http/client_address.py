"""Which client is calling: the peer address, or behind a trusted reverse proxy the address
that proxy saw. Used only as a rate-limit key (hashed, in memory), never logged or stored."""
from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterable

from aiohttp import web

from server import keys

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(e, strict=False) for e in entries)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(peer: str | None, forwarded_for: list[str], networks: tuple[Network, ...]) -> str:
    """The right-most address not in a trusted proxy network. ``X-Forwarded-For`` is read only
    when the peer itself is a trusted proxy; everything left of the first untrusted hop is
    whatever the client wrote and is ignored."""
    address = peer or "?"
    if not networks or not _trusted(address, networks):
        return address
    hops = [h.strip() for header in forwarded_for for h in header.split(",") if h.strip()]
    for hop in reversed(hops):
        address = hop
        if not _trusted(hop, networks):
            break
    return address


def client_key(request: web.Request) -> str:
    """A per-client rate-limit key: the client's address hashed with the server secret."""
    networks = request.app[keys.TRUSTED_PROXIES]
    address = client_address(request.remote, request.headers.getall("X-Forwarded-For", []), networks)
    secret = request.app[keys.SETTINGS].secret
    return hashlib.blake2s(address.encode(), key=secret.encode()[:32], digest_size=12).hexdigest()
