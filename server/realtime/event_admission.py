"""The door of a live event: the events domain decides who is admitted (registration,
audience, door times, removal), the live room takes the answer as plain facts."""
from __future__ import annotations

from aiohttp import web

from rooms.event_room.members import Entrant, EventFacts
from rooms.events.admission import admit, record_attendance, remove_from_occurrence
from server import keys
from server.core.principal import AccountKind, Principal


def attendance_kind(principal: Principal) -> str:
    """How an attendee is counted: the kind they chose, else guest or unspecified."""
    if principal.kind is not AccountKind.UNSPECIFIED:
        return principal.kind.value
    return "guest" if principal.is_guest else AccountKind.UNSPECIFIED.value


async def admit_to_live(app: web.Application, principal: Principal, occurrence_id: str) -> tuple[EventFacts, Entrant]:
    """Raises the domain's DomainError (EVENT_NOT_FOUND, EVENT_NOT_REGISTERED, EVENT_DOOR_CLOSED,
    EVENT_NOT_FOR_YOU, EVENT_REMOVED, EVENT_CANCELLED, EVENT_FULL)."""
    async with app[keys.DB_SESSIONS].begin() as db:
        found = await admit(db, app[keys.CLOCK], account_id=principal.account_id, role=principal.role,
                            occurrence_id=occurrence_id)
    facts = EventFacts(found.occurrence_id, found.event_id, found.title_ja, found.title_en, found.capacity,
                       tuple((a, n) for a, n in found.hosts), found.ends_at)
    entrant = Entrant(principal.account_id, principal.nickname, attendance_kind(principal), found.is_host,
                      found.is_cohost)
    return facts, entrant


async def note_removal(app: web.Application, *, occurrence_id: str, account_id: str, by: str, reason: str) -> None:
    """Kept by the events domain, so a removed person stays out after a restart too."""
    async with app[keys.DB_SESSIONS].begin() as db:
        await remove_from_occurrence(db, app[keys.CLOCK], occurrence_id=occurrence_id, account_id=account_id,
                                     by=by, reason=reason)


async def note_attendance(app: web.Application, *, occurrence_id: str, account_kind: str) -> None:
    """One count per attendee and occurrence, by account kind: never a list of who came."""
    async with app[keys.DB_SESSIONS].begin() as db:
        await record_attendance(db, app[keys.CLOCK], occurrence_id=occurrence_id, account_kind=account_kind)
