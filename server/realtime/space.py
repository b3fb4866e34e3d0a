"""The ``/space`` namespace: the 2D world. Thin: authenticate, parse, call the domain, ack."""
from __future__ import annotations

import socketio
from aiohttp import web

from server.realtime.connection import authenticate
from server.realtime.protocol import ok


class SpaceNamespace(socketio.AsyncNamespace):
    def __init__(self, app: web.Application):
        super().__init__("/space")
        self.app = app

    async def on_connect(self, sid, environ, auth=None):
        principal = await authenticate(self.app, auth)
        await self.save_session(sid, {"principal": principal})
        await self.emit("welcome", {"account_id": principal.account_id, "role": principal.role.value}, to=sid)

    async def on_ping(self, sid, data=None):
        return ok({"pong": True})
