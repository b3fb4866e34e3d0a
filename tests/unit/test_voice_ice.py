"""ICE configuration for the server's voice connections (no sockets are opened here)."""
import pytest
from aiortc import RTCPeerConnection

from server.settings import Settings
from server.voice import (
    HostAddress,
    VoiceConfig,
    candidate_lines,
    ice_servers,
    keep_host_candidates_on,
    parse_host_addresses,
    restrict_host_candidates,
    rtc_configuration,
)


@pytest.mark.parametrize(
    "entries, expected",
    [
        ([], ()),
        (["127.0.0.1"], (HostAddress("127.0.0.1", "127.0.0.1"),)),
        ([" 10.0.0.5 = 203.0.113.7 "], (HostAddress("10.0.0.5", "203.0.113.7"),)),
        (["0.0.0.0=127.0.0.1", "::1"], (HostAddress("0.0.0.0", "127.0.0.1"), HostAddress("::1", "::1"))),
    ],
)
def test_host_addresses_are_parsed(entries, expected):
    assert parse_host_addresses(entries) == expected


@pytest.mark.parametrize("entry", ["localhost", "example.org", "10.0.0.5=public", "256.1.1.1", "", "1.2.3.4=5.6.7"])
def test_host_addresses_must_be_ip_literals(entry):
    with pytest.raises(ValueError):
        parse_host_addresses([entry])


@pytest.mark.parametrize("entries", [[], [{"urls": "stun:stun.example.jp:3478"}]])
def test_the_configuration_always_names_its_ice_servers(entries):
    config = rtc_configuration(entries)
    assert config.iceServers is not None  # None would make aiortc use a public STUN server
    assert [s.urls for s in config.iceServers] == [e["urls"] for e in entries]


def test_turn_credentials_are_carried():
    (server,) = ice_servers([{"urls": ["turn:turn.example.jp:3478?transport=udp"], "username": "u", "credential": "p"}])
    assert (server.urls, server.username, server.credential) == (["turn:turn.example.jp:3478?transport=udp"], "u", "p")


@pytest.mark.parametrize(
    "entry",
    [
        {},
        {"urls": ""},
        {"urls": []},
        {"urls": "http://turn.example.jp"},
        {"urls": ["stun:ok.example.jp", 5]},
        {"urls": "stun:a.example.jp", "password": "typo for credential"},
    ],
)
def test_bad_ice_servers_fail_at_start_up(entry):
    with pytest.raises(ValueError):
        ice_servers([entry])
    with pytest.raises(ValueError):
        VoiceConfig(ice_servers=(entry,))


def test_voice_config_comes_from_settings(tmp_path):
    settings = Settings(
        database_url="sqlite+aiosqlite://", secret="s" * 48, data_dir=tmp_path,
        ice_servers=[{"urls": "stun:stun.example.jp"}], ice_host_addresses=["10.0.0.5=203.0.113.7"],
    )
    config = VoiceConfig.from_settings(settings)
    assert config.ice_servers == ({"urls": "stun:stun.example.jp"},)
    assert config.hosts == (HostAddress("10.0.0.5", "203.0.113.7"),)
    assert config.announced_addresses == ("203.0.113.7",)
    assert config.consultation_capacity == 2


@pytest.mark.parametrize(
    "change", [{"max_sdp_bytes": 10}, {"consultation_capacity": 1}, {"connect_timeout_seconds": 0}, {"host_addresses": ("eth0",)}]
)
def test_voice_config_rejects_nonsense(change):
    with pytest.raises(ValueError):
        VoiceConfig(**change)


SDP = "\r\n".join([
    "v=0",
    "m=audio 5000 UDP/TLS/RTP/SAVPF 111",
    "a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host",
    "a=candidate:2 1 udp 2130706431 192.168.1.20 5002 typ host",
    "a=candidate:3 1 udp 1694498815 203.0.113.7 6000 typ srflx raddr 10.0.0.5 rport 5004",
    "a=candidate:broken",
    "a=end-of-candidates",
    "",
])


def test_candidate_lines_are_read():
    assert candidate_lines(SDP) == [
        {"address": "127.0.0.1", "port": "5000", "type": "host", "protocol": "udp"},
        {"address": "192.168.1.20", "port": "5002", "type": "host", "protocol": "udp"},
        {"address": "203.0.113.7", "port": "6000", "type": "srflx", "protocol": "udp"},
    ]


def test_only_configured_host_candidates_are_announced():
    kept = keep_host_candidates_on(SDP, {"127.0.0.1"})
    assert [c["address"] for c in candidate_lines(kept)] == ["127.0.0.1", "203.0.113.7"]
    assert "192.168.1.20" not in kept and "a=candidate:broken" not in kept
    assert "a=end-of-candidates" in kept and kept.endswith("\r\n")


async def test_restriction_needs_a_transceiver_first():
    pc = RTCPeerConnection(rtc_configuration([]))
    try:
        with pytest.raises(RuntimeError):
            restrict_host_candidates(pc, parse_host_addresses(["127.0.0.1"]))
        restrict_host_candidates(pc, ())  # nothing configured: aioice's default, no error
    finally:
        await pc.close()
