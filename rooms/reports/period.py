"""The report's date range: the fiscal year by default, always whole months, in Asia/Tokyo.

Why whole months: any two ranges then differ by whole months, and each month is itself a
range the report answers with its own suppression, so subtracting one report from another
(1 April-30 April from 1 April-1 May) cannot single out the people of one day. A range that
does not start on the 1st or end on a month's last day is widened to whole months, and the
answer says which range it used.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from rooms.funnel.steps import TZ, local_day
from server.core.dates import parse_date
from server.core.errors import DomainError, ErrorCode

MAX_MONTHS = 36  # three fiscal years side by side is the longest comparison asked for


@dataclass(frozen=True, slots=True)
class Period:
    first: date  # the first local day
    last: date  # the last local day (inclusive)
    widened: bool = False

    @property
    def start(self) -> datetime:
        """The first instant (00:00 in Asia/Tokyo)."""
        return datetime.combine(self.first, time(0), TZ)

    @property
    def end(self) -> datetime:
        """The instant after the last day (exclusive)."""
        return datetime.combine(self.last + timedelta(days=1), time(0), TZ)


def fiscal_year_start(day: date) -> date:
    """The April 1 that starts the fiscal year ``day`` is in (Japan's 年度)."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def fiscal_year(day: date) -> Period:
    start = fiscal_year_start(day)
    return Period(start, date(start.year + 1, 3, 31))


def month_end(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _invalid(field: str, reason: str) -> DomainError:
    return DomainError(ErrorCode.INVALID, field=field, detail={"reason": reason})


def parse_period(raw_from: str | None, raw_to: str | None, now: datetime) -> Period:
    """``from``/``to`` as YYYY-MM-DD (either may be left out: the current fiscal year's end)."""
    default = fiscal_year(local_day(now))
    first = parse_date(raw_from, "from") if raw_from else default.first
    last = parse_date(raw_to, "to") if raw_to else default.last
    if raw_from and not raw_to:
        last = fiscal_year(first).last
    if raw_to and not raw_from:
        first = fiscal_year(last).first
    if first > last:
        raise _invalid("from", "from_after_to")
    whole_first, whole_last = first.replace(day=1), month_end(last)
    if months_between(whole_first, whole_last) > MAX_MONTHS:
        raise _invalid("to", "range_too_long")
    return Period(whole_first, whole_last, widened=(whole_first, whole_last) != (first, last))
