"""Moving audio from one participant's peer connection to the others' without touching it.

The lever for capacity: aiortc's RTCRtpReceiver decodes every Opus packet and its RTCRtpSender
encodes every frame again (about 6% of a core per stream here). When a sender's track returns
``av.Packet`` objects instead of frames, the sender skips encoding and only packetizes. So the
server taps the *encoded* Opus payloads as they arrive (before the jitter buffer and the
decoder) and hands them to each listener's :class:`OutboundAudioTrack` as packets.

``Forwarding.DECODED`` keeps aiortc's ordinary path (decode once per speaker through
``MediaRelay``, encode once per listener): the baseline the benchmark compares against, and a
fallback should a client ever send audio that cannot be passed through.
"""
from __future__ import annotations

import asyncio
import enum
import fractions
import math
from collections import deque
from collections.abc import Callable, Hashable

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

OPUS_RATE = 48000
OPUS_TIME_BASE = fractions.Fraction(1, OPUS_RATE)
FRAME_SAMPLES = 960  # 20 ms, what browsers and aiortc send
MAX_CONTINUOUS_STEP = OPUS_RATE * 5  # a larger jump in a source's timestamps is a restart
QUEUE_FRAMES = 25  # 500 ms: beyond this the listener is not keeping up; drop the oldest
VOICED_MAX_LEVEL = 60  # RFC 6464 level is -dBov (0 loud .. 127 silent); quieter is "not talking"


class Forwarding(str, enum.Enum):
    ENCODED = "encoded"  # pass Opus packets through (default)
    DECODED = "decoded"  # decode and re-encode through MediaRelay (baseline / fallback)


class Timeline:
    """Maps the timestamps of whichever source a listener hears onto one continuous timeline,
    so the listener's decoder sees steady time across speaker changes and reconnections."""

    def __init__(self) -> None:
        self.source: Hashable | None = None
        self.last_in = 0
        self.last_out: int | None = None
        self.last_wall = 0.0

    def place(self, source: Hashable, timestamp: int, now: float) -> int:
        if self.last_out is None:
            out = 0
        else:
            step = (timestamp - self.last_in) % (1 << 32)
            if source == self.source and 0 < step < MAX_CONTINUOUS_STEP:
                out = self.last_out + step
            else:  # another speaker or a restart: advance by the wall time that passed
                out = self.last_out + max(FRAME_SAMPLES, round((now - self.last_wall) * OPUS_RATE))
        self.source, self.last_in, self.last_out, self.last_wall = source, timestamp, out, now
        return out


class OutboundAudioTrack(MediaStreamTrack):
    """What the server sends to one listener: a short queue fed by the room's routing.

    Items are Opus payloads (ENCODED: returned as ``av.Packet`` so the sender only packetizes)
    or decoded ``av.AudioFrame`` (DECODED). ``recv`` waits while nobody is speaking, so the
    sender sends nothing rather than silence.
    """

    kind = "audio"

    def __init__(self, now: Callable[[], float]) -> None:
        super().__init__()
        self._now = now
        self._items: deque = deque(maxlen=QUEUE_FRAMES)
        self._ready = asyncio.Event()
        self._timeline = Timeline()
        self.pushed = 0
        self.dropped = 0

    def push(self, source: Hashable, item: bytes | av.AudioFrame, timestamp: int) -> None:
        if self.readyState != "live":
            return
        if len(self._items) == self._items.maxlen:
            self.dropped += 1
        self._items.append((self._timeline.place(source, timestamp, self._now()), item))
        self.pushed += 1
        self._ready.set()

    async def recv(self) -> av.Packet | av.AudioFrame:
        while not self._items:
            if self.readyState != "live":
                raise MediaStreamError
            self._ready.clear()
            await self._ready.wait()
        if self.readyState != "live":
            raise MediaStreamError
        pts, item = self._items.popleft()
        if isinstance(item, bytes):
            item = av.Packet(item)
        item.pts = pts
        item.time_base = OPUS_TIME_BASE
        return item

    def stop(self) -> None:
        super().stop()
        self._items.clear()
        self._ready.set()  # wake a waiting recv so the sender's loop ends


class SpeakerSelector:
    """Who each listener hears, on which of their slots (receive-only audio streams).

    A consultation listener has one slot and two participants: each simply hears the other. An
    event listener has a few slots (``VoiceRooms.allow(..., slots=3)``): each speaker who talks
    takes a free slot of that listener, so up to that many voices are heard at once (the
    browser mixes the streams; the server never decodes). When every slot is taken, a new voice
    replaces one that has been quiet for ``hold_seconds``; until then it waits.
    """

    def __init__(self, hold_seconds: float) -> None:
        self.hold = hold_seconds
        self.current: dict[Hashable, list[Hashable | None]] = {}  # listener -> source per slot
        self.last_voiced: dict[Hashable, float] = {}

    def heard(self, source: Hashable, voiced: bool, now: float) -> None:
        if voiced:
            self.last_voiced[source] = now

    def slot(self, listener: Hashable, source: Hashable, now: float, slots: int = 1) -> int | None:
        """The listener's slot that carries ``source`` now, or None (not heard)."""
        if listener == source:
            return None
        current = self.current.get(listener)
        if current is None:
            current = self.current[listener] = [None] * slots
        if source in current:
            return current.index(source)
        talking = now - self.last_voiced.get(source, -math.inf) <= self.hold
        for index, holder in enumerate(current):
            # A free slot takes anyone (a quiet voice keeps its place); a held one only a
            # talking voice, once its holder has been quiet for the hold time.
            if holder is None or (talking and now - self.last_voiced.get(holder, -math.inf) > self.hold):
                current[index] = source
                return index
        return None

    def hears(self, listener: Hashable, source: Hashable, now: float) -> bool:
        return self.slot(listener, source, now) is not None

    def silence(self, participant: Hashable) -> None:
        """Muted: listeners may move on to someone else at once."""
        self.last_voiced.pop(participant, None)
        for current in self.current.values():
            if participant in current:
                current[current.index(participant)] = None

    def forget(self, participant: Hashable) -> None:
        self.last_voiced.pop(participant, None)
        self.current.pop(participant, None)
        for listener, current in list(self.current.items()):
            if participant in current:
                current[current.index(participant)] = None
            if not any(s is not None for s in current):
                del self.current[listener]


def is_voiced(packet) -> bool:
    level = packet.extensions.audio_level  # (voice_activity, -dBov) when negotiated
    return level is None or level[1] <= VOICED_MAX_LEVEL


def tap_encoded(receiver, opus_payload_type: int, deliver: Callable[[bytes, int, bool], None]) -> None:
    """Hand each inbound Opus packet of ``receiver`` to ``deliver(payload, rtp_timestamp, voiced)``
    instead of aiortc's own handling (jitter buffer and decoder thread), which is skipped.

    Installed on this one receiver instance: the DTLS transport looks the method up for every
    packet, so nothing else in the process changes (aiortc 1.16 ``RTCRtpReceiver``).
    """

    async def forward(packet, arrival_time_ms: int) -> None:
        if packet.payload_type == opus_payload_type and packet.payload:
            deliver(packet.payload, packet.timestamp, is_voiced(packet))

    receiver._handle_rtp_packet = forward


def observe_voice(receiver, opus_payload_type: int, voiced: Callable[[bool], None]) -> None:
    """DECODED mode: note the voice activity of each packet, then let aiortc decode as usual."""
    original = receiver._handle_rtp_packet

    async def observe(packet, arrival_time_ms: int) -> None:
        if packet.payload_type == opus_payload_type and packet.payload:
            voiced(is_voiced(packet))
        await original(packet, arrival_time_ms)

    receiver._handle_rtp_packet = observe
