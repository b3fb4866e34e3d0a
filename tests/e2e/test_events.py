"""Exchange events in Chromium: a staff member creates a weekly family class in the console's
Events section; a family member finds it in the space's events panel and signs up with one
click (no contact data); the host sees the nickname in the console, nobody else does."""
from __future__ import annotations

import re

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.event_steps import console_events, fill_weekly_family_class
from tests.e2e.rest import rest

TOKYO = ZoneInfo("Asia/Tokyo")
TITLE = "家族教室 (30代の方のご家族)"


def next_saturday() -> datetime:
    today = datetime.now(TOKYO).date()
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7)


def test_staff_plans_a_weekly_family_class_and_a_family_member_signs_up(live_server, new_context):
    first = next_saturday()
    staff_page = new_context().new_page()
    console_events(staff_page, live_server.url)
    form = fill_weekly_family_class(staff_page, TITLE, first, "14:00", minutes=90, weeks=3)
    form.get_by_label("題名 (英語・任意)").fill("Family class (families of people in their 30s)")
    form.get_by_label("説明 (日本語・Markdown)").fill("**はじめての方も**どうぞ。聞いているだけでも大丈夫です。")
    screenshot(staff_page, "console-events-form")
    form.get_by_role("button", name="作成する").press("Enter")  # the keyboard is enough
    card = staff_page.locator("article.event-card", has_text=TITLE)
    expect(card).to_be_visible()
    expect(card.locator("li.session")).to_have_count(4)
    expect(card).to_contain_text("毎週")
    screenshot(staff_page, "console-events-list")

    # A family member, in the space
    context = new_context()
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="見てまわる").click()
    page.locator("#open-settings").click()
    settings = page.locator("#settings-dialog")
    settings.locator("input[name=kind][value=family]").check()
    expect(settings.locator("#pref-event-woman")).to_be_visible()
    screenshot(page, "space-settings-event-audience")
    settings.locator("#settings-close").click()
    section = page.locator("#events-section")
    section.get_by_role("heading", name="催し").wait_for()
    assert page.locator("dialog[open]").count() == 0  # nothing opens by itself
    section.get_by_role("button", name="これからの催しを見る").click()
    dialog = page.locator("dialog.events-dialog")
    item = dialog.locator("li.event-item", has_text=TITLE).first
    expect(item).to_contain_text("ご家族むけ")
    expect(item.locator("strong")).to_have_text("はじめての方も")  # the sanitised Markdown
    item.get_by_role("button", name=f"申し込む: {TITLE}").click()
    expect(dialog.locator(".events-status")).to_contain_text("申し込みました")
    signed_up = dialog.locator("li.event-item", has_text=TITLE).first
    expect(signed_up).to_contain_text("申し込み済み")
    # signed up: the way into the live room is there (its door opens 10 minutes before)
    enter = signed_up.get_by_role("link", name=f"会場に入る: {TITLE}")
    expect(enter).to_have_attribute("href", re.compile(r"^/event/[0-9a-f]+$"))
    screenshot(page, "space-events-signed-up")
    page.keyboard.press("Escape")
    expect(dialog).not_to_be_visible()

    # The sign at the event hall: walk there, and it offers the same list (it opens nothing itself)
    page.get_by_role("button", name="そこへ行く: イベントホール").click()
    sign = page.locator(".hall-sign-read")
    expect(sign).to_be_visible(timeout=30000)
    assert page.locator("dialog[open]").count() == 0
    screenshot(page, "space-hall-sign")
    sign.click()
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")

    # The host sees the nickname in the console; the public list shows only a seat count
    staff_page.reload()
    card = staff_page.locator("article.event-card", has_text=TITLE)
    card.locator("li.session").first.get_by_role("button", name="申し込み:").click()
    expect(card.locator(".session-detail").first).to_contain_text("申し込み (1/12)")
    screenshot(staff_page, "console-events-signups")
    nickname = card.locator(".session-detail ul.names li").first.inner_text().strip()
    assert nickname
    status, listed = rest(live_server.url, "GET", "/api/events")
    assert status == 200
    assert nickname not in str(listed)
    assert any(o["event"]["title_ja"] == TITLE and o["seats_left"] == 11 for o in listed["occurrences"])


def test_the_events_page_reads_without_javascript(live_server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/events")
    expect(page.get_by_role("heading", level=1, name="催し")).to_be_visible()
    expect(page.get_by_role("link", name="カレンダーに追加 (.ics)")).to_have_attribute("href", "/events.ics")
    expect(page.locator("article.event").first).to_be_visible()  # the class planned above
    screenshot(page, "events-page-no-js")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1, name="Events")).to_be_visible()
    screenshot(page, "events-page-no-js-en")


def test_a_waitlisted_family_member_is_told_in_the_space_when_a_seat_frees(live_server, new_context):
    base = live_server.url
    status, staff = rest(base, "POST", "/api/auth/login", body={"nickname": "デモ相談員", "passphrase": "demo-staff-pass"})
    assert status == 200, staff
    first = next_saturday() + timedelta(days=7)
    status, made = rest(base, "POST", "/api/events", staff["access_token"], {
        "title_ja": "少人数の交流会", "kind": "exchange", "audience": "everyone", "registration": "required",
        "place": "hall", "capacity": 1, "first_date": first.isoformat(), "start_time": "19:00", "duration_minutes": 60})
    assert status == 201, made
    session = made["event"]["occurrences"][0]["id"]
    status, other = rest(base, "POST", "/api/auth/guest", body={})
    assert status == 201
    assert rest(base, "POST", f"/api/events/occurrences/{session}/signup", other["access_token"], {})[0] == 201

    page = new_context().new_page()
    page.goto(base + "/")
    page.get_by_role("button", name="見てまわる").click()
    page.locator("#events-section").get_by_role("button", name="これからの催しを見る").click()
    dialog = page.locator("dialog.events-dialog")
    item = dialog.locator("li.event-item", has_text="少人数の交流会")
    expect(item).to_contain_text("満席")
    item.get_by_role("button", name="キャンセル待ちに入る: 少人数の交流会").click()
    expect(dialog.locator(".events-status")).to_contain_text("キャンセル待ちに入りました")
    expect(item).to_contain_text("キャンセル待ち 1番目")
    page.keyboard.press("Escape")

    # the person holding the seat cancels: the waiting one is told at once, quietly
    assert rest(base, "POST", f"/api/events/occurrences/{session}/cancel-signup", other["access_token"], {})[0] == 200
    expect(page.get_by_text("席が空いたので「少人数の交流会」")).to_be_visible(timeout=10000)
    assert page.locator("dialog[open]").count() == 0  # a notice, nothing opened
    screenshot(page, "space-events-promoted")
