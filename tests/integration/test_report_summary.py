"""The municipal report against a hand count of seeded data, on SQLite and PostgreSQL: the
fiscal-year edge in Asia/Tokyo (31 March 23:59 JST is last year, 1 April 00:00 JST this year),
suppression of every count of people from 1 to 4 (with the secondary one), the CSV with the
same suppression, and bad ranges refused with nothing sent."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest

from avatars.models import Account
from rooms.bookings.models import Booking
from rooms.casework.models import Letter
from rooms.events.models import Event, EventAttendance, EventOccurrence
from rooms.funnel.models import FunnelDay, FunnelLatency
from server import keys

JST = timezone(timedelta(hours=9))
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
IN_RANGE = datetime(2026, 5, 10, 10, 0, tzinfo=JST)
LAST_MINUTE_OF_FY2025 = datetime(2026, 3, 31, 23, 59, tzinfo=JST)
FIRST_MINUTE_OF_FY2026 = datetime(2026, 4, 1, 0, 0, tzinfo=JST)
FY2026 = "from=2026-04-01&to=2027-03-31"


def account(id_: str, *, role="visitor", kind="unspecified", guest=False, profession=None) -> Account:
    return Account(id=id_.ljust(32, "0"), nickname=id_, role=role, kind=kind, is_guest=guest, profession=profession,
                   created_at=T0)


def aid(short: str) -> str:
    return short.ljust(32, "0")


def booking(n: int, person: str, specialist: str, at: datetime, status="completed") -> Booking:
    return Booking(id=f"bk{n:03d}".ljust(32, "x"), specialist_id=aid(specialist), person_id=aid(person), starts_at=at,
                   ends_at=at + timedelta(minutes=50), slot_key=None, status=status, created_at=T0)


async def seed(app) -> None:
    async with app[keys.DB_SESSIONS].begin() as db:
        db.add_all([account("sp1", role="specialist", profession="psychologist"),
                    account("sp2", role="specialist", profession="lawyer"),
                    *[account(f"f{i}", kind="family") for i in range(1, 7)],
                    account("i1", kind="individual"), account("i2", kind="individual"), account("g1", guest=True)])
        await db.flush()
        # Held in FY2026: f1-f6 and g1 with the psychologist (f1 twice), i1 at the very first
        # minute of the year with the psychologist, i2 with the lawyer.
        held = [(f"f{i}", "sp1", IN_RANGE) for i in range(1, 7)] + [("f1", "sp1", IN_RANGE + timedelta(days=7)),
                ("g1", "sp1", IN_RANGE), ("i1", "sp1", FIRST_MINUTE_OF_FY2026), ("i2", "sp2", IN_RANGE)]
        # Not counted: the last minute of FY2025, a cancelled and a no-show booking, next fiscal year.
        other = [("f2", "sp2", LAST_MINUTE_OF_FY2025, "completed"), ("f3", "sp1", IN_RANGE, "cancelled"),
                 ("f4", "sp1", IN_RANGE, "no_show"), ("f5", "sp1", datetime(2027, 4, 1, tzinfo=JST), "completed")]
        db.add_all([booking(n, p, s, at) for n, (p, s, at) in enumerate(held)]
                   + [booking(100 + n, p, s, at, st) for n, (p, s, at, st) in enumerate(other)])
        # Letters: 6 from the specialist, 3 from people (one outside the range).
        db.add_all([Letter(id=f"lt{n}".ljust(32, "0"), sender_id=aid("sp1"), recipient_id=aid(f"f{n + 1}"), body="お元気ですか",
                           created_at=IN_RANGE) for n in range(6)]
                   + [Letter(id=f"lp{n}".ljust(32, "0"), sender_id=aid(f"f{n + 1}"), recipient_id=aid("sp1"), body="はい",
                             created_at=IN_RANGE if n < 3 else LAST_MINUTE_OF_FY2025) for n in range(4)])
        # Events: a family class held 3 times (12 family, 2 individual came), one cancelled session.
        db.add(Event(id="ev1".ljust(32, "0"), title_ja="家族教室", kind="family_class", audience="families",
                     registration="drop_in", capacity=30, place="hall", tz="Asia/Tokyo", first_date="2026-05-01",
                     start_time="14:00", duration_minutes=90, repeat="monthly", created_at=T0, updated_at=T0))
        await db.flush()
        for n in range(4):
            at = datetime(2026, 5 + n, 1, 14, 0, tzinfo=JST)
            db.add(EventOccurrence(id=f"oc{n}".ljust(32, "0"), event_id="ev1".ljust(32, "0"), starts_at=at,
                                   ends_at=at + timedelta(minutes=90), cancelled=n == 3))
        await db.flush()
        db.add_all([EventAttendance(occurrence_id="oc0".ljust(32, "0"), account_kind="family", count=5),
                    EventAttendance(occurrence_id="oc1".ljust(32, "0"), account_kind="family", count=7),
                    EventAttendance(occurrence_id="oc2".ljust(32, "0"), account_kind="individual", count=2),
                    EventAttendance(occurrence_id="oc3".ljust(32, "0"), account_kind="family", count=9)])  # cancelled
        # The funnel's daily counts and latencies.
        days = [(date(2026, 6, 1), "visit", "family", 30), (date(2026, 6, 2), "visit", "family", 10),
                (date(2026, 6, 1), "visit", "guest", 25), (date(2026, 6, 1), "visit", "individual", 3),
                (date(2026, 6, 1), "desk_contact", "family", 8), (date(2026, 6, 1), "desk_message", "guest", 6),
                (date(2026, 3, 31), "visit", "family", 50)]  # last fiscal year
        db.add_all([FunnelDay(day=d, step=s, kind=k, count=c) for d, s, k, c in days])
        db.add_all([FunnelLatency(day=date(2026, 6, 1), step="desk_contact", days=d, count=c)
                    for d, c in ((0, 2), (3, 2), (10, 3))]
                   + [FunnelLatency(day=date(2026, 6, 1), step="booking_made", days=5, count=4)])


def table(report: dict, section: str, table_id: str) -> dict:
    found = next(s for s in report["sections"] if s["id"] == section)
    return next(t for t in found["tables"] if t["id"] == table_id)


def values(t: dict) -> dict:
    shown = {r["key"]: shown_as(r) for r in t["rows"]}
    if t["total"] is not None:
        shown["total"] = shown_as(t["total"])
    return shown


def shown_as(cell: dict):
    if not cell["suppressed"]:
        return cell["value"]
    return "<5" if cell["reason"] == "fewer_than_5" else "hidden"


@pytest.fixture
async def staff(running):
    await seed(running.app)
    return (await running.api.staff(running.app, "まち担当", "staff"))["access_token"]


async def test_the_numbers_equal_a_hand_count(running, staff):
    status, report = await running.api.call("GET", f"/api/reports/summary?{FY2026}", token=staff)
    assert status == 200, report
    assert (report["from"], report["to"], report["widened"]) == ("2026-04-01", "2027-03-31", False)
    # 10 sessions held: 8 psychologist, 2 lawyer -> the 2 hidden, and the 8 with it (10 - 8 = 2).
    assert values(table(report, "consultations", "by_profession")) == {
        "psychologist": "hidden", "psychiatric_social_worker": 0, "public_health_nurse": 0, "lawyer": "<5",
        "career_consultant": 0, "other": 0, "total": 10}
    # 9 people consulted: 6 families, 2 individuals, 1 guest.
    assert values(table(report, "consultations", "persons_by_kind")) == {
        "guest": "<5", "individual": "<5", "family": 6, "supporter": 0, "unspecified": 0, "total": 9}
    assert values(table(report, "letters", "letters")) == {"from_staff": "hidden", "from_people": "<5", "total": 9}
    assert values(table(report, "events", "sessions_by_kind")) == {
        "exchange": 0, "family_class": 3, "peer_meetup": 0, "talk": 0, "total": 3}  # sessions are not people
    assert values(table(report, "events", "attendance_by_kind")) == {
        "guest": 0, "individual": "<5", "family": "hidden", "supporter": 0, "unspecified": 0, "total": 14}
    assert values(table(report, "desk", "desk_contact"))["family"] == 8
    assert values(table(report, "desk", "desk_message"))["guest"] == 6
    assert values(table(report, "funnel", "step_visit")) == {
        "guest": "hidden", "individual": "<5", "family": 40, "supporter": 0, "unspecified": 0, "total": 68}
    medians = {m["step"]: m for m in next(s for s in report["sections"] if s["id"] == "funnel")["medians"]}
    assert medians["desk_contact"]["days"] == 3.0 and medians["desk_contact"]["accounts"]["value"] == 7
    assert medians["booking_made"] == {"step": "booking_made",
                                       "accounts": {"value": None, "suppressed": True, "reason": "fewer_than_5"},
                                       "days": None, "suppressed": True}


async def test_the_csv_carries_the_same_numbers_and_no_small_one(running, staff):
    async with running.api.http.get(f"{running.url}/api/reports/summary.csv?{FY2026}",
                                    headers={"Authorization": f"Bearer {staff}"}) as resp:
        assert resp.status == 200 and resp.content_type == "text/csv"
        assert "attachment" in resp.headers["Content-Disposition"]
        text = (await resp.read()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "table", "key", "value"]
    lookup = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert lookup[("consultations", "persons_by_kind", "family")] == "6"
    assert lookup[("consultations", "persons_by_kind", "individual")] == "fewer than 5 / 5未満"
    assert lookup[("consultations", "by_profession", "total")] == "10"
    assert lookup[("funnel", "median_days", "desk_contact")] == "3.0"
    assert lookup[("funnel", "median_days", "booking_made")] == "fewer than 5 / 5未満"
    assert lookup[("events", "sessions_by_kind", "family_class")] == "3"  # sessions held are not people
    people = [r for r in rows[1:] if r[0] != "range" and r[1] not in ("sessions_by_kind", "median_days")]
    assert not any(r[3] in {"1", "2", "3", "4"} for r in people)


async def test_a_short_range_is_widened_to_whole_months(running, staff):
    status, report = await running.api.call("GET", "/api/reports/summary?from=2026-05-10&to=2026-05-10", token=staff)
    assert status == 200, report
    assert (report["from"], report["to"], report["widened"]) == ("2026-05-01", "2026-05-31", True)
    # one day would show the guest's one consultation; the month shows it only as fewer than 5
    assert values(table(report, "consultations", "persons_by_kind"))["guest"] == "<5"


async def test_last_fiscal_year_holds_what_happened_before_april(running, staff):
    status, report = await running.api.call("GET", "/api/reports/summary?from=2025-04-01&to=2026-03-31", token=staff)
    assert status == 200, report
    assert values(table(report, "consultations", "by_profession"))["total"] == "<5"  # the 23:59 one only
    assert values(table(report, "funnel", "step_visit"))["family"] == 50


@pytest.mark.parametrize("query, field, reason", [
    ("from=2026-05-01&to=2026-04-01", "from", "from_after_to"),
    ("from=2026-13-01", "from", "not_a_date"),
    ("from=yesterday", "from", "not_a_date"),
    ("to=2026-02-30", "to", "not_a_date"),
    ("from=9999-12-31&to=9999-12-31", "from", "out_of_range"),
    ("from=0001-01-01", "from", "out_of_range"),
    ("from=2020-04-01&to=2024-03-31", "to", "range_too_long"),
    ("from=2026-04-01T00:00:00Z", "from", "not_a_date"),
])
async def test_bad_ranges_are_refused(running, staff, query, field, reason):
    for path in ("/api/reports/summary", "/api/reports/summary.csv"):
        status, body = await running.api.call("GET", f"{path}?{query}", token=staff)
        assert status == 400, body
        assert body["error"]["code"] == "INVALID" and body["error"]["field"] == field
        assert body["error"]["detail"]["reason"] == reason
        assert body["error"]["message"]["ja"] and body["error"]["message"]["en"]


async def test_moderation_reports_still_answer_beside_the_summary(running, staff):
    guest = (await running.api.guest())["access_token"]
    status, body = await running.api.call("GET", "/api/reports/mine", token=guest)
    assert status == 200 and body == {"reports": []}
