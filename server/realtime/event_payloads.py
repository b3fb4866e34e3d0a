"""What a client may send on /event: one strict model per event (unknown fields refused)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from server.core import text
from server.core.commands import Command, text_field

ID_MAX = 64
SEAT_MAX = 16


class Occurrence(Command):
    occurrence_id: str = Field(min_length=1, max_length=ID_MAX)


class EnterPayload(Occurrence):
    label: str | None = text_field(text.EVENT_LABEL, default=None)  # then the shield


class ReactPayload(Occurrence):
    reaction: Literal["clap", "heart", "nod", "smile"]


class EventSayPayload(Occurrence):
    text: str = text_field(text.CHAT)


class HandPayload(Occurrence):
    raised: bool


class AnswerPayload(Occurrence):
    accept: bool


class TablePayload(Occurrence):
    table_id: str | None = Field(default=None, max_length=8)


class SeatPayload(Occurrence):
    seat: str = Field(min_length=1, max_length=SEAT_MAX)


class AskPayload(SeatPayload):
    via: Literal["text", "voice"]


class RemovePayload(SeatPayload):
    reason: Literal["not_for_audience", "safety", "disruption", "other"]


class LockPayload(Occurrence):
    locked: bool


class ChatModePayload(Occurrence):
    mode: Literal["off", "hosts", "everyone"]


class QuietFirstPayload(Occurrence):
    on: bool


class OpenTablesPayload(Occurrence):
    names: list[str] = Field(min_length=1, max_length=12)
    cap: int = Field(ge=2, le=12)
    open_mic: list[bool] | None = Field(default=None, max_length=12)  # one per name; absent: all open mic


class MicPayload(Occurrence):
    on: bool


class TableMicPayload(Occurrence):
    table_id: str = Field(min_length=1, max_length=8)
    open: bool


class PlacePayload(SeatPayload):
    table_id: str | None = Field(default=None, max_length=8)


class OfferPayload(Occurrence):
    sdp: str  # bounded by the payload limit and checked by server.voice (SDP_INVALID)
