"""The first-step funnel over the real app (SQLite and PostgreSQL, a fake clock): a guest
arrives, sends stamps, knocks at the desk, books and holds a consultation; the daily counts
follow (once per account and day), the first-step dates become a latency histogram and their
row is deleted, and the aggregate rows carry no account id. Then the report: staff read it
with every count of one person suppressed; others are refused."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import inspect as sa_inspect, select

from rooms.funnel.aggregate import aggregate
from rooms.funnel.models import FirstSteps, FunnelDay, FunnelLatency
from server import keys
from tests.integration.consult_client import MON_10, consult_site
from tests.integration.recording_client import RecordingClient
from tests.waiting import until

ALWAYS = {"weekly": [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]}
APRIL_1, APRIL_6 = date(2026, 4, 1), date(2026, 4, 6)


@pytest.fixture
async def site(db_url, tmp_path):
    async with consult_site(db_url, tmp_path) as clocked:
        yield clocked


async def socket(site, namespace: str, login: dict, opened: list) -> RecordingClient:
    client = RecordingClient(site.url, namespace, call_timeout=10)
    await client.open({"token": login["access_token"]})
    opened.append(client)
    return client


async def rows(site, model) -> list:
    async with site.app[keys.DB_SESSIONS]() as db:
        return list((await db.scalars(select(model))).all())


def counts(days: list[FunnelDay]) -> dict[tuple, int]:
    return {(r.day, r.step, r.kind): r.count for r in days}


async def test_a_guest_visits_stamps_knocks_books_and_consults(site):
    opened: list[RecordingClient] = []
    try:
        staff = await site.api.staff(site.app, "さくら相談員", "staff")
        site.logins.append(staff)  # refreshed as the clock moves
        status, body = await site.api.call("PUT", "/api/desk/hours", json=ALWAYS, token=staff["access_token"])
        assert status == 200, body
        desk_staff = await socket(site, "/desk", staff, opened)
        await desk_staff.ok("desk:duty", {"status": "available"})
        specialist = await site.specialist("みどり", "psychologist")
        guest = await site.person()
        guest_id = guest["account"]["id"]

        space = await socket(site, "/space", guest, opened)  # the visit
        await space.ok("emote:send", {"emote": "wave"})
        await space.ok("emote:send", {"emote": "nod"})  # the second stamp of the day is not counted again
        desk = await socket(site, "/desk", guest, opened)
        await desk.ok("desk:knock", {"note": "はじめてです"})
        await desk.ok("desk:leave")
        await desk.ok("desk:knock")  # a second knock the same day: still one desk contact
        booking_id = await site.book(guest, specialist)

        found = counts(await rows(site, FunnelDay))
        assert found == {
            (APRIL_1, "visit", "guest"): 1, (APRIL_1, "first_visit", "guest"): 1,
            (APRIL_1, "first_stamp", "guest"): 1, (APRIL_1, "desk_contact", "guest"): 1,
            (APRIL_1, "booking_made", "guest"): 1,
        }  # the staff member and the specialist are not the funnel's numbers
        (first,) = await rows(site, FirstSteps)
        assert (first.first_visit, first.first_desk, first.first_booking) == (APRIL_1, APRIL_1, APRIL_1)

        await site.move_to(MON_10 - timedelta(minutes=5))
        person, helper = await site.connect(guest), await site.connect(specialist)
        await person.ok("consult:wait", {"session_id": booking_id})
        await helper.ok("consult:admit", {"session_id": booking_id})
        await person.ok("consult:say", {"session_id": booking_id, "text": "よろしくお願いします"})
        await person.ok("consult:end", {"session_id": booking_id})
        assert (await site.booking(guest, booking_id))["status"] == "completed"
        found = counts(await rows(site, FunnelDay))
        assert found[(APRIL_6, "consult_text", "guest")] == 1 and (APRIL_6, "consult_voice", "guest") not in found

        # The aggregation job ran on the clock while it moved to April 6: the steps of days that
        # ended became counts, and the row went.
        async def none_left() -> bool:  # the heartbeat's task finishing its turn (no time passes)
            return not await rows(site, FirstSteps)

        await until(none_left, 5, step=0.02, what="the first steps aggregated")
        latencies = {(r.day, r.step, r.days): r.count for r in await rows(site, FunnelLatency)}
        assert latencies == {(APRIL_1, "desk_contact", 0): 1, (APRIL_1, "booking_made", 0): 1}
        async with site.app[keys.DB_SESSIONS].begin() as db:  # run again: nothing counted twice
            assert await aggregate(db, APRIL_6 + timedelta(days=2)) == {"counted": 0, "deleted": 0}

        # No account id in the aggregates: not as a column, not as a value.
        for model in (FunnelDay, FunnelLatency):
            columns = {c.key for c in sa_inspect(model).columns}
            assert not any("account" in c or c.endswith("_id") for c in columns), columns
            for row in await rows(site, model):
                assert guest_id not in repr({c: getattr(row, c) for c in columns})

        # The report: staff read it; one guest's numbers are never sent as numbers.
        status, body = await site.api.call("GET", "/api/reports/summary", token=staff["access_token"])
        assert status == 200, body
        assert (body["from"], body["to"]) == ("2026-04-01", "2027-03-31")  # the fiscal year by default
        funnel = next(s for s in body["sections"] if s["id"] == "funnel")
        steps = {r["key"]: r for r in next(t for t in funnel["tables"] if t["id"] == "steps")["rows"]}
        assert steps["visit"] == {"key": "visit", "value": None, "suppressed": True, "reason": "fewer_than_5"}
        assert steps["consult_voice"] == {"key": "consult_voice", "value": 0, "suppressed": False}
        assert all(m["days"] is None and m["suppressed"] for m in funnel["medians"])
        assert guest_id not in str(body)
        assert "1" not in {str(r["value"]) for t in funnel["tables"] for r in t["rows"]}
        for login in (guest, specialist):
            status, body = await site.api.call("GET", "/api/reports/summary", token=login["access_token"])
            assert (status, body["error"]["code"]) == (403, "FORBIDDEN")
        status, _ = await site.api.call("GET", "/api/reports/summary")
        assert status == 401
    finally:
        for client in opened:
            await client.close()


async def test_a_message_left_while_the_desk_is_closed_is_counted_as_one(site):
    guest = await site.person()
    opened: list[RecordingClient] = []
    try:
        await socket(site, "/space", guest, opened)  # a newcomer's first visit
        for text in ("夜分にすみません。家族のことで相談したいです", "また来ます"):
            status, body = await site.api.call("POST", "/api/desk/messages", json={"text": text},
                                               token=guest["access_token"])
            assert status == 201, body
    finally:
        for client in opened:
            await client.close()
    found = counts(await rows(site, FunnelDay))
    assert found[(APRIL_1, "desk_message", "guest")] == 1 and (APRIL_1, "desk_contact", "guest") not in found
    (first,) = await rows(site, FirstSteps)
    assert first.first_desk == APRIL_1 and first.first_booking is None
