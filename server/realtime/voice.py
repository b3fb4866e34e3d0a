"""Routing the process's one VoiceRooms' events (server-relayed voice; built with the app in
server/composition.py) to the transports that hold voice rooms. VoiceRooms takes a single
``on_event`` callback; each transport routes the events of its own rooms by a room-id prefix
(e.g. ``consult:``)."""
from __future__ import annotations

from collections.abc import Callable

from server.voice import VoiceEvent


class VoiceEventRouter:
    def __init__(self) -> None:
        self._routes: dict[str, Callable[[VoiceEvent], None]] = {}

    def route(self, prefix: str, callback: Callable[[VoiceEvent], None]) -> None:
        self._routes[prefix] = callback

    def __call__(self, event: VoiceEvent) -> None:
        for prefix, callback in self._routes.items():
            if event.room_id.startswith(prefix):
                callback(event)
                return
