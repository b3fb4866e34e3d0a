"""The one parser for dates and instants that people send (query strings and bodies).

Anything outside 2000-01-01 .. 2100-01-01 is refused with INVALID (reason ``out_of_range``):
no schedule needs it, and at the edges of what ``datetime`` can hold (years 1 and 9999)
adding a slot's length or moving to another zone overflows.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

from server.core.errors import DomainError, ErrorCode

EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2100, 1, 1, tzinfo=timezone.utc)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso(moment: datetime | None) -> str | None:
    """The one way instants leave the server: UTC, whole seconds, "Z" (None stays None)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _invalid(field: str, reason: str) -> DomainError:
    return DomainError(ErrorCode.INVALID, field=field, detail={"reason": reason})


def parse_date(raw: object, field: str) -> date:
    """A calendar date "YYYY-MM-DD" inside the window."""
    if not isinstance(raw, str) or not _DATE.fullmatch(raw):
        raise _invalid(field, "not_a_date")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise _invalid(field, "not_a_date") from None
    if not EARLIEST.date() <= day <= LATEST.date():
        raise _invalid(field, "out_of_range")
    return day


def parse_instant(raw: object, field: str) -> datetime:
    """An ISO 8601 instant with an offset ("Z" or "+09:00") inside the window, in UTC."""
    if not isinstance(raw, str) or not 16 <= len(raw) <= 40:
        raise _invalid(field, "not_an_instant")
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise _invalid(field, "not_an_instant") from None
    if value.tzinfo is None:
        raise _invalid(field, "offset_missing")
    if not 2000 <= value.year <= 2100:  # checked before converting: year 1 at +09:00 overflows
        raise _invalid(field, "out_of_range")
    value = value.astimezone(timezone.utc)
    if not EARLIEST <= value <= LATEST:
        raise _invalid(field, "out_of_range")
    return value
