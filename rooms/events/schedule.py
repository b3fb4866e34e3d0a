"""When an event happens: its local schedule (Asia/Tokyo by default) turned into UTC instants.

Pure functions, no database. A repeating event is weekly, or monthly on the Nth weekday of the
first date's month position (the 2nd Saturday, ...); a first date in the fifth week means "the
last such weekday", so a series started on the last Friday of January stays on last Fridays.
A repeating event has an end date at most a year after the first, so its occurrences are a
finite list, stored once (``EventOccurrence``) and cancellable one by one.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from server.core.dates import parse_date
from server.core.errors import DomainError, ErrorCode

MAX_SPAN_DAYS = 366
MAX_DURATION_MINUTES = 8 * 60
REPEATS = ("none", "weekly", "monthly")


@dataclass(frozen=True, slots=True)
class Schedule:
    first_date: date
    start_time: time
    duration_minutes: int
    repeat: str = "none"
    until: date | None = None
    tz: str = "Asia/Tokyo"


def invalid(field: str, reason: str) -> DomainError:
    return DomainError(ErrorCode.INVALID, field=field, detail={"reason": reason})


def parse(first_date: str, start_time: str, duration_minutes: int, repeat: str, until: str | None, tz: str) -> Schedule:
    first = parse_date(first_date, "first_date")
    try:
        hour, minute = (int(p) for p in start_time.split(":"))
        start = time(hour, minute)
    except (ValueError, TypeError):
        raise invalid("start_time", "not_a_time") from None
    if repeat not in REPEATS:
        raise invalid("repeat", "unknown")
    if not 15 <= duration_minutes <= MAX_DURATION_MINUTES:
        raise invalid("duration_minutes", "out_of_range")
    last = None
    if repeat != "none":
        if not until:
            raise invalid("until_date", "required_for_repeat")
        last = parse_date(until, "until_date")
        if not first <= last <= first + timedelta(days=MAX_SPAN_DAYS):
            raise invalid("until_date", "out_of_range")
    try:
        ZoneInfo(tz)
    except Exception:
        raise invalid("tz", "unknown") from None
    return Schedule(first, start, duration_minutes, repeat, last, tz)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The nth (1..4) given weekday of a month; n = -1 is the last one."""
    if n == -1:
        last_day = calendar.monthrange(year, month)[1]
        day = date(year, month, last_day)
        return day - timedelta(days=(day.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def week_of_month(day: date) -> int:
    """1..4, or -1 for a date in the fifth week (the last such weekday)."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def local_dates(s: Schedule) -> list[date]:
    if s.repeat == "none":
        return [s.first_date]
    if s.repeat == "weekly":
        count = (s.until - s.first_date).days // 7 + 1
        return [s.first_date + timedelta(weeks=i) for i in range(count)]
    n, weekday = week_of_month(s.first_date), s.first_date.weekday()
    out, year, month = [], s.first_date.year, s.first_date.month
    while True:
        day = nth_weekday(year, month, weekday, n)
        if day > s.until:
            return out
        out.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def instants(s: Schedule) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC for every occurrence. Japan has no daylight saving, but the
    conversion goes through the zone anyway so another zone would be right too."""
    zone = ZoneInfo(s.tz)
    out = []
    for day in local_dates(s):
        start = datetime.combine(day, s.start_time, tzinfo=zone).astimezone(timezone.utc)
        out.append((start, start + timedelta(minutes=s.duration_minutes)))
    return out
