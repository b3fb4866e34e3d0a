"""The caseload view over real HTTP on SQLite and PostgreSQL: a month of work done through the
app's own routes (bookings held, missed, left unmarked and cancelled; cases opened and seated;
letters answered and not), counted by hand, then read by an admin and by each specialist."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from server.core.clock import FakeClock
from tests.conftest import serving
from tests.integration.test_bookings_api import WEEKLY_MON, advance
from tests.integration.test_cases_api import relate
from tests.integration.test_letters_api import kept_person, send

NOW = datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)  # Wednesday 1 April, 10:00 in Tokyo


def monday(day: int, hour: int) -> str:
    """A Monday slot in April, given in Tokyo time, as the UTC instant the API takes."""
    return (datetime(2026, 4, day, hour, tzinfo=timezone.utc) - timedelta(hours=9)).strftime("%Y-%m-%dT%H:%M:%SZ")


async def person(api, nickname: str) -> dict:
    """A kept visitor, signed in afresh (the login carries a refresh token the clock needs)."""
    await kept_person(api, nickname)
    status, login = await api.call("POST", "/api/auth/login", json={"nickname": nickname, "passphrase": "a calm passphrase"})
    assert status == 200, login
    return login


async def ok(api, login, method, path, expect=200, **kw):
    status, body = await api.call(method, path, token=login["access_token"], **kw)
    assert status == expect, (path, body)
    return body


@pytest.fixture
async def month(db_url, tmp_path):
    """April as the app lived it, to Tuesday 14 April 12:00 in Tokyo. Hand count:
    あおい先生: held 2, no-show 1, unmarked 1, upcoming 1 (one more cancelled); cases 2 (both new);
              letters received 2, sent 2, one waiting (ふたり's). Load 5 + 2 + 2 = 9.
    みどり先生: no sessions; cases 2 (いつつ's, opened after a desk reply, and a seat on ひとり's);
              letters received 1, waiting 1. Load 3.
    しろ先生:   nothing this month. Load 0.     Median 3: あおい先生 carries much more."""
    async with serving(db_url, tmp_path, clock=FakeClock(NOW)) as c:
        api, app = c.api, c.app
        a = await api.staff(app, "あおい先生", "specialist", "psychologist")
        b = await api.staff(app, "みどり先生", "specialist", "public_health_nurse")
        quiet = await api.staff(app, "しろ先生", "specialist", "lawyer")
        cast = {"a": a, "b": b, "quiet": quiet,
                "admin": await api.staff(app, "かんり", "admin"), "staff": await api.staff(app, "まとめ役", "staff"),
                "moderator": await api.staff(app, "みまもり", "moderator"), "peer": await api.staff(app, "ピアさん", "peer_supporter"),
                }
        people = {name: await person(api, name) for name in ("ひとり", "ふたり", "みたり", "よったり", "いつつ")}
        cast.update(people)
        await ok(api, a, "POST", "/api/me/availability", 201, json=WEEKLY_MON)

        async def book(who, day, hour):
            body = await ok(api, people[who], "POST", "/api/bookings", 201,
                            json={"specialist_id": a["account"]["id"], "starts_at": monday(day, hour), "ends_at": monday(day, hour).replace(":00:00Z", ":50:00Z")})
            return body["booking"]["id"]

        first, missed = await book("ひとり", 6, 10), await book("ふたり", 6, 11)
        held_later, unmarked = await book("みたり", 13, 10), await book("ひとり", 13, 11)
        await book("よったり", 27, 10)
        withdrawn = await book("ふたり", 20, 10)
        await ok(api, people["ふたり"], "POST", f"/api/bookings/{withdrawn}/cancel", json={"reason": "not_up_to_it"})

        case_1 = (await ok(api, a, "POST", "/api/cases", 201, json={"person_id": people["ひとり"]["account"]["id"]}))["case"]
        await ok(api, a, "POST", "/api/cases", 201, json={"person_id": people["ふたり"]["account"]["id"]})
        await relate(api, b, people["いつつ"])
        await ok(api, b, "POST", "/api/cases", 201, json={"person_id": people["いつつ"]["account"]["id"]})
        await ok(api, cast["staff"], "POST", f"/api/cases/{case_1['id']}/assignees", json={"specialist_id": b["account"]["id"]})

        for sender, recipient in (("a", "ひとり"), ("ひとり", "a"), ("a", "ひとり"), ("ふたり", "a"), ("ひとり", "b")):
            status, body = await send(api, cast[sender], cast[recipient])
            assert status == 201, body
            c.clock.advance(60)  # each answer comes after the letter it answers

        logins = list(cast.values())
        await advance(c, datetime(2026, 4, 6, 3, tzinfo=timezone.utc) - c.clock.now(), *logins)  # Monday 6 April, 12:00
        await ok(api, a, "POST", f"/api/bookings/{first}/complete")
        await ok(api, a, "POST", f"/api/bookings/{missed}/no-show")
        await advance(c, datetime(2026, 4, 14, 3, tzinfo=timezone.utc) - c.clock.now(), *logins)  # Tuesday 14 April, 12:00
        await ok(api, a, "POST", f"/api/bookings/{held_later}/complete")
        assert unmarked  # 13 April 11:00 stays unmarked
        cast["guest"] = await api.guest()
        yield c, cast


def rows(body) -> dict:
    return {row["specialist"]["nickname"]: row for row in body["specialists"]}


async def test_an_admin_sees_every_specialist_heaviest_first_as_counted_by_hand(month):
    c, cast = month
    status, body = await c.api.call("GET", "/api/caseload?month=2026-04", token=cast["admin"]["access_token"])
    assert status == 200, body
    assert (body["month"], body["scope"], body["time_zone"], body["from"], body["to"], body["as_of"]) == (
        "2026-04", "everyone", "Asia/Tokyo", "2026-03-31T15:00:00Z", "2026-04-30T15:00:00Z", "2026-04-14T03:00:00Z")
    found = rows(body)
    assert list(found) == ["あおい先生", "みどり先生", "しろ先生"]
    assert found["あおい先生"] | {"specialist": None} == {
        "specialist": None, "load": 9, "heavier_than_most": True,
        "sessions": {"held": 2, "upcoming": 1, "no_show": 1, "unmarked": 1},
        "cases": {"open": 2, "new": 2}, "letters": {"received": 2, "sent": 2, "waiting": 1}}
    assert found["みどり先生"] | {"specialist": None} == {
        "specialist": None, "load": 3, "heavier_than_most": False,
        "sessions": {"held": 0, "upcoming": 0, "no_show": 0, "unmarked": 0},
        "cases": {"open": 2, "new": 2}, "letters": {"received": 1, "sent": 0, "waiting": 1}}
    assert found["しろ先生"]["load"] == 0 and found["しろ先生"]["heavier_than_most"] is False
    assert found["しろ先生"]["specialist"] == {"id": cast["quiet"]["account"]["id"], "nickname": "しろ先生",
                                            "role": "specialist", "profession": "lawyer"}
    assert body["median_load"] == 3.0
    # Counts only: no person appears in the answer, by nickname or id.
    text = json.dumps(body, ensure_ascii=False)
    for name in ("ひとり", "ふたり", "みたり", "よったり", "いつつ"):
        assert name not in text and cast[name]["account"]["id"] not in text

    status, default = await c.api.call("GET", "/api/caseload", token=cast["admin"]["access_token"])
    assert status == 200 and default["month"] == "2026-04" and default["specialists"] == body["specialists"]
    status, march = await c.api.call("GET", "/api/caseload?month=2026-03", token=cast["admin"]["access_token"])
    assert status == 200 and march["as_of"] == "2026-03-31T15:00:00Z"
    assert [(r["specialist"]["nickname"], r["load"]) for r in march["specialists"]] == [
        ("あおい先生", 0), ("しろ先生", 0), ("みどり先生", 0)]  # equal loads by nickname


async def test_each_specialist_sees_only_their_own_row(month):
    c, cast = month
    for who, load, heavier in (("a", 9, True), ("b", 3, False), ("quiet", 0, False)):
        status, body = await c.api.call("GET", "/api/caseload?month=2026-04", token=cast[who]["access_token"])
        assert status == 200, body
        assert body["scope"] == "self" and "median_load" not in body
        assert [(r["specialist"]["id"], r["load"], r["heavier_than_most"]) for r in body["specialists"]] == [
            (cast[who]["account"]["id"], load, heavier)]


async def test_nobody_else_reads_a_caseload(month):
    c, cast = month
    for who, status, code in (("staff", 403, "FORBIDDEN"), ("moderator", 403, "FORBIDDEN"), ("peer", 403, "FORBIDDEN"),
                              ("guest", 403, "FORBIDDEN"), ("ひとり", 403, "FORBIDDEN"), (None, 401, "UNAUTHENTICATED")):
        got, body = await c.api.call("GET", "/api/caseload?month=2026-04", token=cast[who]["access_token"] if who else None)
        assert (got, body["error"]["code"]) == (status, code), who
        assert "specialists" not in body


BAD_MONTHS = [
    ("2026-13", "not_a_month"), ("9999-12", "out_of_range"), ("garbage", "not_a_month"), ("2026-4", "not_a_month"),
    ("1999-12", "out_of_range"), ("2026-04-01", "not_a_month"), ("%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-04", "not_a_month"),
    ("2026-04%00", "not_a_month"), ("x" * 3000, "not_a_month"),
]


async def test_a_bad_month_is_a_400_with_a_stable_code_in_japanese_and_english(running):
    admin = await running.api.staff(running.app, "かんり", "admin")
    specialist = await running.api.staff(running.app, "あおい先生", "specialist", "psychologist")
    for raw, reason in BAD_MONTHS:
        for who in (admin, specialist):
            status, body = await running.api.call("GET", f"/api/caseload?month={raw}", token=who["access_token"])
            assert status == 400, (raw, body)
            error = body["error"]
            assert (error["code"], error["field"], error["detail"]) == ("INVALID", "month", {"reason": reason}), raw
            assert error["message"]["ja"] and error["message"]["en"]
