"""Real WebRTC through the server: two aiortc clients, each talking only to VoiceRooms.

Every candidate in these tests is 127.0.0.1 (the clients use the same host-address restriction
as the server), so no packet leaves loopback. They need no database, so they also run in a
loopback-only network namespace:
    unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m pytest -m webrtc tests -q'
"""
from __future__ import annotations

import asyncio
import math
import re
import struct

import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError

from server.core.errors import DomainError, ErrorCode
from server.voice import (
    Forwarding,
    VoiceConfig,
    VoiceEvent,
    VoiceRooms,
    candidate_lines,
    parse_host_addresses,
    restrict_host_candidates,
)
from tests.waiting import until

pytestmark = pytest.mark.webrtc

LOOPBACK = parse_host_addresses(["127.0.0.1"])
ROOM = "consultation-1"
LOW_HZ, HIGH_HZ = 300, 1200


class SineTrack(AudioStreamTrack):
    """aiortc's paced 8 kHz mono track, carrying a tone instead of silence."""

    def __init__(self, hz: int) -> None:
        super().__init__()
        self.hz = hz
        self.sent = 0

    async def recv(self):
        frame = await super().recv()
        n = frame.samples
        samples = [int(8000 * math.sin(2 * math.pi * self.hz * (frame.pts + i) / 8000)) for i in range(n)]
        frame.planes[0].update(struct.pack(f"<{n}h", *samples))
        self.sent += 1
        return frame


class Client:
    """A participant's browser stand-in: gathers first, sends one offer, applies the answer."""

    def __init__(self, hz: int | None = LOW_HZ) -> None:
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.source = SineTrack(hz) if hz else None
        self.frames: list = []
        self.reader: asyncio.Task | None = None
        self.connected = asyncio.Event()
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_state)

    def _on_state(self) -> None:
        if self.pc.connectionState == "connected":
            self.connected.set()

    def _on_track(self, track) -> None:
        async def read() -> None:
            while True:
                try:
                    self.frames.append(await track.recv())
                except MediaStreamError:
                    return

        self.reader = asyncio.ensure_future(read())

    async def offer(self) -> str:
        if self.source:
            self.pc.addTrack(self.source)
        else:
            self.pc.addTransceiver("audio", direction="recvonly")
        restrict_host_candidates(self.pc, LOOPBACK)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        return self.pc.localDescription.sdp

    async def join(self, rooms: VoiceRooms, participant: str, room: str = ROOM) -> str:
        answer = await rooms.join(room, participant, await self.offer())
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=answer, type="answer"))
        await asyncio.wait_for(self.connected.wait(), 10)
        return answer

    async def close(self) -> None:
        if self.source:
            self.source.stop()
        await self.pc.close()
        if self.reader:
            self.reader.cancel()


def tone_hz(frames) -> float:
    """Dominant frequency of decoded audio by zero crossings on the first channel."""
    crossings, samples = 0, 0
    for frame in frames:
        channels = len(frame.layout.channels)
        data = struct.unpack(f"<{frame.samples * channels}h", bytes(frame.planes[0])[: frame.samples * channels * 2])
        mono = data[::channels]
        crossings += sum(1 for a, b in zip(mono, mono[1:]) if (a < 0) != (b < 0))
        samples += len(mono)
    return crossings / 2 / (samples / frames[0].sample_rate) if samples else 0.0


def loud(frames) -> list:
    return [f for f in frames if max(abs(v) for v in struct.unpack(f"<{len(bytes(f.planes[0])) // 2}h", bytes(f.planes[0]))) > 1000]


@pytest.fixture
async def voice():
    events: list[VoiceEvent] = []
    rooms = VoiceRooms(VoiceConfig(host_addresses=("127.0.0.1",)), on_event=events.append)
    rooms.events = events
    await rooms.allow(ROOM, ["alice", "bob"])
    clients: list[Client] = []
    yield rooms, clients
    for client in clients:
        await client.close()
    await rooms.close()


def server_candidates(rooms: VoiceRooms, room: str, participant: str) -> set[tuple[str, int]]:
    pc = rooms._rooms[room].peers[participant].pc
    gatherer = pc.getTransceivers()[0].receiver.transport.transport.iceGatherer
    return {(c.ip, c.port) for c in gatherer.getLocalCandidates()}


@pytest.mark.parametrize("forwarding", [Forwarding.ENCODED, Forwarding.DECODED])
async def test_audio_flows_both_ways_and_each_side_sees_only_the_server(forwarding):
    rooms = VoiceRooms(VoiceConfig(host_addresses=("127.0.0.1",), forwarding=forwarding))
    await rooms.allow(ROOM, ["alice", "bob"])
    alice, bob = Client(LOW_HZ), Client(HIGH_HZ)
    try:
        alice_offer = await alice.offer()
        bob_offer = await bob.offer()
        for offer in (alice_offer, bob_offer):  # the loopback guard: nothing else is offered
            assert {c["address"] for c in candidate_lines(offer)} == {"127.0.0.1"}

        alice_answer = await rooms.join(ROOM, "alice", alice_offer)
        bob_answer = await rooms.join(ROOM, "bob", bob_offer)
        await alice.pc.setRemoteDescription(RTCSessionDescription(sdp=alice_answer, type="answer"))
        await bob.pc.setRemoteDescription(RTCSessionDescription(sdp=bob_answer, type="answer"))
        await asyncio.wait_for(asyncio.gather(alice.connected.wait(), bob.connected.wait()), 10)

        # Each answer carries exactly the server's own candidates for that participant...
        for answer, participant in ((alice_answer, "alice"), (bob_answer, "bob")):
            seen = {(c["address"], int(c["port"])) for c in candidate_lines(answer)}
            assert seen and seen == server_candidates(rooms, ROOM, participant)
        # ...and never the other participant's.
        alice_ports = {c["port"] for c in candidate_lines(alice_offer)}
        bob_ports = {c["port"] for c in candidate_lines(bob_offer)}
        assert not alice_ports & {c["port"] for c in candidate_lines(bob_answer)}
        assert not bob_ports & {c["port"] for c in candidate_lines(alice_answer)}
        assert "a=candidate" not in alice_answer.split("m=audio")[0]  # nothing at session level either

        await until(lambda: len(loud(alice.frames)) > 25 and len(loud(bob.frames)) > 25)
        # Each hears the other's tone, not its own.
        assert abs(tone_hz(loud(alice.frames)[5:]) - HIGH_HZ) < HIGH_HZ * 0.15
        assert abs(tone_hz(loud(bob.frames)[5:]) - LOW_HZ) < LOW_HZ * 0.15
        assert rooms.state(ROOM) == {
            "alice": {"joined": True, "connected": True, "muted": False},
            "bob": {"joined": True, "connected": True, "muted": False},
        }
        stats = rooms.stats()
        assert stats["forwarding"] == forwarding.value and stats["connected"] == 2
        assert stats["packets_forwarded"] > 50
    finally:
        await alice.close()
        await bob.close()
        await rooms.close()


async def test_non_participant_is_forbidden_and_nothing_changes(voice):
    rooms, clients = voice
    mallory = Client()
    clients.append(mallory)
    offer = await mallory.offer()
    for room, who in ((ROOM, "mallory"), ("no-such-room", "alice")):
        with pytest.raises(DomainError) as err:
            await rooms.join(room, who, offer)
        assert err.value.code is ErrorCode.FORBIDDEN
    for call in (lambda: rooms.leave(ROOM, "mallory"),):
        with pytest.raises(DomainError) as err:
            await call()
        assert err.value.code is ErrorCode.FORBIDDEN
    with pytest.raises(DomainError) as err:
        rooms.set_muted(ROOM, "mallory", True)
    assert err.value.code is ErrorCode.FORBIDDEN
    assert rooms.stats()["peers"] == 0 and rooms.state(ROOM)["alice"]["joined"] is False


async def test_forbidden_is_decided_before_the_offer_is_read(voice):
    rooms, _ = voice
    with pytest.raises(DomainError) as err:
        await rooms.join(ROOM, "mallory", "garbage")
    assert err.value.code is ErrorCode.FORBIDDEN


def video_only(offer: str) -> str:
    return offer.replace("m=audio", "m=video").replace("opus/48000/2", "VP8/90000")


def with_video(offer: str) -> str:
    audio = offer[offer.index("m=audio"):]
    return offer + audio.replace("m=audio", "m=video").replace("a=mid:0", "a=mid:1")


@pytest.mark.parametrize(
    "mangle, reason",
    [
        (lambda o: o + "a=x-padding:" + "p" * 17000 + "\r\n", "too_large"),
        (lambda o: "garbage", "malformed"),
        (lambda o: re.sub(r"m=audio \d+", "m=audio nine", o), "malformed"),
        (video_only, "not_audio"),
        (with_video, "not_one_audio_section"),
        (lambda o: o.split("m=audio")[0], "not_one_audio_section"),
        (lambda o: o.replace("opus/48000/2", "G729/8000"), "no_opus"),
        (lambda o: "\n".join(l for l in o.split("\n") if not l.startswith("a=fingerprint")), "no_dtls_fingerprint"),
        (lambda o: "\n".join(l for l in o.split("\n") if not l.startswith("a=ice-ufrag")), "no_ice_credentials"),
        (lambda o: o.replace("a=sendrecv", "a=inactive"), "inactive"),
        (lambda o: o.replace("v=0", "v=0 \u00e9", 1), "not_ascii"),
        (lambda o: o.encode(), "not_text"),
        (lambda o: None, "not_text"),
    ],
)
async def test_bad_offers_are_refused_and_nothing_changes(voice, mangle, reason):
    rooms, clients = voice
    alice = Client()
    clients.append(alice)
    offer = await alice.offer()
    with pytest.raises(DomainError) as err:
        await rooms.join(ROOM, "alice", mangle(offer))
    assert err.value.code is ErrorCode.SDP_INVALID
    assert err.value.detail == {"reason": reason} and err.value.field == "sdp"
    assert rooms.stats()["peers"] == 0 and not rooms.events


async def test_a_third_voice_is_refused_when_the_room_is_full(voice):
    rooms, clients = voice
    await rooms.allow(ROOM, ["alice", "bob", "carol"])  # allowed, but capacity stays 2
    alice, bob, carol = Client(), Client(), Client()
    clients += [alice, bob, carol]
    await alice.join(rooms, "alice")
    await bob.join(rooms, "bob")
    with pytest.raises(DomainError) as err:
        await rooms.join(ROOM, "carol", await carol.offer())
    assert err.value.code is ErrorCode.VOICE_FULL
    assert set(rooms._rooms[ROOM].peers) == {"alice", "bob"}


async def test_mute_stops_forwarding_and_unmute_resumes(voice):
    rooms, clients = voice
    alice, bob = Client(LOW_HZ), Client(HIGH_HZ)
    clients += [alice, bob]
    await alice.join(rooms, "alice")
    await bob.join(rooms, "bob")
    await until(lambda: len(loud(bob.frames)) > 10)

    rooms.set_muted(ROOM, "alice", True)
    # Alice keeps talking: her packets must go on reaching the relay (the later event that
    # must arrive), and none of them may be passed on to bob.
    room = rooms._rooms[ROOM]
    alice_in, to_bob = room.peers["alice"], room.peers["bob"].outbound
    pushed_at_mute, heard_at_mute = to_bob.pushed, alice_in.packets_in
    await until(lambda: alice_in.packets_in >= heard_at_mute + 15)  # 0.3 s: what was on the way drains
    before = len(loud(bob.frames))
    await until(lambda: alice_in.packets_in >= heard_at_mute + 45)  # 0.6 s more of her voice
    assert to_bob.pushed == pushed_at_mute
    assert len(loud(bob.frames)) - before <= 1
    assert len(loud(alice.frames)) > 10  # bob is still heard
    assert rooms.state(ROOM)["alice"]["muted"] is True

    rooms.set_muted(ROOM, "alice", False)
    await until(lambda: len(loud(bob.frames)) > before + 10)
    assert [e.kind for e in rooms.events if e.participant_id == "alice"] == ["connected", "muted", "unmuted"]


async def test_leave_and_close_room_close_the_server_connections(voice):
    rooms, clients = voice
    alice, bob = Client(), Client()
    clients += [alice, bob]
    await alice.join(rooms, "alice")
    await bob.join(rooms, "bob")
    alice_pc = rooms._rooms[ROOM].peers["alice"].pc
    bob_pc = rooms._rooms[ROOM].peers["bob"].pc

    await rooms.leave(ROOM, "alice")
    await rooms.leave(ROOM, "alice")  # idempotent
    assert alice_pc.connectionState == "closed" and bob_pc.connectionState == "connected"
    assert rooms.state(ROOM)["alice"] == {"joined": False, "connected": False, "muted": False}

    await rooms.close_room(ROOM)
    await rooms.close_room(ROOM)  # idempotent
    assert bob_pc.connectionState == "closed"
    assert rooms.stats()["rooms"] == 0 and rooms.state(ROOM) == {}
    await until(lambda: bob.pc.connectionState in ("closed", "failed"))  # the client notices
    with pytest.raises(DomainError) as err:  # the room is gone: nobody may join it again
        await rooms.join(ROOM, "alice", await Client().offer())
    assert err.value.code is ErrorCode.FORBIDDEN
    kinds = [(e.participant_id, e.kind) for e in rooms.events]
    assert kinds.count(("alice", "left")) == 1 and kinds.count(("bob", "left")) == 1


async def test_a_participant_hanging_up_frees_their_seat(voice):
    rooms, clients = voice
    alice, bob = Client(), Client()
    clients += [alice, bob]
    await alice.join(rooms, "alice")
    await bob.join(rooms, "bob")
    await alice.pc.close()
    await until(lambda: "alice" not in rooms._rooms[ROOM].peers)
    assert ("alice", "left") in [(e.participant_id, e.kind) for e in rooms.events]


async def test_joining_again_replaces_the_previous_connection(voice):
    rooms, clients = voice
    first, second, bob = Client(LOW_HZ), Client(LOW_HZ), Client(HIGH_HZ)
    clients += [first, second, bob]
    await first.join(rooms, "alice")
    await bob.join(rooms, "bob")
    old_pc = rooms._rooms[ROOM].peers["alice"].pc
    await second.join(rooms, "alice")
    assert old_pc.connectionState == "closed"
    assert rooms._rooms[ROOM].peers["alice"].pc is not old_pc
    await until(lambda: len(loud(second.frames)) > 10)  # bob is heard on the new connection
    heard = len(loud(bob.frames))
    await until(lambda: len(loud(bob.frames)) > heard + 10)  # and alice's new one reaches bob


async def test_a_client_that_never_connects_is_let_go(voice):
    rooms = VoiceRooms(VoiceConfig(host_addresses=("127.0.0.1",), connect_timeout_seconds=0.5), on_event=voice[0].events.append)
    await rooms.allow(ROOM, ["alice", "bob"])
    ghost = Client()
    voice[1].append(ghost)
    await rooms.join(ROOM, "alice", await ghost.offer())  # the answer is never applied
    # the event comes last (after the peer is removed and its connection closed): wait for it
    await until(lambda: ("alice", "failed") in [(e.participant_id, e.kind) for e in voice[0].events], 5)
    assert "alice" not in rooms._rooms[ROOM].peers
    await rooms.close()


async def test_a_listen_only_participant_hears_without_sending(voice):
    rooms, clients = voice
    alice, listener = Client(LOW_HZ), Client(hz=None)
    clients += [alice, listener]
    await alice.join(rooms, "alice")
    answer = await listener.join(rooms, "bob")
    assert "a=sendonly" in answer
    await until(lambda: len(loud(listener.frames)) > 10)


async def test_events_relay_the_speaker_to_every_listener(voice):
    rooms, clients = voice
    await rooms.allow("event-1", ["host", "p1", "p2"], capacity=3)
    speaker, p1, p2 = Client(LOW_HZ), Client(hz=None), Client(hz=None)
    clients += [speaker, p1, p2]
    await speaker.join(rooms, "host", "event-1")
    await p1.join(rooms, "p1", "event-1")
    await p2.join(rooms, "p2", "event-1")
    await until(lambda: len(loud(p1.frames)) > 10 and len(loud(p2.frames)) > 10)
    assert abs(tone_hz(loud(p2.frames)[3:]) - LOW_HZ) < LOW_HZ * 0.15


async def test_the_server_can_announce_another_address_than_it_binds():
    # Binding the wildcard and announcing 127.0.0.1 stands in for a 1:1 NAT (a cloud VM).
    rooms = VoiceRooms(VoiceConfig(host_addresses=("0.0.0.0=127.0.0.1",)))
    await rooms.allow(ROOM, ["alice", "bob"])
    alice = Client()
    try:
        answer = await alice.join(rooms, "alice")
        assert {c["address"] for c in candidate_lines(answer)} == {"127.0.0.1"}
        assert alice.pc.connectionState == "connected"
    finally:
        await alice.close()
        await rooms.close()
