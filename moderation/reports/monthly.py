"""The reports' part of the monthly aggregate for the operator's transparency note
(moderation/audit_reader.py collects the parts): reports by category and the median time from
a report to a moderator's first look (its claim). Counts only: nobody is named."""
from __future__ import annotations

from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from moderation.audit_reader import add_counter
from moderation.reports.models import Report


async def report_counts(db: AsyncSession, start: datetime, end: datetime) -> dict[str, Any]:
    in_month = (Report.created_at >= start, Report.created_at < end)
    by_category = await db.execute(select(Report.category, func.count()).where(*in_month).group_by(Report.category))
    looked = await db.execute(select(Report.created_at, Report.claimed_at).where(*in_month, Report.claimed_at.is_not(None)))
    waits = [(claimed - created).total_seconds() / 60 for created, claimed in looked.all()]
    return {
        "reports_by_category": {category: count for category, count in by_category.all()},
        "reports_urgent": await db.scalar(select(func.count()).select_from(Report).where(*in_month, Report.urgent)) or 0,
        "median_minutes_to_first_look": round(median(waits), 1) if waits else None,
    }


add_counter("reports", report_counts)
