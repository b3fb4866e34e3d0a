"""Where a domain Outcome's emits go out: the Socket.IO namespaces' names, and the one
function type that sends emits once their transaction committed.

REST handlers (server/http) send through ``app[keys.DELIVER]``, which the composition root
(server/app.py) binds to the Socket.IO server (server/realtime/broadcaster.py), so REST never
imports the realtime package and the realtime package never imports REST.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from server.core.outcome import Emit

SPACE, DESK, CONSULT, EVENT = "/space", "/desk", "/consult", "/event"


class Deliver(Protocol):
    async def __call__(self, emits: Iterable[Emit], *, namespace: str = SPACE) -> None:
        """Send ``emits`` (addressed relative to ``namespace``; ToConsole goes to the console)."""
