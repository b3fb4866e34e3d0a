"""The hall of the space during a live event (issue 13), in Chromium: a signed-up person walks
into the event hall, its sign says what is on now and offers to go in (nothing opens by
itself); E opens the live room as a panel, the person enters without a name and nothing asks
for a microphone; meanwhile their avatar is gone from the map, so a bystander in the hall
does not see who attends (the bystander, not signed up, is told why they can't go in and is
offered no way in); "back to the space" leaves the event and returns to the hall.

The live room's voice is not started here, but run it like the other event tests, in a
loopback-only namespace:
    unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m pytest tests/e2e/test_event_hall.py'
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.event_steps import console_events
from tests.e2e.test_event_live import event_starting_soon
from tests.e2e.test_space import assert_calm, enter_as_guest, open_page, person_row

pytestmark = [pytest.mark.e2e]


def walk_to_hall(page) -> None:
    page.get_by_role("button", name="そこへ行く: イベントホール").click()
    expect(page.locator("#here-name")).to_have_text("イベントホール", timeout=30000)


def test_a_signed_up_person_enters_the_live_event_from_the_hall_and_comes_back(live_server, new_context):
    base = live_server.url
    attendee, bystander = open_page(new_context), open_page(new_context)
    her = enter_as_guest(attendee, base)
    other = enter_as_guest(bystander, base)
    event_starting_soon(live_server.env["IBASHO_DATA_DIR"], her)  # door open, she is signed up

    walk_to_hall(attendee)
    sign = attendee.locator("section.hall-sign")
    expect(sign).to_be_visible()
    expect(sign.get_by_role("heading", name="イベントホールの案内")).to_be_visible()
    expect(sign.locator(".hall-sign-now")).to_contain_text(re.compile(r"いま: 家族のつどい \(\d\d:\d\d–\d\d:\d\d\)"))
    enter = sign.get_by_role("button", name="「家族のつどい」に入る")
    expect(enter).to_be_visible()
    expect(sign).to_contain_text("入っているあいだ、あなたのアバターはマップに出ません")
    expect(attendee.locator("#announcer")).to_contain_text("いま「家族のつどい」の入口が開いています", timeout=5000)
    attendee.wait_for_timeout(500)
    assert attendee.locator("dialog[open]").count() == 0  # an offer only: never joined by itself
    screenshot(attendee, "hall-sign-live")

    walk_to_hall(bystander)  # someone else in the hall, not signed up
    bystander_sign = bystander.locator("section.hall-sign")
    expect(bystander_sign).to_contain_text("申し込んだ方が入れます")
    expect(bystander_sign.get_by_role("button", name=re.compile("に入る$"))).to_have_count(0)
    expect(person_row(bystander, her)).to_be_visible(timeout=10000)  # she stands in the hall, like anyone
    screenshot(bystander, "hall-sign-not-signed-up")

    # E on the map opens the room as a panel; entering is one more, explicit step at its door
    attendee.locator("#map").focus()
    attendee.keyboard.press("e")
    room = attendee.get_by_role("dialog", name="催しの会場")
    expect(room).to_be_visible()
    room.get_by_role("button", name="会場に入る").click()
    expect(room.get_by_text("いま 1 人が参加しています")).to_be_visible(timeout=10000)
    expect(room.get_by_role("button", name="声を聞く")).to_be_visible()
    screenshot(attendee, "hall-event-room-panel")

    # while she is inside, the map does not show her: the bystander cannot tell who attends
    expect(person_row(bystander, her)).to_have_count(0, timeout=10000)
    expect(attendee.locator("#map")).to_have_attribute("data-in-event", re.compile(".+"))

    # back to the space: she leaves the event and stands in the hall again
    room.get_by_role("button", name="スペースにもどる").click()
    expect(attendee.locator("dialog[open]")).to_have_count(0)
    expect(attendee.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    expect(attendee.locator("#map")).to_be_focused()
    expect(attendee.locator("#here-name")).to_have_text("イベントホール")
    expect(person_row(bystander, her)).to_be_visible(timeout=10000)
    assert other != her

    # the events panel's way in opens the same panel over the map (not another page)
    attendee.locator("#events-section").get_by_role("button", name="これからの催しを見る").click()
    attendee.locator("dialog.events-dialog").get_by_role("link", name="会場に入る: 家族のつどい").click()
    expect(attendee.get_by_role("dialog", name="催しの会場")).to_be_visible()
    expect(attendee).to_have_url(re.compile(r"/$"))
    expect(person_row(bystander, her)).to_have_count(0, timeout=10000)
    attendee.get_by_role("dialog", name="催しの会場").get_by_role("button", name="スペースにもどる").click()
    expect(attendee.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    assert_calm(attendee)  # no microphone, no permission prompt, at any step
    assert_calm(bystander)


def test_the_events_page_leads_into_the_open_room_and_the_console_lets_its_host_in(live_server, new_context):
    base = live_server.url
    # a signed-up person (the space keeps her sign-in) finds the way in on /events
    page = open_page(new_context)
    her = enter_as_guest(page, base)
    occurrence = event_starting_soon(live_server.env["IBASHO_DATA_DIR"], her)
    page.goto(base + "/events")
    card = page.locator(f"article.event:has(a[href='/event/{occurrence}'])")  # the module's server has others
    way_in = card.get_by_role("link", name="申し込んだ方はこちらから入る: 家族のつどい")
    expect(way_in).to_have_attribute("href", f"/event/{occurrence}")
    expect(card).to_contain_text("入口が開いています。")
    screenshot(page, "events-page-door-open")
    way_in.click()
    expect(page).to_have_url(f"{base}/event/{occurrence}")
    page.get_by_role("button", name="会場に入る").click()
    expect(page.get_by_text("いま 1 人が参加しています")).to_be_visible(timeout=10000)
    assert_calm(page)

    # without JavaScript the same link is there (the room itself needs JavaScript, and says so)
    plain = new_context(java_script_enabled=False).new_page()
    plain.goto(base + "/events?lang=en")
    expect(plain.locator(f"article.event:has(a[href='/event/{occurrence}'])").get_by_role(
        "link", name="Enter (if you signed up): Family gathering")).to_be_visible()

    # the host opens the room from the console's session row (30 minutes early at most)
    host = new_context().new_page()
    console_events(host, base)
    event_card = host.locator(f"li.session:has(button[data-occurrence='{occurrence}'])")
    open_room = event_card.locator("button.room-link")
    expect(open_room).to_have_accessible_name(re.compile(r"^会場に入る \(主催\): "))
    expect(open_room).to_have_attribute("aria-expanded", "false")
    open_room.click()
    expect(open_room).to_have_attribute("aria-expanded", "true")
    expect(open_room).to_have_accessible_name(re.compile(r"^会場を出る: "))
    event_card.get_by_role("button", name="会場に入る").click()
    expect(event_card.get_by_role("heading", name="主催者の操作")).to_be_visible(timeout=10000)
    expect(event_card.get_by_text("主催: デモ相談員")).to_be_visible()
    screenshot(host, "console-host-in-the-room")
    # the attendee sees the host arrive (hosts are public); never the other way round for attendees
    expect(page.get_by_text("主催: デモ相談員")).to_be_visible(timeout=10000)
    open_room.click()
    expect(event_card.get_by_role("heading", name="主催者の操作")).to_have_count(0)
    expect(page.get_by_text("主催者はまだ来ていません")).to_be_visible(timeout=10000)
