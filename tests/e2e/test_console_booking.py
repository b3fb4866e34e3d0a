"""A specialist publishes a time in the console, a visitor books it through the booking
dialog module, and the specialist hears of it live (a notice, no reload) and sees the booking
in "today" and "bookings"; when the visitor then cancels, that is heard live too."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from server.http.middlewares import content_security_policy
from tests.e2e.conftest import screenshot
from tests.e2e.rest import rest

TOKYO = ZoneInfo("Asia/Tokyo")

# A host page for the booking module, served on the server's origin by Playwright (so the
# module, the API and the strict CSP are all real) without shipping a demo page.
HOST_HTML = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>booking host</title>
<script type="module" src="/__e2e/host.js"></script></head>
<body><main><h1>居場所</h1><button id="open" type="button" disabled>相談を予約する</button><div id="host"></div></main></body></html>"""
HOST_JS = """import { mountBooking } from "/static/ui/booking.js";
const response = await fetch("/api/auth/guest", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
const guest = await response.json();
window.__guest = guest.account;
window.__cancel = (id) => fetch(`/api/bookings/${id}/cancel`, {
  method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${guest.access_token}` },
  body: JSON.stringify({ reason: "changed_plans" }),
}).then((r) => r.status);
const open = document.getElementById("open");
open.addEventListener("click", () => mountBooking(document.getElementById("host"), {
  token: () => guest.access_token, lang: "ja", onBooked: (b) => { window.__booked = b; },
}));
open.disabled = false;
"""


def serve_host_page(page, base_url: str) -> None:
    page.route(base_url + "/__e2e/booking", lambda route: route.fulfill(
        status=200, body=HOST_HTML, content_type="text/html; charset=utf-8", headers={"Content-Security-Policy": content_security_policy(base_url)}))
    page.route(base_url + "/__e2e/host.js", lambda route: route.fulfill(
        status=200, body=HOST_JS, content_type="text/javascript; charset=utf-8"))


def a_window() -> tuple[str, str, str, bool]:
    """A one-off window starting 20-25 minutes from now (Tokyo), or tomorrow morning when
    today is nearly over. Returns (date, start, end, is_today)."""
    now = datetime.now(TOKYO)
    start = now + timedelta(minutes=20)
    start = start.replace(minute=start.minute - start.minute % 5, second=0, microsecond=0) + timedelta(minutes=5)
    if start.date() != now.date() or start.hour >= 23:
        tomorrow = now.date() + timedelta(days=1)
        return tomorrow.isoformat(), "10:00", "11:00", False
    end = start + timedelta(minutes=60)
    end_text = "24:00" if end.date() != start.date() else end.strftime("%H:%M")
    return start.date().isoformat(), start.strftime("%H:%M"), end_text, True


def sign_in(page, base_url: str) -> None:
    page.goto(base_url + "/console")
    page.get_by_label("ニックネーム").fill("デモ心理士")
    page.get_by_label("あいことば").fill("demo-specialist-pass")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("navigation", name="コンソールのメニュー").wait_for()


def test_publish_book_and_see_it(live_server, new_context):
    day, start, end, is_today = a_window()
    console = new_context().new_page()
    errors: list[str] = []
    console.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(console, live_server.url)
    # the desk section is named once (the section's heading), not twice
    console.get_by_role("link", name="相談デスク").click()
    console.locator(".cd-panel").wait_for()
    expect(console.get_by_role("heading", name="相談デスク", exact=True)).to_have_count(1)

    # 1. the specialist publishes a one-off window
    console.get_by_role("link", name="相談できる時間").click()
    console.get_by_role("heading", name="時間を追加").wait_for()
    form = console.locator("form.rule-form")
    form.get_by_label("一度だけ").check()
    assert form.get_by_label("曜日").is_hidden()
    form.get_by_label("日付").fill(day)
    form.get_by_label("開始").fill(start)
    form.get_by_label("終了").fill("00:00" if end == "24:00" else end)
    form.get_by_label("1回の長さ（分）").fill("30")
    form.get_by_label("相談の間の休み（分）").fill("0")
    form.get_by_label("予約の締め切り（何時間前まで）").fill("0")
    form.get_by_role("button", name="保存").click()
    console.locator(".rule-text", has_text=f"（一度だけ） {start}–{end}").wait_for()
    assert console.locator(".preview .pill").count() >= 1
    screenshot(console, "console-availability")

    console.evaluate("window.__sameLoad = true")  # gone if the console reloads

    # 2. a visitor opens the booking dialog and books the first time
    visitor = new_context().new_page()
    visitor.on("pageerror", lambda exc: errors.append(str(exc)))
    serve_host_page(visitor, live_server.url)
    visitor.goto(live_server.url + "/__e2e/booking")
    visitor.locator("#open:not([disabled])").click()
    dialog = visitor.get_by_role("dialog", name="相談の予約")
    dialog.wait_for()
    dialog.locator(".ib-guest").wait_for()  # a guest is told how to keep the booking
    first = dialog.locator(".ib-slot label", has_text="デモ心理士").first
    first.wait_for()
    first.click()
    dialog.get_by_label("ひとこと（任意・500文字まで）").fill("はじめてです。文字で話せたらうれしいです。")
    screenshot(visitor, "booking-dialog")
    dialog.get_by_role("button", name="この時間で予約する").click()
    dialog.get_by_role("heading", name="予約しました。").wait_for()
    booked = visitor.evaluate("window.__booked")
    assert booked["status"] == "booked" and booked["note"] == "はじめてです。文字で話せたらうれしいです。"
    with visitor.expect_download() as download:
        dialog.locator(".ib-done").get_by_role("button", name="カレンダー用ファイル（.ics）を保存").click()
    ics = open(download.value.path(), encoding="utf-8").read()
    assert "BEGIN:VCALENDAR" in ics and "BEGIN:VALARM" in ics and "はじめてです" not in ics
    dialog.locator(".ib-mine .ib-booking").first.wait_for()
    screenshot(visitor, "booking-done")
    guest_nickname = visitor.evaluate("window.__guest.nickname")

    # keyboard: Escape closes the dialog and gives focus back to the opener
    visitor.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert visitor.evaluate("document.activeElement.id") == "open"

    # 3. the specialist's console, still on "availability", hears of it live (no reload)
    notices = console.get_by_role("region", name="お知らせ")
    notices.get_by_text(f"新しい予約: {guest_nickname}さん").wait_for()
    assert console.evaluate("window.__sameLoad") is True
    screenshot(console, "console-notice")

    # and sees it in its lists
    if is_today:
        console.get_by_role("link", name="今日の相談").click()
        card = console.locator("article.booking", has_text=guest_nickname)
        card.wait_for()
        assert "はじめてです。" in card.inner_text()
        screenshot(console, "console-today")
    console.get_by_role("link", name="予約").click()
    card = console.locator("article.booking", has_text=guest_nickname)
    card.wait_for()
    assert "予約中" in card.inner_text()
    screenshot(console, "console-bookings")

    # the visitor's slot is gone from what others are offered
    slots = visitor.request.get(live_server.url + f"/api/availability?from={day}").json()["slots"]
    assert booked["starts_at"] not in [s["starts_at"] for s in slots]

    # 4. the visitor cancels: the console, now on "bookings", hears that live as well
    assert visitor.evaluate(f"window.__cancel({booked['id']!r})") == 200
    notices.get_by_text(f"予約が取り消されました: {guest_nickname}さん").wait_for()
    assert notices.locator("li").first.get_attribute("data-event") == "booking:cancelled"
    assert console.evaluate("window.__sameLoad") is True
    screenshot(console, "console-notice-cancelled")
    assert errors == []


def test_console_refuses_visitors(live_server, new_context):
    # A kept visitor (moderators now have their own sections: test_moderation_warning.py)
    status, guest = rest(live_server.url, "POST", "/api/auth/guest", body={})
    assert status == 201, guest
    status, kept = rest(live_server.url, "POST", "/api/auth/keep", token=guest["access_token"],
                        body={"nickname": "コンソールはまだ", "passphrase": "a calm long passphrase"})
    assert status == 201, kept
    page = new_context().new_page()
    page.goto(live_server.url + "/console")
    page.get_by_label("ニックネーム").fill("コンソールはまだ")
    page.get_by_label("あいことば").fill("a calm long passphrase")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("alert").filter(has_text="専門職・スタッフ向け").wait_for()
    assert page.get_by_role("navigation").count() == 0
