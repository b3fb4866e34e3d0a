"""Real WebRTC through /event: the host speaks (an aiortc peer with a tone), three attendees
listen with receive-only connections, and every listener receives the host's audio through the
server. Each answer carries only the server's 127.0.0.1 candidates. An attendee without the
floor cannot send; once asked and accepting the voice floor, their voice reaches the others;
a mute by the host stops it, and a pause stops every voice.

SQLite only, in a loopback-only network namespace:
    unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m pytest -m webrtc tests/integration/test_event_voice.py'
"""
from __future__ import annotations

import asyncio

import pytest

from server import keys
from server.realtime.event import voice_room
from server.voice import candidate_lines, restrict_host_candidates
from tests.integration.event_live_client import event_site
from tests.integration.test_consult_voice import LOOPBACK, Peer, db_url, loud, tone_hz, until  # noqa: F401 (db_url: SQLite only)

pytestmark = pytest.mark.webrtc
HOST_HZ, ATTENDEE_HZ = 300, 1200


class Listener(Peer):
    """A browser listener's stand-in: one receive-only audio transceiver, no microphone."""

    def __init__(self) -> None:
        super().__init__(hz=0)  # its tone is never sent

    async def offer(self) -> str:
        self.pc.addTransceiver("audio", direction="recvonly")
        restrict_host_candidates(self.pc, LOOPBACK)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        return self.pc.localDescription.sdp


async def test_the_host_is_heard_by_every_listener_and_the_floor_decides_who_else(db_url, tmp_path):
    async with event_site(db_url, tmp_path) as site:
        api, app = site.clocked.api, site.app
        host_login = await api.staff(app, "しおり", "staff")
        occ = await site.create_event(host_login, [("しおり", "host")])
        logins = await site.guests(3)
        for login in logins:
            await site.register(login, occ)
        host = await site.client(host_login, occ)
        attendees = [await site.client(login, occ) for login in logins]
        await host.ok("event:enter")
        for who in attendees:
            await who.ok("event:enter")
        peers: list = []
        try:
            speaker = Peer(HOST_HZ)
            listeners = [Listener() for _ in attendees]
            peers += [speaker, *listeners]
            await speaker.answer((await host.ok("event:voice_offer", {"sdp": await speaker.offer()}))["sdp"])
            answers = []
            for who, listener in zip(attendees, listeners):
                offer = await listener.offer()
                assert {c["address"] for c in candidate_lines(offer)} == {"127.0.0.1"}
                answer = (await who.ok("event:voice_offer", {"sdp": offer}))["sdp"]
                answers.append((offer, answer))
                await listener.answer(answer)

            # Every listener hears the host's tone, relayed by the server.
            await until(lambda: all(len(loud(l.frames)) > 25 for l in listeners), 20)
            for listener in listeners:
                assert abs(tone_hz(loud(listener.frames)[5:]) - HOST_HZ) < HOST_HZ * 0.15
            # Only the server's candidates: each answer names exactly the server side of that peer.
            rooms = app[keys.VOICE]._rooms[voice_room(occ)]
            for who, (offer, answer) in zip(attendees, answers):
                seen = {(c["address"], int(c["port"])) for c in candidate_lines(answer)}
                gatherer = rooms.peers[who.account_id].pc.getTransceivers()[0].receiver.transport.transport.iceGatherer
                assert seen == {(c.ip, c.port) for c in gatherer.getLocalCandidates()}
                others = {c["port"] for o, _ in answers if o is not offer for c in candidate_lines(o)}
                assert not others & {c["port"] for c in candidate_lines(answer)}

            # Without the floor an attendee cannot send.
            first = attendees[0]
            talker = Peer(ATTENDEE_HZ)
            peers.append(talker)
            refused = await first.refused("event:voice_offer", {"sdp": await talker.offer()})
            assert refused["code"] == "LIVE_NO_FLOOR"

            # Asked and accepting, the attendee speaks; the host stops talking (voice off),
            # and the other listeners now hear the attendee.
            seats = {m["nickname"]: m["seat"] for m in (await host.ok("event:members"))["members"]}
            await host.ok("event:ask", {"seat": seats[first.nickname], "via": "voice"})
            await first.ok("event:answer", {"accept": True})
            await talker.answer((await first.ok("event:voice_offer", {"sdp": talker.pc.localDescription.sdp}))["sdp"])
            await host.ok("event:voice_leave")
            marks = [len(l.frames) for l in listeners[1:]]
            await until(lambda: all(len(loud(l.frames[m:])) > 25 for l, m in zip(listeners[1:], marks)), 20)
            for listener, mark in zip(listeners[1:], marks):
                assert abs(tone_hz(loud(listener.frames[mark:])[10:]) - ATTENDEE_HZ) < ATTENDEE_HZ * 0.15

            # Muted by the host: nothing more is forwarded.
            await host.ok("event:mute", {"seat": seats[first.nickname]})
            await asyncio.sleep(0.4)
            before = [len(loud(l.frames)) for l in listeners[1:]]
            await asyncio.sleep(0.8)
            assert all(len(loud(l.frames)) - b <= 1 for l, b in zip(listeners[1:], before))

            # The host speaks again; then pauses everything: no voice is forwarded at all.
            again = Peer(HOST_HZ)
            peers.append(again)
            await again.answer((await host.ok("event:voice_offer", {"sdp": await again.offer()}))["sdp"])
            hearing = listeners[1:]  # the first attendee's connection is now the talker's
            marks = [len(l.frames) for l in hearing]
            await until(lambda: all(len(loud(l.frames[m:])) > 10 for l, m in zip(hearing, marks)), 20)
            await host.ok("event:pause")
            await asyncio.sleep(0.4)
            before = [len(loud(l.frames)) for l in hearing]
            await asyncio.sleep(0.8)
            assert all(len(loud(l.frames)) - b <= 1 for l, b in zip(hearing, before))
        finally:
            for peer in peers:
                await peer.close()
