"""Reading the audit log (admins only): filtered pages of entries, and the monthly aggregate
for the operator's transparency note. Reading only: the log has no update or delete anywhere
(moderation/audit.py), and entries are kept at least 365 days (docs/MODERATION.md).

The monthly aggregate is a list of counters, each a function adding plain counts (never an
id, a nickname or a text) for one month; another module adds its own with ``add_counter``
(reports by category join here once they exist)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Awaitable, Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moderation.audit import MAX_ACTION, AuditEntry
from moderation.sanctions.models import PENDING, Appeal, Sanction
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.policy import require_admin
from server.core.principal import Principal

MAX_PAGE = 200
KEEP_AT_LEAST_DAYS = 365

Counter = Callable[[AsyncSession, datetime, datetime], Awaitable[dict[str, Any]]]
COUNTERS: dict[str, Counter] = {}


def add_counter(name: str, counter: Counter) -> None:
    COUNTERS[name] = counter


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    return {"id": entry.id, "at": iso(entry.at), "actor_id": entry.actor_id, "action": entry.action,
            "target": entry.target, "detail": entry.detail}


async def read(db: AsyncSession, actor: Principal, *, actor_id: str | None = None, action: str | None = None,
               since: date | None = None, until: date | None = None, before: str | None = None,
               limit: int = 100) -> dict[str, Any]:
    """Newest first; ``action`` matches a whole name or a prefix ending in a dot
    (``sanction.``); ``since``/``until`` are whole UTC days, both included; ``before`` is the
    last id of the previous page."""
    require_admin(actor)
    if not 1 <= limit <= MAX_PAGE:
        raise DomainError(ErrorCode.INVALID, field="limit")
    query = select(AuditEntry)
    if actor_id:
        query = query.where(AuditEntry.actor_id == actor_id[:32])
    if action:
        if len(action) > MAX_ACTION:
            raise DomainError(ErrorCode.INVALID, field="action")
        query = query.where(AuditEntry.action.startswith(action, autoescape=True) if action.endswith(".")
                            else AuditEntry.action == action)
    if since and until and since > until:
        raise DomainError(ErrorCode.INVALID, field="from", detail={"reason": "after_to"})
    if since:
        query = query.where(AuditEntry.at >= datetime.combine(since, time(), timezone.utc))
    if until:
        query = query.where(AuditEntry.at < datetime.combine(until + timedelta(days=1), time(), timezone.utc))
    if before:
        anchor = await db.get(AuditEntry, before[:32])
        if anchor is None:
            raise DomainError(ErrorCode.INVALID, field="before")
        query = query.where((AuditEntry.at < anchor.at) | ((AuditEntry.at == anchor.at) & (AuditEntry.id < anchor.id)))
    rows = list((await db.execute(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit + 1))).scalars())
    return {"entries": [entry_json(e) for e in rows[:limit]], "more": len(rows) > limit}


def month_bounds(month: object) -> tuple[datetime, datetime]:
    """"YYYY-MM" -> [first instant, first instant of the next month) in UTC."""
    if not isinstance(month, str) or len(month) != 7 or month[4] != "-":
        raise DomainError(ErrorCode.INVALID, field="month", detail={"reason": "not_a_month"})
    try:
        year, number = int(month[:4]), int(month[5:])
        start = datetime(year, number, 1, tzinfo=timezone.utc)
    except ValueError:
        raise DomainError(ErrorCode.INVALID, field="month", detail={"reason": "not_a_month"}) from None
    if not 2000 <= year <= 2100:
        raise DomainError(ErrorCode.INVALID, field="month", detail={"reason": "out_of_range"})
    end = datetime(year + (number == 12), number % 12 + 1, 1, tzinfo=timezone.utc)
    return start, end


async def _sanction_counts(db: AsyncSession, start: datetime, end: datetime) -> dict[str, Any]:
    given = await db.execute(select(Sanction.kind, func.count()).where(
        Sanction.given_at >= start, Sanction.given_at < end, Sanction.state != PENDING).group_by(Sanction.kind))
    lifted = await db.scalar(select(func.count()).select_from(Sanction).where(
        Sanction.lifted_at >= start, Sanction.lifted_at < end))
    return {"sanctions_by_kind": {kind: count for kind, count in given.all()}, "sanctions_lifted": lifted or 0}


async def _appeal_counts(db: AsyncSession, start: datetime, end: datetime) -> dict[str, Any]:
    made = await db.scalar(select(func.count()).select_from(Appeal).where(Appeal.made_at >= start, Appeal.made_at < end))
    decided = await db.execute(select(Appeal.outcome, func.count()).where(
        Appeal.decided_at >= start, Appeal.decided_at < end).group_by(Appeal.outcome))
    return {"appeals_made": made or 0, "appeals_decided": {outcome: count for outcome, count in decided.all()}}


add_counter("sanctions", _sanction_counts)
add_counter("appeals", _appeal_counts)


async def monthly(db: AsyncSession, actor: Principal, month: object) -> dict[str, Any]:
    require_admin(actor)
    start, end = month_bounds(month)
    body: dict[str, Any] = {"month": month, "from": iso(start), "to": iso(end)}
    for counter in COUNTERS.values():
        body.update(await counter(db, start, end))
    return body
