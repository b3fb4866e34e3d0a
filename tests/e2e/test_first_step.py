"""The first step: a first-time visitor reaches the desk on duty from the landing page and
exchanges text with a staff member in at most 3 clicks, and is never asked for any
browser permission. Outside hours, the same few clicks leave a message that staff answer.

Clicks are counted twice: by the test (every click it makes for the visitor) and by the
page (trusted click events, kept in sessionStorage across the navigation)."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

ALWAYS = {"weekly": [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]}

# Runs before any page script: counts permission requests and trusted clicks of this tab.
SPY = """
(() => {
  const bump = (key) => sessionStorage.setItem(key, String(Number(sessionStorage.getItem(key) || 0) + 1));
  const note = (name) => {
    const calls = JSON.parse(sessionStorage.getItem("spy.permissions") || "[]");
    calls.push(name);
    sessionStorage.setItem("spy.permissions", JSON.stringify(calls));
  };
  const wrap = (owner, name, label) => {
    if (!owner || typeof owner[name] !== "function") return;
    const original = owner[name].bind(owner);
    owner[name] = (...args) => { note(label); return original(...args); };
  };
  wrap(navigator.mediaDevices, "getUserMedia", "getUserMedia");
  wrap(navigator.mediaDevices, "getDisplayMedia", "getDisplayMedia");
  wrap(window.Notification, "requestPermission", "Notification.requestPermission");
  wrap(navigator.geolocation, "getCurrentPosition", "geolocation.getCurrentPosition");
  wrap(navigator.geolocation, "watchPosition", "geolocation.watchPosition");
  document.addEventListener("click", (event) => { if (event.isTrusted) bump("spy.clicks"); }, true);
})();
"""


def login(page, base: str, nickname: str, passphrase: str) -> dict:
    resp = page.request.post(base + "/api/auth/login", data={"nickname": nickname, "passphrase": passphrase})
    assert resp.ok, resp.text()
    return resp.json()


def as_staff(page, base: str, token: str, method: str, path: str, body=None):
    resp = page.request.fetch(base + path, method=method, headers={"Authorization": f"Bearer {token}"}, data=body)
    assert resp.ok, resp.text()
    return resp.json()


def open_staff_desk(new_context, base: str):
    """The staff member's console with the desk module mounted, signed in and on duty."""
    page = new_context().new_page()
    page.goto(base + "/console")
    signed = login(page, base, "デモ相談員", "demo-staff-pass")
    page.evaluate("""(session) => sessionStorage.setItem("ibasho.console.session", JSON.stringify(session))""",
                  {"access_token": signed["access_token"], "refresh_token": signed["refresh_token"]})
    page.evaluate("""async () => {
        const { createApi } = await import("/static/console/api.js");
        const { mount } = await import("/static/console/desk.js");
        const host = document.createElement("div");
        host.id = "desk-host";
        document.body.replaceChildren(host);
        window.__desk = mount(host, createApi(), { lang: "ja" });
    }""")
    page.get_by_role("heading", name="相談デスク").wait_for()
    return page, signed["access_token"]


class Visitor:
    """A fresh browser context for a first-time visitor; every click goes through here."""

    def __init__(self, new_context, **options):
        self.context = new_context(**options)
        self.context.add_init_script(SPY)
        self.dialogs = []
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.type), d.dismiss()))
        self.clicks = 0

    def click(self, locator):
        locator.click()
        self.clicks += 1

    def reach_desk(self, base: str) -> None:
        """From the landing page, the way a first-time visitor comes: the link 「相談デスク…」."""
        self.page.goto(base + "/")
        link = self.page.get_by_role("link", name="相談デスク")
        link.first.wait_for()
        self.click(link.first)
        self.page.wait_for_url("**/desk")

    def permission_calls(self) -> list:
        return self.page.evaluate("JSON.parse(sessionStorage.getItem('spy.permissions') || '[]')")

    def page_clicks(self) -> int:
        return self.page.evaluate("Number(sessionStorage.getItem('spy.clicks') || 0)")


@pytest.fixture
def staff(live_server, new_context):
    page, token = open_staff_desk(new_context, live_server.url)
    as_staff(page, live_server.url, token, "PUT", "/api/desk/hours", ALWAYS)
    yield page, token


def on_duty_with_a_visitor(base: str, new_context, staff_page) -> Visitor:
    """The staff member goes on duty; a first-time visitor comes to the desk from the landing."""
    staff_page.get_by_role("radio", name="対応できる").check()
    staff_page.locator(".cd-desk-line", has_text="受付中").wait_for()
    visitor = Visitor(new_context)
    visitor.reach_desk(base)
    return visitor


def test_a_first_time_visitor_talks_with_the_person_on_duty_in_three_clicks(live_server, new_context, staff):
    staff_page, _ = staff
    visitor = on_duty_with_a_visitor(live_server.url, new_context, staff_page)
    page = visitor.page
    page.get_by_text("いま対応できます").wait_for()
    visitor.click(page.get_by_role("button", name="相談デスクに話しかける"))
    page.get_by_role("heading", name="順番: 次です").wait_for()
    page.get_by_text("スタッフ: お話し中 0人・あいている 1人").wait_for()
    screenshot(page, "desk-visitor-waiting")

    # the staff side is called: the queue shows the guest, the button takes them
    staff_page.locator(".cd-queue-item").first.wait_for()
    assert "ゲスト" in staff_page.locator(".cd-queue-item").first.inner_text()
    screenshot(staff_page, "desk-staff-someone-waiting")
    staff_page.get_by_role("button", name="次の方と話す").click()
    chat = staff_page.locator(".cd-chat").first
    chat.get_by_role("textbox", name="メッセージ", exact=True).fill("こんにちは。デモ相談員です。ゆっくりで大丈夫ですよ。")
    chat.get_by_role("button", name="送る").click()

    # the visitor reads it and answers: typing is not a click; sending is the third one
    page.get_by_role("heading", name="デモ相談員さんとお話ししています").wait_for()
    page.get_by_text("ゆっくりで大丈夫ですよ").wait_for()
    page.get_by_role("textbox", name="メッセージ", exact=True).fill("母のことで、少し話を聞いてほしいです")
    visitor.click(page.get_by_role("button", name="送る"))
    page.locator(".dk-line-mine", has_text="母のことで").wait_for()
    chat.locator(".cd-line-visitor", has_text="母のことで").wait_for()
    screenshot(page, "desk-visitor-chatting")
    screenshot(staff_page, "desk-staff-chatting")

    assert visitor.clicks <= 3, visitor.clicks
    # the page itself saw the same clicks, no hidden extra ones
    assert visitor.page_clicks() == visitor.clicks
    assert visitor.permission_calls() == []
    assert visitor.dialogs == []

    # ending is calm on both sides
    visitor.click(page.get_by_role("button", name="お話を終える"))
    page.get_by_role("heading", name="お話ししてくださって、ありがとうございました").wait_for()
    staff_page.get_by_text("いまお話ししている方はいません。").wait_for()
    # what was said stays on screen, read-only, until the person closes it
    expect(page.locator(".dk-line-mine", has_text="母のことで")).to_be_visible()
    expect(page.get_by_role("textbox", name="メッセージ", exact=True)).to_be_hidden()
    page.get_by_role("button", name="会話を閉じる").click()
    expect(page.locator(".dk-line-mine", has_text="母のことで")).to_be_hidden()
    assert visitor.permission_calls() == []


def test_outside_hours_a_visitor_leaves_a_message_and_sees_the_reply(live_server, new_context, staff):
    staff_page, token = staff
    today = datetime.now(ZoneInfo("Asia/Tokyo")).date().isoformat()
    as_staff(staff_page, live_server.url, token, "PUT", f"/api/desk/days/{today}", {"windows": [], "note": "研修のためお休みです"})
    try:
        # a phone set to UTC: the desk's hours read in Japan time, and say so
        visitor = Visitor(new_context, timezone_id="UTC")
        visitor.reach_desk(live_server.url)
        page = visitor.page
        page.get_by_text("いまは受付時間外です").wait_for()
        page.get_by_text("次は明日 00:00（日本時間）から").wait_for()
        page.get_by_text("研修のためお休みです").wait_for()
        visitor.click(page.get_by_role("button", name="メッセージを残す"))
        page.get_by_role("textbox", name="スタッフにメッセージを残す").fill("夜なら話せるかもしれません。また来ます。")
        visitor.click(page.get_by_role("button", name="残す", exact=True))
        page.get_by_text("まだ読まれていません").wait_for()
        assert visitor.clicks <= 3 and visitor.permission_calls() == []
        screenshot(page, "desk-visitor-message-left")

        # the staff member reads it in the desk module and answers
        item = staff_page.locator(".cd-message", has_text="夜なら話せるかも")
        item.wait_for()
        screenshot(staff_page, "desk-staff-message-open")
        item.get_by_label("返事（任意・相手の方の画面に表示されます）").fill("読みました。夜の受付もご案内しますね。")
        item.get_by_role("button", name="対応済みにする").click()
        page.get_by_text("読みました。夜の受付もご案内しますね。").wait_for()
        page.get_by_text("デモ相談員さんからの返事").wait_for()
        screenshot(page, "desk-visitor-reply")
        screenshot(staff_page, "desk-staff-messages")
        assert visitor.permission_calls() == [] and visitor.dialogs == []
    finally:
        as_staff(staff_page, live_server.url, token, "DELETE", f"/api/desk/days/{today}")


# The server answers a knock after its emits and a database write, so staff can take the
# person before that answer lands. This holds the answer until desk:opened has been handled
# (the order a slow database produces) and records when it was let through.
HOLD_KNOCK_ANSWER = """async () => {
    const { Socket } = await import("/vendor/socket.io.esm.min.js");
    const emit = Socket.prototype.emit;
    Socket.prototype.emit = function (event, ...args) {
        const answer = args[args.length - 1];
        if (event !== "desk:knock" || typeof answer !== "function") return emit.call(this, event, ...args);
        let opened = false;
        let reply = null;
        const release = () => { if (opened && reply) { answer(...reply); window.__knockAnswered = true; } };
        this.once("desk:opened", () => { opened = true; release(); });
        return emit.call(this, event, ...args.slice(0, -1), (...answered) => { reply = answered; release(); });
    };
}"""


def test_a_visitor_taken_before_the_knock_is_answered_stays_in_the_chat(live_server, new_context, staff):
    staff_page, _ = staff
    page = on_duty_with_a_visitor(live_server.url, new_context, staff_page).page
    page.evaluate(HOLD_KNOCK_ANSWER)
    page.get_by_role("button", name="相談デスクに話しかける").click()
    staff_page.locator(".cd-queue-item").first.wait_for()
    staff_page.get_by_role("button", name="次の方と話す").click()
    page.wait_for_function("window.__knockAnswered === true")
    # the late answer did not send the person back to the queue
    expect(page.get_by_role("heading", name="デモ相談員さんとお話ししています")).to_be_visible()
    expect(page.locator(".dk-waiting")).to_be_hidden()
    page.get_by_role("textbox", name="メッセージ", exact=True).fill("こんにちは")
    page.get_by_role("button", name="送る", exact=True).click()
    staff_page.locator(".cd-line-visitor", has_text="こんにちは").wait_for()
    page.get_by_role("button", name="お話を終える").click()
    staff_page.get_by_text("いまお話ししている方はいません。").wait_for()
