"""The batch frame the world clock queues is the packet python-socketio's emit would send."""
import json

import pytest
from socketio import packet

from server.realtime.space_frames import NAMESPACE, batch_frame, event_frame, with_field

BATCHES = [
    {"t": 1775005200000, "enter": [], "move": [["a1", 12.5, 40.0, "left"]], "leave": [], "update": []},
    {"t": 1, "enter": [{"id": "b", "nickname": "ひだまり \"q\"", "look": "x", "x": 1.0, "y": 2.5, "dir": "down",
                        "status": "open"}], "move": [], "leave": ["c", "d"],
     "update": [{"id": "e", "status": "dnd", "look": "y"}]},
]


@pytest.mark.parametrize("batch", BATCHES)
def test_batch_frame_matches_emit_encoding(batch):
    emitted = packet.Packet(packet.EVENT, namespace=NAMESPACE, data=["world:batch", batch]).encode()
    assert batch_frame(json.dumps(batch, separators=(",", ":"))) == emitted


@pytest.mark.parametrize("batch", BATCHES)
def test_with_field_adds_one_field_to_an_encoded_object(batch):
    encoded = json.dumps(batch, separators=(",", ":"))
    token = 'ey.J"\\x'  # quotes and backslashes must stay valid JSON
    assert json.loads(with_field(encoded, "place", token)) == {**batch, "place": token}
    assert json.loads(with_field(encoded, "you", [1.5, 2.0]))["you"] == [1.5, 2.0]


def test_event_frame_matches_emit_encoding():
    correction = {"x": 101.5, "y": 2.0}
    emitted = packet.Packet(packet.EVENT, namespace=NAMESPACE, data=["world:correct", correction]).encode()
    assert event_frame("world:correct", json.dumps(correction, separators=(",", ":"))) == emitted
