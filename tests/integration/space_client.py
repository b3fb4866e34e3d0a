"""A real python-socketio client for /space that records every event it receives."""
from __future__ import annotations

from tests.integration.recording_client import RecordingClient

NS = "/space"


class SpaceClient(RecordingClient):
    def __init__(self, url: str, token: str, *, resume: dict | None = None):
        super().__init__(url, NS)
        self.token = token
        self.resume = resume

    async def connect(self) -> dict:
        """Enter the space; returns the first ``world:snapshot``."""
        auth = {"token": self.token}
        if self.resume:
            auth["resume"] = self.resume
        waiter = self.wait_for("world:snapshot")
        await self.open(auth)
        return await waiter

    async def tell(self, event: str, data=None):
        """An event without an ack (how the web client sends its steps)."""
        await self.sio.emit(event, data if data is not None else {}, namespace=NS)

    async def send_raw(self, text: str):
        """One Socket.IO packet exactly as given, e.g. ``2/space,["world:move",{...}]`` (the
        Engine.IO message type ``4`` in front is added by the transport)."""
        await self.sio.eio.send(text)

    async def disconnect(self):
        await self.close()

    def clear(self):
        self.events.clear()


def batch_mentions(batch: dict, account_id: str) -> bool:
    return any(a["id"] == account_id for a in batch.get("enter", [])) or any(m[0] == account_id for m in batch.get("move", []))
