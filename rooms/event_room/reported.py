"""What a report of an event chat message seals: the reported line and the lines around it
that the reporter could read themselves (everyone's lines; their table's; the hosts' view for a
host), the author's account (moderators only) and the occurrence. Nothing when the reporter
was never in the room, or the message is gone from the room's window or was not theirs to read.

The reporter names a message as ``"<occurrence_id>:<message_id>"`` (message ids count per room)."""
from __future__ import annotations

from typing import Any

from rooms.event_room.live import LiveEvents
from rooms.event_room.room import LiveEvent, Message

BEFORE, AFTER = 10, 5


def _readable(room: LiveEvent, message: Message, reader_id: str) -> bool:
    if message.sender.account_id == reader_id or message.to == "everyone":
        return True
    reader = room.members.get(reader_id)
    if reader is not None and reader.hosting:
        return True  # hosts read the lines sent to them and every table's
    return message.to == "table" and room.tables.table_of.get(reader_id) == message.table_id


def _line(message: Message, *, reported: bool) -> dict[str, Any]:
    return {"id": message.id, "author_id": message.sender.account_id, "author_nickname": message.sender.nickname,
            "text": message.text, "sent_at_ms": int(message.sent_at.timestamp() * 1000),
            **({"reported": True} if reported else {})}


def report_context(live: LiveEvents, target_id: str, reporter_id: str) -> tuple[dict, str, dict] | None:
    """(the lines, the author's account id, the event facts) or None."""
    occurrence_id, _, message_id = target_id.partition(":")
    room = live.find(occurrence_id)
    if room is None or not room.has_been_in(reporter_id):
        return None
    readable = [m for m in room.messages if _readable(room, m, reporter_id)]
    at = next((i for i, m in enumerate(readable) if m.id == message_id), None)
    if at is None:
        return None
    cut = readable[max(0, at - BEFORE): at + AFTER + 1]
    facts = room.facts
    event = {"id": facts.event_id, "occurrence_id": facts.occurrence_id, "title_ja": facts.title_ja,
             "title_en": facts.title_en}
    lines = [_line(m, reported=m.id == message_id) for m in cut]
    return {"channel_kind": "event", "lines": lines}, readable[at].sender.account_id, event
