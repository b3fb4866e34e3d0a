"""What a client may send on ``/space``: one pydantic model per event's payload (the
namespace's ``handle`` parses every event into its model before any rule runs)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from server.realtime.protocol import Command

StatusName = Literal["open", "just_here", "dnd"]
Direction = Literal["down", "left", "right", "up"]


class Resume(Command):
    place: str | None = Field(default=None, max_length=400)  # a signed token from the server
    status: StatusName | None = None
    hidden: bool | None = None


class MovePayload(Command):
    x: float
    y: float
    dir: Direction


class StatusPayload(Command):
    status: StatusName


class HiddenPayload(Command):
    hidden: bool


class RevealPayload(Command):
    on: bool
    reason: str | None = Field(default=None, max_length=400)  # needed to turn it on


class EmotePayload(Command):
    emote: str = Field(max_length=32)
    to: str | None = Field(default=None, max_length=64)


class InvitePayload(Command):
    to: list[str] = Field(max_length=8)


class RequestPayload(Command):
    request_id: str = Field(max_length=64)


class ConversationPayload(Command):
    conversation_id: str = Field(max_length=64)


class SayPayload(Command):
    conversation_id: str = Field(max_length=64)
    text: str = Field(max_length=2000)


class ZoneSayPayload(Command):
    text: str = Field(max_length=2000)


class AccountPayload(Command):
    account_id: str = Field(max_length=64)


class Empty(Command):
    pass


class HideMessagePayload(Command):
    id: str = Field(max_length=64)
    reason: str | None = Field(default=None, max_length=400)  # for the audit log


class AskLeavePayload(Command):
    account_id: str = Field(max_length=64)
    reason_ja: str = Field(max_length=2000)
    reason_en: str | None = Field(default=None, max_length=2000)
