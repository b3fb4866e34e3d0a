"""The surveys' part of the municipal report: every published survey that was open at some
moment in [start_utc, end_utc), with its results in the console's shape (already suppressed,
rooms/surveys/results.py). The report route supplies the range and the transaction."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.surveys.models import Survey
from rooms.surveys.results import survey_results


async def survey_results_between(db: AsyncSession, start_utc: datetime, end_utc: datetime,
                                 *, now: datetime | None = None) -> list[dict]:
    """``now`` (the injected clock's) only labels each survey's state; it defaults to the end."""
    now = now or end_utc
    ended = func.coalesce(Survey.closed_early_at, Survey.closes_at)
    surveys = (await db.scalars(select(Survey).where(
        Survey.published.is_(True), Survey.opens_at < end_utc, ended > start_utc).order_by(Survey.opens_at))).all()
    return [await survey_results(db, s, now) for s in surveys]
