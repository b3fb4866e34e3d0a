"""What a client may send on ``/space``: one pydantic model per event's payload (which event
carries which: client_events.py; the namespace shell parses every event into its model
before any rule runs)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from server.core import text
from server.core.commands import Command, text_field
from server.realtime.payloads import SayPayload

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
    reason: str | None = text_field(text.HIDDEN_LOOK_REASON, default=None)  # needed to turn it on


class EmotePayload(Command):
    emote: str = Field(max_length=32)
    to: str | None = Field(default=None, max_length=64)


class InvitePayload(Command):
    to: list[str] = Field(max_length=8)


class RequestPayload(Command):
    request_id: str = Field(max_length=64)


class ConversationPayload(Command):
    conversation_id: str = Field(max_length=64)


class ChatSayPayload(SayPayload, ConversationPayload):  # conversation_id, then text
    pass


class AccountPayload(Command):
    account_id: str = Field(max_length=64)


class HideMessagePayload(Command):
    message_id: str = Field(max_length=64)
    reason: str | None = text_field(text.MODERATION_REASON, default=None)  # for the audit log


class AskLeavePayload(Command):
    account_id: str = Field(max_length=64)
    reason_ja: str = text_field(text.MODERATION_REASON)
    reason_en: str | None = text_field(text.MODERATION_REASON, default=None)
