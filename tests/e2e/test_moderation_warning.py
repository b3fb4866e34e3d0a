"""Sanctions in Chromium: a moderator finds a person in the console by the id a report shows,
gives a warning with the preset text, and the person sees it calmly in the space at once, and
appeals it; a rest then stops their zone chat on the open page, said calmly with its reason;
an admin reads both acts in the audit log section."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, screenshot
from tests.e2e.test_space import assert_calm, enter_as_guest, open_page


@pytest.fixture
def quiet_server(tmp_path):
    server = LiveServer(tmp_path).start()
    yield server
    server.stop()


def console_login(page: Page, url: str, nickname: str, passphrase: str) -> None:
    page.goto(url + "/console")
    page.get_by_label("ニックネーム").fill(nickname)
    page.get_by_label("あいことば").fill(passphrase)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("navigation", name="コンソールのメニュー").wait_for()


def test_a_moderator_gives_a_warning_and_the_person_sees_it_in_the_space(quiet_server, new_context):
    url = quiet_server.url
    person = open_page(new_context)
    person_id = enter_as_guest(person, url)

    moderator = open_page(new_context)
    console_login(moderator, url, "デモ見守り", "demo-moderator-pass")
    menu = moderator.get_by_role("navigation", name="コンソールのメニュー")
    expect(menu.get_by_role("link", name="監査記録")).to_have_count(0)  # admins only
    menu.get_by_role("link", name="見守り：利用者").click()
    moderator.get_by_label("利用者をさがす（通報に出ているIDかニックネーム）").fill(person_id)
    moderator.get_by_role("button", name="さがす").click()
    form = moderator.get_by_role("form", name="対応を決める")
    form.get_by_label("種類").select_option("warning")
    reason = form.get_by_label("ご本人に表示する理由（日本語）")
    expect(reason).to_have_value("ほかの方が困ってしまうようなやりとりがありました。ここはみんなが安心して過ごす場所なので、"
                                 "言葉づかいに少しだけ気をつけてもらえるとうれしいです。")  # the preset, editable
    reason.fill("広場での言葉が少し強かったようです。みんなが安心できるよう、気をつけてもらえるとうれしいです。")
    form.get_by_role("button", name="この内容で決める").click()
    expect(moderator.locator("li.card[data-kind=warning]")).to_be_visible()
    screenshot(moderator, "moderation-console-warning")

    notice = person.get_by_role("dialog", name="運営からのお知らせ")
    expect(notice).to_be_visible(timeout=10000)
    expect(notice).to_contain_text("広場での言葉が少し強かったようです。")
    expect(notice).to_contain_text("歩くこと、読むこと、相談デスクはいつでも使えます。")
    screenshot(person, "moderation-space-warning")
    notice.get_by_text("この判断について申し立てる").click()
    notice.get_by_label("どう考えているか、書いてください（2000文字まで）").fill("強く言ったつもりはありませんでした。")
    notice.get_by_role("button", name="申し立てを送る").click()
    expect(notice).to_contain_text("申し立て中です。別の担当者が確認しています。")
    notice.get_by_role("button", name="閉じる").click()
    expect(notice).to_be_hidden()

    # a rest, given the same way, stops zone chat on the page already open, said calmly
    form = moderator.get_by_role("form", name="対応を決める")
    form.get_by_label("種類").select_option("rest")
    form.get_by_label("期間").select_option("1h")
    form.get_by_role("button", name="この内容で決める").click()
    expect(moderator.locator("li.card[data-kind=rest]")).to_be_visible()
    expect(notice).to_contain_text("少しお休み（発言とスタンプ）", timeout=10000)  # told at once
    notice.get_by_role("button", name="閉じる").click()
    person.locator("#zone-chat-input").fill("こんにちは")
    person.locator("#zone-chat-form").get_by_role("button", name="送る").click()
    calm = person.locator(".notice-info").filter(has_text="いまは、この操作をお休みしていただいています。")
    expect(calm).to_contain_text("少しのあいだ、発言やスタンプをお休みしていただきます。")
    expect(person.locator(".notice-error")).to_have_count(0)
    screenshot(person, "moderation-space-rest")

    admin = open_page(new_context)
    console_login(admin, url, "デモ管理者", "demo-admin-pass")
    admin.get_by_role("navigation", name="コンソールのメニュー").get_by_role("link", name="監査記録").click()
    expect(admin.locator("tr[data-action='sanction.give']")).to_have_count(2, timeout=10000)
    screenshot(admin, "moderation-audit-log")
    for page in (person, moderator, admin):
        assert_calm(page)


def test_a_moderator_hides_a_zone_message_for_everyone(quiet_server, new_context):
    url = quiet_server.url
    writer = open_page(new_context)
    reader = open_page(new_context)
    enter_as_guest(writer, url)
    enter_as_guest(reader, url)
    moderator = open_page(new_context)
    from tests.e2e.test_space_hidden import enter_as
    enter_as(moderator, url, "デモ見守り", "demo-moderator-pass")
    writer.locator("#zone-chat-input").fill("ここに書いてはいけないこと")
    writer.locator("#zone-chat-form").get_by_role("button", name="送る").click()
    for page in (reader, moderator):
        expect(page.locator("#zone-messages")).to_contain_text("ここに書いてはいけないこと", timeout=10000)
    expect(reader.get_by_role("button", name="このメッセージを全員から隠す")).to_have_count(0)  # visitors have no such tool
    moderator.get_by_role("button", name="このメッセージを全員から隠す").click()
    for page in (reader, writer, moderator):
        expect(page.locator("#zone-messages")).not_to_contain_text("ここに書いてはいけないこと", timeout=10000)
    screenshot(moderator, "moderation-space-hidden-message")
    for page in (writer, reader, moderator):
        assert_calm(page)
