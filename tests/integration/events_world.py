"""Accounts and events for the events tests, written straight into a real database (SQLite or
PostgreSQL): the domain is called without a network."""
from __future__ import annotations

from datetime import datetime, timezone

from avatars.models import Account
from rooms.events import planning
from rooms.events.models import EventSelfDeclaration
from server.core.clock import FakeClock
from server.core.ids import new_id
from server.core.principal import Principal, Role

NOW = datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)  # Wednesday 10:00 in Tokyo
FAMILY_CLASS = {
    "title_ja": "家族教室", "title_en": "Family class", "kind": "family_class", "audience": "families",
    "registration": "required", "place": "hall", "capacity": 2,
    "first_date": "2026-04-04", "start_time": "14:00", "duration_minutes": 90,  # Saturday 05:00-06:30 UTC
    "repeat": "weekly", "until_date": "2026-04-25",
}


async def person(db, nickname: str, *, kind: str = "unspecified", role: Role = Role.VISITOR, woman: bool = False) -> Principal:
    account = Account(id=new_id(), nickname=nickname, is_guest=role is Role.VISITOR, kind=kind, role=role.value,
                      created_at=NOW)
    db.add(account)
    if woman:
        db.add(EventSelfDeclaration(account_id=account.id, woman=True))
    await db.flush()
    return Principal(account.id, role, nickname=nickname)


async def event_with_hosts(sessions, clock: FakeClock, fields: dict | None = None, *, cohost: bool = True):
    """A staff member creates the event with a peer supporter as co-host; returns
    (staff, cohost, event_id, [occurrence ids in order])."""
    from sqlalchemy import select

    from rooms.events.models import EventOccurrence

    async with sessions.begin() as db:
        staff = await person(db, "しおり", role=Role.STAFF)
        peer = await person(db, "ひなた", role=Role.PEER_SUPPORTER)
        hosts = [planning.HostChoice("しおり", "host")] + ([planning.HostChoice("ひなた", "cohost")] if cohost else [])
        event = await planning.create(db, clock, staff, dict(fields or FAMILY_CLASS), hosts)
        occurrences = (await db.scalars(select(EventOccurrence.id).where(EventOccurrence.event_id == event.id)
                                        .order_by(EventOccurrence.starts_at))).all()
    return staff, peer, event.id, list(occurrences)
