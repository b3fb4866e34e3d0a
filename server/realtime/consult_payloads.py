"""What a client may send on ``/consult`` (which event carries which: client_events.py)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from server.core.commands import Command
from server.realtime.payloads import SayPayload

ID_MAX = 32


class SessionPayload(Command):
    session_id: str = Field(min_length=1, max_length=ID_MAX)


class ConsultSayPayload(SayPayload, SessionPayload):  # session_id, then text
    pass


class StatusPayload(Command):
    status: Literal["ready", "finishing_previous", "running_late", "auto"]
    minutes: int | None = None


class InvitePayload(SessionPayload):
    colleague_id: str = Field(min_length=1, max_length=ID_MAX)


class ConsentPayload(SessionPayload):
    accept: bool


class OfferPayload(SessionPayload):
    # Its size is bounded by the payload limit (16 KB: BODY_TOO_LARGE) and checked again,
    # with everything else about it, by server.voice (SDP_INVALID).
    sdp: str


class MutePayload(SessionPayload):
    muted: bool
