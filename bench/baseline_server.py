"""The baseline of the space benchmark: a bare python-socketio server that batches the room.

Same wire protocol as Ibasho's ``/space`` for what the load generator uses (connect with
``{"token", "resume": {"place"}}``, ``world:snapshot``, acked ``world:move``, ``world:batch``)
but none of the rules and no interest management: it stores each position as sent and every
100 ms emits ONE batch with the whole room's positions to the whole room (one ``emit`` to a
room, which python-socketio encodes once). This is the plain design the notes measured at
about 400-600 clients per core; Ibasho's per-viewer interest batches are compared with it.

    python -m bench.baseline_server --port 8099   (127.0.0.1 only)

The token is read but not verified and the resume place is taken as given: a baseline must
cost as little as possible.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import json
import time

import jwt
import socketio
from aiohttp import web

NAMESPACE = "/space"
ROOM = "everyone"
TICK_SECONDS = 0.1


def _start_from(auth: dict) -> tuple[float, float]:
    """The (unverified) position inside a signed resume place, or a corner of the map."""
    place = (auth.get("resume") or {}).get("place") if isinstance(auth.get("resume"), dict) else None
    if isinstance(place, str) and "." in place:
        body = place.split(".", 1)[0]
        try:
            _owner, _instance, x, y, _exp = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            return float(x), float(y)
        except (ValueError, TypeError):
            pass
    return 100.0, 100.0


class BaselineSpace(socketio.AsyncNamespace):
    def __init__(self) -> None:
        super().__init__(NAMESPACE)
        self.people: dict[str, list] = {}  # sid -> [id, x, y, dir]
        self.entered: list[dict] = []
        self.left: list[str] = []

    async def on_connect(self, sid, environ, auth=None):
        token = auth.get("token") if isinstance(auth, dict) else None
        if not isinstance(token, str) or not token:
            raise ConnectionRefusedError({"code": "UNAUTHENTICATED"})
        try:
            account_id = str(jwt.decode(token, options={"verify_signature": False})["sub"])
        except (jwt.PyJWTError, KeyError):
            raise ConnectionRefusedError({"code": "TOKEN_INVALID"}) from None
        x, y = _start_from(auth)
        me = [account_id, x, y, "down"]
        others = [_public(p) for p in self.people.values()]
        self.people[sid] = me
        self.entered.append(_public(me))
        await self.enter_room(sid, ROOM)
        await self.emit("world:snapshot", {"t": _now_ms(), "you": _public(me), "avatars": others}, to=sid)

    async def on_disconnect(self, sid, reason=None):
        gone = self.people.pop(sid, None)
        if gone is not None:
            self.left.append(gone[0])

    async def trigger_event(self, event, *args):
        if event == "world:move":  # not a valid method name, so dispatched here
            return await self._move(*args)
        return await super().trigger_event(event, *args)

    async def _move(self, sid, data=None):
        me = self.people.get(sid)
        if me is None or not isinstance(data, dict):
            return {"ok": False, "error": {"code": "INVALID"}}
        x, y, direction = data.get("x"), data.get("y"), data.get("dir")
        if not isinstance(x, (int, float)) or not isinstance(y, (int, float)) or not isinstance(direction, str):
            return {"ok": False, "error": {"code": "INVALID"}}
        me[1], me[2], me[3] = round(float(x), 1), round(float(y), 1), direction
        return {"ok": True, "data": {"x": me[1], "y": me[2]}}

    async def tick(self) -> None:
        if not self.people:
            return
        batch = {
            "t": _now_ms(),
            "enter": self.entered,
            "move": [list(p) for p in self.people.values()],
            "leave": self.left,
            "update": [],
        }
        self.entered, self.left = [], []
        await self.emit("world:batch", batch, room=ROOM)


def _public(person: list) -> dict:
    return {"id": person[0], "x": person[1], "y": person[2], "dir": person[3]}


def _now_ms() -> int:
    return int(time.time() * 1000)


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def create_baseline_app() -> web.Application:
    sio = socketio.AsyncServer(async_mode="aiohttp", logger=False, engineio_logger=False,
                               ping_interval=20, ping_timeout=20, max_http_buffer_size=64 * 1024)
    space = BaselineSpace()
    sio.register_namespace(space)
    app = web.Application()
    sio.attach(app)
    app.router.add_get("/healthz", _healthz)

    async def clock(_app: web.Application):
        async def beats():
            loop = asyncio.get_running_loop()
            next_at = loop.time()
            while True:
                next_at += TICK_SECONDS
                await space.tick()
                await asyncio.sleep(max(0.0, next_at - loop.time()))

        task = asyncio.create_task(beats())
        yield
        task.cancel()

    app.cleanup_ctx.append(clock)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    web.run_app(create_baseline_app(), host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
