"""The shield and crisis alerts in Chromium: a phone number typed in the plaza is warned about
before sending and arrives masked in the other browser (the sender is told why); the desk asks
before a number goes to staff; a crisis message at the desk rings the staff console (chime,
desktop notification, the alert with its context) until it is acknowledged, and the person
sees the support lines calmly."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_first_step import ALWAYS, Visitor, as_staff
from tests.e2e.test_space import assert_calm, enter_as_guest, open_page

# Runs before the console's scripts: counts chimes (oscillators started) and notifications.
RING_SPY = """
(() => {
  window.__chimes = 0;
  window.__notifications = [];
  const Ctx = window.AudioContext;
  if (Ctx) {
    const create = Ctx.prototype.createOscillator;
    Ctx.prototype.createOscillator = function (...args) { window.__chimes += 1; return create.apply(this, args); };
  }
  const Original = window.Notification;
  if (Original) {
    const Spy = function (title, options) { window.__notifications.push({ title, body: options && options.body }); return new Original(title, options); };
    Object.defineProperty(Spy, "permission", { get: () => Original.permission });
    Spy.requestPermission = (...a) => Original.requestPermission(...a);
    window.Notification = Spy;
  }
})();
"""


def test_a_phone_number_in_the_plaza_is_warned_about_and_arrives_masked(live_server, new_context):
    a, b = open_page(new_context), open_page(new_context)
    enter_as_guest(a, live_server.url)
    enter_as_guest(b, live_server.url)
    box = a.locator("#zone-chat-input")
    box.fill("連絡ください 090-1234-5678")
    hint = a.locator("#zone-chat-hint")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("電話番号のようです")
    expect(hint).to_contain_text("だれでも読めます")
    screenshot(a, "shield-plaza-warning")
    box.press("Enter")
    expect(b.locator("#zone-messages")).to_contain_text("連絡ください ●●●", timeout=10000)
    assert "5678" not in b.locator("#zone-messages").inner_text()
    expect(a.locator("#notices")).to_contain_text("●で隠して送りました", timeout=10000)
    expect(hint).to_be_hidden()  # the box is empty again
    screenshot(b, "shield-plaza-masked")
    # full-width digits and kanji numerals are warned about too; a time is not
    box.fill("〇九〇一二三四五六七八")
    expect(hint).to_be_visible()
    box.fill("3時に30分だけ")
    expect(hint).to_be_hidden()
    # words that sound like a crisis: never refused; the writer sees the support lines calmly
    box.fill("もう死にたい")
    box.press("Enter")
    expect(b.locator("#zone-messages")).to_contain_text("もう死にたい", timeout=10000)
    panel = a.locator(".crisis-box .crisis-panel")
    expect(panel).to_be_visible(timeout=10000)
    expect(panel).to_contain_text("よりそいホットライン")
    expect(panel).to_be_focused()
    screenshot(a, "crisis-space-panel")
    panel.get_by_role("button", name="閉じる").click()
    expect(panel).to_be_hidden()
    assert_calm(a)
    assert_calm(b)


def open_console(new_context, base: str, nickname: str = "デモ相談員", passphrase: str = "demo-staff-pass"):
    """The whole staff console (the crisis alerts live beside every section), signed in."""
    ctx = new_context(permissions=["notifications"])
    ctx.add_init_script(RING_SPY)
    page = ctx.new_page()
    page.goto(base + "/console")
    page.get_by_label("ニックネーム").fill(nickname)
    page.get_by_label("あいことば").fill(passphrase)
    page.get_by_role("button", name="ログイン").click()
    page.locator("nav.menu").wait_for()
    return page


def test_a_crisis_at_the_desk_rings_the_staff_console(live_server, new_context):
    console = open_console(new_context, live_server.url)
    token = console.evaluate("JSON.parse(sessionStorage.getItem('ibasho.console.session')).access_token")
    as_staff(console, live_server.url, token, "PUT", "/api/desk/hours", ALWAYS)
    console.goto(live_server.url + "/console#desk")
    console.get_by_role("radio", name="対応できる").check()
    console.locator(".cd-desk-line", has_text="受付中").wait_for()

    visitor = Visitor(new_context)
    visitor.reach_desk(live_server.url)
    page = visitor.page
    page.get_by_role("button", name="相談デスクに話しかける").click()
    console.locator(".cd-queue-item").first.wait_for()
    console.get_by_role("button", name="次の方と話す").click()
    page.get_by_role("heading", name="デモ相談員さんとお話ししています").wait_for()

    # the desk asks before a phone number goes to staff; "don't send" keeps the text
    say = page.get_by_role("textbox", name="メッセージ", exact=True)
    say.fill("電話は 090-1234-5678 です")
    expect(page.locator(".dk-shield .shield-hint")).to_contain_text("スタッフにだけ届きます")
    page.get_by_role("button", name="送る", exact=True).click()
    expect(page.locator(".dk-confirm")).to_be_visible()
    expect(page.locator(".dk-confirm")).to_contain_text("このまま送りますか")
    screenshot(page, "shield-desk-confirm")
    page.get_by_role("button", name="送らずに直す").click()
    expect(say).to_have_value("電話は 090-1234-5678 です")
    page.get_by_role("button", name="送る", exact=True).click()
    page.get_by_role("button", name="このまま送る").click()
    console.locator(".cd-line-visitor", has_text="090-1234-5678").wait_for()  # unmasked, for staff only

    chimes_before = console.evaluate("window.__chimes")
    say.fill("もう死にたい。今夜で終わりにするつもりです")
    page.get_by_role("button", name="送る", exact=True).click()
    # the person: calm words, staff asked, the lines
    panel = page.locator(".crisis-panel")
    expect(panel).to_be_visible(timeout=10000)
    expect(panel).to_contain_text("スタッフに、あなたのメッセージを見てもらうようお願いしました")
    expect(panel.locator(".crisis-line")).to_have_count(4)
    expect(panel).to_contain_text("0120-279-338")
    screenshot(page, "crisis-desk-person")
    # the console rings: the alert with its context, a chime, a desktop notification
    # (the live server is shared by the file's tests: other alerts may be waiting too)
    alert = console.locator(".crisis-alert", has_text="今夜で終わりにする")
    expect(alert).to_have_count(1, timeout=10000)
    expect(alert).to_contain_text("今夜で終わりにする")
    expect(alert).to_contain_text("相談デスク")
    assert console.evaluate("window.__chimes") > chimes_before
    notes = console.evaluate("window.__notifications")
    assert notes and "緊急" in notes[0]["title"]
    expect(console.locator("#live")).to_contain_text("緊急の確認が必要なメッセージ")
    screenshot(console, "crisis-console-alert")

    # acknowledging records what was done and stops the ringing
    alert.get_by_label("したこと").fill("デスクで声をかけ、よりそいホットラインを伝えた")
    alert.get_by_label("外部との情報共有の根拠").select_option("not_shared")
    alert.get_by_role("button", name="確認して記録する").click()
    expect(alert).to_have_count(0, timeout=10000)
    listed = as_staff(console, live_server.url, token, "GET", "/api/crisis-alerts")
    assert "今夜で終わりにする" not in str(listed["alerts"])  # this one was acknowledged
    assert visitor.permission_calls() == []


def test_a_moderator_keeps_the_word_list_and_tries_a_sentence(live_server, new_context):
    console = open_console(new_context, live_server.url, "デモ見守り", "demo-moderator-pass")
    menu = console.locator("nav.menu")
    # the moderator's console: the moderation sections only
    expect(menu.get_by_role("link")).to_have_text(["報告", "見守り：利用者", "言葉のリスト"])
    menu.get_by_role("link", name="言葉のリスト").click()
    console.get_by_label("言葉", exact=True).fill("ひみつの合言葉")
    console.get_by_label("扱い", exact=True).select_option("mask")
    console.get_by_role("button", name="追加する").click()
    expect(console.locator(".word-row")).to_have_count(1)
    console.get_by_label("試したい文（保存されません）").fill("ひみつの合言葉は 090-1234-5678 です")
    console.get_by_role("button", name="試す").click()
    masked = console.locator(".word-masked")
    expect(masked).to_have_text("●●●は ●●● です")
    screenshot(console, "word-lists-console")
    # the list works at once in the plaza
    a, b = open_page(new_context), open_page(new_context)
    enter_as_guest(a, live_server.url)
    enter_as_guest(b, live_server.url)
    a.locator("#zone-chat-input").fill("ひみつの合言葉はりんご")
    a.locator("#zone-chat-input").press("Enter")
    expect(b.locator("#zone-messages")).to_contain_text("●●●はりんご", timeout=10000)
    console.locator(".word-row").get_by_role("button", name="外す: ひみつの合言葉").click()
    expect(console.locator(".word-row")).to_have_count(0)
