"""The caseload view's domain: months in Asia/Tokyo, the 'much more than the median' rule as
tables, and the counts on SQLite and PostgreSQL from rows placed at the month's edges."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from avatars import accounts
from rooms.bookings.models import Booking
from rooms.casework import caseload
from rooms.casework.caseload import Load
from rooms.casework.models import Assignment, Case, Letter
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.principal import Principal, Role
from tests.conftest import FAST_HASHER

UTC = timezone.utc
APRIL_STARTS = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)  # 2026-04-01 00:00 in Tokyo
MAY_STARTS = datetime(2026, 4, 30, 15, 0, tzinfo=UTC)  # 2026-05-01 00:00 in Tokyo
SECOND = timedelta(seconds=1)


# --- months ------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("2026-04", (2026, 4)), ("2026-12", (2026, 12)), ("2026-01", (2026, 1)),
    ("2000-01", (2000, 1)), ("2099-12", (2099, 12)),
])
def test_a_month_is_read(raw, expected):
    assert caseload.parse_month(raw) == expected


@pytest.mark.parametrize("raw, reason", [
    ("2026-13", "not_a_month"), ("2026-00", "not_a_month"), ("2026-4", "not_a_month"), ("202604", "not_a_month"),
    ("2026-04-01", "not_a_month"), (" 2026-04", "not_a_month"), ("2026-04\n", "not_a_month"), ("april", "not_a_month"),
    ("２０２６-０４", "not_a_month"), ("-2026-04", "not_a_month"), (None, "not_a_month"), (202604, "not_a_month"),
    (["2026-04"], "not_a_month"), ("9999-12", "out_of_range"), ("1999-12", "out_of_range"), ("2100-01", "out_of_range"),
    ("0000-01", "out_of_range"),
])
def test_a_bad_month_is_refused_with_the_field_and_a_reason(raw, reason):
    with pytest.raises(DomainError) as refused:
        caseload.parse_month(raw)
    assert (refused.value.code, refused.value.field, refused.value.detail) == (ErrorCode.INVALID, "month", {"reason": reason})


@pytest.mark.parametrize("year, number, start, end", [
    (2026, 4, APRIL_STARTS, MAY_STARTS),
    (2026, 12, datetime(2026, 11, 30, 15, tzinfo=UTC), datetime(2026, 12, 31, 15, tzinfo=UTC)),
    (2027, 1, datetime(2026, 12, 31, 15, tzinfo=UTC), datetime(2027, 1, 31, 15, tzinfo=UTC)),
    (2028, 2, datetime(2028, 1, 31, 15, tzinfo=UTC), datetime(2028, 2, 29, 15, tzinfo=UTC)),  # a leap year
])
def test_a_month_is_the_tokyo_calendar_month(year, number, start, end):
    assert caseload.month_window(year, number, "Asia/Tokyo") == (start, end)


@pytest.mark.parametrize("moment, month", [
    (APRIL_STARTS - SECOND, (2026, 3)),  # 23:59:59 on 31 March in Tokyo
    (APRIL_STARTS, (2026, 4)),  # still 31 March in UTC, already April in Tokyo
    (MAY_STARTS - SECOND, (2026, 4)),
    (datetime(2026, 12, 31, 15, tzinfo=UTC), (2027, 1)),  # New Year comes nine hours early
])
def test_the_current_month_is_read_in_tokyo(moment, month):
    assert caseload.month_of(moment, "Asia/Tokyo") == month


@pytest.mark.parametrize("points, middle, heavier", [
    (9, 3, True),  # three times the median
    (6, 3, True),  # exactly twice and three more
    (5, 3, False),  # more, not much more
    (2, 1, False),  # twice, but one session more is no signal
    (3, 0, True),  # most carry nothing yet
    (2, 0, False),
    (0, 0, False),
    (40, 20, True),
    (39, 20, False),
    (4.5, 1.5, True),
    (4, 1.5, False),  # three times, but only 2.5 more
])
def test_much_more_than_the_median(points, middle, heavier):
    assert caseload.heavier_than_most(points, middle) is heavier


@pytest.mark.parametrize("points, middle", [([], 0.0), ([4], 4.0), ([0, 3, 9], 3.0), ([1, 2, 3, 10], 2.5)])
def test_the_median(points, middle):
    assert caseload.middle(points) == middle


def test_load_counts_sessions_open_cases_and_letters_received():
    load = Load(held=2, upcoming=1, no_show=1, unmarked=1, cases_open=2, cases_new=2, letters_received=2,
                letters_sent=5, letters_waiting=1)
    assert load.points == 9  # new cases are in the open ones; letters sent and waiting are shown, not added


def test_heaviest_first_and_equal_loads_by_nickname():
    rows = [("べつ", "b", Load(held=1)), ("あい", "a", Load(held=1)), ("うみ", "u", Load(held=3)), ("えき", "e", Load())]
    ordered = sorted(rows, key=lambda r: caseload.order_key(*r))
    assert [r[1] for r in ordered] == ["u", "a", "b", "e"]


# --- counts on both databases ----------------------------------------------------------

async def _account(db, clock, nickname, role, profession=None):
    signed = await accounts.create_user(db, clock, FAST_HASHER, None, nickname=nickname, passphrase="a calm passphrase",
                                        role=role, profession=profession)
    return signed.account.id


def _booking(spec, person, starts, status="booked"):
    return Booking(id=new_id(), specialist_id=spec, person_id=person, starts_at=starts, ends_at=starts + timedelta(minutes=50),
                   slot_key=None if status == "cancelled" else f"{spec}@{starts.isoformat()}", status=status, created_at=APRIL_STARTS - timedelta(days=30))


def _letter(sender, recipient, at, deleted=None):
    return Letter(id=new_id(), sender_id=sender, recipient_id=recipient, body="…", created_at=at, recipient_deleted_at=deleted)


@pytest.fixture
async def world(sessions):
    """Specialists a and b, a staff member s who holds a seat, an admin, and three persons,
    with rows placed on both sides of April's edges in Tokyo. Now: 15 April 12:00 in Tokyo."""
    clock = FakeClock(datetime(2026, 4, 15, 3, 0, tzinfo=UTC))
    ids = {}
    async with sessions.begin() as db:
        for name, nickname, role, profession in (
            ("a", "あおい", "specialist", "psychologist"), ("b", "みどり", "specialist", "public_health_nurse"),
            ("s", "まとめ", "staff", None), ("admin", "かんり", "admin", None), ("m", "みはり", "moderator", None),
            ("p1", "ひとり", "visitor", None), ("p2", "ふたり", "visitor", None), ("p3", "みたり", "visitor", None),
        ):
            ids[name] = await _account(db, clock, nickname, role, profession)
        a, b, s, p1, p2, p3 = (ids[k] for k in ("a", "b", "s", "p1", "p2", "p3"))
        db.add_all([
            _booking(a, p1, APRIL_STARTS - SECOND),  # March in Tokyo (31 Mar 23:59:59)
            _booking(a, p1, APRIL_STARTS, "completed"),  # April's first second
            _booking(a, p2, APRIL_STARTS + timedelta(days=5), "no_show"),
            _booking(a, p2, APRIL_STARTS + timedelta(days=6), "completed"),
            _booking(a, p3, APRIL_STARTS + timedelta(days=10)),  # started, nobody marked it
            _booking(a, p3, APRIL_STARTS + timedelta(days=11), "cancelled"),  # not load
            _booking(a, p1, MAY_STARTS - SECOND),  # upcoming: April's last second
            _booking(a, p2, MAY_STARTS),  # May
            _booking(b, p3, APRIL_STARTS + timedelta(days=20)),  # upcoming
        ])
        cases = {p: Case(id=new_id(), person_id=ids[p], opened_by_id=a, opened_at=APRIL_STARTS - timedelta(days=40),
                         updated_at=APRIL_STARTS) for p in ("p1", "p2", "p3")}
        db.add_all(cases.values())
        await db.flush()
        before = APRIL_STARTS - timedelta(days=40)
        db.add_all([
            Assignment(case_id=cases["p1"].id, specialist_id=a, seat=1, assigned_at=before),
            Assignment(case_id=cases["p2"].id, specialist_id=a, seat=1, assigned_at=APRIL_STARTS),  # new in April
            Assignment(case_id=cases["p1"].id, specialist_id=b, seat=2, assigned_at=APRIL_STARTS + timedelta(days=2)),
            # b held p3's seat until 10 April and handed it to the staff member s
            Assignment(case_id=cases["p3"].id, specialist_id=b, seat=None, assigned_at=before,
                       ended_at=APRIL_STARTS + timedelta(days=9)),
            Assignment(case_id=cases["p3"].id, specialist_id=s, seat=1, assigned_at=APRIL_STARTS + timedelta(days=9)),
        ])
        d = APRIL_STARTS + timedelta(days=3)
        db.add_all([
            _letter(p1, a, APRIL_STARTS - SECOND),  # March; answered below
            _letter(a, p1, d),  # the answer (April)
            _letter(p1, a, d + timedelta(hours=1)),  # waiting on a
            _letter(p2, a, d + timedelta(hours=2), deleted=d + timedelta(hours=3)),  # a deleted it: not waiting
            _letter(p1, b, d + timedelta(hours=4)),  # waiting on b
            _letter(p3, b, APRIL_STARTS + timedelta(days=1)),  # b no longer holds p3: not waiting on b
            _letter(p3, s, APRIL_STARTS + timedelta(days=10)),
            _letter(s, p3, APRIL_STARTS + timedelta(days=10)),  # answered in the same instant: answered
            _letter(p1, a, MAY_STARTS),  # May (after now, as a clock in a test allows)
        ])
    return sessions, clock, ids


def _me(ids, name, role) -> Principal:
    return Principal(account_id=ids[name], role=role)


def _by_nickname(body):
    return {row["specialist"]["nickname"]: row for row in body["specialists"]}


async def test_april_counted_in_tokyo_for_an_admin(world):
    sessions, clock, ids = world
    async with sessions() as db:
        body = await caseload.caseload(db, clock, _me(ids, "admin", Role.ADMIN), "2026-04")
    assert (body["month"], body["from"], body["to"], body["as_of"], body["scope"]) == (
        "2026-04", "2026-03-31T15:00:00Z", "2026-04-30T15:00:00Z", "2026-04-15T03:00:00Z", "everyone")
    rows = _by_nickname(body)
    assert list(rows) == ["あおい", "みどり", "まとめ"]  # heaviest first; the staff member holds a seat
    assert rows["あおい"]["sessions"] == {"held": 2, "upcoming": 1, "no_show": 1, "unmarked": 1}
    assert rows["あおい"]["cases"] == {"open": 2, "new": 1}
    assert rows["あおい"]["letters"] == {"received": 2, "sent": 1, "waiting": 1}
    assert rows["あおい"]["load"] == 9
    assert rows["みどり"]["sessions"] == {"held": 0, "upcoming": 1, "no_show": 0, "unmarked": 0}
    assert rows["みどり"]["cases"] == {"open": 1, "new": 1}  # p3's seat went to s on 10 April
    assert rows["みどり"]["letters"] == {"received": 2, "sent": 0, "waiting": 1}
    assert rows["まとめ"]["cases"] == {"open": 1, "new": 1} and rows["まとめ"]["letters"] == {"received": 1, "sent": 1, "waiting": 0}
    assert [r["load"] for r in body["specialists"]] == [9, 4, 2]
    assert body["median_load"] == 4.0
    assert [r["heavier_than_most"] for r in body["specialists"]] == [True, False, False]  # 9 >= 2 x 4 and 4 + 3
    assert rows["あおい"]["specialist"] == {"id": ids["a"], "nickname": "あおい", "role": "specialist", "profession": "psychologist"}


async def test_a_past_month_counts_seats_at_its_end_and_the_edges_fall_in_tokyo(world):
    sessions, clock, ids = world
    async with sessions() as db:
        march = _by_nickname(await caseload.caseload(db, clock, _me(ids, "admin", Role.ADMIN), "2026-03"))
        may = _by_nickname(await caseload.caseload(db, clock, _me(ids, "admin", Role.ADMIN), "2026-05"))
    # Only specialists are shown when nobody else carried anything; the staff member held no seat in March.
    assert list(march) == ["あおい", "みどり"]
    assert march["あおい"]["sessions"] == {"held": 0, "upcoming": 0, "no_show": 0, "unmarked": 1}  # 31 Mar 23:59:59
    assert march["あおい"]["cases"] == {"open": 1, "new": 0} and march["みどり"]["cases"] == {"open": 1, "new": 0}
    assert march["あおい"]["letters"] == {"received": 1, "sent": 0, "waiting": 1}  # unanswered on 31 March
    assert may["あおい"]["sessions"] == {"held": 0, "upcoming": 1, "no_show": 0, "unmarked": 0}  # 1 May 00:00
    assert may["あおい"]["cases"] == {"open": 2, "new": 0}  # a month ahead: the seats held now
    assert may["あおい"]["letters"]["received"] == 1


async def test_the_hint_goes_once_others_carry_as_much(world):
    sessions, clock, ids = world
    async with sessions() as db:
        mine = await caseload.caseload(db, clock, _me(ids, "a", Role.SPECIALIST), "2026-04")
    assert mine["specialists"][0]["heavier_than_most"] is True and "median_load" not in mine
    async with sessions.begin() as db:  # three more letters to b: loads 9, 7, 2
        db.add_all([_letter(ids["p1"], ids["b"], APRIL_STARTS + timedelta(days=4, minutes=n)) for n in range(3)])
    async with sessions() as db:
        body = await caseload.caseload(db, clock, _me(ids, "admin", Role.ADMIN), "2026-04")
        mine = await caseload.caseload(db, clock, _me(ids, "a", Role.SPECIALIST), "2026-04")
    assert [(r["specialist"]["nickname"], r["load"], r["heavier_than_most"]) for r in body["specialists"]] == [
        ("あおい", 9, False), ("みどり", 7, False), ("まとめ", 2, False)]
    assert body["median_load"] == 7.0 and mine["specialists"][0]["heavier_than_most"] is False


async def test_a_specialist_sees_only_their_own_row(world):
    sessions, clock, ids = world
    async with sessions() as db:
        body = await caseload.caseload(db, clock, _me(ids, "b", Role.SPECIALIST), None)  # the current month
    assert body["month"] == "2026-04" and body["scope"] == "self" and "median_load" not in body
    assert [r["specialist"]["id"] for r in body["specialists"]] == [ids["b"]]
    assert body["specialists"][0]["letters"]["waiting"] == 1


@pytest.mark.parametrize("name, role, code", [
    ("s", Role.STAFF, ErrorCode.FORBIDDEN), ("m", Role.MODERATOR, ErrorCode.FORBIDDEN),
    ("p1", Role.VISITOR, ErrorCode.FORBIDDEN), ("p1", Role.PEER_SUPPORTER, ErrorCode.FORBIDDEN),
])
async def test_others_are_refused(world, name, role, code):
    sessions, clock, ids = world
    async with sessions() as db:
        with pytest.raises(DomainError) as refused:
            await caseload.caseload(db, clock, _me(ids, name, role), "2026-04")
        assert refused.value.code is code
        with pytest.raises(DomainError) as nobody:
            await caseload.caseload(db, clock, None, "2026-04")
        assert nobody.value.code is ErrorCode.UNAUTHENTICATED


async def test_a_bad_month_is_refused_before_anything_is_read(world):
    sessions, clock, ids = world
    async with sessions() as db:
        with pytest.raises(DomainError) as refused:
            await caseload.caseload(db, clock, _me(ids, "admin", Role.ADMIN), "2026-13")
    assert refused.value.detail == {"reason": "not_a_month"}
