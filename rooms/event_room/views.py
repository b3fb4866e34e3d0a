"""What each reader of a live event is shown. The one place payloads are built, so the rule
"an attendee never receives another attendee's nickname or account id" lives here:
attendee payloads name hosts by nickname and other attendees only by the label they chose
(or not at all). Account ids appear in no payload of the /event namespace; hosts act on seats
(random per event)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from server.core.dates import iso

if TYPE_CHECKING:
    from rooms.event_room.members import Member
    from rooms.event_room.room import LiveEvent, Message


def _common(room: LiveEvent) -> dict:
    facts = room.facts
    return {
        "occurrence_id": facts.occurrence_id,
        "title_ja": facts.title_ja,
        "title_en": facts.title_en,
        "count": len(room.attendees()),
        "hosts": [{"nickname": m.nickname, "cohost": m.cohost} for m in room.hosting()],
        "chat_mode": room.chat_mode,
        "paused": room.paused,
        "door_locked": room.door_locked,
        "ended": room.ended,
        "quiet_first": room.quiet_first,
        "reactions": dict(room.reactions),
        "tables": room.tables.summary(),
    }


def attendee_view(room: LiveEvent, me: Member) -> dict:
    floor = [{"label": room.members[a].label, "via": via, "you": a == me.account_id,
              "muted": a in room.muted}
             for a, via in room.floor.items() if a in room.members]
    return {
        **_common(room),
        "role": "attendee",
        "floor": floor,
        "you": {
            "seat": me.seat,
            "label": me.label,
            "hand": room.hands.place_of(me.account_id, quiet_first=room.quiet_first, spoken=room.spoken()),
            "floor": room.floor.get(me.account_id),
            "asked": room.asked.get(me.account_id),
            "muted": me.account_id in room.muted,
            "table": room.tables.table_of.get(me.account_id),
            "mic": room.tables.mic_table(me.account_id) is not None,
        },
        "table_voices": _table_voices(room, me),
    }


def _table_voices(room: LiveEvent, me: Member) -> list[dict]:
    """Who speaks at my table, by the label each chose (as the floor is shown): table-mates only."""
    table_id = room.tables.table_of.get(me.account_id)
    if table_id is None:
        return []
    return [{"label": room.members[a].label, "you": a == me.account_id}
            for a in sorted(room.table_voices(table_id), key=lambda a: room.members[a].seat) if a in room.members]


def _member_row(room: LiveEvent, m: Member, queue: list[str]) -> dict:
    return {
        "seat": m.seat, "nickname": m.nickname, "label": m.label, "host": m.host, "cohost": m.cohost,
        "hand": queue.index(m.account_id) + 1 if m.account_id in queue else None,
        "floor": room.floor.get(m.account_id), "asked": room.asked.get(m.account_id),
        "muted": m.account_id in room.muted, "spoken": m.spoken,
        "mic": room.tables.mic_table(m.account_id) is not None,
        "table": room.tables.table_of.get(m.account_id) or room.tables.visiting.get(m.account_id),
    }


def host_view(room: LiveEvent) -> dict:
    queue = room.queue()
    return {
        **_common(room),
        "role": "host",
        "members": [_member_row(room, m, queue) for m in room.members.values()],
        "queue": [{"seat": room.members[a].seat, "nickname": room.members[a].nickname,
                   "label": room.members[a].label, "spoken": room.members[a].spoken} for a in queue],
        "floor": [{"seat": room.members[a].seat, "nickname": room.members[a].nickname, "via": via,
                   "muted": a in room.muted} for a, via in room.floor.items() if a in room.members],
        "hidden_messages": [_message_body(m, host=True) for m in room.messages if m.hidden],
    }


def _message_body(message: Message, *, host: bool) -> dict:
    sender = message.sender
    body = {"id": message.id, "text": message.text, "sent_at": iso(message.sent_at), "to": message.to,
            "table": message.table_id, "from_host": sender.hosting, "label": sender.shown_as()}
    if host:
        body.update(seat=sender.seat, nickname=sender.nickname)
    return body


def message_for(room: LiveEvent, message: Message, reader: Member) -> dict:
    """The message as ``reader`` sees it: hosts learn who wrote it, attendees only the label."""
    mine = reader.account_id == message.sender.account_id
    return {"occurrence_id": room.occurrence_id, **_message_body(message, host=reader.hosting), "mine": mine}
