"""Event schedules as tables: weekly and monthly (Nth weekday, "last" for a fifth-week
start) across month and year ends, and local Tokyo times turned into UTC instants."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from rooms.events import schedule
from server.core.errors import DomainError, ErrorCode


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize(("first", "until", "expected"), [
    # 2nd Saturday, across the year end
    ("2026-11-14", "2027-02-28", ["2026-11-14", "2026-12-12", "2027-01-09", "2027-02-13"]),
    # 1st Monday: a month whose first day is that weekday
    ("2026-06-01", "2026-09-30", ["2026-06-01", "2026-07-06", "2026-08-03", "2026-09-07"]),
    # last Friday (a fifth-week start): February has only four Fridays, the 27th is its last
    ("2026-01-30", "2026-04-30", ["2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24"]),
    # 31st of a month that is a fifth Saturday; 4-week months follow with their last Saturday
    ("2026-10-31", "2027-01-31", ["2026-10-31", "2026-11-28", "2026-12-26", "2027-01-30"]),
    # 4th Thursday stays the 4th even in a month with five Thursdays
    ("2026-04-23", "2026-07-31", ["2026-04-23", "2026-05-28", "2026-06-25", "2026-07-23"]),
    # leap February: 29 Feb 2028 is the fifth Tuesday -> last Tuesdays
    ("2028-02-29", "2028-04-30", ["2028-02-29", "2028-03-28", "2028-04-25"]),
])
def test_monthly_on_the_nth_weekday(first, until, expected):
    s = schedule.parse(first, "14:00", 90, "monthly", until, "Asia/Tokyo")
    assert [d.isoformat() for d in schedule.local_dates(s)] == expected


@pytest.mark.parametrize(("first", "until", "expected"), [
    ("2026-12-24", "2027-01-14", ["2026-12-24", "2026-12-31", "2027-01-07", "2027-01-14"]),
    ("2026-02-26", "2026-03-12", ["2026-02-26", "2026-03-05", "2026-03-12"]),
    ("2026-04-01", "2026-04-07", ["2026-04-01"]),  # until before the second week: one occurrence
])
def test_weekly_across_month_ends(first, until, expected):
    s = schedule.parse(first, "19:00", 60, "weekly", until, "Asia/Tokyo")
    assert [d.isoformat() for d in schedule.local_dates(s)] == expected


@pytest.mark.parametrize(("day", "at", "starts", "ends"), [
    ("2026-04-06", "10:00", utc(2026, 4, 6, 1, 0), utc(2026, 4, 6, 2, 30)),
    # before 09:00 in Tokyo is the previous day in UTC
    ("2026-04-06", "07:30", utc(2026, 4, 5, 22, 30), utc(2026, 4, 6, 0, 0)),
    # the first of a month early in the morning is the last day of the previous month in UTC
    ("2026-03-01", "08:00", utc(2026, 2, 28, 23, 0), utc(2026, 3, 1, 0, 30)),
    ("2027-01-01", "00:00", utc(2026, 12, 31, 15, 0), utc(2026, 12, 31, 16, 30)),
    # the evening: same date in UTC
    ("2026-12-31", "23:00", utc(2026, 12, 31, 14, 0), utc(2026, 12, 31, 15, 30)),
])
def test_tokyo_local_times_become_utc(day, at, starts, ends):
    s = schedule.parse(day, at, 90, "none", None, "Asia/Tokyo")
    assert schedule.instants(s) == [(starts, ends)]


def test_weekly_instants_keep_the_local_hour_in_every_week():
    s = schedule.parse("2026-10-26", "08:30", 60, "weekly", "2026-11-16", "Asia/Tokyo")
    assert [start for start, _ in schedule.instants(s)] == [
        utc(2026, 10, 25, 23, 30), utc(2026, 11, 1, 23, 30), utc(2026, 11, 8, 23, 30), utc(2026, 11, 15, 23, 30)]


def test_nth_weekday_helpers():
    assert schedule.nth_weekday(2026, 2, 4, -1) == date(2026, 2, 27)
    assert schedule.nth_weekday(2026, 5, 4, 5 - 4) == date(2026, 5, 1)
    assert [schedule.week_of_month(date(2026, 1, d)) for d in (1, 7, 8, 28, 29, 31)] == [1, 1, 2, 4, -1, -1]


@pytest.mark.parametrize(("args", "field", "reason"), [
    (("2026-02-30", "10:00", 60, "none", None), "first_date", "not_a_date"),
    (("2026-04-01", "25:00", 60, "none", None), "start_time", "not_a_time"),
    (("2026-04-01", "ten", 60, "none", None), "start_time", "not_a_time"),
    (("2026-04-01", "10:00", 5, "none", None), "duration_minutes", "out_of_range"),
    (("2026-04-01", "10:00", 60, "daily", None), "repeat", "unknown"),
    (("2026-04-01", "10:00", 60, "weekly", None), "until_date", "required_for_repeat"),
    (("2026-04-01", "10:00", 60, "weekly", "2027-04-03"), "until_date", "out_of_range"),
    (("2026-04-01", "10:00", 60, "monthly", "2026-03-31"), "until_date", "out_of_range"),
])
def test_bad_schedules_are_refused_with_the_field(args, field, reason):
    with pytest.raises(DomainError) as refused:
        schedule.parse(*args, "Asia/Tokyo")
    assert (refused.value.code, refused.value.field, refused.value.detail["reason"]) == (ErrorCode.INVALID, field, reason)


def test_an_unknown_zone_is_refused():
    with pytest.raises(DomainError) as refused:
        schedule.parse("2026-04-01", "10:00", 60, "none", None, "Mars/Olympus")
    assert refused.value.field == "tz"
