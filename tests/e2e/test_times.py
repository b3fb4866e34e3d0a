"""Times read on the operator's clock, whatever the browser's zone (issue 15 item 9): a person
whose phone is set to UTC reads a letter's time in Japan time, named as such; a specialist
in a UTC browser is told once, under the console section's title."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.rest import rest
from tests.e2e.test_console_cases import PERSON, login, person_with_a_case, sign_in

TOKYO = ZoneInfo("Asia/Tokyo")


def tokyo_clock(iso: str) -> str:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(TOKYO).strftime("%H:%M")


def test_a_letter_in_a_utc_browser_shows_japan_time_with_its_name(live_server, new_context):
    base = live_server.url
    person_token = person_with_a_case(base)
    status, me = rest(base, "GET", "/api/me", person_token)
    assert status == 200 and me["timezone"] == "Asia/Tokyo"
    specialist = login(base, "デモ心理士", "demo-specialist-pass")
    status, sent = rest(base, "POST", "/api/letters", specialist,
                        {"recipient_id": me["account"]["id"], "subject": "この前のお話のこと", "body": "また書きますね。"})
    assert status == 201, sent
    letter = sent.get("letter", sent)
    clock = tokyo_clock(letter["created_at"])

    page = new_context(timezone_id="UTC").new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "/")
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "UTC"
    page.get_by_role("button", name="ニックネームで入る").click()
    page.locator("#login-nickname").fill(PERSON)
    page.locator("#login-passphrase").fill("a calm passphrase")
    page.locator("#login-form").get_by_role("button", name="入る").click()
    page.locator("#support-section").get_by_role("button", name="手紙").click()
    letters = page.locator("dialog.cw-dialog")
    item = letters.get_by_role("button", name="この前のお話のこと")
    expect(item).to_contain_text(f"{clock}（日本時間）")
    screenshot(page, "times-letter-utc-browser")
    item.click()
    expect(letters.locator(".cw-meta").first).to_contain_text(f"{clock}（日本時間）")
    assert not errors

    # The specialist, also in UTC, reads the console's note once, in either language.
    console = new_context(timezone_id="UTC").new_page()
    sign_in(console, base, "デモ心理士", "demo-specialist-pass")
    expect(console.locator(".zone-note")).to_have_text("時刻はすべて日本時間で表示しています。")
    console.get_by_role("button", name="Switch to English").click()
    expect(console.locator(".zone-note")).to_have_text("All times are shown in Japan time.")


def test_a_browser_in_tokyo_sees_no_label(live_server, new_context):
    page = new_context(timezone_id="Asia/Tokyo").new_page()
    sign_in(page, live_server.url, "デモ心理士", "demo-specialist-pass")
    page.get_by_role("heading", level=2).first.wait_for()
    expect(page.locator("#section-title")).to_be_visible()
    assert page.locator(".zone-note").count() == 0
