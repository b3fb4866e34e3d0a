"""ICE for the server's own peer connections: explicit servers, chosen host addresses.

Two aiortc/aioice defaults are wrong for Ibasho:

* With ``iceServers=None`` aiortc asks a public STUN server for every connection (a lookup of an
  outside host, and it tells a third party who talks to us). We always pass an explicit list,
  built from configuration; an empty list means host candidates only.
* aioice gathers host candidates on every interface *except* loopback. The operator decides
  which addresses the server offers instead (``127.0.0.1`` on a test machine, the public address
  in production). The override is installed per connection, on that connection's ICE agent,
  so nothing process-wide changes and other peer connections in the process are unaffected.

An entry of the host address list is either ``ADDRESS`` (bind there, announce it) or
``BIND=ANNOUNCE`` (bind a local address, announce another one: a 1:1 NAT such as a cloud VM's
public address).
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from aiortc import RTCConfiguration, RTCIceServer, RTCPeerConnection

ICE_URL = re.compile(r"^(stun|turn|turns):[^\s?]+(\?transport=(udp|tcp))?$")


@dataclass(frozen=True)
class HostAddress:
    bind: str
    announce: str


def parse_host_addresses(entries: Iterable[str]) -> tuple[HostAddress, ...]:
    """``["127.0.0.1", "10.0.0.5=203.0.113.7"]`` -> HostAddress tuples; ValueError on anything
    that is not an IP literal (host names would make every gathering depend on DNS)."""
    result = []
    for entry in entries:
        bind, _, announce = entry.strip().partition("=")
        bind, announce = bind.strip(), (announce.strip() or bind.strip())
        for value in (bind, announce):
            try:
                ipaddress.ip_address(value)
            except ValueError:
                raise ValueError(f"ICE host address {value!r} is not an IP address") from None
        result.append(HostAddress(bind=bind, announce=announce))
    return tuple(result)


def ice_servers(entries: Sequence[Mapping]) -> list[RTCIceServer]:
    """RTCIceServer objects from configuration dicts (``urls``, optional ``username`` and
    ``credential``), validated so a typo fails at start-up, not at the first call."""
    servers = []
    for entry in entries:
        urls = entry.get("urls")
        url_list = [urls] if isinstance(urls, str) else urls
        if not isinstance(url_list, list) or not url_list or not all(isinstance(u, str) and ICE_URL.match(u) for u in url_list):
            raise ValueError("each ICE server needs 'urls': stun:, turn: or turns: URLs")
        unknown = set(entry) - {"urls", "username", "credential"}
        if unknown:
            raise ValueError(f"unknown ICE server keys: {sorted(unknown)}")
        servers.append(RTCIceServer(urls=urls, username=entry.get("username"), credential=entry.get("credential")))
    return servers


def rtc_configuration(entries: Sequence[Mapping]) -> RTCConfiguration:
    """Always an explicit list: ``[]`` means host candidates only, never aiortc's default STUN."""
    return RTCConfiguration(iceServers=ice_servers(entries))


def restrict_host_candidates(pc: RTCPeerConnection, addresses: Sequence[HostAddress]) -> None:
    """Make every ICE agent of ``pc`` gather host candidates only on ``addresses``.

    Call after the transceivers exist (addTrack/addTransceiver, or setRemoteDescription on the
    answering side) and before setLocalDescription, which is where gathering happens. An empty
    ``addresses`` keeps aioice's default (every interface but loopback).
    """
    if not addresses:
        return
    gatherers = {t.receiver.transport.transport.iceGatherer for t in pc.getTransceivers()}
    if pc.sctp is not None:
        gatherers.add(pc.sctp.transport.transport.iceGatherer)
    if not gatherers:
        raise RuntimeError("restrict_host_candidates needs the transceivers to exist first")
    for gatherer in gatherers:
        if gatherer.state != "new":
            raise RuntimeError("restrict_host_candidates must run before gathering starts")
        _gather_only_on(gatherer._connection, addresses)  # aioice.Connection (aiortc 1.16)


def _gather_only_on(connection, addresses: Sequence[HostAddress]) -> None:
    gather_on = connection.get_component_candidates  # bound method of this one agent
    binds = [a.bind for a in addresses]
    announced = {a.bind: a.announce for a in addresses if a.announce != a.bind}

    async def get_component_candidates(component: int, addresses: list[str], timeout: int = 5):
        # aioice passes the interface list it found; the configured list replaces it.
        candidates = await gather_on(component=component, addresses=binds, timeout=timeout)
        for candidate in candidates:
            if candidate.type == "host" and candidate.host in announced:
                candidate.host = announced[candidate.host]
        return candidates

    connection.get_component_candidates = get_component_candidates


def candidate_lines(sdp: str) -> list[dict[str, str]]:
    """The ``a=candidate`` lines of an SDP as dicts with address, port and type."""
    found = []
    for line in sdp.splitlines():
        if line.startswith("a=candidate:"):
            parts = line[len("a=candidate:"):].split()
            if len(parts) >= 8 and parts[6] == "typ":
                found.append({"address": parts[4], "port": parts[5], "type": parts[7], "protocol": parts[2].lower()})
    return found


def keep_host_candidates_on(sdp: str, allowed: Iterable[str]) -> str:
    """Drop host candidate lines whose address is not in ``allowed`` (a last guard on what the
    server announces; srflx/relay candidates come from the configured ICE servers and stay)."""
    allowed = set(allowed)
    kept = []
    for line in sdp.split("\r\n"):
        if line.startswith("a=candidate:"):
            parts = line.split()
            if len(parts) < 8 or (parts[7] == "host" and parts[4] not in allowed):
                continue
        kept.append(line)
    return "\r\n".join(kept)
