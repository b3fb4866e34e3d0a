"""A moderator asks a person to leave an event session, in Chromium (issue 12, item 8): an
attendee reports a line of event chat from the room; the moderator claims the report in the
console and, from it, asks the author to leave with the preset words edited; the author's
room closes at once with those words (phone size) and its door stays shut; the act is a
sanction the person can appeal. No voice is used here (no microphone, no WebRTC)."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_event_live import event_for
from tests.e2e.test_moderation_suspended import quiet_server  # noqa: F401  (a fresh server for this test)
from tests.e2e.test_reports import console_login
from tests.e2e.test_space import assert_calm, open_page


def as_guest(page: Page, url: str) -> str:
    page.goto(url + "/")
    return page.evaluate("""async () => {
      const r = await fetch("/api/auth/guest", {method: "POST", headers: {"Content-Type": "application/json"}, body: "{}"});
      const body = await r.json();
      localStorage.setItem("ibasho.refresh_token", body.refresh_token);
      return body.account.id;
    }""")


def test_a_moderator_asks_the_author_of_a_reported_line_to_leave_the_session(quiet_server, new_context):  # noqa: F811
    url = quiet_server.url
    host, reporter = open_page(new_context), open_page(new_context)
    author = open_page(new_context, viewport={"width": 390, "height": 844})
    reporter_id, author_id = as_guest(reporter, url), as_guest(author, url)
    occurrence = event_for(quiet_server.env["IBASHO_DATA_DIR"], [reporter_id, author_id])
    host.goto(url + "/")
    host.evaluate("""async () => {
      const r = await fetch("/api/auth/login", {method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({nickname: "デモ相談員", passphrase: "demo-staff-pass"})});
      localStorage.setItem("ibasho.refresh_token", (await r.json()).refresh_token);
    }""")
    host.goto(f"{url}/event/{occurrence}")
    host.get_by_role("button", name="会場に入る").click()
    host.get_by_role("heading", name="主催者の操作").wait_for()
    host.get_by_label("みんなに").check()
    for page in (reporter, author):
        page.goto(f"{url}/event/{occurrence}")
        page.get_by_role("button", name="会場に入る").click()
        expect(page.locator("#ev-say")).to_be_enabled(timeout=10000)

    author.locator("#ev-say").fill("こんな会、意味ないでしょ")
    author.get_by_role("button", name="送る").click()
    line = reporter.locator(".ev-line").filter(has_text="こんな会、意味ないでしょ")
    expect(line).to_be_visible(timeout=10000)
    expect(author.locator(".ev-line").filter(has_text="こんな会、意味ないでしょ").get_by_role("button")).to_have_count(0)
    line.get_by_role("button", name=re.compile("報告")).click()
    dialog = reporter.locator(".report-dialog")
    dialog.get_by_label("いやがらせ・しつこく迫られた").check()
    dialog.get_by_role("button", name="送る").click()
    expect(dialog.get_by_role("status")).to_contain_text("受け付けました")
    screenshot(reporter, "moderation-event-report-ja")
    dialog.get_by_role("button", name="閉じる").click()

    moderator = open_page(new_context)
    console_login(moderator, url, "デモ見守り", "demo-moderator-pass")
    item = moderator.locator(".rp-item").first
    expect(item).to_contain_text("メッセージ", timeout=10000)
    item.get_by_role("button", name=re.compile("開く")).click()
    expect(moderator.locator(".rp-snapshot")).to_contain_text("こんな会、意味ないでしょ")
    moderator.get_by_role("button", name="担当する").click()
    form = moderator.locator(".rp-removal-form")
    expect(form).to_contain_text("家族のつどい")
    reason = form.get_by_label("ご本人に伝える理由（日本語）")
    expect(reason).to_have_value(re.compile("今回はここで退出をお願いしました"))  # the preset, editable
    reason.fill("会の雰囲気を乱す書きこみがあったため、今回はここで退出をお願いしました。ほかの会にはまたどうぞ。")
    screenshot(moderator, "moderation-event-removal-console-ja")
    form.get_by_role("button", name="退出をお願いする").click()
    expect(moderator.get_by_text("退出をお願いしました。記録に残りました。")).to_be_attached()

    ended = author.locator(".ev-end, [class*=end]").filter(has_text="この会からは退出となりました")
    expect(ended.first).to_be_visible(timeout=10000)
    expect(ended.first).to_contain_text("会の雰囲気を乱す書きこみがあったため")
    screenshot(author, "moderation-event-removed-ja-phone")
    author.locator(".ev-lang").click()
    expect(ended.first).to_have_count(0)
    in_english = author.locator(".ev-end").filter(has_text="You have been asked to leave this event")
    expect(in_english).to_contain_text("So that this event stays calm for everyone in it")  # the preset's English, unedited
    screenshot(author, "moderation-event-removed-en-phone")
    author.locator(".ev-lang").click()
    expect(reporter.locator(".ev-line").filter(has_text="デモ見守り")).to_have_count(0)  # nobody learns who acted

    author.goto(f"{url}/event/{occurrence}")
    author.get_by_role("button", name="会場に入る").click()
    expect(author.get_by_text("この回には、もう入れないことになりました。")).to_be_visible(timeout=10000)
    # The English words, on the same page
    author.locator(".ev-lang").click()
    expect(author.get_by_text("You cannot join this session any more.")).to_be_visible()
    screenshot(author, "moderation-event-removed-door-en-phone")
    for page in (host, reporter, author, moderator):
        assert_calm(page)
