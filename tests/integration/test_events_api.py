"""Events over real HTTP and Socket.IO on loopback, SQLite and PostgreSQL, on a FakeClock
(Wednesday 2026-04-01 10:00 in Tokyo): planning, signing up, refusals that change nothing,
the waitlist's promotion and the reminders told live, anonymous feedback, /events and
/events.ics without JavaScript."""
from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, inspect, select

from rooms.events.models import EventRegistration, FeedbackAnswer, FeedbackToken
from server import keys
from server.core.clock import FakeClock
from tests.conftest import Running, serving
from tests.integration.events_world import FAMILY_CLASS, NOW
from tests.integration.recording_client import RecordingClient
from tests.integration.test_bookings_api import advance  # moves the FakeClock, refreshing logins

SATURDAY_START = NOW + timedelta(days=3, hours=4)  # 2026-04-04 14:00 Tokyo = 05:00 UTC


@pytest.fixture
async def clocked(db_url, tmp_path):
    async with serving(db_url, tmp_path, clock=FakeClock(NOW)) as live:
        yield live


async def family(c: Running, kind: str = "family") -> dict:
    guest = await c.api.guest()
    status, body = await c.api.call("PATCH", "/api/me", json={"kind": kind}, token=guest["access_token"])
    assert status == 200, body
    return guest


async def create_class(c: Running, staff: dict, **changes) -> dict:
    status, body = await c.api.call("POST", "/api/events", json={**FAMILY_CLASS, **changes}, token=staff["access_token"])
    assert status == 201, body
    return body["event"]


async def signup(c: Running, who: dict, occurrence_id: str, **body):
    return await c.api.call("POST", f"/api/events/occurrences/{occurrence_id}/signup", json=body, token=who["access_token"])


async def signup_rows(c: Running) -> list[tuple]:
    async with c.app[keys.DB_SESSIONS]() as db:
        rows = await db.execute(select(EventRegistration.account_id, EventRegistration.status)
                                .order_by(EventRegistration.account_id))
        return [tuple(r) for r in rows.all()]


async def listener(c: Running, who: dict) -> RecordingClient:
    client = RecordingClient(c.url, "/space")
    await client.open({"token": who["access_token"]})
    return client


async def test_staff_creates_a_weekly_family_class_and_a_family_signs_up(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    await c.api.staff(c.app, "ひなた", "peer_supporter")
    event = await create_class(c, staff, hosts=[{"nickname": "しおり", "role": "host"}, {"nickname": "ひなた", "role": "cohost"}],
                               description_ja="**はじめての方**も歓迎です。<script>alert(1)</script>")
    assert [o["starts_at"] for o in event["occurrences"]] == [
        "2026-04-04T05:00:00Z", "2026-04-11T05:00:00Z", "2026-04-18T05:00:00Z", "2026-04-25T05:00:00Z"]
    assert event["occurrences"][0]["door_opens_at"] == "2026-04-04T04:50:00Z"
    assert "<strong>はじめての方</strong>" in event["description_html_ja"] and "<script" not in event["description_html_ja"]
    assert event["hosts"] == [{"nickname": "しおり", "role": "host"}, {"nickname": "ひなた", "role": "cohost"}]
    mother = await family(c)
    first = event["occurrences"][0]["id"]
    status, body = await signup(c, mother, first)
    assert (status, body["signup"]["status"]) == (201, "registered")
    status, listed = await c.api.call("GET", "/api/events", token=mother["access_token"])
    assert listed["occurrences"][0]["mine"] == {"status": "registered", "waitlist_place": None}
    assert listed["occurrences"][0]["seats_left"] == 1
    status, mine = await c.api.call("GET", "/api/me/event-signups", token=mother["access_token"])
    assert [m["id"] for m in mine["occurrences"]] == [first]
    status, ics = await c.api.call("GET", f"/api/events/occurrences/{first}/signup.ics", token=mother["access_token"])
    assert status == 200
    entry = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
    assert str(entry["summary"]) == "家族教室 / Family class" and entry.walk("VALARM")
    assert mother["account"]["nickname"].encode() not in ics and mother["account"]["id"].encode() not in ics
    status, body = await c.api.call("POST", f"/api/events/occurrences/{first}/cancel-signup", json={}, token=mother["access_token"])
    assert (status, body["signup"]["status"]) == (200, "cancelled")


async def test_refusals_have_stable_codes_and_change_nothing(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    peer = await c.api.staff(c.app, "よその主催", "peer_supporter")
    event = await create_class(c, staff)
    first = event["occurrences"][0]["id"]
    a, b, late, individual = await family(c), await family(c), await family(c), await family(c, "individual")
    assert (await signup(c, a, first))[0] == 201
    assert (await signup(c, b, first))[0] == 201
    before = await signup_rows(c)

    async def refused(status_code, call):
        status, body = await call
        assert (status, body["error"]["code"]) == status_code, body
        assert set(body["error"]["message"]) == {"ja", "en"}
        assert await signup_rows(c) == before
        return body["error"]

    await refused((409, "EVENT_ALREADY_REGISTERED"), signup(c, a, first))
    full = await refused((409, "EVENT_FULL"), signup(c, late, first))
    assert full["detail"] == {"waitlist": True}
    await refused((403, "EVENT_NOT_FOR_YOU"), signup(c, individual, first))
    await refused((404, "EVENT_NOT_FOUND"), signup(c, a, "0" * 32))
    await refused((400, "INVALID"), signup(c, a, first, waitlist="yes"))
    # a peer supporter who does not host it, and an attendee, cannot plan it or see who signed up
    for who, code in ((peer, "EVENT_NOT_HOST"), (a, "FORBIDDEN")):
        await refused((403, code), c.api.call("PATCH", f"/api/events/{event['id']}", json={"capacity": 50},
                                              token=who["access_token"]))
        for route in ("signups", "report"):
            await refused((403, code), c.api.call("GET", f"/api/events/occurrences/{first}/{route}", token=who["access_token"]))
        await refused((403, code), c.api.call("POST", f"/api/events/occurrences/{first}/cancel", json={},
                                              token=who["access_token"]))
    await refused((403, "FORBIDDEN"), c.api.call("POST", "/api/events", json=FAMILY_CLASS, token=peer["access_token"]))
    # the public reads never name an attendee
    for token in (None, a["access_token"]):
        for path in ("/api/events", f"/api/events/{event['id']}"):
            status, body = await c.api.call("GET", path, token=token)
            assert status == 200
            for person in (a, b):
                assert person["account"]["nickname"] not in str(body) and person["account"]["id"] not in str(body)
    # the host sees nicknames only
    status, body = await c.api.call("GET", f"/api/events/occurrences/{first}/signups", token=staff["access_token"])
    assert body["signups"] == {"occurrence_id": first, "capacity": 2, "waitlist": [],
                               "registered": sorted([a["account"]["nickname"], b["account"]["nickname"]])}
    # a schedule change once people signed up
    await refused((409, "EVENT_SCHEDULE_LOCKED"), c.api.call("PATCH", f"/api/events/{event['id']}",
                                                            json={"start_time": "15:00"}, token=staff["access_token"]))
    await advance(c, SATURDAY_START - NOW, late, a)
    await refused((409, "EVENT_REGISTRATION_CLOSED"), signup(c, late, first, waitlist=True))


async def test_waitlist_promotion_is_told_live(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    event = await create_class(c, staff, capacity=1)
    first = event["occurrences"][0]["id"]
    a, b = await family(c), await family(c)
    assert (await signup(c, a, first))[0] == 201
    status, body = await signup(c, b, first, waitlist=True)
    assert (status, body["signup"]["status"], body["signup"]["waitlist_place"]) == (201, "waitlisted", 1)
    watching = await listener(c, b)
    try:
        status, _ = await c.api.call("POST", f"/api/events/occurrences/{first}/cancel-signup", json={}, token=a["access_token"])
        assert status == 200
        told = await watching.wait_for("event:promoted")
        assert told == {"occurrence_id": first, "event_id": event["id"], "title_ja": "家族教室", "title_en": "Family class",
                        "starts_at": "2026-04-04T05:00:00Z"}
    finally:
        await watching.close()
    status, mine = await c.api.call("GET", "/api/me/event-signups", token=b["access_token"])
    assert mine["occurrences"][0]["mine"]["status"] == "registered"


async def test_more_seats_promote_at_once(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    event = await create_class(c, staff, capacity=1)
    first = event["occurrences"][0]["id"]
    a, b = await family(c), await family(c)
    await signup(c, a, first)
    await signup(c, b, first, waitlist=True)
    watching = await listener(c, b)
    try:
        status, body = await c.api.call("PATCH", f"/api/events/{event['id']}", json={"capacity": 2}, token=staff["access_token"])
        assert status == 200, body
        assert (await watching.wait_for("event:promoted"))["occurrence_id"] == first
    finally:
        await watching.close()


async def test_reminders_a_day_and_fifteen_minutes_before(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    event = await create_class(c, staff, repeat="none", until_date=None)
    first = event["occurrences"][0]["id"]
    mother = await family(c)
    await signup(c, mother, first)
    await advance(c, SATURDAY_START - NOW - timedelta(days=1, minutes=2), mother)
    watching = await listener(c, mother)
    try:
        for _ in range(3):  # the reminder heartbeat beats once a minute of the fake clock
            c.clock.advance(60)
        day = await watching.wait_for("event:reminder")
        assert (day["when"], day["occurrence_id"], day["door_opens_at"]) == ("day", first, "2026-04-04T04:50:00Z")
        for _ in range(3):  # no second "day" reminder
            c.clock.advance(60)
    finally:
        await watching.close()
    # a day later the old socket's token has expired (the live-access sweep ends it): come back
    await advance(c, timedelta(days=1, minutes=-20), mother)
    watching = await listener(c, mother)
    try:
        for _ in range(3):
            c.clock.advance(60)
        soon = await watching.wait_for("event:reminder", lambda d: d["when"] == "soon")
        assert soon["occurrence_id"] == first
        for _ in range(3):
            c.clock.advance(60)
        assert [d["when"] for d in watching.events["event:reminder"]] == ["soon"]  # each once
    finally:
        await watching.close()


async def test_feedback_is_anonymous_and_once_per_attendee(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    event = await create_class(c, staff, repeat="none", until_date=None)
    first = event["occurrences"][0]["id"]
    questions = [
        {"kind": "scale", "prompt_ja": "今日の会はいかがでしたか", "prompt_en": "How was today?"},
        {"kind": "choice", "prompt_ja": "また来たいですか", "choices": [{"ja": "はい"}, {"ja": "わからない"}]},
        {"kind": "text", "prompt_ja": "ひとこと"},
    ]
    status, body = await c.api.call("PUT", f"/api/events/{event['id']}/questions", json={"questions": questions},
                                    token=staff["access_token"])
    assert status == 200, body
    ids = [q["id"] for q in body["questions"]]
    a, b, outsider = await family(c), await family(c), await family(c)
    await signup(c, a, first)
    await signup(c, b, first)
    status, body = await c.api.call("GET", f"/api/events/occurrences/{first}/feedback", token=a["access_token"])
    assert (status, body["error"]["code"]) == (409, "EVENT_FEEDBACK_CLOSED")  # not before the session
    await advance(c, SATURDAY_START - NOW + timedelta(minutes=90), a, b, outsider, staff)
    answers = {"answers": [{"question_id": ids[0], "value": 4}, {"question_id": ids[1], "value": 0},
                           {"question_id": ids[2], "value": "ほっとしました"}]}
    path = f"/api/events/occurrences/{first}/feedback"
    status, body = await c.api.call("GET", path, token=a["access_token"])
    assert (status, body["feedback"]["answered"], len(body["feedback"]["questions"])) == (200, False, 3)
    status, mine = await c.api.call("GET", "/api/me/event-signups", token=a["access_token"])
    assert [f["occurrence_id"] for f in mine["feedback"]] == [first]
    assert (await c.api.call("POST", path, json=answers, token=a["access_token"]))[0] == 201
    status, body = await c.api.call("POST", path, json=answers, token=a["access_token"])
    assert (status, body["error"]["code"]) == (409, "EVENT_FEEDBACK_ANSWERED")
    status, body = await c.api.call("POST", path, json=answers, token=outsider["access_token"])
    assert (status, body["error"]["code"]) == (403, "EVENT_NOT_REGISTERED")
    bad = {"answers": [{"question_id": ids[0], "value": 6}]}
    status, body = await c.api.call("POST", path, json=bad, token=b["access_token"])
    assert (status, body["error"]["code"]) == (400, "INVALID")
    assert (await c.api.call("POST", path, json={"answers": [{"question_id": ids[0], "value": 2}]},
                             token=b["access_token"]))[0] == 201
    assert (await c.api.call("GET", "/api/me/event-signups", token=a["access_token"]))[1]["feedback"] == []
    assert (await c.api.call("GET", path, token=a["access_token"]))[1]["feedback"] == {
        "occurrence_id": first, "title_ja": "家族教室", "title_en": "Family class", "answered": True, "questions": []}
    async with c.app[keys.DB_SESSIONS]() as db:
        assert await db.scalar(select(func.count()).select_from(FeedbackToken)) == 2
        assert await db.scalar(select(func.count()).select_from(FeedbackAnswer)) == 4
    columns = {col.name for table in (FeedbackAnswer, FeedbackToken) for col in inspect(table).columns}
    assert not {"account_id", "created_at"} & columns
    status, body = await c.api.call("GET", f"/api/events/occurrences/{first}/report", token=staff["access_token"])
    report = body["report"]
    assert [q["answers"] for q in report["questions"]] == [2, 1, 1]
    assert report["questions"][0]["counts"] == [0, 1, 0, 1, 0]
    assert report["questions"][1]["counts"] == [1, 0] and report["questions"][2]["texts"] == ["ほっとしました"]
    # once answered, the questions cannot be replaced
    status, body = await c.api.call("PUT", f"/api/events/{event['id']}/questions", json={"questions": []},
                                    token=staff["access_token"])
    assert (status, body["error"]["code"]) == (409, "CONFLICT")


async def test_self_declaration_is_only_ones_own(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    event = await create_class(c, staff, audience="women", repeat="none", until_date=None)
    first = event["occurrences"][0]["id"]
    her = await family(c)
    status, body = await signup(c, her, first)
    assert (status, body["error"]["code"]) == (403, "EVENT_NOT_FOR_YOU")
    status, body = await c.api.call("PUT", "/api/me/event-audience", json={"woman": True}, token=her["access_token"])
    assert (status, body["audience"]) == (200, {"kind": "family", "woman": True})
    assert (await signup(c, her, first))[0] == 201
    status, body = await c.api.call("GET", f"/api/events/occurrences/{first}/signups", token=staff["access_token"])
    assert "woman" not in str(body)
    status, body = await c.api.call("PUT", "/api/me/event-audience", json={"woman": False}, token=her["access_token"])
    assert body["audience"]["woman"] is False


async def test_events_page_and_feed_without_javascript(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    event = await create_class(c, staff, description_ja="どなたでも<img src=x onerror=alert(1)>")
    await signup(c, await family(c), event["occurrences"][0]["id"])
    async with c.api.http.get(c.url + "/events") as resp:
        page = await resp.text()
        assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/html")
    assert "家族教室" in page and "4月4日(土) 14:00〜15:30" in page and "残り1席" in page
    assert "<img" not in page and "&lt;img src=x" in page and 'lang="ja"' in page  # text, never markup
    async with c.api.http.get(c.url + "/events?lang=en") as resp:
        english = await resp.text()
    assert "Family class" in english and "Sat 4 April, 14:00" in english and 'lang="en"' in english
    async with c.api.http.get(c.url + "/events.ics") as resp:
        assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/calendar")
        feed = Calendar.from_ical(await resp.read())
    starts = sorted(e["dtstart"].dt.isoformat() for e in feed.walk("VEVENT"))
    assert starts[0] == "2026-04-04T05:00:00+00:00" and len(starts) == 4


async def test_a_peer_supporter_plans_only_what_they_host(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    peer = await c.api.staff(c.app, "ひなた", "peer_supporter")
    hosted = await create_class(c, staff, title_ja="ピアの集い", kind="peer_meetup", audience="individuals",
                                hosts=[{"nickname": "ひなた", "role": "host"}])
    other = await create_class(c, staff)
    status, body = await c.api.call("GET", "/api/events/manage", token=peer["access_token"])
    assert (status, [e["id"] for e in body["events"]]) == (200, [hosted["id"]])
    status, body = await c.api.call("PATCH", f"/api/events/{hosted['id']}", json={"description_ja": "ゆっくりどうぞ"},
                                    token=peer["access_token"])
    assert (status, body["event"]["description_ja"]) == (200, "ゆっくりどうぞ") and "warning" not in body
    # contact details in an event's text: saved as written, the planner warned (never blocked)
    status, body = await c.api.call("PATCH", f"/api/events/{hosted['id']}", token=peer["access_token"],
                                    json={"description_ja": "ご質問は 03-1234-5678 まで"})
    assert (status, body["event"]["description_ja"]) == (200, "ご質問は 03-1234-5678 まで")
    assert body["warning"]["personal_info"] == ["phone"] and body["warning"]["message"]["ja"]
    status, body = await c.api.call("PATCH", f"/api/events/{hosted['id']}", token=peer["access_token"],
                                    json={"hosts": [{"nickname": "ひなた", "role": "host"}, {"nickname": "しおり", "role": "cohost"}]})
    assert (status, body["error"]["code"]) == (403, "FORBIDDEN")
    status, body = await c.api.call("PATCH", f"/api/events/{other['id']}", json={"capacity": 3}, token=peer["access_token"])
    assert (status, body["error"]["code"]) == (403, "EVENT_NOT_HOST")
    # a host must be a staff-class account: a visitor cannot be made one
    visitor = await family(c)
    status, body = await c.api.call("PATCH", f"/api/events/{hosted['id']}", token=staff["access_token"], json={
        "hosts": [{"nickname": visitor["account"]["nickname"], "role": "host"}]})
    assert (status, body["error"]["code"], body["error"]["detail"]["reason"]) == (400, "INVALID", "not_a_host")
    status, body = await c.api.call("GET", f"/api/events/{hosted['id']}")
    assert body["event"]["hosts"] == [{"nickname": "ひなた", "role": "host"}]
