"""Which packets take the short way in, and what they decode to."""
import json

import pytest
from socketio import packet

from server.realtime.fast_events import FastPacket, split_event_packet

HEAD, EVENT = "2/space,", "world:move"
STEP = {"x": 12.5, "y": 40.0, "dir": "left"}


@pytest.mark.parametrize("ack_id", [None, 0, 7, 123456789012])
def test_packets_built_by_socketio_split_into_ack_id_and_payload(ack_id):
    text = packet.Packet(packet.EVENT, namespace="/space", data=[EVENT, STEP], id=ack_id).encode()
    assert split_event_packet(text, HEAD, EVENT) == FastPacket(ack_id, STEP)


@pytest.mark.parametrize("text", [
    '2/space,["world:moved",{}]',  # another event that starts alike
    '2/space,["presence:status",{"status":"open"}]',
    '2/desk,["world:move",{}]',  # another namespace
    '2["world:move",{}]',  # the default namespace
    '3/space,1[{"ok":true}]',  # an ack, not an event
    '2/space,1234567890123["world:move",{}]',  # an ack id too long to be one
    '2/space,1a["world:move",{}]',
    '2/space,²["world:move",{}]',  # a digit, but not an ASCII one
    '2/space,["world:move",{}',  # cut short
    '2/space,["world:move"]',
    '2/space,["world:move",{},1]',
    '2/space, ["world:move",{}]',
])
def test_anything_else_takes_the_normal_path(text):
    assert split_event_packet(text, HEAD, EVENT) is None


def test_the_payload_is_not_checked_here_only_decoded():
    # Checking is the handler's job, the same on both paths.
    assert split_event_packet('2/space,["world:move","x"]', HEAD, EVENT) == FastPacket(None, "x")
    assert split_event_packet('2/space,["world:move",null]', HEAD, EVENT) == FastPacket(None, None)
    odd = json.dumps(["world:move", {"x": "é\u202e"}], ensure_ascii=False)
    assert split_event_packet(HEAD + odd, HEAD, EVENT).payload == {"x": "é\u202e"}
