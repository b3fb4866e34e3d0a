"""The sealed context snapshot: what the server itself cuts from the in-memory chat window
when a report arrives, so moderators see what happened and not only what the reporter says.

Authors appear as their account ids (random, pseudonymous) and nicknames. A message's context
is the reported line with up to ``BEFORE`` lines before and ``AFTER`` after it in the same
channel. A conversation's or the desk's lines are attached only when the reporter was part of
that channel (a member, or wrote in it): a report is no way to read other people's talks.
Nothing of the snapshot is ever shown to the reporter.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from rooms.chat import ChatLog, ChatMessage

BEFORE, AFTER = 10, 5
PERSON_LINES = 10  # a person report: their latest public lines (zone chat)
_CHANNEL_PREFIX = {"zone": "zone:", "conversation": "conversation:", "desk": "desk:", "event": "event:"}


@dataclass
class ChatSources:
    """Where recent lines live: the space's log (zone chat and conversations), the desk's log,
    and who is in a conversation now."""

    space_log: ChatLog
    desk_log: ChatLog | None = None
    conversation_members: Callable[[str], tuple[str, ...]] = field(default=lambda _cid: ())
    # An event chat message: (target id, reporter) -> (lines, author, event facts) or None
    # (rooms.event_room.reported; the live rooms are the window).
    event_message: Callable[[str, str], tuple[dict, str, dict] | None] = field(default=lambda _t, _r: None)

    def log_for(self, place: str) -> ChatLog | None:
        return self.desk_log if place == "desk" else self.space_log


def line(message: ChatMessage, *, reported: bool = False) -> dict[str, Any]:
    return {"id": message.id, "author_id": message.sender_id, "author_nickname": message.sender_nickname,
            "text": message.text, "sent_at_ms": message.sent_at_ms, **({"reported": True} if reported else {})}


def _may_see(channel: str, messages: list[ChatMessage], reporter_id: str, sources: ChatSources) -> bool:
    if channel.startswith("zone:"):
        return True  # said to everyone standing there
    if any(m.sender_id == reporter_id for m in messages):
        return True
    if channel.startswith("conversation:"):
        return reporter_id in sources.conversation_members(channel.removeprefix("conversation:"))
    return False


def message_context(sources: ChatSources, *, place: str, message_id: str, reporter_id: str,
                    now: datetime) -> tuple[dict[str, Any] | None, str | None]:
    """(the lines around the reported message, its author) or (None, None) when the message is
    not in the window, not in that place, or not the reporter's to show."""
    log = sources.log_for(place)
    found = log.find(message_id, now) if log is not None else None
    if found is None:
        return None, None
    channel, messages = found
    if not channel.startswith(_CHANNEL_PREFIX.get(place, "\0")) or not _may_see(channel, messages, reporter_id, sources):
        return None, None
    at = next(i for i, m in enumerate(messages) if m.id == message_id)
    cut = messages[max(0, at - BEFORE): at + AFTER + 1]
    reported = messages[at]
    lines = [line(m, reported=m.id == message_id) for m in cut]
    return {"channel_kind": place, "lines": lines}, reported.sender_id


def person_context(sources: ChatSources, *, account_id: str, now: datetime) -> dict[str, Any]:
    """The reported person's latest lines said in zones (public places) inside the window."""
    said = sources.space_log.by_sender(account_id, now, prefix="zone:")[-PERSON_LINES:]
    return {"channel_kind": "zone", "lines": [line(m) for m in said]}


def sealed(*, target_kind: str, place: str | None, found: bool, reported_nickname: str | None,
           reporter_place: str | None, context: dict[str, Any] | None, taken_at: datetime,
           extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The snapshot as stored: what, where, when, and the lines (moderators only)."""
    return {
        "target_kind": target_kind,
        "place": place,
        "found": found,
        "reported_nickname": reported_nickname,
        "reporter_place": reporter_place,
        "taken_at": taken_at.isoformat(),
        "lines": (context or {}).get("lines", []),
        **(extra or {}),
    }
