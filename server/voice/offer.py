"""Checking a participant's SDP offer before any peer connection state is touched.

aiortc's parser is lenient (it accepts ``"garbage"`` as an SDP with no media and relies on
``assert`` for some fields), so the rules the server depends on are checked here explicitly:
text of bounded size, audio sections only (one, or up to a room's number of voice slots),
each offering Opus, ICE credentials and a DTLS fingerprint, and nothing else (no video, no
data channel). Only the first section may send: the others are receive-only slots.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from aiortc import sdp as aiortc_sdp

from server.core.errors import DomainError, ErrorCode

MAX_SDP_BYTES = 16 * 1024
SDP_FIELD = "sdp"
# aiortc checks the m= line with ``assert`` (gone under ``python -O``): check it here.
# Printable ASCII and line breaks/tabs only (one regex pass: a per-character loop cost several
# ms per join, on the path every listener takes).
NOT_PRINTABLE = re.compile(r"[^\x20-\x7e\r\n\t]")
MEDIA_LINE = re.compile(r"m=[a-z]+ \d{1,5}(/\d+)? [A-Za-z/]+( [0-9A-Za-z-]+)+")


@dataclass(frozen=True)
class CheckedOffer:
    sdp: str
    opus_payload_type: int  # of the first section, the only one that may carry the sender's audio
    sections: int = 1


def invalid(reason: str) -> DomainError:
    # The reason is a fixed token, never a fragment of the offer (which holds addresses).
    return DomainError(ErrorCode.SDP_INVALID, field=SDP_FIELD, detail={"reason": reason})


def check_offer(offer: object, max_bytes: int = MAX_SDP_BYTES, max_sections: int = 1) -> CheckedOffer:
    if not isinstance(offer, str):
        raise invalid("not_text")
    if len(offer) > max_bytes:  # check length before encoding anything
        raise invalid("too_large")
    if not offer.isascii() or NOT_PRINTABLE.search(offer):
        raise invalid("not_ascii")
    if not offer.startswith("v=0"):
        raise invalid("malformed")
    if not all(MEDIA_LINE.fullmatch(line.rstrip("\r")) for line in offer.split("\n") if line.startswith("m=")):
        raise invalid("malformed")
    try:
        parsed = aiortc_sdp.SessionDescription.parse(offer)
    except Exception:  # the parser raises assorted types (AssertionError, ValueError, KeyError...)
        raise invalid("malformed") from None
    if not 1 <= len(parsed.media) <= max_sections:
        raise invalid("not_one_audio_section" if max_sections == 1 else "too_many_sections")
    opus_types = [_check_section(media) for media in parsed.media]
    if any(media.direction not in ("recvonly", "inactive") for media in parsed.media[1:]):
        raise invalid("extra_section_sends")  # slots only receive: one voice per person
    if parsed.media[0].direction == "inactive":
        raise invalid("inactive")
    return CheckedOffer(sdp=offer, opus_payload_type=opus_types[0], sections=len(parsed.media))


def _check_section(media) -> int:
    """One audio section's rules; its Opus payload type."""
    if media.kind != "audio":
        raise invalid("not_audio")
    if media.profile != "UDP/TLS/RTP/SAVPF":
        raise invalid("not_webrtc")
    opus = [c.payloadType for c in media.rtp.codecs if c.mimeType.lower() == "audio/opus" and c.clockRate == 48000]
    if not opus:
        raise invalid("no_opus")
    if not (media.ice and media.ice.usernameFragment and media.ice.password):
        raise invalid("no_ice_credentials")
    if not (media.dtls and media.dtls.fingerprints):
        raise invalid("no_dtls_fingerprint")
    return opus[0]
