"""A real python-socketio client for /space that records every event it receives."""
from __future__ import annotations

import asyncio
from collections import defaultdict

import socketio

NS = "/space"


class SpaceClient:
    def __init__(self, url: str, token: str, *, resume: dict | None = None):
        self.url = url
        self.token = token
        self.resume = resume
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: dict[str, list] = defaultdict(list)
        self._waiters: list[tuple[str, object, asyncio.Future]] = []
        self.sio.on("*", self._on_any, namespace=NS)

    async def _on_any(self, event, data=None):
        self.events[event].append(data)
        for entry in list(self._waiters):
            name, predicate, fut = entry
            if name == event and not fut.done() and predicate(data):
                fut.set_result(data)
                self._waiters.remove(entry)

    async def connect(self) -> dict:
        auth = {"token": self.token}
        if self.resume:
            auth["resume"] = self.resume
        waiter = self.wait_for("world:snapshot")
        await self.sio.connect(self.url, namespaces=[NS], transports=["websocket"], auth=auth, wait_timeout=5)
        return await waiter

    def wait_for(self, event: str, predicate=lambda d: True, timeout: float = 5.0):
        for data in self.events.get(event, []):
            if predicate(data):
                fut = asyncio.get_running_loop().create_future()
                fut.set_result(data)
                return asyncio.wait_for(fut, timeout)
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append((event, predicate, fut))
        return asyncio.wait_for(fut, timeout)

    async def call(self, event: str, data=None, timeout: float = 5.0):
        return await self.sio.call(event, data if data is not None else {}, namespace=NS, timeout=timeout)

    async def tell(self, event: str, data=None):
        """An event without an ack (how the web client sends its steps)."""
        await self.sio.emit(event, data if data is not None else {}, namespace=NS)

    async def send_raw(self, text: str):
        """One Socket.IO packet exactly as given, e.g. ``2/space,["world:move",{...}]`` (the
        Engine.IO message type ``4`` in front is added by the transport)."""
        await self.sio.eio.send(text)

    async def disconnect(self):
        if self.sio.connected:
            await self.sio.disconnect()

    def clear(self):
        self.events.clear()


def batch_mentions(batch: dict, account_id: str) -> bool:
    return any(a["id"] == account_id for a in batch.get("enter", [])) or any(m[0] == account_id for m in batch.get("move", []))
