"""The baseline of the event hall benchmark: a bare python-socketio room broadcast.

Same wire protocol as Ibasho's ``/event`` for what bench.event_hall_load uses (connect with
``{"token"}``, acked ``event:enter``, ``event:chat_mode``, ``event:say``, ``event:react``;
``event:message`` and ``event:reactions`` to the hall) but none of the rules: no admission,
no shield, no rate limits, no per-reader payloads. Each line and each reaction count is ONE
``emit`` to the room, which python-socketio encodes once for everyone. That is the least any
Socket.IO hall costs; Ibasho's hall (a payload made for each reader so that nobody learns who
else is there, the personal-information shield, crisis screening) is compared with it.

    python -m bench.event_hall_baseline --port 8099   (127.0.0.1 only)
"""
from __future__ import annotations

import argparse
import time
from collections import Counter

import socketio
from aiohttp import web

NAMESPACE = "/event"
ROOM = "hall"


class BaselineHall(socketio.AsyncNamespace):
    def __init__(self) -> None:
        super().__init__(NAMESPACE)
        self.reactions: Counter[str] = Counter()
        self.ids = 0

    async def on_connect(self, sid, environ, auth=None):
        if not isinstance(auth, dict) or not auth.get("token"):
            raise ConnectionRefusedError({"code": "UNAUTHENTICATED"})

    async def on_event_enter(self, sid, data):
        await self.enter_room(sid, ROOM)
        return {"ok": True, "data": {"count": 0}}

    async def on_event_chat_mode(self, sid, data):
        return {"ok": True, "data": {"chat_mode": data.get("mode")}}

    async def on_event_say(self, sid, data):
        self.ids += 1
        line = {"occurrence_id": data["occurrence_id"], "id": f"m{self.ids}", "text": data["text"],
                "sent_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "to": "everyone", "table": None,
                "from_host": False, "label": None, "mine": False}
        await self.emit("event:message", line, room=ROOM)
        return {"ok": True, "data": {"id": line["id"], "to": "everyone"}}

    async def on_event_react(self, sid, data):
        self.reactions[data["reaction"]] += 1
        counts = dict(self.reactions)
        await self.emit("event:reactions", {"occurrence_id": data["occurrence_id"], "reactions": counts}, room=ROOM)
        return {"ok": True, "data": {"reactions": counts}}

    async def trigger_event(self, event, *args):
        # Socket.IO event names hold a colon; python-socketio looks handlers up by name.
        return await super().trigger_event(event.replace(":", "_"), *args)


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def create_app() -> web.Application:
    sio = socketio.AsyncServer(async_mode="aiohttp", logger=False, engineio_logger=False,
                               ping_interval=20, ping_timeout=20, max_http_buffer_size=64 * 1024)
    sio.register_namespace(BaselineHall())
    app = web.Application()
    sio.attach(app)
    app.router.add_get("/healthz", _healthz)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    web.run_app(create_app(), host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
