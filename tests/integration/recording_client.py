"""A real python-socketio client on one namespace that records every event it receives, for
the /space, /desk and /consult tests."""
from __future__ import annotations

import asyncio
from collections import defaultdict

import socketio


class RecordingClient:
    def __init__(self, url: str, namespace: str, *, call_timeout: float = 5.0):
        self.url = url
        self.namespace = namespace
        self.call_timeout = call_timeout
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: dict[str, list] = defaultdict(list)
        self._waiters: list = []
        self.sio.on("*", self._on_any, namespace=namespace)

    async def _on_any(self, event, data=None):
        self.events[event].append(data)
        for entry in list(self._waiters):
            name, predicate, fut = entry
            if name == event and not fut.done() and predicate(data):
                fut.set_result(data)
                self._waiters.remove(entry)

    async def open(self, auth: dict) -> None:
        await self.sio.connect(self.url, namespaces=[self.namespace], transports=["websocket"], auth=auth,
                               wait_timeout=15)  # a loaded CI machine answers the namespace slowly

    def wait_for(self, event: str, predicate=lambda d: True, timeout: float = 5.0):
        """The first event of that name (already received or still to come) the predicate accepts."""
        fut = asyncio.get_running_loop().create_future()
        for data in self.events.get(event, []):
            if predicate(data):
                fut.set_result(data)
                return asyncio.wait_for(fut, timeout)
        self._waiters.append((event, predicate, fut))
        return asyncio.wait_for(fut, timeout)

    async def call(self, event: str, data=None, timeout: float | None = None):
        return await self.sio.call(event, {} if data is None else data, namespace=self.namespace,
                                   timeout=timeout or self.call_timeout)

    async def ok(self, event: str, data=None):
        reply = await self.call(event, data)
        assert reply["ok"], reply
        return reply["data"]

    async def refused(self, event: str, data=None) -> dict:
        reply = await self.call(event, data)
        assert reply["ok"] is False, reply
        return reply["error"]

    async def close(self):
        if self.sio.connected:
            await self.sio.disconnect()
