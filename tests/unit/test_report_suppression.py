"""The report's one suppression rule, the fiscal year and range rules, and the funnel's median,
as tables of cases."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from rooms.funnel.aggregate import median_days
from rooms.funnel.steps import kind_of_account, local_day
from rooms.reports.period import Period, fiscal_year, parse_period
from rooms.reports.suppression import cell, hidden_parts, table
from server.core.errors import DomainError

JST = timezone(timedelta(hours=9))


@pytest.mark.parametrize("count, sent", [
    (0, {"value": 0, "suppressed": False}),
    (1, {"value": None, "suppressed": True, "reason": "fewer_than_5"}),
    (2, {"value": None, "suppressed": True, "reason": "fewer_than_5"}),
    (4, {"value": None, "suppressed": True, "reason": "fewer_than_5"}),
    (5, {"value": 5, "suppressed": False}),
    (197, {"value": 197, "suppressed": False}),
])
def test_a_count_from_1_to_4_is_never_a_number(count, sent):
    assert cell(count) == sent


@pytest.mark.parametrize("parts, total_shown, hidden", [
    ({"a": 10, "b": 20}, True, set()),  # nothing small
    ({"a": 0, "b": 20}, True, set()),  # zero is not small
    ({"a": 3, "b": 20, "c": 8}, True, {"a", "c"}),  # one small: the smallest shown goes with it
    ({"a": 3, "b": 20, "c": 8}, False, {"a"}),  # no total to subtract from: only the small one
    ({"a": 3, "b": 2, "c": 8}, True, {"a", "b"}),  # two small: neither can be worked out alone
    ({"a": 3, "b": 0}, True, {"a"}),  # nothing else shown to hide (the total itself is small)
    ({"a": 4, "b": 9, "c": 9}, True, {"a", "b"}),  # a tie: the first in key order
])
def test_secondary_suppression(parts, total_shown, hidden):
    assert hidden_parts(parts, total_shown) == hidden


def test_a_table_marks_why_each_number_is_hidden():
    sent = table({"family": 12, "individual": 2}, total=14)
    assert sent["rows"] == [{"key": "family", "value": None, "suppressed": True, "reason": "secondary"},
                            {"key": "individual", "value": None, "suppressed": True, "reason": "fewer_than_5"}]
    assert sent["total"] == {"value": 14, "suppressed": False}
    assert table({"guest": 1}, total=1)["total"]["suppressed"] is True


NOW = datetime(2026, 12, 6, 16, 0, tzinfo=timezone.utc)  # 7 Dec 01:00 in Tokyo


@pytest.mark.parametrize("moment, first, last", [
    (datetime(2026, 3, 31, 23, 59, tzinfo=JST), date(2025, 4, 1), date(2026, 3, 31)),
    (datetime(2026, 4, 1, 0, 0, tzinfo=JST), date(2026, 4, 1), date(2027, 3, 31)),
    (datetime(2026, 3, 31, 15, 0, tzinfo=timezone.utc), date(2026, 4, 1), date(2027, 3, 31)),  # = 4/1 00:00 JST
    (datetime(2026, 3, 31, 14, 59, tzinfo=timezone.utc), date(2025, 4, 1), date(2026, 3, 31)),
    (datetime(2027, 1, 1, 0, 0, tzinfo=JST), date(2026, 4, 1), date(2027, 3, 31)),
])
def test_the_fiscal_year_turns_on_april_1_in_tokyo(moment, first, last):
    assert fiscal_year(local_day(moment)) == Period(first, last)


def test_a_period_holds_whole_tokyo_days():
    period = Period(date(2026, 4, 1), date(2027, 3, 31))
    assert period.start == datetime(2026, 3, 31, 15, 0, tzinfo=timezone.utc)
    assert period.end == datetime(2027, 3, 31, 15, 0, tzinfo=timezone.utc)
    assert not period.start <= datetime(2026, 3, 31, 23, 59, tzinfo=JST) < period.end
    assert period.start <= datetime(2026, 4, 1, 0, 0, tzinfo=JST) < period.end


@pytest.mark.parametrize("raw_from, raw_to, first, last, widened", [
    (None, None, date(2026, 4, 1), date(2027, 3, 31), False),  # today's fiscal year (7 Dec in Tokyo)
    ("2025-04-01", "2026-03-31", date(2025, 4, 1), date(2026, 3, 31), False),
    ("2026-05-10", "2026-05-10", date(2026, 5, 1), date(2026, 5, 31), True),  # one day: its month
    ("2024-02-15", "2024-02-20", date(2024, 2, 1), date(2024, 2, 29), True),  # a leap February
    ("2025-04-01", None, date(2025, 4, 1), date(2026, 3, 31), False),  # only from: to its year's end
    (None, "2025-06-30", date(2025, 4, 1), date(2025, 6, 30), False),  # only to: from its year's start
    ("2024-04-01", "2027-03-31", date(2024, 4, 1), date(2027, 3, 31), False),  # 36 months: the most
    ("2099-12-01", "2100-01-01", date(2099, 12, 1), date(2100, 1, 31), True),  # the parser's last day
])
def test_ranges(raw_from, raw_to, first, last, widened):
    assert parse_period(raw_from, raw_to, NOW) == Period(first, last, widened)


@pytest.mark.parametrize("raw_from, raw_to, field, reason", [
    ("2026-05-02", "2026-05-01", "from", "from_after_to"),
    ("2024-04-01", "2027-04-01", "to", "range_too_long"),
    ("9999-12-31", None, "from", "out_of_range"),
    ("0001-01-01", "0001-01-31", "from", "out_of_range"),
    ("2026-02-29", None, "from", "not_a_date"),
    ("2026-4-1", None, "from", "not_a_date"),
    (None, "2026-04-01T00:00:00+09:00", "to", "not_a_date"),
])
def test_bad_ranges(raw_from, raw_to, field, reason):
    with pytest.raises(DomainError) as refused:
        parse_period(raw_from, raw_to, NOW)
    assert (refused.value.field, refused.value.detail["reason"]) == (field, reason)


@pytest.mark.parametrize("histogram, median", [
    ({}, None),
    ({4: 1}, 4.0),
    ({0: 2, 3: 2, 10: 3}, 3.0),
    ({1: 1, 2: 1}, 1.5),
    ({0: 5, 30: 5}, 15.0),
    ({7: 3, 1: 1}, 7.0),  # order of the dict does not matter
])
def test_median_days_of_a_histogram(histogram, median):
    assert median_days(histogram) == median


@pytest.mark.parametrize("is_guest, kind, counted_as", [
    (True, "unspecified", "guest"), (True, "family", "family"), (False, "unspecified", "unspecified"),
    (False, "individual", "individual"), (False, "supporter", "supporter"), (False, "odd", "unspecified"),
])
def test_the_kind_an_account_counts_as(is_guest, kind, counted_as):
    assert kind_of_account(is_guest, kind) == counted_as
