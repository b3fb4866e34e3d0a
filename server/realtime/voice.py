"""The process's one VoiceRooms (server-relayed voice) on the app, shared by every transport
that holds voice rooms. VoiceRooms takes a single ``on_event`` callback; each transport
routes the events of its own rooms by a room-id prefix (e.g. ``consult:``)."""
from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import web

from server import keys
from server.voice import VoiceConfig, VoiceEvent, VoiceRooms

log = logging.getLogger("ibasho.voice")


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


def install_voice(app: web.Application) -> VoiceRooms:
    """Build VoiceRooms from the settings (explicit ICE servers, chosen host addresses) once;
    closed with the app. Calling it again returns the same instance."""
    if keys.VOICE in app:
        return app[keys.VOICE]
    router = VoiceEventRouter()
    app[keys.VOICE_EVENTS] = router
    app[keys.VOICE] = VoiceRooms(VoiceConfig.from_settings(app[keys.SETTINGS]), on_event=router)
    app.cleanup_ctx.append(_close_voice)
    return app[keys.VOICE]


async def _close_voice(app: web.Application):
    yield
    await app[keys.VOICE].close()
