"""Sends a domain Outcome's emits over Socket.IO, only after the change committed.

Every connection to /space joins the room ``account:<id>`` (and ``staff`` for staff), so
ToAccount and ToStaff reach people on any server process when a Redis manager is used.
ToConsole goes to the account's room on the console's namespace (server/realtime/events.py),
whichever namespace the emit was sent from.
"""
from __future__ import annotations

from collections.abc import Iterable

from server.core.outcome import Emit, ToAccount, ToConsole, ToConsultation, ToEvent, ToEveryone, ToStaff, ToZone
from server.core.delivery import SPACE
from server.realtime.events import CONSOLE_NAMESPACE


def account_room(account_id: str) -> str:
    return f"account:{account_id}"


STAFF_ROOM = "staff"


def room_of(target) -> str | None:
    if isinstance(target, (ToAccount, ToConsole)):
        return account_room(target.account_id)
    if isinstance(target, ToStaff):
        return STAFF_ROOM
    if isinstance(target, ToZone):
        return f"zone:{target.map_instance}:{target.zone}"
    if isinstance(target, ToConsultation):
        return f"consultation:{target.consultation_id}"
    if isinstance(target, ToEvent):
        return f"event:{target.event_id}"
    return None  # ToEveryone: the whole namespace


async def send_emits(sio, emits: Iterable[Emit], *, namespace: str = SPACE) -> None:
    for emit in emits:
        if isinstance(emit.target, ToConsole):
            await sio.emit(emit.event, emit.data, to=room_of(emit.target), namespace=CONSOLE_NAMESPACE)
        elif isinstance(emit.target, ToEveryone):
            await sio.emit(emit.event, emit.data, namespace=namespace)
        else:
            await sio.emit(emit.event, emit.data, to=room_of(emit.target), namespace=namespace)
