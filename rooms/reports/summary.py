"""The report as sent: every section built, then every count through the one suppression rule
(rooms/reports/suppression.py). The JSON answer and the CSV both come from ``build``."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from rooms.reports import suppression
from rooms.reports.period import Period
from rooms.reports.sections import SECTIONS, Builder, Median, Section, Table
from rooms.surveys.report_section import survey_results_between
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal, Role


def require_reader(actor: Principal) -> None:
    """Staff and admins read the report (moderators, specialists and peer supporters do not)."""
    if actor.role not in (Role.STAFF, Role.ADMIN):
        raise DomainError(ErrorCode.FORBIDDEN)


def publish_table(table: Table) -> dict[str, Any]:
    if not table.people:
        return {"id": table.id, "rows": [{"key": k, "value": n, "suppressed": False} for k, n in table.parts.items()],
                "total": None if table.total is None else {"value": table.total, "suppressed": False}}
    return {"id": table.id, **suppression.table(table.parts, total=table.total)}


def publish_median(median: Median) -> dict[str, Any]:
    """A median of fewer than 5 accounts could be one person's own days: not sent."""
    small = median.accounts < suppression.THRESHOLD
    return {"step": median.step, "accounts": suppression.cell(median.accounts),
            "days": None if small else median.days, "suppressed": small and median.accounts > 0}


def publish(section: Section) -> dict[str, Any]:
    return {"id": section.id, "tables": [publish_table(t) for t in section.tables],
            "medians": [publish_median(m) for m in section.medians]}


async def build(db: AsyncSession, actor: Principal, period: Period, now: datetime,
                extra: Iterable[Builder] = ()) -> dict[str, Any]:
    require_reader(actor)
    sections = [await builder(db, period, now) for builder in (*SECTIONS, *extra)]
    # Survey results keep their own shape (per question), already suppressed by the same rule.
    surveys = await survey_results_between(db, period.start.astimezone(timezone.utc),
                                           period.end.astimezone(timezone.utc), now=now)
    return {
        "from": period.first.isoformat(), "to": period.last.isoformat(), "widened": period.widened,
        "timezone": "Asia/Tokyo", "generated_at": iso(now), "threshold": suppression.THRESHOLD,
        "sections": [publish(s) for s in sections],
        "surveys": surveys,
    }
