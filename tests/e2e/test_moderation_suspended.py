"""A suspended person at the landing page in Chromium (issue 12): the right passphrase shows
why and until when, and the appeal form (a wrong one says only that it did not match); the
appeal is sent without a session; another moderator answers; the next login attempt shows
the answer. Japanese and English, desktop and phone sizes."""
from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, screenshot
from tests.e2e.test_space import assert_calm, open_page

NICK, PASS = "おやすみ中のひと", "a calm long passphrase"


@pytest.fixture
def quiet_server(tmp_path):
    server = LiveServer(tmp_path).start()
    yield server
    server.stop()


def rest(url: str, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"{}")


def staff_token(url: str, nickname: str, passphrase: str) -> str:
    status, body = rest(url, "POST", "/api/auth/login", {"nickname": nickname, "passphrase": passphrase})
    assert status == 200, body
    return body["access_token"]


def suspended_person(url: str) -> str:
    status, guest = rest(url, "POST", "/api/auth/guest", {"lang": "ja"})
    assert status == 201, guest
    status, kept = rest(url, "POST", "/api/auth/keep", {"nickname": NICK, "passphrase": PASS}, guest["access_token"])
    assert status == 201, kept
    moderator = staff_token(url, "デモ見守り", "demo-moderator-pass")
    status, given = rest(url, "POST", "/api/moderation/sanctions", {
        "account_id": kept["account"]["id"], "kind": "suspension", "duration": "7d",
        "reason_ja": "広場で同じ方に何度も強い言葉を送ったため、1週間お休みしていただきます。",
        "reason_en": "You sent harsh words to the same person several times in the plaza, so your account rests for a week."},
        moderator)
    assert status == 201, given
    return given["sanction"]["id"]


def log_in(page: Page, url: str, passphrase: str = PASS) -> None:
    page.goto(url)
    page.get_by_role("button", name="ニックネームで入る").click()
    page.locator("#login-nickname").fill(NICK)
    page.locator("#login-passphrase").fill(passphrase)
    page.locator("#login-form").get_by_role("button", name="入る").click()


def test_a_suspended_person_appeals_from_the_landing_page_and_reads_the_answer(quiet_server, new_context):
    url = quiet_server.url
    suspended_person(url)
    page = open_page(new_context)

    log_in(page, url, "not the passphrase")
    expect(page.locator("#login-error")).to_be_visible()
    expect(page.locator("#suspension")).to_have_count(0)  # a wrong passphrase learns nothing

    log_in(page, url)
    box = page.get_by_role("region", name="このアカウントは、いまお休み中です")
    expect(box).to_be_visible()
    expect(box).to_contain_text("広場で同じ方に何度も強い言葉を送ったため")
    expect(box).to_contain_text("まで。その後はまた入れます。")
    screenshot(page, "moderation-suspended-landing-ja")
    page.locator("#landing .lang-switch").click()
    box = page.get_by_role("region", name="This account is paused for now")
    expect(box).to_contain_text("You sent harsh words to the same person")
    screenshot(page, "moderation-suspended-landing-en")
    page.locator("#landing .lang-switch").click()

    box = page.get_by_role("region", name="このアカウントは、いまお休み中です")
    box.get_by_label("どう考えているか、書いてください（2000文字まで）").fill(
        "強く言いすぎたと思います。もう同じことはしません。期間を短くしていただけないでしょうか。")
    box.get_by_role("button", name="申し立てを送る").click()
    expect(box).to_contain_text("申し立てを受け付けました。別の担当者が確認します。")
    screenshot(page, "moderation-suspended-appealed-ja")

    # Another moderator than the one who suspended (the demo admin) answers.
    admin = staff_token(url, "デモ管理者", "demo-admin-pass")
    status, appeals = rest(url, "GET", "/api/moderation/appeals", token=admin)
    assert status == 200 and len(appeals["appeals"]) == 1, appeals
    status, _ = rest(url, "POST", f"/api/moderation/appeals/{appeals['appeals'][0]['id']}/decide", {
        "outcome": "upheld", "answer_ja": "お気持ちは受け取りました。今回は期間どおりとします。また来てくださいね。",
        "answer_en": "We read what you wrote. This time the period stays as it is. Please come back afterwards."}, admin)
    assert status == 200

    phone = open_page(new_context, viewport={"width": 390, "height": 844})
    log_in(phone, url)
    box = phone.get_by_role("region", name="このアカウントは、いまお休み中です")
    expect(box).to_contain_text("申し立てへのお返事（このままとします）")
    expect(box).to_contain_text("お気持ちは受け取りました。")
    expect(box.get_by_role("button", name="申し立てを送る")).to_have_count(0)
    screenshot(phone, "moderation-suspended-answer-ja-phone")
    phone.locator("#landing .lang-switch").click()
    expect(phone.get_by_role("region", name="This account is paused for now")).to_contain_text("We read what you wrote.")
    screenshot(phone, "moderation-suspended-answer-en-phone")
    for p in (page, phone):
        assert_calm(p)
