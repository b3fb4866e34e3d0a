"""The ways into a live event (issue 13): the server-rendered /events page links each session
whose door is open to its live room (`/event/<id>`), says why not otherwise (sign up first,
the door opens at HH:MM Japan time), and agrees to the second with the room's own door. The
REST list says `door_open` by the server's clock (hosts 30 minutes earlier). SQLite and
PostgreSQL, on a FakeClock moved around the door time."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from server.core.clock import FakeClock
from tests.conftest import serving
from tests.integration.event_live_client import EventClient
from tests.integration.events_world import FAMILY_CLASS, NOW
from tests.integration.test_bookings_api import advance
from tests.integration.test_events_api import create_class, family, signup

SATURDAY_START = NOW + timedelta(days=3, hours=4)  # 2026-04-04 14:00 Tokyo = 05:00 UTC
DOOR = SATURDAY_START - timedelta(minutes=10)
DROP_IN = {**FAMILY_CLASS, "title_ja": "ふらっと交流会", "title_en": "Drop-in meetup", "audience": "everyone",
           "registration": "drop_in", "kind": "exchange", "start_time": "16:00", "repeat": "none", "until_date": None,
           "capacity": 5}


@pytest.fixture
async def clocked(db_url, tmp_path):
    async with serving(db_url, tmp_path, clock=FakeClock(NOW)) as live:
        yield live


async def page(c, lang: str = "ja") -> str:
    async with c.api.http.get(c.url + "/events" + ("?lang=en" if lang == "en" else "")) as resp:
        assert resp.status == 200
        return await resp.text()


def article(html: str, title: str, nth: int = 0) -> str:
    """The nth listed session of the event titled ``title``."""
    found = [m.group(0) for m in re.finditer(r"<article.*?</article>", html, re.S) if f">{title}</h3>" in m.group(0)]
    return found[nth]


def to(c, instant) -> None:
    c.clock.advance((instant - c.clock.now()).total_seconds())


async def test_the_page_links_to_the_live_room_only_while_its_door_is_open(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    event = await create_class(c, staff)
    first, second = (o["id"] for o in event["occurrences"][:2])
    drop_in = (await create_class(c, staff, **DROP_IN))["occurrences"][0]["id"]

    html = await page(c)
    assert "/event/" not in html  # no door is open days ahead
    assert '入口は 13:50 に開きます (日本時間)。' in article(html, "家族教室")
    assert '入口は 15:50 に開きます (日本時間)。' in article(html, "ふらっと交流会")
    english = await page(c, "en")
    assert "The door opens at 13:50 (Japan time)." in article(english, "Family class")

    to(c, DOOR - timedelta(seconds=1))
    assert f"/event/{first}" not in await page(c)

    to(c, DOOR)  # the door opens 10 minutes before the start: the link appears
    html = await page(c)
    first_card = article(html, "家族教室")
    assert f'href="/event/{first}"' in first_card and 'aria-label="申し込んだ方はこちらから入る: 家族教室"' in first_card
    assert "先にスペースの「催し」パネルで申し込んでください" in first_card  # why not, for who has not signed up
    assert f"/event/{second}" not in html  # next week's session stays closed
    assert "入口は 13:50 に開きます" in article(html, "家族教室", 1)
    assert f"/event/{drop_in}" not in html  # the drop-in starts two hours later
    english = article(await page(c, "en"), "Family class")
    assert f'href="/event/{first}"' in english and ">Enter (if you signed up)</a>" in english

    to(c, SATURDAY_START + timedelta(minutes=1))  # started: sign-up closed, so only signed-up people
    assert "始まったあとは申し込みができないため" in article(await page(c), "家族教室")

    to(c, SATURDAY_START + timedelta(hours=2, minutes=50))  # the drop-in's door: anyone while seats are free
    html = await page(c)
    card = article(html, "ふらっと交流会")
    assert f'href="/event/{drop_in}"' in card and ">入る</a>" in card and "申し込みをしていなくても" in card
    assert f"/event/{first}" not in html  # the family class has ended: no longer listed

    for _ in range(5):  # the drop-in fills up: the link stays for those who hold a seat
        await signup(c, await c.api.guest(), drop_in)
    card = article(await page(c), "ふらっと交流会")
    assert ">申し込んだ方はこちらから入る</a>" in card and "満席のため" in card


async def test_the_list_says_door_open_by_the_servers_clock_and_the_room_agrees(clocked):
    c = clocked
    staff = await c.api.staff(c.app, "しおり", "staff")
    event = await create_class(c, staff)
    first = event["occurrences"][0]["id"]
    mother = await family(c)
    stranger = await family(c)
    assert (await signup(c, mother, first))[0] == 201

    async def door(who) -> bool:
        status, body = await c.api.call("GET", "/api/events", token=who["access_token"] if who else None)
        assert status == 200
        return next(o for o in body["occurrences"] if o["id"] == first)["door_open"]

    # hosts may come in 30 minutes early to open the hall; attendees 10 minutes
    await advance(c, SATURDAY_START - timedelta(minutes=30) - c.clock.now(), staff, mother, stranger)
    assert (await door(staff), await door(mother), await door(None)) == (True, False, False)
    status, managed = await c.api.call("GET", "/api/events/manage", token=staff["access_token"])
    assert status == 200
    session = next(o for e in managed["events"] for o in e["occurrences"] if o["id"] == first)
    assert (session["is_host"], session["door_open"]) == (True, True)  # the console's "enter the room (host)"
    other = await c.api.staff(c.app, "みなと", "staff")  # staff who do not host it plan it, but get no host door
    status, managed = await c.api.call("GET", "/api/events/manage", token=other["access_token"])
    session = next(o for e in managed["events"] for o in e["occurrences"] if o["id"] == first)
    assert (session["is_host"], session["door_open"]) == (False, False)

    await advance(c, DOOR - timedelta(seconds=1) - c.clock.now(), staff, mother, stranger)
    refused = await EventClient(c.url, mother, first).connect()
    try:
        reply = await refused.call("event:enter")
        assert (await door(mother), reply["ok"], reply["error"]["code"]) == (False, False, "EVENT_DOOR_CLOSED")
    finally:
        await refused.close()

    await advance(c, DOOR - c.clock.now(), staff, mother, stranger)
    assert await door(mother) and await door(None) and await door(stranger)
    inside, outsider = await EventClient(c.url, mother, first).connect(), await EventClient(c.url, stranger, first).connect()
    try:
        assert (await inside.call("event:enter"))["ok"] is True  # the link's promise holds for who signed up
        reply = await outsider.call("event:enter")  # and the page's "sign up first" is the room's answer too
        assert (reply["ok"], reply["error"]["code"]) == (False, "EVENT_NOT_REGISTERED")
    finally:
        await inside.close()
        await outsider.close()

    await advance(c, SATURDAY_START + timedelta(minutes=90) - c.clock.now(), staff, mother, stranger)
    status, body = await c.api.call("GET", "/api/events")
    assert first not in {o["id"] for o in body["occurrences"]}  # ended: gone from the list
