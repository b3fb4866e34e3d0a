"""Persona walks, the accounts (issue 15, "Tests"): someone who keeps their account and comes
to rely on letters and their record, and the admin who makes a staff account. One pass each,
asserting the fixed behaviour on the way, photographed at 1280x800 and 390x844
(tests/e2e/persona_walk.py), with no JavaScript error."""
from __future__ import annotations

import re
import time

from playwright.sync_api import expect

from tests.e2e.persona_walk import PHONE, WIDE, Walk, assert_dialog_styled, assert_no_grey_buttons, enter_as_guest, token_for
from tests.e2e.rest import rest


def open_row(page, account_id: str):
    row = page.locator(f"#people-list li[data-id='{account_id}']")
    expect(row).to_have_attribute("data-status", "open", timeout=10000)
    if row.locator(".person-toggle").get_attribute("aria-expanded") != "true":
        row.locator(".person-toggle").click()
    return row


def a_specialist_writes_to(base: str, nickname: str, passphrase: str) -> None:
    """The person leaves a message at the desk; デモ心理士 answers, opens a case and writes."""
    person = token_for(base, nickname, passphrase)
    status, left = rest(base, "POST", "/api/desk/messages", person, {"text": "少し話を聞いてほしいです"})
    assert status == 201, left
    specialist = token_for(base, "デモ心理士", "demo-specialist-pass")
    status, body = rest(base, "POST", f"/api/desk/messages/{left['message']['id']}/handled", specialist,
                        {"reply": "読みました。いつでもどうぞ。"})
    assert status == 200, body
    status, body = rest(base, "POST", "/api/cases", specialist, {"person_nickname": nickname})
    assert status == 201, body
    status, me = rest(base, "GET", "/api/me", person)
    status, sent = rest(base, "POST", "/api/letters", specialist,
                        {"recipient_id": me["account"]["id"], "subject": "この前のお話のこと", "body": "また書きますね。"})
    assert status == 201, sent


def test_a_kept_account_over_a_few_visits(live_server, new_context):
    base = live_server.url
    walk = Walk(new_context, "kept", timezone_id="Asia/Tokyo")
    page = walk.page
    me = enter_as_guest(page, base)

    # Keeping the account: a short passphrase is said to be short, with its length.
    page.get_by_role("button", name="設定").click()
    settings = page.locator("#settings-dialog")
    settings.get_by_role("button", name="このアカウントを残す").click()
    keep = page.locator("#keep-dialog")
    nickname = f"ほたる{int(time.time() * 1000) % 100000}"
    keep.locator("#keep-nickname").fill(nickname)
    keep.locator("#keep-passphrase").fill("hotaru")
    keep.locator("#keep-passphrase2").fill("hotaru")
    keep.get_by_role("button", name="残す").click()
    expect(keep.locator("#keep-error")).to_contain_text("8文字以上")
    expect(keep.locator("#keep-error")).to_contain_text("いまは6文字")
    expect(keep.locator("#keep-passphrase")).to_be_focused()
    # the message sits right under the field it is about, which it describes
    assert keep.locator("#keep-passphrase").evaluate("f => f.nextElementSibling.id") == "keep-error"
    expect(keep.locator("#keep-passphrase")).to_have_attribute("aria-describedby", re.compile(r"^keep-error\b"))
    expect(keep.locator("#keep-passphrase")).to_have_accessible_description(re.compile("いまは6文字"))
    walk.shoot("keep-too-short")
    # two passphrases that differ: the message moves under the second field, the first is clean
    keep.locator("#keep-passphrase").fill("fireflies by the river")
    keep.get_by_role("button", name="残す").click()
    expect(keep.locator("#keep-passphrase2")).to_be_focused()
    assert keep.locator("#keep-passphrase2").evaluate("f => f.nextElementSibling.id") == "keep-error"
    expect(keep.locator("#keep-passphrase")).to_have_attribute("aria-describedby", "keep-passphrase-hint")
    expect(keep.locator("#keep-passphrase")).not_to_have_attribute("aria-invalid", "true")
    passphrase = "fireflies by the river"
    keep.locator("#keep-passphrase").fill(passphrase)
    keep.locator("#keep-passphrase2").fill(passphrase)
    keep.get_by_role("button", name="残す").click()
    expect(keep.locator("#recovery-code")).to_have_text(re.compile(r"\S{6,}"))
    walk.shoot("keep-recovery-code")
    keep.get_by_role("button", name="書きとめました").click()
    expect(settings.locator("#account-state")).to_contain_text(nickname)
    # 設定 → あなたのこと is where one's kind is said (the booking hint points here).
    expect(settings.get_by_text("あなたのこと（答えなくてもかまいません）")).to_be_visible()
    settings.get_by_label("自分のことで来た").check()
    walk.shoot("settings")
    page.locator("#settings-close").click()

    # An invitation that is declined stays silent; asking again says when one may.
    friend = walk.open()
    friend_id = enter_as_guest(friend, base)
    friend.select_option("#status-select", "open")
    open_row(page, friend_id).get_by_role("button", name="話してみる？と誘う").click()
    card = friend.locator(".invite-card")
    expect(card).to_have_count(1, timeout=10000)
    card.get_by_role("button", name="今はいい").click()
    chip = page.locator(".sent-chip")
    expect(chip).to_contain_text("静かに終わります")
    assert "返事を待っています" not in chip.inner_text()
    assert "断" not in page.locator("body").inner_text()
    walk.shoot("invitation-waiting-silently")
    chip.get_by_role("button", name="誘うのをやめる").click()
    expect(chip).to_be_hidden()
    open_row(page, friend_id).get_by_role("button", name="話してみる？と誘う").click()
    expect(page.locator("#notices")).to_contain_text("5分ほど")
    walk.shoot("invitation-cooling-down")
    friend.context.close()

    # A specialist writes; letters and わたしの記録 have the place's own look, times unlabelled
    # (this browser is on Japan time already).
    a_specialist_writes_to(base, nickname, passphrase)
    support = page.locator("#support-section")
    support.get_by_role("button", name="手紙").click()
    letters = page.get_by_role("dialog", name="手紙")
    expect(letters).to_be_visible()
    item = letters.get_by_role("button", name="この前のお話のこと")
    expect(item).to_contain_text(re.compile(r"\d{1,2}:\d\d"))
    assert "日本時間" not in item.inner_text()
    assert_dialog_styled(letters)
    assert_no_grey_buttons(page, "dialog.cw-dialog[open]")
    item.click()
    expect(letters).to_contain_text("また書きますね。")
    walk.shoot("letter")
    letters.get_by_role("button", name="閉じる").first.click()
    expect(letters).to_be_hidden()
    support.get_by_role("button", name="わたしの記録").click()
    record = page.get_by_role("dialog", name="わたしの記録")
    expect(record).to_be_visible()
    expect(record).to_contain_text("デモ心理士")
    assert_dialog_styled(record)
    assert_no_grey_buttons(page, "dialog.cw-dialog[open]")
    walk.shoot("my-record")
    record.get_by_role("button", name="閉じる").first.click()
    assert page.locator("#map").get_attribute("data-self-id") == me
    walk.assert_clean()


def test_an_admin_makes_a_staff_account(live_server, new_context):
    base = live_server.url
    walk = Walk(new_context, "admin")
    page = walk.page
    page.goto(base + "/admin")
    walk.shoot("sign-in")
    page.locator("#login-form").get_by_label("ニックネーム").fill("デモ管理者")
    page.locator("#login-form").get_by_label("あいことば", exact=True).fill("demo-admin-pass")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("heading", name="スタッフの一覧").wait_for()
    assert_no_grey_buttons(page)
    walk.shoot("staff-list")

    create = page.locator("#create-form")
    status = page.locator("#status")
    create.get_by_label("ニックネーム").fill("よるの相談員")
    create.get_by_label("はじめのあいことば").fill("short")
    create.get_by_label("役割").select_option("staff")
    create.get_by_role("button", name="作成する").click()
    expect(status).to_have_text("はじめのあいことばは8文字以上にしてください（いまは5文字です）。")
    walk.shoot("short-passphrase")
    create.get_by_label("はじめのあいことば").fill("evening desk 2026")
    create.get_by_role("button", name="作成する").click()

    # The one-time recovery code: in a dialog, within the screen, that must be acknowledged.
    dialog = page.get_by_role("dialog", name="回復コード (一度だけ表示)")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#code-value")).to_have_text(re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$"))
    box = dialog.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 800
    page.set_viewport_size(PHONE)  # on a phone it keeps a margin from both edges
    box = dialog.bounding_box()
    assert box["x"] >= 12 and box["x"] + box["width"] <= PHONE["width"] - 12, box
    page.set_viewport_size(WIDE)
    walk.shoot("recovery-code")
    page.keyboard.press("Escape")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="書きとめました").click()
    expect(dialog).to_be_hidden()
    expect(status).to_have_text("よるの相談員 さんのアカウントを作りました。")
    assert create.get_by_label("役割").input_value() == "staff"  # not reset for the next one
    expect(page.locator("#staff-table").get_by_text("よるの相談員")).to_be_visible()
    walk.shoot("created")

    # The new staff member signs in and is staff.
    status_code, body = rest(base, "POST", "/api/auth/login", body={"nickname": "よるの相談員", "passphrase": "evening desk 2026"})
    assert status_code == 200 and body["account"]["role"] == "staff"
    walk.assert_clean()
