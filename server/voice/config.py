"""Voice settings, checked once at start-up."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from server.voice.ice import HostAddress, ice_servers, parse_host_addresses
from server.voice.offer import MAX_SDP_BYTES
from server.voice.relay import Forwarding

if TYPE_CHECKING:
    from server.settings import Settings


@dataclass(frozen=True)
class VoiceConfig:
    # RTCIceServer dicts ({"urls", "username", "credential"}); empty = host candidates only.
    ice_servers: tuple[dict, ...] = ()
    # What the server offers as its own host candidates: "ADDR" or "BIND=ANNOUNCE"; empty =
    # aioice's default (every interface except loopback).
    host_addresses: tuple[str, ...] = ()
    max_sdp_bytes: int = MAX_SDP_BYTES
    consultation_capacity: int = 2
    connect_timeout_seconds: float = 20.0
    speaker_hold_seconds: float = 0.6
    forwarding: Forwarding = Forwarding.ENCODED
    hosts: tuple[HostAddress, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        ice_servers(self.ice_servers)  # raises ValueError on a bad entry
        object.__setattr__(self, "hosts", parse_host_addresses(self.host_addresses))
        if self.max_sdp_bytes < 1024 or self.consultation_capacity < 2 or self.connect_timeout_seconds <= 0:
            raise ValueError("voice limits out of range")

    @property
    def announced_addresses(self) -> tuple[str, ...]:
        return tuple(h.announce for h in self.hosts)

    @classmethod
    def from_settings(cls, settings: "Settings", **overrides) -> "VoiceConfig":
        return cls(
            ice_servers=tuple(settings.ice_servers),
            host_addresses=tuple(settings.ice_host_addresses),
            **overrides,
        )
