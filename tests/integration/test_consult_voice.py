"""Real WebRTC through /consult: two aiortc peers, the person and the specialist, signal over
the real namespace (one acked round trip each) and talk through the server's VoiceRooms.

Audio arrives both ways (each decodes the other's tone, not its own); each side's answer
carries only the server's 127.0.0.1 candidates, never the other client's; the voice on/off
indicator (consult:voice_state) follows connect, mute and the end of the session.

Every candidate is 127.0.0.1 (the clients restrict their own gathering like the server), and
the database is SQLite, so this runs in a network namespace that has only loopback:
    unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m pytest -m webrtc tests -q'
"""
from __future__ import annotations

import asyncio
import math
import struct
import time
from datetime import timedelta

import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError

from server import keys
from server.realtime.consult import voice_room
from server.voice import candidate_lines, parse_host_addresses, restrict_host_candidates
from tests.integration.consult_client import MON_10, ConsultClient, clocked_app
from tests.waiting import until

pytestmark = pytest.mark.webrtc

LOOPBACK = parse_host_addresses(["127.0.0.1"])
PERSON_HZ, SPECIALIST_HZ = 300, 1200


@pytest.fixture
async def db_url(database_factory):
    """SQLite only: PostgreSQL is not reachable inside a loopback-only network namespace."""
    url, drop = await database_factory.create("sqlite")
    yield url
    await drop()


class Tone(AudioStreamTrack):
    """aiortc's paced 8 kHz mono track, carrying a sine tone instead of silence."""

    def __init__(self, hz: int) -> None:
        super().__init__()
        self.hz = hz

    async def recv(self):
        frame = await super().recv()
        n = frame.samples
        frame.planes[0].update(struct.pack(f"<{n}h", *(int(8000 * math.sin(2 * math.pi * self.hz * (frame.pts + i) / 8000)) for i in range(n))))
        return frame


class Peer:
    """A participant's browser stand-in: gather completely, one offer, apply the answer."""

    def __init__(self, hz: int) -> None:
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))  # explicit: never a public STUN server
        self.tone = Tone(hz)
        self.frames: list = []
        self.connected = asyncio.Event()
        self.reader: asyncio.Task | None = None
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", lambda: self.pc.connectionState == "connected" and self.connected.set())

    def _on_track(self, track) -> None:
        async def read() -> None:
            while True:
                try:
                    self.frames.append(await track.recv())
                except MediaStreamError:
                    return

        self.reader = asyncio.ensure_future(read())

    async def offer(self) -> str:
        self.pc.addTrack(self.tone)
        restrict_host_candidates(self.pc, LOOPBACK)
        await self.pc.setLocalDescription(await self.pc.createOffer())  # aiortc: gathering completes here
        return self.pc.localDescription.sdp

    async def answer(self, sdp: str) -> None:
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))

    async def close(self) -> None:
        self.tone.stop()
        await self.pc.close()
        if self.reader:
            self.reader.cancel()


def samples(frame) -> tuple[int, ...]:
    channels = len(frame.layout.channels)
    data = struct.unpack(f"<{frame.samples * channels}h", bytes(frame.planes[0])[: frame.samples * channels * 2])
    return data[::channels]


def loud(frames) -> list:
    return [f for f in frames if max(abs(v) for v in samples(f)) > 1000]


def tone_hz(frames) -> float:
    crossings, count = 0, 0
    for frame in frames:
        mono = samples(frame)
        crossings += sum(1 for a, b in zip(mono, mono[1:]) if (a < 0) != (b < 0))
        count += len(mono)
    return crossings / 2 / (count / frames[0].sample_rate) if count else 0.0


def server_candidates(app, booking_id: str, account_id: str) -> set[tuple[str, int]]:
    pc = app[keys.VOICE]._rooms[voice_room(booking_id)].peers[account_id].pc
    gatherer = pc.getTransceivers()[0].receiver.transport.transport.iceGatherer
    return {(c.ip, c.port) for c in gatherer.getLocalCandidates()}


@pytest.fixture
async def room(db_url, tmp_path):
    site, stop = await clocked_app(db_url, tmp_path)
    specialist_login = await site.specialist("みどり")
    person_login = await site.person()
    booking_id = await site.book(person_login, specialist_login)
    await site.move_to(MON_10 - timedelta(minutes=2))
    specialist = await ConsultClient(site.url, specialist_login).connect()
    person = await ConsultClient(site.url, person_login).connect()
    await person.ok("consult:wait", {"session_id": booking_id})
    await specialist.ok("consult:admit", {"session_id": booking_id})
    peers: list[Peer] = []
    yield site, booking_id, person, specialist, peers
    for peer in peers:
        await peer.close()
    await person.close()
    await specialist.close()
    await stop()


async def test_two_aiortc_peers_talk_through_the_server_and_see_only_its_candidates(room):
    site, booking_id, person, specialist, peers = room
    sid = {"session_id": booking_id}
    person_peer, specialist_peer = Peer(PERSON_HZ), Peer(SPECIALIST_HZ)
    peers += [person_peer, specialist_peer]

    person_offer, specialist_offer = await person_peer.offer(), await specialist_peer.offer()
    for offer in (person_offer, specialist_offer):  # the loopback guard: nothing else is offered
        assert {c["address"] for c in candidate_lines(offer)} == {"127.0.0.1"}

    started = time.perf_counter()
    person_answer = (await person.ok("consult:voice_offer", {**sid, "sdp": person_offer}))["sdp"]
    await person_peer.answer(person_answer)
    specialist_answer = (await specialist.ok("consult:voice_offer", {**sid, "sdp": specialist_offer}))["sdp"]
    await specialist_peer.answer(specialist_answer)
    await asyncio.wait_for(asyncio.gather(person_peer.connected.wait(), specialist_peer.connected.wait()), 10)
    print(f"\nboth connected {1000 * (time.perf_counter() - started):.0f} ms after the first offer was sent")

    # Each answer carries exactly the server's own candidates for that participant, all 127.0.0.1...
    for answer, who in ((person_answer, person), (specialist_answer, specialist)):
        seen = {(c["address"], int(c["port"])) for c in candidate_lines(answer)}
        assert seen and seen == server_candidates(site.app, booking_id, who.account_id)
        assert {address for address, _ in seen} == {"127.0.0.1"}
    # ...and never the other client's.
    person_ports = {c["port"] for c in candidate_lines(person_offer)}
    specialist_ports = {c["port"] for c in candidate_lines(specialist_offer)}
    assert not person_ports & {c["port"] for c in candidate_lines(specialist_answer)}
    assert not specialist_ports & {c["port"] for c in candidate_lines(person_answer)}
    for answer, other_offer in ((person_answer, specialist_offer), (specialist_answer, person_offer)):
        ufrag = next(line for line in other_offer.splitlines() if line.startswith("a=ice-ufrag:"))
        assert ufrag not in answer

    # Audio both ways: each hears the other's tone, not its own.
    await until(lambda: len(loud(person_peer.frames)) > 25 and len(loud(specialist_peer.frames)) > 25)
    assert abs(tone_hz(loud(person_peer.frames)[5:]) - SPECIALIST_HZ) < SPECIALIST_HZ * 0.15
    assert abs(tone_hz(loud(specialist_peer.frames)[5:]) - PERSON_HZ) < PERSON_HZ * 0.15

    # The voice on/off indicator: both see both connected, by seat (never by account id).
    both_on = {"person": {"joined": True, "connected": True, "muted": False},
               "specialist": {"joined": True, "connected": True, "muted": False}}
    for client in (person, specialist):
        state = await client.wait_for("consult:voice_state", lambda d: d["participants"] == both_on)
        assert state["session_id"] == booking_id
        assert person.account_id not in str(state) and specialist.account_id not in str(state)

    # Mute: the specialist sees it, and hears nothing more of the person.
    assert await person.ok("consult:voice_mute", {**sid, "muted": True}) == {"muted": True}
    await specialist.wait_for("consult:voice_state", lambda d: d["participants"]["person"]["muted"])
    # The person keeps talking: their packets must go on reaching the server (the later event
    # that must arrive), and none of them may be passed on to the specialist.
    voice_room_now = site.app[keys.VOICE]._rooms[voice_room(booking_id)]
    person_in = voice_room_now.peers[person.account_id]
    to_specialist = voice_room_now.peers[specialist.account_id].outbound
    pushed_at_mute, heard_at_mute = to_specialist.pushed, person_in.packets_in
    await until(lambda: person_in.packets_in >= heard_at_mute + 15)  # 0.3 s: what was on the way drains
    before = len(loud(specialist_peer.frames))
    await until(lambda: person_in.packets_in >= heard_at_mute + 45)  # 0.6 s more of their voice
    assert to_specialist.pushed == pushed_at_mute
    assert len(loud(specialist_peer.frames)) - before <= 1
    await person.ok("consult:voice_mute", {**sid, "muted": False})
    await until(lambda: len(loud(specialist_peer.frames)) > before + 10)

    # Either side ends: voice closes for both, the server holds no connection any more.
    await specialist.ok("consult:end", sid)
    assert site.app[keys.VOICE].stats()["peers"] == 0
    await until(lambda: person_peer.pc.connectionState in ("closed", "failed")
                and specialist_peer.pc.connectionState in ("closed", "failed"))
    assert (await site.booking(person.login, booking_id))["status"] == "completed"


async def test_voice_off_and_on_again_and_the_other_side_sees_it(room):
    site, booking_id, person, specialist, peers = room
    sid = {"session_id": booking_id}
    first = Peer(PERSON_HZ)
    peers.append(first)
    await first.answer((await person.ok("consult:voice_offer", {**sid, "sdp": await first.offer()}))["sdp"])
    await asyncio.wait_for(first.connected.wait(), 10)
    await specialist.wait_for("consult:voice_state", lambda d: d["participants"]["person"]["connected"])

    assert await person.ok("consult:voice_leave", sid) == {"voice": False}
    off = await specialist.wait_for("consult:voice_state", lambda d: not d["participants"]["person"]["joined"])
    assert off["participants"]["person"] == {"joined": False, "connected": False, "muted": False}

    again = Peer(PERSON_HZ)
    peers.append(again)
    await again.answer((await person.ok("consult:voice_offer", {**sid, "sdp": await again.offer()}))["sdp"])
    await asyncio.wait_for(again.connected.wait(), 10)
    await specialist.wait_for("consult:voice_state", lambda d: d["participants"]["person"]["connected"]
                              and len(specialist.events["consult:voice_state"]) > 2)


async def test_closing_the_last_tab_ends_that_persons_voice(room):
    site, booking_id, person, specialist, peers = room
    peer = Peer(PERSON_HZ)
    peers.append(peer)
    await peer.answer((await person.ok("consult:voice_offer", {"session_id": booking_id, "sdp": await peer.offer()}))["sdp"])
    await asyncio.wait_for(peer.connected.wait(), 10)
    await person.close()
    await specialist.wait_for("consult:voice_state", lambda d: not d["participants"]["person"]["joined"])
    assert site.app[keys.VOICE].stats()["peers"] == 0
