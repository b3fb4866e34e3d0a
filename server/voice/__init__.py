"""Server-terminated, server-relayed voice (aiortc). Called by transports; imports none."""
from server.voice.config import VoiceConfig
from server.voice.ice import (
    HostAddress,
    candidate_lines,
    ice_servers,
    keep_host_candidates_on,
    parse_host_addresses,
    restrict_host_candidates,
    rtc_configuration,
)
from server.voice.offer import MAX_SDP_BYTES, check_offer
from server.voice.relay import Forwarding
from server.voice.rooms import VoiceEvent, VoiceRooms

__all__ = [
    "MAX_SDP_BYTES",
    "Forwarding",
    "HostAddress",
    "VoiceConfig",
    "VoiceEvent",
    "VoiceRooms",
    "candidate_lines",
    "check_offer",
    "ice_servers",
    "keep_host_candidates_on",
    "parse_host_addresses",
    "restrict_host_candidates",
    "rtc_configuration",
]
