"""Loading an event's rows and answering "is this person a host of it"."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from rooms.events.audience import SelfDescription
from rooms.events.models import Event, EventHost, EventOccurrence, EventSelfDeclaration
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Role

HOST, COHOST = "host", "cohost"
MANAGERS = frozenset({Role.STAFF, Role.ADMIN})  # create events, choose hosts, see every event


def not_found() -> DomainError:
    return DomainError(ErrorCode.EVENT_NOT_FOUND)


async def event(db: AsyncSession, event_id: str) -> Event:
    found = await db.get(Event, event_id) if isinstance(event_id, str) and len(event_id) <= 32 else None
    if found is None:
        raise not_found()
    return found


async def occurrence(db: AsyncSession, occurrence_id: str, *, lock: bool = False) -> tuple[EventOccurrence, Event]:
    """The occurrence and its event; ``lock`` bumps the occurrence's revision first, so seat
    counts in this transaction see every sign-up committed before it (see the model)."""
    if not isinstance(occurrence_id, str) or len(occurrence_id) > 32:
        raise not_found()
    if lock:
        await db.execute(update(EventOccurrence).where(EventOccurrence.id == occurrence_id)
                         .values(revision=EventOccurrence.revision + 1))
    found = await db.get(EventOccurrence, occurrence_id, populate_existing=lock)
    if found is None:
        raise not_found()
    return found, await event(db, found.event_id)


async def hosts(db: AsyncSession, event_id: str) -> list[tuple[str, str, str]]:
    """(account_id, nickname, host | cohost), hosts first."""
    rows = await db.execute(
        select(EventHost.account_id, Account.nickname, EventHost.role)
        .join(Account, Account.id == EventHost.account_id)
        .where(EventHost.event_id == event_id)
        .order_by(EventHost.role.desc(), Account.nickname)
    )
    return [tuple(r) for r in rows.all()]


async def host_role(db: AsyncSession, event_id: str, account_id: str) -> str | None:
    return await db.scalar(select(EventHost.role).where(EventHost.event_id == event_id, EventHost.account_id == account_id))


async def require_planner(db: AsyncSession, event_id: str, account_id: str, role: Role) -> None:
    """Staff and admins plan every event; peer supporters and others only those they host."""
    if role in MANAGERS:
        return
    if await host_role(db, event_id, account_id) is None:
        raise DomainError(ErrorCode.EVENT_NOT_HOST)


async def self_description(db: AsyncSession, account_id: str, role: Role) -> SelfDescription:
    account = await db.get(Account, account_id)
    declared = await db.get(EventSelfDeclaration, account_id)
    return SelfDescription(kind=account.kind if account else "unspecified",
                           woman=bool(declared and declared.woman), role=role)
