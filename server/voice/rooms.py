"""Voice rooms: the server terminates every participant's WebRTC connection and relays audio.

Each participant has one server-side ``RTCPeerConnection``. Audio from one participant goes to
the others only through the server, so a participant's SDP, candidates and address never reach
anyone else: each side only ever learns the server's candidates. Nothing is recorded: audio is
held in short queues on the way through and dropped, never written anywhere.

Who may use which room is decided by the caller (the consultation or event domain) through
:meth:`VoiceRooms.allow`; this module refuses everyone else with ``FORBIDDEN``. Transports call
it; it imports no transport.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from aiortc import RTCPeerConnection, RTCRtpSender, RTCSessionDescription
from aiortc.contrib.media import MediaRelay
from aiortc.mediastreams import MediaStreamError

from server.core.errors import DomainError, ErrorCode
from server.voice.config import VoiceConfig
from server.voice.ice import keep_host_candidates_on, restrict_host_candidates, rtc_configuration
from server.voice.offer import CheckedOffer, check_offer, invalid
from server.voice.relay import Forwarding, OutboundAudioTrack, SpeakerSelector, observe_voice, tap_encoded

log = logging.getLogger("ibasho.voice")
MAX_SLOTS = 8


@dataclass(frozen=True)
class VoiceEvent:
    """Told to ``on_event`` so a transport can update everyone's "voice on/off" indicator.
    kind: ``connected``, ``left``, ``failed`` (never connected, or the connection broke),
    ``muted`` or ``unmuted``."""

    room_id: str
    participant_id: str
    kind: str


@dataclass(eq=False)
class _Peer:
    participant_id: str
    pc: RTCPeerConnection
    outbounds: list[OutboundAudioTrack]  # one per slot the participant offered
    connected: bool = False
    packets_in: int = 0
    tasks: list[asyncio.Task] = field(default_factory=list)

    @property
    def outbound(self) -> OutboundAudioTrack:
        return self.outbounds[0]


@dataclass(eq=False)
class _Room:
    room_id: str
    allowed: frozenset[str]
    capacity: int
    selector: SpeakerSelector
    peers: dict[str, _Peer] = field(default_factory=dict)
    muted: set[str] = field(default_factory=set)
    speakers: frozenset[str] | None = None  # None: everyone allowed speaks (consultations)
    # speaker -> who hears them (an event's table); a speaker not named here reaches everyone
    audiences: dict[str, frozenset[str]] = field(default_factory=dict)
    slots: int = 1  # receive streams a participant may offer: voices heard at once
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class VoiceRooms:
    def __init__(
        self,
        config: VoiceConfig,
        *,
        on_event: Callable[[VoiceEvent], None] | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config = config
        self._rtc = rtc_configuration(config.ice_servers)
        self._on_event = on_event
        self._now = now
        self._rooms: dict[str, _Room] = {}
        self._background: set[asyncio.Task] = set()
        self._media_relay = MediaRelay()  # DECODED mode only: one decode per speaker
        self._forwarded_total = 0
        self._dropped_total = 0

    # --- registration (the caller's decision) -------------------------------------------

    async def allow(self, room_id: str, participant_ids: Iterable[str], *, capacity: int | None = None,
                    slots: int = 1) -> None:
        """Register (or update) who may use a room's voice and how many at once (default: the
        consultation capacity, 2). ``slots``: how many voices a participant may hear at once
        (receive-only audio sections in their offer; fixed when the room is made, so speaker
        changes never need renegotiation). Participants no longer allowed are disconnected."""
        allowed = frozenset(participant_ids)
        capacity = capacity or self._config.consultation_capacity
        if capacity < 2 or not allowed or not 1 <= slots <= MAX_SLOTS:
            raise ValueError("a voice room needs participants, a capacity of at least 2 and 1-8 slots")
        room = self._rooms.get(room_id)
        if room is None:
            self._rooms[room_id] = _Room(room_id, allowed, capacity, SpeakerSelector(self._config.speaker_hold_seconds),
                                         slots=slots)
            return
        async with room.lock:
            room.allowed, room.capacity, room.slots = allowed, capacity, slots
            room.muted &= allowed
            for participant_id in [p for p in room.peers if p not in allowed]:
                await self._drop_locked(room, room.peers[participant_id], "left")

    # --- signalling -----------------------------------------------------------------------

    async def join(self, room_id: str, participant_id: str, offer_sdp: object) -> str:
        """Answer a participant's offer (ICE already gathered: no trickle). Joining again
        replaces the participant's previous connection (a reload, a new device).

        Raises DomainError: FORBIDDEN (not a participant), SDP_INVALID (the offer), VOICE_FULL.
        On any refusal nothing changes."""
        room = self._room_for(room_id, participant_id)
        checked = check_offer(offer_sdp, self._config.max_sdp_bytes, room.slots)
        self._check_seat(room, participant_id)
        # The connection is set up outside the room's lock: answering awaits (ICE gathering),
        # and a door that lets one person through at a time made everyone queue (join p95 of
        # seconds with a few dozen arriving together). The lock only guards the swap.
        peer, answer = await self._open_peer(room, participant_id, checked)
        async with room.lock:
            try:
                self._check_seat(room, participant_id)  # closed, changed or filled meanwhile
            except DomainError:
                await self._close_peer(peer)
                raise
            previous = room.peers.get(participant_id)
            room.peers[participant_id] = peer
            if previous is not None:
                await self._close_peer(previous)
        self._watch(peer, room)
        return answer

    def _check_seat(self, room: _Room, participant_id: str) -> None:
        if self._rooms.get(room.room_id) is not room or participant_id not in room.allowed:
            raise DomainError(ErrorCode.FORBIDDEN)
        if len(room.peers) - (participant_id in room.peers) >= room.capacity:
            raise DomainError(ErrorCode.VOICE_FULL)

    async def leave(self, room_id: str, participant_id: str) -> None:
        """The participant turns voice off. Idempotent for participants; FORBIDDEN otherwise."""
        room = self._room_for(room_id, participant_id)
        async with room.lock:
            peer = room.peers.get(participant_id)
            if peer is not None:
                await self._drop_locked(room, peer, "left")

    async def close_room(self, room_id: str) -> None:
        """End the room's voice for everyone (either side ended the session). Idempotent."""
        room = self._rooms.pop(room_id, None)
        if room is None:
            return
        async with room.lock:
            for peer in list(room.peers.values()):
                await self._drop_locked(room, peer, "left")

    def set_muted(self, room_id: str, participant_id: str, muted: bool) -> None:
        """Server-side mute: the participant's audio is no longer forwarded to anyone."""
        room = self._room_for(room_id, participant_id)
        if muted == (participant_id in room.muted):
            return
        if muted:
            room.muted.add(participant_id)
            room.selector.silence(participant_id)
        else:
            room.muted.discard(participant_id)
        self._emit(room.room_id, participant_id, "muted" if muted else "unmuted")

    def set_speakers(self, room_id: str, speakers: Iterable[str] | None,
                     audiences: Mapping[str, Iterable[str]] | None = None) -> None:
        """Whose audio is forwarded at all (an event: hosts and voice floor holders); everyone
        else in the room only listens. None: every participant speaks. ``audiences`` limits
        some speakers to some listeners (an event's table: its voices reach that table only);
        a speaker not named there reaches everyone. A missing room: no-op."""
        room = self._rooms.get(room_id)
        if room is None:
            return
        new = None if speakers is None else frozenset(speakers)
        new_audiences = {s: frozenset(a) for s, a in (audiences or {}).items()}
        for silenced in (room.speakers or frozenset()) - (new or frozenset()):
            room.selector.silence(silenced)  # listeners may move to another voice at once
        for moved in set(room.audiences) | set(new_audiences):
            if room.audiences.get(moved) != new_audiences.get(moved):
                room.selector.silence(moved)  # heard elsewhere now: free the old listeners' slots
        room.speakers, room.audiences = new, new_audiences

    def may_speak(self, room_id: str, participant_id: str) -> bool:
        room = self._rooms.get(room_id)
        return room is not None and (room.speakers is None or participant_id in room.speakers)

    # --- what the indicator and operators see ---------------------------------------------

    def state(self, room_id: str) -> dict[str, dict[str, bool]]:
        """Per allowed participant: joined (has a connection), connected (audio can flow), muted."""
        room = self._rooms.get(room_id)
        if room is None:
            return {}
        return {
            pid: {
                "joined": pid in room.peers,
                "connected": pid in room.peers and room.peers[pid].connected,
                "muted": pid in room.muted,
            }
            for pid in sorted(room.allowed)
        }

    def stats(self) -> dict:
        peers = [p for r in self._rooms.values() for p in r.peers.values()]
        return {
            "forwarding": self._config.forwarding.value,
            "rooms": len(self._rooms),
            "peers": len(peers),
            "connected": sum(p.connected for p in peers),
            "packets_forwarded": self._forwarded_total + sum(o.pushed for p in peers for o in p.outbounds),
            "packets_dropped": self._dropped_total + sum(o.dropped for p in peers for o in p.outbounds),
        }

    async def close(self) -> None:
        """Shut down: every room closed, background tasks finished."""
        for room_id in list(self._rooms):
            await self.close_room(room_id)
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)

    # --- internals ------------------------------------------------------------------------

    def _room_for(self, room_id: str, participant_id: str) -> _Room:
        room = self._rooms.get(room_id)
        if room is None or participant_id not in room.allowed:
            raise DomainError(ErrorCode.FORBIDDEN)
        return room

    async def _open_peer(self, room: _Room, participant_id: str, offer: CheckedOffer) -> tuple[_Peer, str]:
        pc = RTCPeerConnection(configuration=self._rtc)
        _memoize_fingerprints(pc)
        peer = _Peer(participant_id, pc, [OutboundAudioTrack(self._now) for _ in range(offer.sections)])
        try:
            # The transceivers exist before the offer is applied so that Opus alone is
            # negotiated (forwarded packets are Opus) and candidates are restricted in time.
            # The first receives the participant's voice (if any); the others only send a slot.
            # aiortc bundles same-kind transceivers: one ICE/DTLS transport for all the slots.
            opus = [c for c in RTCRtpSender.getCapabilities("audio").codecs if c.mimeType.lower() == "audio/opus"]
            transceivers = []
            for index, outbound in enumerate(peer.outbounds):
                transceivers.append(pc.addTransceiver(outbound, direction="sendrecv" if index == 0 else "sendonly"))
                transceivers[-1].setCodecPreferences(opus)
            restrict_host_candidates(pc, self._config.hosts)
            try:
                await pc.setRemoteDescription(RTCSessionDescription(sdp=offer.sdp, type="offer"))
            except Exception:  # aiortc rejects with assorted types; the offer is at fault
                raise invalid("rejected") from None
            if len(pc.getTransceivers()) != offer.sections:
                raise invalid("not_one_audio_section")
            self._wire_audio(room, peer, transceivers[0].receiver, offer.opus_payload_type)
            await pc.setLocalDescription(await pc.createAnswer())
        except BaseException:
            await self._close_peer(peer)
            raise
        answer = pc.localDescription.sdp
        if self._config.hosts:
            answer = keep_host_candidates_on(answer, self._config.announced_addresses)
        return peer, answer

    def _wire_audio(self, room: _Room, peer: _Peer, receiver, opus_payload_type: int) -> None:
        def deliver(item, timestamp: int, voiced: bool | None) -> None:
            if room.peers.get(peer.participant_id) is not peer:
                return  # replaced or leaving
            peer.packets_in += 1
            if peer.participant_id in room.muted or (room.speakers is not None and peer.participant_id not in room.speakers):
                return
            now = self._now()
            source = peer.participant_id
            if voiced is not None:
                room.selector.heard(source, voiced, now)
            audience = room.audiences.get(source)
            slot = room.selector.slot
            for listener_id, listener in room.peers.items():
                # Nothing for a listener still connecting: their sender could not send it yet,
                # and half a second of stale audio would arrive at once when it starts.
                if not listener.connected or (audience is not None and listener_id not in audience):
                    continue
                index = slot(listener_id, source, now, len(listener.outbounds))
                if index is not None:
                    listener.outbounds[index].push(source, item, timestamp)

        if self._config.forwarding is Forwarding.ENCODED:
            tap_encoded(receiver, opus_payload_type, deliver)
            return

        def voiced(value: bool) -> None:
            if peer.participant_id not in room.muted:
                room.selector.heard(peer.participant_id, value, self._now())

        observe_voice(receiver, opus_payload_type, voiced)
        if receiver.track is None:  # a listen-only participant sends nothing to relay
            return

        async def pump() -> None:
            source = self._media_relay.subscribe(receiver.track)
            while True:
                try:
                    frame = await source.recv()
                except MediaStreamError:
                    return
                deliver(frame, frame.pts or 0, None)

        peer.tasks.append(asyncio.ensure_future(pump()))

    def _watch(self, peer: _Peer, room: _Room) -> None:
        @peer.pc.on("connectionstatechange")
        def changed() -> None:
            state = peer.pc.connectionState
            if state == "connected" and not peer.connected:
                peer.connected = True
                self._emit(room.room_id, peer.participant_id, "connected")
            elif state in ("failed", "closed"):  # closed: the participant hung up
                self._spawn(self._drop(room, peer, "failed" if state == "failed" else "left"))

        async def give_up_if_silent() -> None:
            await asyncio.sleep(self._config.connect_timeout_seconds)
            if not peer.connected:
                await self._drop(room, peer, "failed")

        peer.tasks.append(self._spawn(give_up_if_silent()))
        changed()  # it may have connected already

    async def _drop(self, room: _Room, peer: _Peer, kind: str) -> None:
        async with room.lock:
            if room.peers.get(peer.participant_id) is peer:
                await self._drop_locked(room, peer, kind)

    async def _drop_locked(self, room: _Room, peer: _Peer, kind: str) -> None:
        del room.peers[peer.participant_id]
        room.selector.forget(peer.participant_id)
        await self._close_peer(peer)
        self._emit(room.room_id, peer.participant_id, kind)

    async def _close_peer(self, peer: _Peer) -> None:
        for outbound in peer.outbounds:
            self._forwarded_total += outbound.pushed
            self._dropped_total += outbound.dropped
            outbound.stop()
        current = asyncio.current_task()
        for task in peer.tasks:
            if task is not current:
                task.cancel()
        await peer.pc.close()

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task

    def _emit(self, room_id: str, participant_id: str, kind: str) -> None:
        if self._on_event is not None:
            try:
                self._on_event(VoiceEvent(room_id, participant_id, kind))
            except Exception:  # a listener's bug must not break the media path
                log.exception("voice event listener failed")


def _memoize_fingerprints(pc: RTCPeerConnection) -> None:
    """aiortc hashes its certificate three ways every time it describes a transport (several
    times per answer, and once more per voice slot); the certificate never changes, so this
    connection's certificate keeps its first answer (aiortc 1.16: one certificate per
    connection, set in ``RTCPeerConnection.__init__``)."""
    for certificate in pc._RTCPeerConnection__certificates:
        fingerprints = certificate.getFingerprints()
        certificate.getFingerprints = lambda fingerprints=fingerprints: list(fingerprints)
