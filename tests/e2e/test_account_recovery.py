"""The recovery code's way in and the passphrase change, in Chromium, by keyboard, in
Japanese and English: each ends the account's other sessions."""
from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.e2e.rest import rest
from tests.e2e.test_space import assert_calm, open_page


def call(url: str, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    return rest(url, method, path, token, body)


def kept_account(url: str, passphrase: str) -> tuple[str, dict, dict]:
    """A kept account and a second, separate session of it ("another device")."""
    nickname = f"ひより{int(time.time() * 1000) % 100000}"
    status, kept = call(url, "POST", "/api/auth/keep", {"nickname": nickname, "passphrase": passphrase})
    assert status == 201, kept
    status, elsewhere = call(url, "POST", "/api/auth/login", {"nickname": nickname, "passphrase": passphrase})
    assert status == 200, elsewhere
    return nickname, kept, elsewhere


def type_into(page: Page, selector: str, text: str) -> None:
    page.locator(selector).focus()
    page.keyboard.type(text)


def test_forgot_passphrase_by_keyboard_in_japanese(live_server, new_context):
    url = live_server.url
    nickname, kept, elsewhere = kept_account(url, "old river passphrase")
    page = open_page(new_context)
    page.goto(url)
    page.get_by_role("button", name="ニックネームで入る").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#login-nickname")).to_be_focused()
    page.keyboard.type(nickname)
    forgot = page.get_by_role("button", name="あいことばを忘れたとき")
    forgot.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#recover-form")).to_be_visible()
    expect(page.locator("#login-form")).to_be_hidden()
    expect(page.locator("#recover-nickname")).to_have_value(nickname)  # carried over from the login form

    # A wrong code is refused in words, and nothing changes.
    type_into(page, "#recover-code", "AAAA-BBBB-CCCC-DDDD")
    type_into(page, "#recover-passphrase", "new quiet passphrase")
    type_into(page, "#recover-passphrase2", "new quiet passphrase")
    page.keyboard.press("Enter")
    expect(page.locator("#recover-error")).to_have_text("ニックネームか回復コードが違います。")
    screenshot(page, "account-recovery-form-ja")
    assert call(url, "GET", "/api/me", token=elsewhere["access_token"])[0] == 200

    page.locator("#recover-code").fill("")
    type_into(page, "#recover-code", kept["recovery_code"].lower().replace("-", ""))
    page.keyboard.press("Enter")
    dialog = page.locator("#new-code-dialog")
    expect(dialog).to_be_visible()
    code = page.locator("#new-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code) and code != kept["recovery_code"]
    expect(dialog).to_contain_text("いまこの一度だけ")
    screenshot(page, "account-recovery-new-code-ja")
    page.keyboard.press("Escape")  # must be acknowledged: Escape does not lose the code
    expect(dialog).to_be_visible()
    expect(page.locator("#new-code")).to_have_text(code)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="書きとめました")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    assert page.locator("#map").get_attribute("data-self-id") == kept["account"]["id"]

    # The other device was signed out; the old passphrase and code are dead, the new ones work.
    assert call(url, "GET", "/api/me", token=elsewhere["access_token"])[0] == 401
    assert call(url, "POST", "/api/auth/refresh", {"refresh_token": elsewhere["refresh_token"]})[0] == 401
    assert call(url, "POST", "/api/auth/login", {"nickname": nickname, "passphrase": "old river passphrase"})[0] == 401
    assert_calm(page)
    # The new code works once more, from elsewhere; it ends this page's session too, and the page
    # says so calmly on the landing (live access).
    status, _ = call(url, "POST", "/api/auth/recover", {
        "nickname": nickname, "recovery_code": code, "new_passphrase": "third quiet passphrase"})
    assert status == 200
    expect(page.locator("#landing")).to_be_visible(timeout=10000)
    expect(page.locator("#landing-status")).to_contain_text("合言葉が変わったので")


def test_passphrase_change_in_settings_in_english(live_server, new_context):
    url = live_server.url
    nickname, _, elsewhere = kept_account(url, "first long passphrase")
    page = open_page(new_context, locale="en-US")
    page.add_init_script("localStorage.setItem('ibasho.lang', 'en')")
    page.goto(url)
    page.get_by_role("button", name="Enter with a nickname").click()
    type_into(page, "#login-nickname", nickname)
    type_into(page, "#login-passphrase", "first long passphrase")
    page.keyboard.press("Enter")
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    close = page.get_by_role("button", name=re.compile("look around", re.I))
    if close.is_visible():
        close.click()

    page.get_by_role("button", name="Settings").click()
    settings = page.locator("#settings-dialog")
    open_change = settings.get_by_role("button", name="Change passphrase")
    expect(open_change).to_be_visible()
    open_change.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("#passphrase-dialog")
    expect(page.locator("#passphrase-current")).to_be_focused()
    page.keyboard.type("not my passphrase")
    type_into(page, "#passphrase-new", "second long passphrase")
    type_into(page, "#passphrase-new2", "second long passphrase")
    page.keyboard.press("Enter")
    expect(page.locator("#passphrase-error")).to_have_text("The current passphrase is not right.")
    assert call(url, "GET", "/api/me", token=elsewhere["access_token"])[0] == 200  # nothing changed

    page.locator("#passphrase-current").fill("")
    type_into(page, "#passphrase-current", "first long passphrase")
    screenshot(page, "account-passphrase-change-en")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page.locator("#notices")).to_contain_text("Other devices were signed out")
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    assert call(url, "GET", "/api/me", token=elsewhere["access_token"])[0] == 401
    assert call(url, "POST", "/api/auth/login", {"nickname": nickname, "passphrase": "first long passphrase"})[0] == 401
    assert call(url, "POST", "/api/auth/login", {"nickname": nickname, "passphrase": "second long passphrase"})[0] == 200
    assert_calm(page)
