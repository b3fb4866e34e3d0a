"""Several voices at once, and tables with their own voice, through /event with real aiortc peers.

Every client offers the event's voice slots (server/realtime/event.py ``VOICE_SLOTS``): a
listener three receive-only audio sections, a speaker its microphone plus two receive-only
ones. The server forwards each speaker's encoded packets on a slot of each listener, so three
speakers (two hosts and an attendee holding the voice floor) are heard at once, on three
tracks. With tables open, a table's voice stays at its table; a host visiting no table speaks
to every table, and a host visiting a table is heard there only.

SQLite only, in a loopback-only network namespace:
    unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m pytest -m webrtc tests/integration/test_event_voice_slots.py'
"""
from __future__ import annotations

import asyncio

import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError

from server.realtime.event import VOICE_SLOTS
from server.voice import candidate_lines, restrict_host_candidates
from tests.integration.event_live_client import event_site
from tests.integration.test_consult_voice import LOOPBACK, Tone, db_url, loud, tone_hz, until  # noqa: F401 (db_url: SQLite only)

pytestmark = pytest.mark.webrtc
HOST_HZ, COHOST_HZ, ATTENDEE_HZ = 300, 800, 2000


class SlotPeer:
    """A browser stand-in with the event's slots: its own voice (or none) on the first audio
    section, the others receive-only. Decoded frames are kept per received track."""

    def __init__(self, hz: int | None) -> None:
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.tone = Tone(hz) if hz else None
        self.tracks: list[list] = []
        self.readers: list[asyncio.Task] = []

    async def offer(self) -> str:
        if self.tone is not None:
            self.pc.addTransceiver(self.tone, direction="sendrecv")
        else:
            self.pc.addTransceiver("audio", direction="recvonly")
        for _ in range(VOICE_SLOTS - 1):
            self.pc.addTransceiver("audio", direction="recvonly")
        restrict_host_candidates(self.pc, LOOPBACK)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        return self.pc.localDescription.sdp

    async def answer(self, sdp: str) -> None:
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))
        for transceiver in self.pc.getTransceivers():
            frames: list = []
            self.tracks.append(frames)
            self.readers.append(asyncio.ensure_future(self._read(transceiver.receiver.track, frames)))

    @staticmethod
    async def _read(track, frames: list) -> None:
        while True:
            try:
                frames.append(await track.recv())
            except MediaStreamError:
                return

    def marks(self) -> list[int]:
        return [len(frames) for frames in self.tracks]

    def heard(self, hz: int, since: list[int] | None = None) -> int:
        """Loud 20 ms frames carrying the tone ``hz`` (any track) since ``since``."""
        since = since or [0] * len(self.tracks)
        return sum(1 for frames, mark in zip(self.tracks, since) for f in loud(frames[mark:])
                   if abs(tone_hz([f]) - hz) < hz * 0.2)

    def tracks_carrying(self, hz: int) -> set[int]:
        return {i for i, frames in enumerate(self.tracks)
                if sum(1 for f in loud(frames) if abs(tone_hz([f]) - hz) < hz * 0.2) > 20}

    async def close(self) -> None:
        if self.tone is not None:
            self.tone.stop()
        await self.pc.close()
        for reader in self.readers:
            reader.cancel()


async def join(client, peer: SlotPeer) -> str:
    offer = await peer.offer()
    assert offer.count("m=audio") == VOICE_SLOTS
    answer = (await client.ok("event:voice_offer", {"sdp": offer}))["sdp"]
    assert {c["address"] for c in candidate_lines(answer)} == {"127.0.0.1"}
    await peer.answer(answer)
    return answer


async def live_event(site, attendees: int):
    api, app = site.clocked.api, site.app
    host_login = await api.staff(app, "しおり", "staff")
    cohost_login = await api.staff(app, "まどか", "staff")
    occ = await site.create_event(host_login, [("しおり", "host"), ("まどか", "cohost")])
    logins = await site.guests(attendees)
    for login in logins:
        await site.register(login, occ)
    host, cohost = await site.client(host_login, occ), await site.client(cohost_login, occ)
    people = [await site.client(login, occ) for login in logins]
    for who in (host, cohost, *people):
        await who.ok("event:enter")
    seats = {m["nickname"]: m["seat"] for m in (await host.ok("event:members"))["members"]}
    return host, cohost, people, seats


async def give_voice_floor(host, attendee, seats) -> None:
    await host.ok("event:ask", {"seat": seats[attendee.nickname], "via": "voice"})
    await attendee.ok("event:answer", {"accept": True})


async def test_three_speakers_are_heard_at_once_each_on_its_own_slot(db_url, tmp_path):
    async with event_site(db_url, tmp_path) as site:
        host, cohost, (talker, *others), seats = await live_event(site, 3)
        peers: list[SlotPeer] = []
        try:
            await give_voice_floor(host, talker, seats)
            # Without the floor no section may send: the first is the floor's (LIVE_NO_FLOOR),
            # the slots only ever receive (SDP_INVALID), and a fourth section is one too many.
            sneak = SlotPeer(None)
            peers.append(sneak)
            offer = await sneak.offer()
            first, rest = offer.split("a=recvonly", 1)
            refused = await others[0].refused("event:voice_offer", {"sdp": first + "a=sendrecv" + rest})
            assert refused["code"] == "LIVE_NO_FLOOR"
            head, tail = rest.split("a=recvonly", 1)
            refused = await others[0].refused("event:voice_offer", {"sdp": first + "a=recvonly" + head + "a=sendrecv" + tail})
            assert (refused["code"], refused["detail"]["reason"]) == ("SDP_INVALID", "extra_section_sends")
            fourth = "m=audio" + offer.split("m=audio")[-1].replace("a=mid:2", "a=mid:3")
            refused = await others[0].refused("event:voice_offer", {"sdp": offer.replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 1 2 3") + fourth})
            assert (refused["code"], refused["detail"]["reason"]) == ("SDP_INVALID", "too_many_sections")

            voices = [SlotPeer(HOST_HZ), SlotPeer(COHOST_HZ), SlotPeer(ATTENDEE_HZ)]
            ears = [SlotPeer(None) for _ in others]
            peers += [*voices, *ears]
            for client, peer in zip((host, cohost, talker, *others), (*voices, *ears)):
                await join(client, peer)

            # Every listener hears all three voices at the same time, each on its own track.
            await until(lambda: all(e.heard(hz) > 40 for e in ears for hz in (HOST_HZ, COHOST_HZ, ATTENDEE_HZ)), 25)
            for ear in ears:
                carriers = [ear.tracks_carrying(hz) for hz in (HOST_HZ, COHOST_HZ, ATTENDEE_HZ)]
                assert all(len(c) == 1 for c in carriers) and len(set().union(*carriers)) == 3
            # A speaker hears the two others, never themself.
            await until(lambda: voices[0].heard(COHOST_HZ) > 40 and voices[0].heard(ATTENDEE_HZ) > 40, 15)
            assert voices[0].heard(HOST_HZ) == 0

            # Muting one voice leaves the other two flowing.
            await host.ok("event:mute", {"seat": seats[talker.nickname]})
            # what was already on its way lands: half a second more of the other voices
            drained = [e.marks() for e in ears]
            await until(lambda: all(e.heard(HOST_HZ, m) > 25 for e, m in zip(ears, drained)), 15)
            marks = [e.marks() for e in ears]
            # half a second of the other two voices must arrive; the muted one stays silent meanwhile
            await until(lambda: all(e.heard(HOST_HZ, m) > 25 and e.heard(COHOST_HZ, m) > 25 for e, m in zip(ears, marks)), 15)
            for ear, mark in zip(ears, marks):
                assert ear.heard(ATTENDEE_HZ, mark) <= 2
        finally:
            for peer in peers:
                await peer.close()


async def test_a_tables_voice_stays_at_its_table_and_a_host_speaks_to_all_or_visits(db_url, tmp_path):
    async with event_site(db_url, tmp_path) as site:
        host, cohost, (talker, neighbour, elsewhere), seats = await live_event(site, 3)
        peers: list[SlotPeer] = []
        try:
            await host.ok("event:tables_open", {"names": ["30代の子の親", "40代の子の親"], "cap": 3})
            await talker.ok("event:table", {"table_id": "t1"})
            await neighbour.ok("event:table", {"table_id": "t1"})
            await elsewhere.ok("event:table", {"table_id": "t2"})
            await give_voice_floor(host, talker, seats)
            voice, host_voice = SlotPeer(ATTENDEE_HZ), SlotPeer(HOST_HZ)
            near, far, cohost_ear = SlotPeer(None), SlotPeer(None), SlotPeer(None)
            peers += [voice, host_voice, near, far, cohost_ear]
            for client, peer in ((talker, voice), (host, host_voice), (neighbour, near), (elsewhere, far),
                                 (cohost, cohost_ear)):
                await join(client, peer)

            # The host visits no table: heard at every table. The attendee's voice: table 1 only.
            await until(lambda: near.heard(ATTENDEE_HZ) > 40 and near.heard(HOST_HZ) > 40 and far.heard(HOST_HZ) > 40, 25)
            near_mark = near.marks()
            await until(lambda: near.heard(ATTENDEE_HZ, near_mark) > 25, 15)  # more of her voice at her table...
            assert far.heard(ATTENDEE_HZ) == 0 and cohost_ear.heard(ATTENDEE_HZ) == 0  # ...and none elsewhere
            assert voice.heard(HOST_HZ) > 0  # the speaker at the table hears the host too

            # The host visits table 2: heard there only (and hears it); table 1 keeps its own voice.
            await host.ok("event:table", {"table_id": "t2"})
            # what was already on its way lands: half a second more of table 1's own voice
            drained = near.marks()
            await until(lambda: near.heard(ATTENDEE_HZ, drained) > 25, 15)
            near_mark, far_mark = near.marks(), far.marks()
            await until(lambda: near.heard(ATTENDEE_HZ, near_mark) > 30 and far.heard(HOST_HZ, far_mark) > 30, 15)
            assert near.heard(HOST_HZ, near_mark) <= 2 and far.heard(ATTENDEE_HZ, far_mark) == 0

            # The co-host visits table 1 and hears its voice; calling everyone back: all hear all.
            await cohost.ok("event:table", {"table_id": "t1"})
            await until(lambda: cohost_ear.heard(ATTENDEE_HZ) > 30, 15)
            await host.ok("event:call_back")
            far_mark = far.marks()
            await until(lambda: far.heard(ATTENDEE_HZ, far_mark) > 30 and far.heard(HOST_HZ, far_mark) > 30, 15)
        finally:
            for peer in peers:
                await peer.close()
