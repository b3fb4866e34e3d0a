"""What a client may send on ``/desk`` (which event carries which: client_events.py)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from server.core import text
from server.core.commands import Command, text_field
from server.realtime.payloads import SayPayload


class KnockPayload(Command):
    note: str | None = text_field(text.DESK_QUEUE_NOTE, default=None)


class DeskSessionPayload(Command):
    session_id: str = Field(max_length=64)


class DeskSayPayload(SayPayload, DeskSessionPayload):  # session_id, then text
    # The person saw CONFIRM_PERSONAL_INFO and chose to give staff these details anyway.
    confirmed: bool = False


class DutyPayload(Command):
    status: Literal["available", "busy", "away", "off"]


class HandOverPayload(DeskSessionPayload):
    to_account_id: str = Field(max_length=64)
