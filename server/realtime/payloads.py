"""Payloads every namespace shares. Each namespace's own are in space_payloads.py,
desk_payloads.py and consult_payloads.py; server/realtime/client_events.py says which event
carries which. Free text takes its limit from server/core/text.py (``text_field``), never a
literal, so a payload refuses an over-long text exactly as the domain does."""
from __future__ import annotations

from pydantic import Field

from server.core import text
from server.core.commands import Command, text_field


class Empty(Command):
    pass


class SayPayload(Command):
    """A line of live chat (a space conversation or zone, the desk, a consultation room)."""

    text: str = text_field(text.CHAT)


class RenewPayload(Command):
    """``session:renew``: a fresh access token of the connection's own session."""

    token: str = Field(max_length=2048)
