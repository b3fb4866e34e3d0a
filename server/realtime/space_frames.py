"""The ``/space`` wire frames the tick writes itself: an event packet with an already encoded
payload, byte for byte what python-socketio's ``emit`` would put on the wire, so one encoded
batch can go to many sockets without being encoded again."""
from __future__ import annotations

import json
from typing import Any

from socketio import packet as sio_packet

NAMESPACE = "/space"


def with_field(object_json: str, name: str, value: Any) -> str:
    """One more field at the end of an encoded (non-empty) JSON object."""
    return f"{object_json[:-1]},{json.dumps(name)}:{json.dumps(value, separators=(',', ':'))}}}"


def event_frame(event: str, payload_json: str) -> str:
    """The Socket.IO event packet for one event with an already encoded payload: the same
    text as ``emit(event, payload, namespace="/space")`` puts on the wire."""
    return f'{sio_packet.EVENT}{NAMESPACE},["{event}",{payload_json}]'


def batch_frame(batch_json: str) -> str:
    return event_frame("world:batch", batch_json)
