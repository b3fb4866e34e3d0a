"""The relay's pure parts: timelines, who hears whom, the outbound queue (no network)."""
import asyncio
import ast
from pathlib import Path

import av
import pytest
from aiortc.mediastreams import MediaStreamError

from server.voice.relay import (
    FRAME_SAMPLES,
    OPUS_TIME_BASE,
    QUEUE_FRAMES,
    OutboundAudioTrack,
    SpeakerSelector,
    Timeline,
)

ROOT = Path(__file__).resolve().parents[2]


class FakeTime:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_one_source_keeps_its_own_spacing_even_across_wraparound():
    line = Timeline()
    start = (1 << 32) - 960
    assert line.place("a", start, 0.0) == 0
    assert line.place("a", start + 960, 0.02) == 960  # wrapped to 0 in 32 bits
    assert line.place("a", (start + 2 * 960) % (1 << 32), 0.04) == 1920
    assert line.place("a", (start + 5 * 960) % (1 << 32), 0.10) == 4800  # a gap (silence) is kept


def test_a_new_source_or_a_restart_continues_by_wall_time():
    line = Timeline()
    line.place("a", 1000, 0.0)
    assert line.place("b", 777, 1.0) == 48000  # another speaker, one second later
    assert line.place("b", 777, 1.001) == 48000 + FRAME_SAMPLES  # repeated timestamp: at least a frame
    assert line.place("b", 777 + 48000 * 60, 1.02) == 48000 + 2 * FRAME_SAMPLES  # a jump is a restart


@pytest.mark.parametrize(
    "steps, expected",
    [
        # (source, voiced, time) ... -> who listener "l" hears at each step
        ([("a", False, 0.0)], [True]),  # the first voice is heard even when quiet
        ([("a", True, 0.0), ("b", True, 0.1)], [True, False]),  # a is talking: b waits
        ([("a", True, 0.0), ("b", True, 0.7)], [True, True]),  # a quiet for longer than the hold
        ([("a", True, 0.0), ("a", False, 0.5), ("b", True, 0.55)], [True, True, False]),  # hold runs from a's last voice
        ([("a", True, 0.0), ("a", False, 0.5), ("b", True, 0.61)], [True, True, True]),
        ([("a", True, 0.0), ("b", False, 1.0)], [True, False]),  # b quiet: no reason to switch
        ([("l", True, 0.0)], [False]),  # never oneself
    ],
)
def test_listeners_follow_the_speaker(steps, expected):
    selector = SpeakerSelector(hold_seconds=0.6)
    heard = []
    for source, voiced, now in steps:
        selector.heard(source, voiced, now)
        heard.append(selector.hears("l", source, now))
    assert heard == expected


def test_a_muted_or_departed_speaker_frees_the_listeners_at_once():
    selector = SpeakerSelector(hold_seconds=0.6)
    for who in ("a", "b"):
        selector.heard(who, True, 0.0)
    assert selector.hears("l", "a", 0.0) and not selector.hears("l", "b", 0.0)
    selector.silence("a")
    assert selector.hears("l", "b", 0.1)
    selector.forget("b")
    assert selector.current == {} and selector.hears("l", "a", 0.2)


def test_two_participants_always_hear_each_other():
    selector = SpeakerSelector(hold_seconds=0.6)
    for t in range(100):
        assert selector.hears("a", "b", t / 50) and selector.hears("b", "a", t / 50)


async def test_outbound_track_returns_packets_on_a_continuous_timeline():
    track = OutboundAudioTrack(FakeTime())
    track.push("a", b"\x01\x02", 5000)
    track.push("a", b"\x03", 5960)
    first, second = await track.recv(), await track.recv()
    assert isinstance(first, av.Packet) and bytes(first) == b"\x01\x02"
    assert (first.pts, second.pts) == (0, 960) and first.time_base == OPUS_TIME_BASE


async def test_outbound_track_waits_for_audio_and_ends_cleanly():
    track = OutboundAudioTrack(FakeTime())
    waiting = asyncio.ensure_future(track.recv())
    await asyncio.sleep(0.01)
    assert not waiting.done()  # nobody speaks: nothing is sent, not even silence
    track.push("a", b"\x01", 0)
    assert bytes(await waiting) == b"\x01"
    waiting = asyncio.ensure_future(track.recv())
    await asyncio.sleep(0.01)
    track.stop()
    with pytest.raises(MediaStreamError):
        await waiting
    track.push("a", b"\x02", 960)  # after stop: ignored
    assert track.pushed == 1


async def test_a_slow_listener_loses_the_oldest_audio_not_latency():
    track = OutboundAudioTrack(FakeTime())
    for n in range(QUEUE_FRAMES + 5):
        track.push("a", bytes([n]), n * 960)
    assert track.dropped == 5
    assert bytes(await track.recv()) == bytes([5])


def imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("path", sorted((ROOT / "server" / "voice").glob("*.py")), ids=lambda p: p.name)
def test_voice_imports_no_transport_and_records_nothing(path):
    for module in imports(path):
        assert module.split(".")[0] not in {"aiohttp", "socketio", "engineio"}, module
        if module.startswith("server."):
            assert module.startswith(("server.core", "server.voice", "server.settings")), module
    assert "MediaRecorder" not in path.read_text()  # never recorded


def test_with_slots_several_voices_are_heard_at_once_and_a_fourth_waits_for_a_quiet_one():
    selector = SpeakerSelector(hold_seconds=0.6)
    for who in ("a", "b", "c", "d"):
        selector.heard(who, True, 0.0)
    assert [selector.slot("l", who, 0.0, 3) for who in ("a", "b", "c", "d")] == [0, 1, 2, None]
    assert selector.slot("a", "a", 0.0, 3) is None  # never oneself
    for who in ("a", "c"):
        selector.heard(who, True, 0.5)
    assert selector.slot("l", "d", 0.5, 3) is None  # every slot's voice still talking
    selector.heard("d", True, 0.7)
    assert selector.slot("l", "d", 0.7, 3) == 1  # b has been quiet for the hold: d takes its slot
    assert selector.slot("l", "b", 0.7, 3) is None
    selector.silence("a")  # muted: its slot is free at once
    assert selector.slot("l", "b", 0.8, 3) == 0
    selector.forget("l")
    assert "l" not in selector.current
