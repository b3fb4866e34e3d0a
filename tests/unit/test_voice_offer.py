"""The rules a voice offer must meet before the server builds anything for it."""
import pytest

from server.core.errors import DomainError, ErrorCode
from server.voice import MAX_SDP_BYTES, check_offer

OFFER = "\r\n".join([
    "v=0",
    "o=- 3912345678 3912345678 IN IP4 0.0.0.0",
    "s=-",
    "t=0 0",
    "a=group:BUNDLE 0",
    "a=msid-semantic:WMS *",
    "m=audio 50000 UDP/TLS/RTP/SAVPF 111 0 8",
    "c=IN IP4 127.0.0.1",
    "a=sendrecv",
    "a=mid:0",
    "a=rtcp-mux",
    "a=rtpmap:111 opus/48000/2",
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:8 PCMA/8000",
    "a=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host",
    "a=end-of-candidates",
    "a=ice-ufrag:abcd",
    "a=ice-pwd:0123456789abcdefghijkl",
    "a=fingerprint:sha-256 " + ":".join(["AB"] * 32),
    "a=setup:actpass",
    "",
])


def test_a_browser_style_offer_passes():
    checked = check_offer(OFFER)
    assert checked.sdp == OFFER and checked.opus_payload_type == 111


def test_opus_is_found_wherever_it_is_listed():
    offer = OFFER.replace("111 0 8", "0 8 96").replace("rtpmap:111 opus", "rtpmap:96 opus")
    assert check_offer(offer).opus_payload_type == 96


def without(prefix: str):
    return lambda o: "\r\n".join(line for line in o.split("\r\n") if not line.startswith(prefix))


@pytest.mark.parametrize(
    "offer, reason",
    [
        (None, "not_text"),
        (b"v=0", "not_text"),
        ({"sdp": OFFER}, "not_text"),
        (OFFER + "a=x:" + "y" * MAX_SDP_BYTES, "too_large"),
        ("", "malformed"),
        ("garbage", "malformed"),
        (OFFER.replace("v=0", "v=0\x00"), "not_ascii"),
        (OFFER.replace("s=-", "s=\u3042"), "not_ascii"),
        (OFFER.replace("m=audio 50000", "m=audio nine"), "malformed"),
        (OFFER.replace("m=audio 50000", "m=audio 5000000"), "malformed"),
        (OFFER.replace("m=audio", "m=video").replace("opus/48000/2", "VP8/90000"), "not_audio"),
        (OFFER + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n", "not_one_audio_section"),
        (OFFER + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n", "not_one_audio_section"),
        (OFFER + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n", "not_one_audio_section"),
        (OFFER.split("m=audio")[0], "not_one_audio_section"),
        (OFFER.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP"), "not_webrtc"),
        (OFFER.replace("a=sendrecv", "a=inactive"), "inactive"),
        (OFFER.replace("opus/48000/2", "G722/8000"), "no_opus"),
        (OFFER.replace("opus/48000/2", "opus/16000/1"), "no_opus"),
        (without("a=ice-ufrag")(OFFER), "no_ice_credentials"),
        (without("a=ice-pwd")(OFFER), "no_ice_credentials"),
        (without("a=fingerprint")(OFFER), "no_dtls_fingerprint"),
    ],
)
def test_bad_offers_are_refused_with_a_reason(offer, reason):
    with pytest.raises(DomainError) as err:
        check_offer(offer)
    assert err.value.code is ErrorCode.SDP_INVALID
    assert err.value.field == "sdp" and err.value.detail == {"reason": reason}
    # the error tells what was wrong, never what was sent (offers carry addresses)
    assert "127.0.0.1" not in str(err.value.to_dict())


def test_the_size_limit_is_configurable():
    with pytest.raises(DomainError):
        check_offer(OFFER, max_bytes=len(OFFER) - 1)
    assert check_offer(OFFER, max_bytes=len(OFFER)).opus_payload_type == 111


def slot(mid: int, direction: str = "recvonly") -> str:
    """One more audio section of the same offer (an event's receive-only voice slot)."""
    section = "m=audio" + OFFER.split("m=audio", 1)[1]
    return section.replace("a=mid:0", f"a=mid:{mid}").replace("a=sendrecv", f"a={direction}")


def test_an_event_offer_carries_up_to_its_slots_and_only_the_first_sends():
    three = OFFER + slot(1) + slot(2)
    checked = check_offer(three, max_sections=3)
    assert (checked.sections, checked.opus_payload_type) == (3, 111)
    listener = OFFER.replace("a=sendrecv", "a=recvonly") + slot(1) + slot(2)
    assert check_offer(listener, max_sections=3).sections == 3
    assert check_offer(OFFER, max_sections=3).sections == 1  # fewer slots than allowed: fine


@pytest.mark.parametrize(
    "offer, reason",
    [
        (OFFER + slot(1) + slot(2) + slot(3), "too_many_sections"),
        (OFFER + slot(1, "sendrecv"), "extra_section_sends"),
        (OFFER + slot(1, "sendonly"), "extra_section_sends"),
        (OFFER + slot(1).replace("opus/48000/2", "G722/8000"), "no_opus"),
        (OFFER + slot(1).replace("m=audio", "m=video").replace("opus/48000/2", "VP8/90000"), "not_audio"),
        (OFFER + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n", "not_audio"),
        (OFFER.replace("a=sendrecv", "a=inactive") + slot(1), "inactive"),
        (OFFER + without("a=fingerprint")(slot(1)), "no_dtls_fingerprint"),
    ],
)
def test_bad_slot_offers_are_refused_with_a_reason(offer, reason):
    with pytest.raises(DomainError) as err:
        check_offer(offer, max_sections=3)
    assert err.value.detail == {"reason": reason}
