"""Validating what people type or send: rule settings, instants, notes. Pure.

Notes and cancel messages refuse text that looks like an e-mail address or a phone
number (``moderation.personal_info``): Ibasho promises that consultations need no contact
data, and a specialist should never receive some by accident.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from moderation.personal_info import looks_like_contact_details
from rooms.bookings.availability import MINUTES_PER_DAY, ONCE, WEEKLY, Audience
from server.core import text as text_rules
from server.core.dates import parse_date, parse_instant  # noqa: F401  (the one shared parser)
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Profession
from server.core.text import TextKind

NOTE_MAX = text_rules.BOOKING_NOTE.max_length
MESSAGE_MAX = text_rules.BOOKING_MESSAGE.max_length
SLOT_MINUTES = (10, 240)
BUFFER_MINUTES = (0, 120)
MIN_NOTICE_MINUTES = (0, 14 * 24 * 60)
DAILY_CAP = (1, 50)
ONCE_AHEAD = timedelta(days=366)

_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")


def invalid(field: str, reason: str, **extra) -> DomainError:
    return DomainError(ErrorCode.INVALID, field=field, detail={"reason": reason, **extra})


def parse_hhmm(raw: object, field: str) -> int:
    """"HH:MM" -> minutes since midnight; "24:00" is allowed (the end of the day)."""
    match = _HHMM.match(raw) if isinstance(raw, str) else None
    if not match:
        raise invalid(field, "not_a_time")
    minute = int(match.group(1)) * 60 + int(match.group(2))
    if minute > MINUTES_PER_DAY:
        raise invalid(field, "not_a_time")
    return minute


def format_hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_zone(raw: object, field: str = "tz") -> str:
    if not isinstance(raw, str) or not 1 <= len(raw) <= 64 or ".." in raw or raw.startswith("/"):
        raise invalid(field, "unknown_time_zone")
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise invalid(field, "unknown_time_zone") from None
    return raw


def parse_profession(raw: object, field: str = "profession") -> str | None:
    if raw is None:
        return None
    try:
        return Profession(raw).value
    except ValueError:
        raise invalid(field, "unknown_profession") from None


def _shielded(kind: TextKind, raw: object, field: str) -> str | None:
    """Optional short text (``server.core.text``), and no contact details. Blank is None."""
    text = text_rules.clean(kind, raw, field=field, optional=True)
    if text is not None and looks_like_contact_details(text):
        raise DomainError(ErrorCode.NOTE_PERSONAL_INFO, field=field)
    return text


def clean_note(raw: object) -> str | None:
    return _shielded(text_rules.BOOKING_NOTE, raw, "note")


def clean_message(raw: object) -> str | None:
    return _shielded(text_rules.BOOKING_MESSAGE, raw, "message")


@dataclass(frozen=True, slots=True)
class RuleInput:
    """A validated availability rule, ready to store."""

    kind: str
    weekday: int | None
    on_date: date | None
    start_minute: int
    end_minute: int
    tz: str
    slot_minutes: int
    buffer_minutes: int
    min_notice_minutes: int
    daily_cap: int | None
    audience: str


def _int_in(raw: object, field: str, bounds: tuple[int, int]) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not bounds[0] <= raw <= bounds[1]:
        raise invalid(field, "out_of_range", min=bounds[0], max=bounds[1])
    return raw


def validate_rule(
    *,
    kind: object,
    weekday: object = None,
    on_date: object = None,
    start: object,
    end: object,
    tz: object,
    slot_minutes: object,
    buffer_minutes: object = 0,
    min_notice_minutes: object = 0,
    daily_cap: object = None,
    audience: object = "both",
    today: date,
) -> RuleInput:
    """Check one rule. ``today`` is the local date in the rule's zone: one-off dates may not
    lie in the past, nor more than a year ahead."""
    if kind not in (WEEKLY, ONCE):
        raise invalid("kind", "unknown_kind")
    zone = parse_zone(tz)
    start_minute = parse_hhmm(start, "start")
    end_minute = parse_hhmm(end, "end")
    if start_minute >= MINUTES_PER_DAY:
        raise invalid("start", "not_a_time")
    if end_minute <= start_minute:
        raise invalid("end", "not_after_start")
    slot = _int_in(slot_minutes, "slot_minutes", SLOT_MINUTES)
    if start_minute + slot > end_minute:
        raise invalid("slot_minutes", "longer_than_window")
    buffer = _int_in(buffer_minutes, "buffer_minutes", BUFFER_MINUTES)
    notice = _int_in(min_notice_minutes, "min_notice_minutes", MIN_NOTICE_MINUTES)
    cap = None if daily_cap is None else _int_in(daily_cap, "daily_cap", DAILY_CAP)
    try:
        who = Audience(audience).value
    except ValueError:
        raise invalid("audience", "unknown_audience") from None
    day: date | None = None
    week_day: int | None = None
    if kind == WEEKLY:
        if on_date is not None:
            raise invalid("date", "not_for_weekly")
        week_day = _int_in(weekday, "weekday", (0, 6))
    else:
        if weekday is not None:
            raise invalid("weekday", "not_for_once")
        day = on_date if isinstance(on_date, date) else parse_date(on_date, "date")
        if day < today:
            raise invalid("date", "in_the_past")
        if day > today + ONCE_AHEAD:
            raise invalid("date", "too_far_ahead")
    return RuleInput(kind, week_day, day, start_minute, end_minute, zone, slot, buffer, notice, cap, who)
