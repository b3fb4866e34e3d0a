"""When the desk is open: a weekly pattern in local wall time, and dates that differ.

PURE: no database, no clock; callers pass ``now`` (an aware datetime).

- ``weekly[weekday]`` holds up to ``MAX_WINDOWS`` windows for that weekday (0 = Monday),
  each ``[start, end)`` in minutes since local midnight; ``end`` may be 1440 ("24:00").
- A ``DayOverride`` replaces the weekly windows of one local date: with no windows it is a
  closure (a holiday, a training day), with windows it is changed or extra hours (a
  Saturday evening session). Replacing rather than adding keeps one rule a person can
  read: "on that date, these hours".
- Windows that touch across midnight (Mon 20:00-24:00, Tue 00:00-02:00) are one opening:
  the desk is not reported as "opening" again at 00:00 while it is open.

Local times become UTC with zoneinfo. Asia/Tokyo has no daylight saving time; in zones
that do, a wall time inside the spring-forward gap lands just after the gap and an
ambiguous one (fall back) takes its first occurrence.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.core import dates
from server.core.errors import DomainError, ErrorCode

MINUTES_PER_DAY = 24 * 60
MAX_WINDOWS = 4  # per day: enough for split shifts, few enough to read at a glance
HORIZON_DAYS = 62  # how far ahead "next opening" looks
WEEKDAYS = range(7)
_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


@dataclass(frozen=True, slots=True, order=True)
class Window:
    start_minute: int
    end_minute: int

    def __post_init__(self):
        if not (0 <= self.start_minute < self.end_minute <= MINUTES_PER_DAY):
            raise ValueError(f"bad window {self.start_minute}-{self.end_minute}")

    def label(self) -> dict[str, str]:
        return {"start": clock_text(self.start_minute), "end": clock_text(self.end_minute)}


@dataclass(frozen=True, slots=True)
class DayOverride:
    on_date: date
    windows: tuple[Window, ...] = ()  # empty: closed all day
    note: str | None = None

    @property
    def closed(self) -> bool:
        return not self.windows


@dataclass(frozen=True)
class OpeningHours:
    tz: str
    weekly: tuple[tuple[Window, ...], ...] = ((),) * 7
    days: Mapping[date, DayOverride] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self):
        if len(self.weekly) != 7:
            raise ValueError("weekly needs seven weekdays")
        zone(self.tz)  # fail early on an unknown zone

    @classmethod
    def build(cls, tz: str, weekly: Iterable[tuple[int, Window]] = (), days: Iterable[DayOverride] = ()) -> "OpeningHours":
        per_day: list[list[Window]] = [[] for _ in WEEKDAYS]
        for weekday, window in weekly:
            per_day[weekday].append(window)
        return cls(
            tz=tz,
            weekly=tuple(tuple(sorted(w)) for w in per_day),
            days=MappingProxyType({d.on_date: d for d in days}),
        )

    @property
    def zone(self) -> ZoneInfo:
        return zone(self.tz)

    def local_date(self, now: datetime) -> date:
        return now.astimezone(self.zone).date()

    def windows_on(self, day: date) -> tuple[Window, ...]:
        override = self.days.get(day)
        return override.windows if override is not None else self.weekly[day.weekday()]

    def openings(self, first_day: date, days: int) -> list[tuple[datetime, datetime]]:
        """Open intervals in UTC for ``days`` local dates from ``first_day``, sorted, with
        touching intervals (across midnight or back to back) merged into one."""
        merged: list[list[datetime]] = []
        tz = self.zone
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            for window in self.windows_on(day):
                start, end = _instant(day, window.start_minute, tz), _instant(day, window.end_minute, tz)
                if end <= start:
                    continue  # swallowed by a DST change
                if merged and start <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], end)
                else:
                    merged.append([start, end])
        return [(a, b) for a, b in merged]

    def _around(self, now: datetime, ahead_days: int) -> list[tuple[datetime, datetime]]:
        _require_aware(now)
        # One day back: an opening that started yesterday may still be running.
        return self.openings(self.local_date(now) - timedelta(days=1), ahead_days + 2)

    def is_open(self, now: datetime) -> bool:
        return any(start <= now < end for start, end in self._around(now, 1))

    def closes_at(self, now: datetime) -> datetime | None:
        """When the opening running at ``now`` ends; None when closed now, or when it runs
        past the look-ahead horizon."""
        for start, end in self._around(now, HORIZON_DAYS):
            if start <= now < end:
                return end if end < now + timedelta(days=HORIZON_DAYS) else None
        return None

    def next_opening(self, now: datetime) -> datetime | None:
        """The next moment after ``now`` when the desk opens (after the current opening, if
        open now); None when nothing opens within the horizon."""
        for start, _end in self._around(now, HORIZON_DAYS):
            if start > now:
                return start
        return None


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("naive datetime")


def _instant(day: date, minute: int, tz: ZoneInfo) -> datetime:
    wall = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
    return wall.replace(tzinfo=tz).astimezone(timezone.utc)


# --- reading what staff typed ----------------------------------------------------------------

def clock_text(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_clock(raw: object, field_name: str, *, end: bool = False) -> int:
    """"HH:MM" to minutes since midnight. "24:00" only as an end."""
    match = _CLOCK.match(raw) if isinstance(raw, str) else None
    if not match:
        raise DomainError(ErrorCode.INVALID, field=field_name, detail={"reason": "not_a_time"})
    minute = int(match[1]) * 60 + int(match[2])
    if minute > MINUTES_PER_DAY or (minute == MINUTES_PER_DAY and not end):
        raise DomainError(ErrorCode.INVALID, field=field_name, detail={"reason": "not_a_time"})
    return minute


def parse_window(start: object, end: object, field_name: str) -> Window:
    first = parse_clock(start, f"{field_name}.start")
    last = parse_clock(end, f"{field_name}.end", end=True)
    if last <= first:
        raise DomainError(ErrorCode.INVALID, field=f"{field_name}.end", detail={"reason": "ends_before_start"})
    return Window(first, last)


def check_day(windows: Iterable[Window], field_name: str) -> tuple[Window, ...]:
    """One day's windows: at most MAX_WINDOWS, sorted, none overlapping (touching is fine)."""
    ordered = tuple(sorted(windows))
    if len(ordered) > MAX_WINDOWS:
        raise DomainError(ErrorCode.INVALID, field=field_name, detail={"reason": "too_many", "max": MAX_WINDOWS})
    for before, after in zip(ordered, ordered[1:]):
        if after.start_minute < before.end_minute:
            raise DomainError(ErrorCode.INVALID, field=field_name, detail={"reason": "overlap"})
    return ordered


def parse_weekly(items: Iterable[Mapping[str, object]]) -> list[tuple[int, Window]]:
    """``[{weekday, start, end}, ...]`` to checked (weekday, Window) pairs."""
    pairs: list[tuple[int, Window]] = []
    for index, item in enumerate(items):
        weekday = item.get("weekday")
        if not isinstance(weekday, int) or isinstance(weekday, bool) or weekday not in WEEKDAYS:
            raise DomainError(ErrorCode.INVALID, field=f"weekly.{index}.weekday")
        pairs.append((weekday, parse_window(item.get("start"), item.get("end"), f"weekly.{index}")))
    for weekday in WEEKDAYS:
        check_day((w for d, w in pairs if d == weekday), f"weekly.weekday_{weekday}")
    return pairs


def parse_date(raw: object, field_name: str = "date") -> date:
    return dates.parse_date(raw, field_name)


def windows_text(windows: Iterable[Window]) -> str:
    """Compact storage form: "600-720,780-1020" ("" = closed)."""
    return ",".join(f"{w.start_minute}-{w.end_minute}" for w in windows)


def windows_from_text(text: str) -> tuple[Window, ...]:
    if not text:
        return ()
    return tuple(Window(int(a), int(b)) for a, b in (part.split("-") for part in text.split(",")))


def hours_json(hours: OpeningHours, today: date | None = None) -> dict:
    """The hours as people read them; dates before ``today`` are left out."""
    return {
        "timezone": hours.tz,
        "weekly": [
            {"weekday": weekday, **window.label()} for weekday in WEEKDAYS for window in hours.weekly[weekday]
        ],
        "days": [
            {"date": d.isoformat(), "closed": o.closed, "windows": [w.label() for w in o.windows], "note": o.note}
            for d, o in sorted(hours.days.items())
            if today is None or d >= today
        ],
    }
