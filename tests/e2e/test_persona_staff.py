"""Persona walks, the people who work here (issue 15, "Tests"): a specialist whose laptop is
set to UTC, and a staff member on desk duty. One pass each, asserting the fixed behaviour on
the way, photographed at 1280x800 and 390x844 (tests/e2e/persona_walk.py), with no
JavaScript error."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.persona_walk import Walk, assert_no_grey_buttons, log_in_on_landing, sign_in_console, token_for
from tests.e2e.rest import rest
from tests.e2e.test_console_cases import PERSON, person_with_a_case
from tests.e2e.test_consult_voice import book_now

TOKYO = ZoneInfo("Asia/Tokyo")
ALWAYS = {"weekly": [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]}


def test_a_specialists_day_in_a_utc_browser(live_server, new_context):
    base = live_server.url
    person_token = person_with_a_case(base)
    status, me = rest(base, "GET", "/api/me", person_token)
    assert status == 200, me
    # a session that began ten minutes ago (written into the database: only its time matters)
    booking_id = book_now(live_server.env["IBASHO_DATA_DIR"], me["account"]["id"], "デモ心理士",
                          starts_in=timedelta(minutes=-10))
    status, listed = rest(base, "GET", "/api/bookings?side=person", person_token)
    starts_at = next(b["starts_at"] for b in listed["bookings"] if b["id"] == booking_id)
    japan_clock = datetime.fromisoformat(starts_at.replace("Z", "+00:00")).astimezone(TOKYO).strftime("%H:%M")

    walk = Walk(new_context, "specialist", timezone_id="UTC")
    page = walk.page
    sign_in_console(page, base, "デモ心理士", "demo-specialist-pass")
    expect(page.locator(".zone-note")).to_have_text("時刻はすべて日本時間で表示しています。")
    walk.shoot("console")

    # The session under way: marked as held; "did not come" is then not offered, and refused.
    page.get_by_role("link", name="予約", exact=True).click()
    card = page.locator("article.booking", has_text=PERSON)
    expect(card).to_contain_text(japan_clock)
    expect(card.get_by_role("button", name="来られなかった")).to_be_visible()
    assert_no_grey_buttons(page, "main")
    walk.shoot("session-under-way")
    card.get_by_role("button", name="実施済みにする").click()
    expect(card).to_contain_text("実施済み")
    expect(card.get_by_role("button", name="来られなかった")).to_have_count(0)
    walk.shoot("session-held")
    specialist = token_for(base, "デモ心理士", "demo-specialist-pass")
    status, body = rest(base, "POST", f"/api/bookings/{booking_id}/no-show", specialist)
    assert status == 409 and body["error"]["detail"]["reason"] == "completed_to_no_show", body
    status, body = rest(base, "GET", "/api/bookings?side=person", person_token)
    assert [b["status"] for b in body["bookings"] if b["id"] == booking_id] == ["completed"]

    # Case records: the case of the person, its forms in the console's look (no browser grey).
    page.get_by_role("link", name="ケース記録").click()
    page.get_by_role("button", name=PERSON).first.click()
    expect(page.get_by_role("button", name="メモを追加（あとから消せません）")).to_be_visible()
    assert_no_grey_buttons(page, "main")
    expect(page.locator("main")).to_contain_text("公認心理師・臨床心理士")  # one name per profession
    walk.shoot("case")

    # Letters: writing to the person, the same calm form.
    page.get_by_role("link", name="手紙").click()
    page.get_by_role("button", name="手紙を書く").click()
    assert_no_grey_buttons(page, "main")
    walk.shoot("letter-form")
    walk.assert_clean()


def test_a_staff_members_desk_duty(live_server, new_context):
    base = live_server.url
    token = token_for(base, "デモ相談員", "demo-staff-pass")
    status, body = rest(base, "PUT", "/api/desk/hours", token, ALWAYS)
    assert status == 200, body
    walk = Walk(new_context, "staff")
    page = walk.page

    # Signed in on the landing like everyone else, staff find their console from the space.
    log_in_on_landing(page, base, "デモ相談員", "demo-staff-pass")
    link = page.locator("#support-section").get_by_role("link", name="スタッフのコンソールを開く")
    expect(link).to_have_attribute("href", "/console", timeout=15000)
    walk.shoot("space-with-console-link")
    link.click()
    expect(page).to_have_url(base + "/console")
    menu = page.get_by_role("navigation", name="コンソールのメニュー")
    sign_in = page.get_by_role("button", name="ログイン")
    menu.or_(sign_in).wait_for()
    if sign_in.is_visible():
        walk.shoot("console-asks-to-sign-in")
        page.get_by_label("ニックネーム").fill("デモ相談員")
        page.get_by_label("あいことば").fill("demo-staff-pass")
        sign_in.click()
    menu.wait_for()
    page.get_by_role("link", name="相談デスク").click()
    expect(page.get_by_role("heading", name="相談デスク", exact=True)).to_have_count(1)
    page.get_by_role("radio", name="対応できる").check()
    page.locator(".cd-desk-line", has_text="受付中").wait_for()
    walk.shoot("desk-on-duty")

    # Someone knocks at the desk; staff take the chat.
    visitor = walk.open(viewport={"width": 390, "height": 844})
    visitor.goto(base + "/desk")
    visitor.get_by_role("button", name="相談デスクに話しかける").click()
    visitor.get_by_role("heading", name="順番: 次です").wait_for()
    # the standalone /desk keeps the panel's own card (only the space's dialog drops it)
    assert visitor.locator(".dk-panel").evaluate("p => getComputedStyle(p).boxShadow") != "none"
    page.locator(".cd-queue-item").first.wait_for()
    page.get_by_role("button", name="次の方と話す").click()
    chat = page.locator(".cd-chat").first
    chat.get_by_role("textbox", name="メッセージ", exact=True).fill("こんばんは。デモ相談員です。ゆっくりで大丈夫です。")
    chat.get_by_role("button", name="送る").click()
    visitor.get_by_text("ゆっくりで大丈夫です").wait_for()
    visitor.get_by_role("textbox", name="メッセージ", exact=True).fill("眠れない日が続いていて")
    visitor.get_by_role("button", name="送る").click()
    chat.locator(".cd-line-visitor", has_text="眠れない日").wait_for()
    # the report button on staff's line is small and styled on /desk too (it was a grey bar)
    report = visitor.locator(".dk-line-staff .msg-report").first
    expect(report).to_be_visible()
    assert report.bounding_box()["width"] < visitor.locator(".dk-line-staff").first.bounding_box()["width"] / 2
    assert_no_grey_buttons(visitor)
    walk.shoot("desk-chat")
    walk.shoot("visitor-chat", visitor)

    # Staff end it: the person's words stay on their screen, read-only, until they close them.
    chat.get_by_role("button", name="お話を終える").click()
    visitor.get_by_text("スタッフがお話を終えました。").wait_for()
    expect(visitor.locator(".dk-line-mine", has_text="眠れない日")).to_be_visible()
    expect(visitor.get_by_role("textbox", name="メッセージ", exact=True)).to_be_hidden()
    # nothing says the talk goes on: the heading is in the past, the counter gone
    expect(visitor.get_by_role("heading", name="デモ相談員さんとのお話")).to_be_visible()
    expect(visitor.locator(".dk-chat .dk-count")).to_be_hidden()
    page.get_by_text("いまお話ししている方はいません。").wait_for()
    walk.shoot("desk-after-chat")
    walk.shoot("visitor-after-chat", visitor)
    visitor.get_by_role("button", name="会話を閉じる").click()
    expect(visitor.locator(".dk-line-mine", has_text="眠れない日")).to_be_hidden()
    walk.assert_clean()
