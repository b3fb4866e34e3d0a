"""Availability rules -> free slots, and the booking check, as tables of cases (pure)."""
from datetime import date, datetime, timedelta, timezone

import pytest

from rooms.bookings.availability import (
    ONCE,
    WEEKLY,
    Audience,
    Busy,
    Refusal,
    Rule,
    Slot,
    audience_admits,
    check_bookable,
    free_slots,
    local_instant,
)
from server.core.principal import AccountKind

UTC = timezone.utc
SPEC = "s1"
# Wednesday 2026-04-01, 10:00 in Tokyo.
NOW = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
MON, WED, THU, SUN = 0, 2, 3, 6


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def weekly(weekday, start, end, slot, rule_id="w", **kw) -> Rule:
    return Rule(id=rule_id, specialist_id=kw.pop("specialist_id", SPEC), kind=WEEKLY, weekday=weekday,
                start_minute=start, end_minute=end, slot_minutes=slot, **kw)


def once(day, start, end, slot, rule_id="o", **kw) -> Rule:
    return Rule(id=rule_id, specialist_id=kw.pop("specialist_id", SPEC), kind=ONCE, on_date=day,
                start_minute=start, end_minute=end, slot_minutes=slot, **kw)


def busy(start, minutes, specialist_id=SPEC) -> Busy:
    return Busy(specialist_id, start, start + timedelta(minutes=minutes))


def starts(slots: list[Slot]) -> list[str]:
    return [s.starts_at.strftime("%m-%d %H:%M") + "-" + s.ends_at.strftime("%H:%M") for s in slots]


H = 60  # minutes per hour, for readable rule times

# (name, rules, busy, window start, window end, now, kind, expected "MM-DD HH:MM-HH:MM" in UTC)
CASES = [
    ("weekly 50 min + 10 buffer on Mondays",
     [weekly(MON, 10 * H, 12 * H, 50, buffer_minutes=10)], [], utc(2026, 4, 1), utc(2026, 4, 14), NOW, None,
     ["04-06 01:00-01:50", "04-06 02:00-02:50", "04-13 01:00-01:50", "04-13 02:00-02:50"]),
    ("weekly 30 min, no buffer",
     [weekly(MON, 10 * H, 12 * H, 30)], [], utc(2026, 4, 6), utc(2026, 4, 7), NOW, None,
     ["04-06 01:00-01:30", "04-06 01:30-02:00", "04-06 02:00-02:30", "04-06 02:30-03:00"]),
    ("a slot that does not fit before the end is not offered",
     [weekly(MON, 10 * H, 11 * H + 40, 50, buffer_minutes=10)], [], utc(2026, 4, 6), utc(2026, 4, 7), NOW, None,
     ["04-06 01:00-01:50"]),
    ("one-off on a date",
     [once(date(2026, 4, 3), 14 * H, 15 * H, 60)], [], utc(2026, 4, 1), utc(2026, 4, 30), NOW, None,
     ["04-03 05:00-06:00"]),
    ("one-off outside the window",
     [once(date(2026, 5, 3), 14 * H, 15 * H, 60)], [], utc(2026, 4, 1), utc(2026, 4, 30), NOW, None, []),
    ("window is half-open: a slot starting at its end is left out",
     [weekly(MON, 10 * H, 12 * H, 60)], [], utc(2026, 4, 6, 1), utc(2026, 4, 6, 2), NOW, None,
     ["04-06 01:00-02:00"]),
    ("booking blocks its slot, the neighbours stay (no buffer)",
     [weekly(MON, 10 * H, 12 * H, 30)], [busy(utc(2026, 4, 6, 1, 30), 30)], utc(2026, 4, 6), utc(2026, 4, 7), NOW, None,
     ["04-06 01:00-01:30", "04-06 02:00-02:30", "04-06 02:30-03:00"]),
    ("buffer keeps distance from an off-grid booking",
     [weekly(MON, 10 * H, 12 * H, 30, buffer_minutes=10)], [busy(utc(2026, 4, 6, 1, 35), 30)],
     utc(2026, 4, 6), utc(2026, 4, 7), NOW, None,
     # slots 10:00, 10:40, 11:20: 10:00 ends 10:30 (+10 = 10:40 > 10:35), 10:40 overlaps; 11:20 ok (11:05+10 <= 11:20)
     ["04-06 02:20-02:50"]),
    ("buffer exactly touching is fine",
     [weekly(MON, 10 * H, 12 * H, 30, buffer_minutes=15)], [busy(utc(2026, 4, 6, 1, 45), 30)],
     utc(2026, 4, 6), utc(2026, 4, 7), NOW, None,
     # slots 10:00, 10:45, 11:30; booking 10:45-11:15 takes the middle one only
     ["04-06 01:00-01:30", "04-06 02:30-03:00"]),
    ("min notice hides the next two hours; the current slot is past",
     [weekly(WED, 10 * H, 14 * H, 60, min_notice_minutes=120)], [], utc(2026, 4, 1), utc(2026, 4, 2), NOW, None,
     ["04-01 03:00-04:00", "04-01 04:00-05:00"]),
    ("past slots of today are gone",
     [weekly(WED, 8 * H, 12 * H, 60)], [], utc(2026, 3, 31), utc(2026, 4, 2), NOW, None,
     ["04-01 02:00-03:00"]),
    ("daily cap reached: that day closes, next week is open",
     [weekly(MON, 10 * H, 14 * H, 60, daily_cap=2)],
     [busy(utc(2026, 4, 6, 1), 60), busy(utc(2026, 4, 6, 3), 60)],
     utc(2026, 4, 6), utc(2026, 4, 14), NOW, None,
     ["04-13 01:00-02:00", "04-13 02:00-03:00", "04-13 03:00-04:00", "04-13 04:00-05:00"]),
    ("daily cap counts by the local (Tokyo) day, not the UTC day",
     # 00:00-02:00 JST Tuesday = 15:00-17:00 UTC Monday; the Monday 23:00 JST booking is another local day
     [weekly(1, 0, 2 * H, 60, daily_cap=1)], [busy(utc(2026, 4, 6, 14), 60)],
     utc(2026, 4, 6), utc(2026, 4, 7), NOW, None,
     ["04-06 15:00-16:00", "04-06 16:00-17:00"]),
    ("another specialist's booking does not matter",
     [weekly(MON, 10 * H, 11 * H, 60)], [busy(utc(2026, 4, 6, 1), 60, specialist_id="other")],
     utc(2026, 4, 6), utc(2026, 4, 7), NOW, None, ["04-06 01:00-02:00"]),
    ("audience families: a family member sees it",
     [weekly(MON, 10 * H, 11 * H, 60, audience=Audience.FAMILIES)], [], utc(2026, 4, 6), utc(2026, 4, 7), NOW,
     AccountKind.FAMILY, ["04-06 01:00-02:00"]),
    ("audience families: an individual does not",
     [weekly(MON, 10 * H, 11 * H, 60, audience=Audience.FAMILIES)], [], utc(2026, 4, 6), utc(2026, 4, 7), NOW,
     AccountKind.INDIVIDUAL, []),
    ("audience individuals: someone unspecified does not",
     [weekly(MON, 10 * H, 11 * H, 60, audience=Audience.INDIVIDUALS)], [], utc(2026, 4, 6), utc(2026, 4, 7), NOW,
     AccountKind.UNSPECIFIED, []),
    ("Tokyo midnight is 15:00 UTC the day before",
     [weekly(THU, 0, 60, 60)], [], utc(2026, 4, 1), utc(2026, 4, 3), NOW, None, ["04-01 15:00-16:00"]),
    ("a rule until 24:00 ends exactly at Tokyo midnight",
     [weekly(WED, 23 * H, 24 * H, 30)], [], utc(2026, 4, 1), utc(2026, 4, 2), NOW, None,
     ["04-01 14:00-14:30", "04-01 14:30-15:00"]),
    ("overlapping rules all offer their slots while nothing is booked",
     [weekly(MON, 10 * H, 12 * H, 60, rule_id="w"), once(date(2026, 4, 6), 10 * H + 30, 11 * H + 30, 60, rule_id="o")],
     [], utc(2026, 4, 6), utc(2026, 4, 7), NOW, None,
     ["04-06 01:00-02:00", "04-06 01:30-02:30", "04-06 02:00-03:00"]),
    ("booking one of overlapping slots removes every slot it overlaps",
     [weekly(MON, 10 * H, 12 * H, 60, rule_id="w"), once(date(2026, 4, 6), 10 * H + 30, 11 * H + 30, 60, rule_id="o")],
     [busy(utc(2026, 4, 6, 1, 30), 60)], utc(2026, 4, 6), utc(2026, 4, 7), NOW, None, []),
    ("identical slots from two rules are offered once",
     [weekly(MON, 10 * H, 11 * H, 60, rule_id="a"), once(date(2026, 4, 6), 10 * H, 11 * H, 60, rule_id="b")],
     [], utc(2026, 4, 6), utc(2026, 4, 7), NOW, None, ["04-06 01:00-02:00"]),
    ("two lengths at the same start are two choices",
     [weekly(MON, 10 * H, 11 * H, 30, rule_id="a"), weekly(MON, 10 * H, 11 * H, 50, rule_id="b")],
     [], utc(2026, 4, 6), utc(2026, 4, 7), NOW, None,
     ["04-06 01:00-01:30", "04-06 01:00-01:50", "04-06 01:30-02:00"]),
]


@pytest.mark.parametrize("name,rules,held,start,end,now,kind,expected", CASES, ids=[c[0] for c in CASES])
def test_free_slots(name, rules, held, start, end, now, kind, expected):
    assert starts(free_slots(rules, held, start=start, end=end, now=now, kind=kind)) == expected


def test_merged_audience_of_identical_slots():
    rules = [weekly(MON, 10 * H, 11 * H, 60, rule_id="a", audience=Audience.INDIVIDUALS),
             once(date(2026, 4, 6), 10 * H, 11 * H, 60, rule_id="b", audience=Audience.FAMILIES)]
    [slot] = free_slots(rules, [], start=utc(2026, 4, 6), end=utc(2026, 4, 7), now=NOW)
    assert slot.audience == Audience.BOTH
    # and each kind still sees it through the rule meant for them
    for kind in (AccountKind.INDIVIDUAL, AccountKind.FAMILY):
        assert len(free_slots(rules, [], start=utc(2026, 4, 6), end=utc(2026, 4, 7), now=NOW, kind=kind)) == 1
    assert free_slots(rules, [], start=utc(2026, 4, 6), end=utc(2026, 4, 7), now=NOW, kind=AccountKind.SUPPORTER) == []


@pytest.mark.parametrize("audience,kind,admitted", [
    (Audience.BOTH, AccountKind.INDIVIDUAL, True),
    (Audience.BOTH, AccountKind.FAMILY, True),
    (Audience.BOTH, AccountKind.SUPPORTER, True),
    (Audience.BOTH, AccountKind.UNSPECIFIED, True),
    (Audience.INDIVIDUALS, AccountKind.INDIVIDUAL, True),
    (Audience.INDIVIDUALS, AccountKind.FAMILY, False),
    (Audience.INDIVIDUALS, AccountKind.SUPPORTER, False),
    (Audience.INDIVIDUALS, AccountKind.UNSPECIFIED, False),
    (Audience.FAMILIES, AccountKind.FAMILY, True),
    (Audience.FAMILIES, AccountKind.INDIVIDUAL, False),
    (Audience.FAMILIES, AccountKind.SUPPORTER, False),
    (Audience.FAMILIES, AccountKind.UNSPECIFIED, False),
    (Audience.FAMILIES, None, True),  # no filter: a specialist previewing
])
def test_audience(audience, kind, admitted):
    assert audience_admits(audience, kind) is admitted


# DST-free Tokyo and a zone with DST, through the same code.
@pytest.mark.parametrize("tz,day,minute,expected", [
    ("Asia/Tokyo", date(2026, 4, 1), 0, utc(2026, 3, 31, 15)),
    ("Asia/Tokyo", date(2026, 4, 1), 9 * H, utc(2026, 4, 1, 0)),
    ("Asia/Tokyo", date(2026, 12, 31), 24 * H, utc(2026, 12, 31, 15)),
    ("Asia/Tokyo", date(2026, 7, 1), 10 * H, utc(2026, 7, 1, 1)),  # same offset all year
    ("Europe/Berlin", date(2026, 3, 29), 1 * H, utc(2026, 3, 29, 0)),
    ("Europe/Berlin", date(2026, 3, 29), 2 * H + 30, None),  # does not exist: clocks jump 02:00 -> 03:00
    ("Europe/Berlin", date(2026, 3, 29), 3 * H, utc(2026, 3, 29, 1)),
    ("Europe/Berlin", date(2026, 10, 25), 2 * H + 30, utc(2026, 10, 25, 0, 30)),  # ambiguous: the first one
    ("UTC", date(2026, 4, 1), 10 * H, utc(2026, 4, 1, 10)),
])
def test_local_instant(tz, day, minute, expected):
    from zoneinfo import ZoneInfo

    assert local_instant(day, minute, ZoneInfo(tz)) == expected


def test_dst_gap_skips_the_missing_slot_and_keeps_true_lengths():
    rule = weekly(SUN, 1 * H, 4 * H, 60, tz="Europe/Berlin")
    slots = free_slots([rule], [], start=utc(2026, 3, 28), end=utc(2026, 3, 30), now=NOW - timedelta(days=30))
    assert starts(slots) == ["03-29 00:00-01:00", "03-29 01:00-02:00"]  # local 01:00 and 03:00; 02:00 never happens
    assert all(s.ends_at - s.starts_at == timedelta(minutes=60) for s in slots)


def test_dst_fall_back_slots_never_overlap():
    rule = weekly(SUN, 1 * H, 4 * H, 60, tz="Europe/Berlin")
    slots = free_slots([rule], [], start=utc(2026, 10, 24), end=utc(2026, 10, 26), now=NOW)
    assert starts(slots) == ["10-24 23:00-00:00", "10-25 00:00-01:00", "10-25 02:00-03:00"]
    for first, second in zip(slots, slots[1:]):
        assert first.ends_at <= second.starts_at


R = weekly(MON, 10 * H, 12 * H, 60, min_notice_minutes=60, daily_cap=2, audience=Audience.FAMILIES)
MON_10 = utc(2026, 4, 6, 1)

# (name, rules, busy, starts_at, minutes, now, kind, expected: Refusal or None for bookable)
BOOK_CASES = [
    ("exact free slot", [R], [], MON_10, 60, NOW, AccountKind.FAMILY, None),
    ("in the past", [R], [], utc(2026, 3, 30, 1), 60, NOW, AccountKind.FAMILY, Refusal.PAST),
    ("right now counts as past", [R], [], MON_10, 60, MON_10, AccountKind.FAMILY, Refusal.PAST),
    ("past and outside: past is said first", [R], [], utc(2020, 1, 1), 60, NOW, AccountKind.FAMILY, Refusal.PAST),
    ("start off the grid", [R], [], MON_10 + timedelta(minutes=15), 60, NOW, AccountKind.FAMILY, Refusal.OUTSIDE),
    ("wrong length", [R], [], MON_10, 30, NOW, AccountKind.FAMILY, Refusal.OUTSIDE),
    ("another day", [R], [], utc(2026, 4, 7, 1), 60, NOW, AccountKind.FAMILY, Refusal.OUTSIDE),
    ("after the rule's end", [R], [], utc(2026, 4, 6, 3), 60, NOW, AccountKind.FAMILY, Refusal.OUTSIDE),
    ("someone else's rule", [weekly(MON, 10 * H, 12 * H, 60, specialist_id="other")], [], MON_10, 60, NOW,
     AccountKind.FAMILY, Refusal.OUTSIDE),
    ("no rules at all", [], [], MON_10, 60, NOW, AccountKind.FAMILY, Refusal.OUTSIDE),
    ("wrong audience", [R], [], MON_10, 60, NOW, AccountKind.INDIVIDUAL, Refusal.AUDIENCE),
    ("unspecified kind and a families-only slot", [R], [], MON_10, 60, NOW, AccountKind.UNSPECIFIED, Refusal.AUDIENCE),
    ("too short notice", [R], [], MON_10, 60, MON_10 - timedelta(minutes=59), AccountKind.FAMILY, Refusal.MIN_NOTICE),
    ("notice exactly met", [R], [], MON_10, 60, MON_10 - timedelta(minutes=60), AccountKind.FAMILY, None),
    ("already booked", [R], [busy(MON_10, 60)], MON_10, 60, NOW, AccountKind.FAMILY, Refusal.TAKEN),
    ("overlapped by an off-grid booking", [R], [busy(MON_10 + timedelta(minutes=50), 30)], MON_10, 60, NOW,
     AccountKind.FAMILY, Refusal.TAKEN),
    ("daily cap", [R], [busy(utc(2026, 4, 6, 4), 30), busy(utc(2026, 4, 6, 5), 30)], MON_10, 60, NOW,
     AccountKind.FAMILY, Refusal.DAILY_CAP),
    ("taken is said before the cap", [weekly(MON, 10 * H, 12 * H, 60, daily_cap=1)], [busy(MON_10, 60)], MON_10, 60,
     NOW, AccountKind.FAMILY, Refusal.TAKEN),
    ("one of two rules admits", [R, weekly(MON, 10 * H, 12 * H, 60, rule_id="both")], [], MON_10, 60, NOW,
     AccountKind.INDIVIDUAL, None),
]


@pytest.mark.parametrize("name,rules,held,start,minutes,now,kind,expected", BOOK_CASES, ids=[c[0] for c in BOOK_CASES])
def test_check_bookable(name, rules, held, start, minutes, now, kind, expected):
    result = check_bookable(rules, held, specialist_id=SPEC, starts_at=start,
                            ends_at=start + timedelta(minutes=minutes), now=now, kind=kind)
    if expected is None:
        assert isinstance(result, Slot) and result.starts_at == start
    else:
        assert result == expected


def test_offered_slots_are_exactly_the_bookable_ones():
    """Listing and booking share one rule set: every listed slot is bookable, and a busy
    calendar yields the same answer both ways."""
    rules = [weekly(MON, 9 * H, 17 * H, 50, buffer_minutes=10, daily_cap=5, min_notice_minutes=30),
             once(date(2026, 4, 6), 12 * H + 15, 13 * H + 45, 30, rule_id="o")]
    held = [busy(utc(2026, 4, 6, 2), 50), busy(utc(2026, 4, 6, 3, 45), 30)]
    offered = free_slots(rules, held, start=utc(2026, 4, 6), end=utc(2026, 4, 7), now=NOW, kind=AccountKind.FAMILY)
    assert offered
    for slot in offered:
        ok = check_bookable(rules, held, specialist_id=SPEC, starts_at=slot.starts_at, ends_at=slot.ends_at,
                            now=NOW, kind=AccountKind.FAMILY)
        assert isinstance(ok, Slot)
    # walking the day minute by minute finds no bookable slot that was not offered
    offered_keys = {(s.starts_at, s.ends_at) for s in offered}
    moment = utc(2026, 4, 6)
    while moment < utc(2026, 4, 7):
        for minutes in (30, 50):
            result = check_bookable(rules, held, specialist_id=SPEC, starts_at=moment,
                                    ends_at=moment + timedelta(minutes=minutes), now=NOW, kind=AccountKind.FAMILY)
            assert isinstance(result, Slot) == ((moment, moment + timedelta(minutes=minutes)) in offered_keys)
        moment += timedelta(minutes=5)
