"""Every live event room of this process, by occurrence. Rooms open when their first host or
attendee enters and are forgotten once ended and empty. In memory, like live consultations:
route /event to one process (docs/EVENTS.md)."""
from __future__ import annotations

from datetime import datetime

from rooms.event_room.members import EventFacts
from rooms.event_room.room import LiveEvent
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Outcome


class LiveEvents:
    def __init__(self) -> None:
        self.rooms: dict[str, LiveEvent] = {}
        self.ended: set[str] = set()  # an ended occurrence never opens again (ids only)

    def open(self, facts: EventFacts) -> LiveEvent:
        if facts.occurrence_id in self.ended:
            raise DomainError(ErrorCode.LIVE_ENDED)
        room = self.rooms.get(facts.occurrence_id)
        if room is None:
            room = self.rooms[facts.occurrence_id] = LiveEvent(facts)
        return room

    def get(self, occurrence_id: str) -> LiveEvent:
        """The open room, or LIVE_NOT_IN_ROOM (a stranger learns nothing about which exist)."""
        room = self.rooms.get(occurrence_id)
        if room is None:
            raise DomainError(ErrorCode.LIVE_NOT_IN_ROOM)
        return room

    def find(self, occurrence_id: str) -> LiveEvent | None:
        """The open room of this process, if any (for acts decided elsewhere)."""
        return self.rooms.get(occurrence_id)

    def rooms_of(self, account_id: str) -> list[LiveEvent]:
        return [room for room in self.rooms.values() if account_id in room.members]

    def close_over(self, now: datetime) -> list[tuple[LiveEvent, Outcome[dict]]]:
        """Rooms the clock ends (their hosts left them open past the end), with their outcomes."""
        closed = [(room, room.close_if_over(now)) for room in self.rooms.values()]
        return [(room, outcome) for room, outcome in closed if outcome is not None]

    def forget_ended(self) -> None:
        self.ended |= {k for k, r in self.rooms.items() if r.ended}
        self.rooms = {k: r for k, r in self.rooms.items() if not (r.ended and not r.members)}
