"""Opening hours of the desk: open now?, when next?, when closing?, and reading what staff
typed. Local times in Asia/Tokyo; 2026-04-06 is a Monday."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from rooms.desk.hours import (
    DayOverride, OpeningHours, Window, check_day, hours_json, parse_clock, parse_date, parse_weekly,
    parse_window, windows_from_text, windows_text,
)
from server.core.errors import DomainError, ErrorCode

TOKYO = ZoneInfo("Asia/Tokyo")


def at(text: str, tz=TOKYO) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


def hm(start: str, end: str) -> Window:
    return Window(parse_clock(start, "s"), parse_clock(end, "e", end=True))


MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

WEEK = OpeningHours.build(
    "Asia/Tokyo",
    weekly=[
        (MON, hm("10:00", "12:00")), (MON, hm("13:00", "17:00")),
        (TUE, hm("14:00", "18:00")),
        (THU, hm("20:00", "24:00")),
        (FRI, hm("00:00", "02:00")), (FRI, hm("10:00", "17:00")),
    ],
    days=[
        DayOverride(date(2026, 4, 7), (), "研修のためお休み"),  # a Tuesday: closed
        DayOverride(date(2026, 4, 8), (hm("10:00", "12:00"),)),  # a Wednesday: extra hours
        DayOverride(date(2026, 4, 13), (hm("15:00", "16:00"),)),  # a Monday: other hours
    ],
)


@pytest.mark.parametrize("now, expected", [
    ("2026-04-06 09:59", False),
    ("2026-04-06 10:00", True),  # the start is inside
    ("2026-04-06 11:59", True),
    ("2026-04-06 12:00", False),  # the end is outside
    ("2026-04-06 12:30", False),  # the lunch gap
    ("2026-04-06 13:00", True),
    ("2026-04-06 17:00", False),
    ("2026-04-07 15:00", False),  # closed by a one-off closure
    ("2026-04-14 15:00", True),  # the next Tuesday opens as usual
    ("2026-04-08 11:00", True),  # an extra opening on a Wednesday
    ("2026-04-01 11:00", False),  # an ordinary Wednesday
    ("2026-04-09 23:59", True),  # Thursday late evening
    ("2026-04-10 00:00", True),  # past midnight: Friday's first window
    ("2026-04-10 01:59", True),
    ("2026-04-10 02:00", False),
    ("2026-04-11 12:00", False),  # Saturday
    ("2026-04-13 10:30", False),  # Monday with other hours: the usual ones don't apply
    ("2026-04-13 15:30", True),
])
def test_is_open(now, expected):
    assert WEEK.is_open(at(now)) is expected


def test_is_open_reads_any_zone_of_the_instant():
    assert WEEK.is_open(datetime(2026, 4, 6, 1, 0, tzinfo=timezone.utc))  # 10:00 in Tokyo
    assert not WEEK.is_open(datetime(2026, 4, 6, 0, 59, tzinfo=timezone.utc))


@pytest.mark.parametrize("now, expected", [
    ("2026-04-06 09:00", "2026-04-06 10:00"),
    ("2026-04-06 10:30", "2026-04-06 13:00"),  # open now: the opening after this one
    ("2026-04-06 12:30", "2026-04-06 13:00"),
    ("2026-04-06 17:00", "2026-04-08 10:00"),  # Tuesday is closed, Wednesday has extra hours
    ("2026-04-08 12:00", "2026-04-09 20:00"),
    ("2026-04-09 21:00", "2026-04-10 10:00"),  # Thu 20:00 to Fri 02:00 is one opening, not two
    ("2026-04-10 01:00", "2026-04-10 10:00"),
    ("2026-04-10 17:00", "2026-04-13 15:00"),  # over the weekend into a changed Monday
    ("2026-04-12 23:59", "2026-04-13 15:00"),  # Sunday night to Monday: the week boundary
    ("2026-04-13 16:00", "2026-04-14 14:00"),
])
def test_next_opening(now, expected):
    assert WEEK.next_opening(at(now)) == at(expected)


@pytest.mark.parametrize("now, expected", [
    ("2026-04-06 10:30", "2026-04-06 12:00"),
    ("2026-04-09 21:00", "2026-04-10 02:00"),  # runs over midnight
    ("2026-04-06 12:30", None),  # closed now
])
def test_closes_at(now, expected):
    assert WEEK.closes_at(at(now)) == (at(expected) if expected else None)


def test_next_opening_over_the_year_boundary():
    fridays = OpeningHours.build("Asia/Tokyo", weekly=[(FRI, hm("10:00", "12:00"))])
    assert fridays.next_opening(at("2026-12-31 23:00")) == at("2027-01-01 10:00")


def test_a_closure_on_the_only_open_day_moves_to_the_next_week():
    hours = OpeningHours.build("Asia/Tokyo", weekly=[(TUE, hm("14:00", "16:00"))], days=[DayOverride(date(2026, 4, 7))])
    assert hours.next_opening(at("2026-04-06 12:00")) == at("2026-04-14 14:00")


def test_no_hours_at_all_means_never_open():
    empty = OpeningHours.build("Asia/Tokyo")
    now = at("2026-04-06 12:00")
    assert not empty.is_open(now)
    assert empty.next_opening(now) is None and empty.closes_at(now) is None


def test_only_a_past_extra_opening_means_no_next_opening():
    hours = OpeningHours.build("Asia/Tokyo", days=[DayOverride(date(2026, 4, 1), (hm("10:00", "12:00"),))])
    assert hours.next_opening(at("2026-04-06 12:00")) is None


def test_always_open_has_no_closing_within_the_horizon_and_no_next_opening():
    always = OpeningHours.build("Asia/Tokyo", weekly=[(d, hm("00:00", "24:00")) for d in range(7)])
    now = at("2026-04-06 12:00")
    assert always.is_open(now)
    assert always.closes_at(now) is None
    assert always.next_opening(now) is None


def test_a_one_off_closure_inside_always_open_hours():
    hours = OpeningHours.build(
        "Asia/Tokyo", weekly=[(d, hm("00:00", "24:00")) for d in range(7)], days=[DayOverride(date(2026, 4, 8))],
    )
    assert hours.closes_at(at("2026-04-06 12:00")) == at("2026-04-08 00:00")
    assert hours.next_opening(at("2026-04-06 12:00")) == at("2026-04-09 00:00")
    assert not hours.is_open(at("2026-04-08 12:00"))


def test_a_zone_with_daylight_saving_counts_real_time():
    # New York springs forward on Sunday 2026-03-08 at 02:00: 01:00-04:00 lasts two hours.
    ny = ZoneInfo("America/New_York")
    hours = OpeningHours.build("America/New_York", weekly=[(SUN, hm("01:00", "04:00"))])
    (start, end), = hours.openings(date(2026, 3, 8), 1)
    assert end - start == timedelta(hours=2)
    assert hours.is_open(at("2026-03-08 03:30", ny)) and not hours.is_open(at("2026-03-08 04:00", ny))


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        WEEK.is_open(datetime(2026, 4, 6, 10, 0))


def test_unknown_zone_is_refused():
    with pytest.raises(ValueError):
        OpeningHours.build("Mars/Olympus")


@pytest.mark.parametrize("raw, end, expected", [
    ("00:00", False, 0), ("09:30", False, 570), ("23:59", False, 1439), ("24:00", True, 1440),
])
def test_parse_clock(raw, end, expected):
    assert parse_clock(raw, "f", end=end) == expected


@pytest.mark.parametrize("raw, end", [
    ("24:00", False), ("24:01", True), ("9:00", False), ("09:60", False), ("25:00", True),
    ("", False), ("09:00 ", False), (900, False), (None, False), ("０９:００", False),
])
def test_parse_clock_refuses(raw, end):
    with pytest.raises(DomainError) as err:
        parse_clock(raw, "weekly.0.start", end=end)
    assert err.value.code == ErrorCode.INVALID and err.value.field == "weekly.0.start"


@pytest.mark.parametrize("start, end, field", [
    ("10:00", "10:00", "w.end"), ("12:00", "10:00", "w.end"), ("xx", "10:00", "w.start"), ("10:00", None, "w.end"),
])
def test_parse_window_refuses(start, end, field):
    with pytest.raises(DomainError) as err:
        parse_window(start, end, "w")
    assert err.value.field == field


@pytest.mark.parametrize("windows, reason", [
    ([hm("10:00", "12:00"), hm("11:00", "13:00")], "overlap"),
    ([hm("10:00", "12:00"), hm("09:00", "23:00")], "overlap"),
    ([hm(f"{h:02d}:00", f"{h:02d}:30") for h in range(5)], "too_many"),
])
def test_check_day_refuses(windows, reason):
    with pytest.raises(DomainError) as err:
        check_day(windows, "windows")
    assert err.value.detail["reason"] == reason


def test_check_day_sorts_and_allows_touching_windows():
    assert check_day([hm("13:00", "17:00"), hm("10:00", "13:00")], "w") == (hm("10:00", "13:00"), hm("13:00", "17:00"))


@pytest.mark.parametrize("items, field", [
    ([{"weekday": 7, "start": "10:00", "end": "12:00"}], "weekly.0.weekday"),
    ([{"weekday": True, "start": "10:00", "end": "12:00"}], "weekly.0.weekday"),
    ([{"weekday": "1", "start": "10:00", "end": "12:00"}], "weekly.0.weekday"),
    ([{"weekday": 1, "end": "12:00"}], "weekly.0.start"),
    ([{"weekday": 1, "start": "10:00", "end": "12:00"}, {"weekday": 1, "start": "11:00", "end": "13:00"}],
     "weekly.weekday_1"),
])
def test_parse_weekly_refuses(items, field):
    with pytest.raises(DomainError) as err:
        parse_weekly(items)
    assert err.value.field == field


def test_parse_weekly_allows_the_same_hours_on_different_days():
    pairs = parse_weekly([{"weekday": d, "start": "10:00", "end": "12:00"} for d in range(7)])
    assert [d for d, _ in pairs] == list(range(7))


@pytest.mark.parametrize("raw", ["2026-02-30", "2026-4-1", "20260401", "", None, 20260401])
def test_parse_date_refuses(raw):
    with pytest.raises(DomainError):
        parse_date(raw)


@pytest.mark.parametrize("windows", [(), (hm("10:00", "12:00"),), (hm("00:00", "02:00"), hm("23:00", "24:00"))])
def test_windows_text_round_trip(windows):
    assert windows_from_text(windows_text(windows)) == windows


def test_hours_json_leaves_out_past_dates_and_reads_like_people_do():
    data = hours_json(WEEK, today=date(2026, 4, 8))
    assert data["timezone"] == "Asia/Tokyo"
    assert {"weekday": THU, "start": "20:00", "end": "24:00"} in data["weekly"]
    assert [d["date"] for d in data["days"]] == ["2026-04-08", "2026-04-13"]
    assert data["days"][0] == {"date": "2026-04-08", "closed": False, "windows": [{"start": "10:00", "end": "12:00"}], "note": None}
    assert hours_json(WEEK, today=date(2026, 4, 1))["days"][0] == {
        "date": "2026-04-07", "closed": True, "windows": [], "note": "研修のためお休み",
    }
