"""Reports in Chromium: a guest reports someone from the avatar menu in two clicks, a moderator
is alerted and handles it in the moderators' console, and the guest sees the outcome class
(and nothing about the other person) in "your reports"."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_space import assert_calm, enter_as_guest, open_page, person_row, quiet_server  # noqa: F401


def click_avatar(page, account_id: str) -> None:
    row = person_row(page, account_id)
    expect(row).to_have_count(1, timeout=10000)
    cam_x, cam_y, zoom = (float(v) for v in page.locator("#map").get_attribute("data-camera").split(","))
    box = page.locator("#map").bounding_box()
    bx, by = float(row.get_attribute("data-x")), float(row.get_attribute("data-y"))
    page.mouse.click(box["x"] + (bx - cam_x) * zoom, box["y"] + (by - 16 - cam_y) * zoom)


def console_login(page, url: str, nickname: str, passphrase: str) -> None:
    page.goto(url + "/console/moderation")
    page.locator("input[name=nickname]").fill(nickname)
    page.locator("input[name=passphrase]").fill(passphrase)
    page.get_by_role("button", name="ログイン").click()


def test_a_guest_reports_from_the_avatar_menu_and_sees_the_outcome(quiet_server, new_context):
    url = quiet_server.url
    reporter = open_page(new_context)
    other = open_page(new_context)
    enter_as_guest(reporter, url)
    other_id = enter_as_guest(other, url)
    other_name = person_row(reporter, other_id).locator(".person-name").inner_text()

    moderator = open_page(new_context)
    console_login(moderator, url, "デモ見守り", "demo-moderator-pass")
    expect(moderator.get_by_role("heading", name="報告", exact=True)).to_be_visible(timeout=10000)
    nav = moderator.locator("nav.menu")
    expect(nav.get_by_role("link")).to_have_text(["報告", "見守り：利用者", "言葉のリスト"])  # the moderation sections only

    # Two clicks: the avatar, then "report".
    click_avatar(reporter, other_id)
    menu = reporter.locator("#person-menu")
    expect(menu).to_be_visible()
    menu.get_by_role("button", name=f"{other_name} について報告する").click()
    dialog = reporter.locator(".report-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("radio")).to_have_count(7)
    dialog.get_by_label("連絡先を聞かれた・外で会おうと言われた").check()
    dialog.get_by_label("ひとこと（書かなくてもだいじょうぶ）").fill("何度も聞かれました")
    screenshot(reporter, "report-dialog-ja")
    dialog.get_by_role("button", name="送る").click()
    expect(dialog.get_by_role("status")).to_contain_text("受け付けました")
    screenshot(reporter, "report-received-ja")
    dialog.get_by_role("button", name="閉じる").click()
    expect(reporter.locator(".report-dialog")).to_have_count(0)

    # The moderator's console is alerted and lists it.
    banner = moderator.locator(".report-alert")
    expect(banner).to_be_visible(timeout=10000)
    expect(banner).to_contain_text("新しい報告があります")
    item = moderator.locator(".rp-item").first
    expect(item).to_contain_text("連絡先・外で会う誘い", timeout=10000)
    screenshot(moderator, "report-console-queue-ja")
    item.get_by_role("button", name=re.compile("開く")).click()
    expect(moderator.locator(".rp-facts")).to_contain_text(other_name)
    expect(moderator.locator(".rp-comment")).to_have_text("何度も聞かれました")
    moderator.get_by_role("button", name="担当する").click()
    expect(banner).to_be_hidden()
    expect(moderator.locator(".rp-status")).to_contain_text("担当: デモ見守り")
    moderator.get_by_label("メモ").fill("プロフィールと発言を確認")
    moderator.get_by_role("button", name="メモを残す").click()
    expect(moderator.locator(".section-body")).to_contain_text("プロフィールと発言を確認")
    moderator.get_by_label("対応しました").check()
    screenshot(moderator, "report-console-detail-ja")
    moderator.get_by_role("button", name="おえる", exact=True).click()
    expect(moderator.locator(".rp-status")).to_have_text("対応しました")

    # The reporter sees the outcome class, live, and in "your reports".
    mine = reporter.locator(".my-reports")
    expect(mine).to_be_visible(timeout=10000)
    expect(mine.locator(".report-state")).to_have_text(["対応しました"])
    assert other_name not in mine.inner_text() and "デモ見守り" not in mine.inner_text()
    screenshot(reporter, "report-outcome-in-space-ja")
    for page in (reporter, other):
        assert_calm(page)


def test_a_zone_chat_line_is_reported_with_the_keyboard_in_english(quiet_server, new_context):
    """The message's own report button, keyboard only, in English; the moderator's snapshot holds
    the line the server cut from its window (not anything the reporter typed)."""
    url = quiet_server.url
    reporter = open_page(new_context, locale="en-GB")
    speaker = open_page(new_context)
    reporter.goto(url)
    reporter.get_by_role("button", name="English").click()
    enter_as_guest_en(reporter, url)
    enter_as_guest(speaker, url)
    speaker.locator("#zone-chat-input").fill("give me your LINE id, let's meet")
    speaker.locator("#zone-chat-input").press("Enter")
    line = reporter.locator("#zone-messages li.message", has_text="let's meet")
    expect(line).to_be_visible(timeout=10000)
    line.get_by_role("button", name=re.compile("Report this message")).focus()
    reporter.keyboard.press("Enter")
    dialog = reporter.locator(".report-dialog")
    expect(dialog.get_by_role("heading", name="Report this message")).to_be_visible()
    expect(dialog.get_by_label("Harassment or pressure")).to_be_focused()
    reporter.keyboard.press("ArrowDown")  # the radio group moves with the arrows
    expect(dialog.get_by_label("Asked for contact details or to meet outside")).to_be_checked()
    reporter.keyboard.press("Tab")  # to the comment
    reporter.keyboard.type("Twice now")
    reporter.keyboard.press("Tab")
    reporter.keyboard.press("Enter")  # send
    expect(dialog.get_by_role("status")).to_contain_text("Received. Thank you for telling us.")
    screenshot(reporter, "report-received-en")
    reporter.keyboard.press("Enter")  # the focused "Close"
    expect(reporter.locator(".report-dialog")).to_have_count(0)

    moderator = open_page(new_context)
    console_login(moderator, url, "デモ見守り", "demo-moderator-pass")
    item = moderator.locator(".rp-item").first
    expect(item).to_contain_text("連絡先・外で会う誘い", timeout=10000)
    item.get_by_role("button", name=re.compile("開く")).click()
    snapshot = moderator.locator(".rp-snapshot")
    expect(snapshot.locator(".rp-reported-line")).to_contain_text("give me your LINE id, let's meet")
    expect(moderator.locator(".rp-comment")).to_have_text("Twice now")
    screenshot(moderator, "report-console-snapshot-ja")
    assert_calm(reporter)


def enter_as_guest_en(page, url: str) -> None:
    page.get_by_role("button", name="Look around").click()
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    close = page.get_by_role("button", name="Look around as I am")
    if close.count() and close.first.is_visible():
        close.first.click()
