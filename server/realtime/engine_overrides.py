"""Every place where Ibasho reaches into python-socketio's or python-engineio's private insides,
listed once, with the versions they were written against.

Two files override or patch those insides, each for one job:

* ``fast_events.py`` (Socket.IO layer): the live-access check before every event
  (``_trigger_event``), malformed packets closing only their connection (``_handle_eio_message``,
  ``_handle_event``), and the short way in for steps (``_handle_packet``, ``_send_packet``,
  ``_binary_packet``);
* ``lean_websocket.py`` (Engine.IO layer): the lean websocket loop, swapped in through the
  server's driver table (``_async``) and run on the socket's queue and receive/close.

They are not merged into one file: they touch different layers and each is read on its own.
What an upgrade must look at is here instead. ``tests/unit/test_engine_overrides.py`` fails,
naming the library and the attribute, when an installed version differs from the pins below or
an attribute these files use has gone. After an upgrade: read the library's changes for each
attribute below, run the realtime suite with the fast path on and off (``make test`` does),
then move the pin.

The fast path (the step short path and the lean loop) is a speed-up only: ``IBASHO_FAST_PATH=off``
(``Settings.fast_path``) serves with the libraries' own paths, with the same answers, slower.
The live-access check and the malformed-packet handling stay on either way (they are security,
not speed); see docs/PERFORMANCE.md for what differs with the fast path off.
"""
from __future__ import annotations

from importlib import metadata

# The versions the overrides were written and measured against (pyproject.toml pins the same).
PINNED_VERSIONS = {"python-socketio": "5.18.1", "python-engineio": "4.15.1"}

# Private or internal attributes used, by the object that must have them.
SOCKETIO_SERVER = {
    "_trigger_event": "fast_events: the live-access check before every event",
    "_handle_eio_message": "fast_events: a malformed packet closes only its connection",
    "_handle_event": "fast_events: an event without a name is malformed",
    "_send_packet": "fast_events: the step short path's ack (fast path only)",
    "_binary_packet": "fast_events: steps mid binary packet take the normal path (fast path only)",
}
# Names IbashoSocketServer adds: the library must not have them, or they would shadow its own.
OWN_SOCKETIO_NAMES = ("_handle_packet", "_fast", "fast_path", "live_access", "add_fast_event")
ENGINEIO_SERVER = {
    "_async": "lean_websocket: the driver table the lean websocket is swapped into (fast path only)",
}
ENGINEIO_SOCKET = {  # engineio.async_socket.AsyncSocket, driven by the lean loop (fast path only)
    "queue": "the writer sends what engineio queued",
    "receive": "pings, pongs and close go through engineio",
    "close": "the ending runs engineio's disconnect",
    "connected": "set when the lean loop takes the connection",
    "upgraded": "set when the lean loop takes the connection",
}
ENGINEIO_WEBSOCKET = {  # engineio.async_drivers.aiohttp.WebSocket, subclassed by the lean loop
    "handler": "the lean loop replaces the socket's own handler",
    "wait": "frames are read through the driver",
    "send": "frames are written through the driver",
    "close": "the connection is closed through the driver",
}


def version_mismatches() -> list[str]:
    """One sentence per library whose installed version is not the pinned one."""
    found = []
    for name, pinned in PINNED_VERSIONS.items():
        installed = metadata.version(name)
        if installed != pinned:
            found.append(f"{name} {installed} is installed, but server/realtime/fast_events.py and "
                         f"lean_websocket.py override its private insides as of {pinned}: check each "
                         f"attribute in server/realtime/engine_overrides.py, then move the pin")
    return found


def missing_attributes() -> list[str]:
    """One sentence per private attribute that the installed libraries no longer have."""
    import socketio
    from engineio.async_drivers.aiohttp import WebSocket
    from engineio.async_socket import AsyncSocket

    server = socketio.AsyncServer(async_mode="aiohttp")
    socket = AsyncSocket(server.eio, "probe")
    holders = [(server, "socketio.AsyncServer", SOCKETIO_SERVER),
               (server.eio, "engineio.AsyncServer", ENGINEIO_SERVER),
               (socket, "engineio.AsyncSocket", ENGINEIO_SOCKET),
               (WebSocket(None, server.eio), "engineio aiohttp WebSocket", ENGINEIO_WEBSOCKET)]
    gone = [f"{label} has no {attr!r} any more ({why})"
            for holder, label, attrs in holders for attr, why in attrs.items() if not hasattr(holder, attr)]
    clashes = [f"socketio.AsyncServer now has its own {name!r}, which IbashoSocketServer would shadow"
               for name in OWN_SOCKETIO_NAMES if hasattr(server, name)]
    return gone + clashes
