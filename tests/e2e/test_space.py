"""The 2D space in Chromium: landing, avatar, walking, seeing others, consent-first talk
(on the map and in list mode alone), blocking, reconnecting, phone size, and never asking
for the microphone or camera."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, screenshot
from tests.waiting import until_sync

# Counts every call that could raise a permission prompt; the space must make none.
MEDIA_SPY = """
(() => {
  window.__mediaCalls = [];
  const md = navigator.mediaDevices;
  if (md) {
    for (const name of ["getUserMedia", "getDisplayMedia", "enumerateDevices"]) {
      if (typeof md[name] === "function") {
        const original = md[name].bind(md);
        md[name] = (...args) => { window.__mediaCalls.push(name); return original(...args); };
      }
    }
  }
  if (navigator.permissions && navigator.permissions.query) {
    const query = navigator.permissions.query.bind(navigator.permissions);
    navigator.permissions.query = (...args) => { window.__mediaCalls.push("permissions.query"); return query(...args); };
  }
  if (navigator.geolocation) {
    navigator.geolocation.getCurrentPosition = () => { window.__mediaCalls.push("geolocation"); };
  }
})();
"""


def open_page(new_context, **kwargs) -> Page:
    ctx = new_context(**kwargs)
    ctx.add_init_script(MEDIA_SPY)
    page = ctx.new_page()
    page.csp_violations = []
    page.on("console", lambda m: page.csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: page.csp_violations.append(f"page error: {e}"))
    return page


def enter_as_guest(page: Page, url: str) -> str:
    page.goto(url)
    page.get_by_role("button", name="見てまわる").click()
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    expect(page.locator("#map")).to_have_attribute("data-self-id", re.compile(".+"))
    close = page.get_by_role("button", name="このまま見てまわる")
    if close.is_visible():
        close.click()
    return page.locator("#map").get_attribute("data-self-id")


def confirmed(page: Page) -> tuple[float, float]:
    canvas = page.locator("#map")
    return float(canvas.get_attribute("data-x")), float(canvas.get_attribute("data-y"))


def person_row(page: Page, account_id: str):
    return page.locator(f"#people-list li[data-id='{account_id}']")


def assert_calm(page: Page) -> None:
    """No permission-raising API was touched, and nothing broke the content policy."""
    assert page.evaluate("window.__mediaCalls") == []
    assert page.csp_violations == []


def set_status(page: Page, status: str) -> None:
    page.select_option("#status-select", status)
    expect(page.locator("#status-select")).to_have_value(status)


def wait_for(predicate, timeout=10.0, message="condition"):
    until_sync(predicate, timeout, what=message)


@pytest.fixture
def quiet_server(tmp_path):
    """A server of its own, for tests that walk: on the shared one, people who left earlier
    tests still stand round the spawn point for the reconnect grace period (120 s), and
    newcomers placed among them can be boxed in (see the report on spawn spacing)."""
    server = LiveServer(tmp_path).start()
    yield server
    server.stop()


# -- tests -----------------------------------------------------------------------------------------


def test_landing_is_short_and_switches_language(live_server, new_context):
    page = open_page(new_context)
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("ここにいるだけで、だいじょうぶ。")
    expect(page.get_by_role("button", name="見てまわる")).to_be_visible()
    expect(page.get_by_role("button", name="ニックネームで入る")).to_be_visible()
    expect(page.get_by_role("link", name="入らずに掲示板を読む")).to_have_attribute("href", "/boards")
    assert page.evaluate("document.documentElement.lang") == "ja"
    screenshot(page, "space-landing")

    page.locator("#landing .lang-switch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Just being here is enough.")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.reload()
    expect(page.get_by_role("button", name="Look around")).to_be_visible()  # the choice is remembered
    page.locator("#landing .lang-switch").click()
    expect(page.get_by_role("button", name="見てまわる")).to_be_visible()

    # a wrong passphrase is answered calmly, in the page's language
    page.get_by_role("button", name="ニックネームで入る").click()
    page.locator("#login-nickname").fill("だれでもない")
    page.locator("#login-passphrase").fill("wrong passphrase")
    page.locator("#login-form").get_by_role("button", name="入る").click()
    expect(page.locator("#login-error")).to_have_text("ニックネームかあいことばが違います。")
    # switching the language says the shown error again in the new language
    page.locator("#landing .lang-switch").click()
    expect(page.locator("#login-error")).to_have_text("The nickname or passphrase is not right.")
    page.locator("#landing .lang-switch").click()
    expect(page.locator("#login-error")).to_have_text("ニックネームかあいことばが違います。")
    assert_calm(page)


def test_landing_without_javascript_says_what_the_place_is(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("ここにいるだけで、だいじょうぶ。")
    expect(page.locator(".lead")).to_contain_text("名前を出さずに来られる")
    note = page.locator(".noscript-note").first
    expect(note).to_contain_text("JavaScript が必要です")
    expect(note.get_by_role("link", name="掲示板")).to_have_attribute("href", "/boards")
    expect(page.get_by_role("button", name="見てまわる")).to_be_disabled()  # nothing that does nothing
    screenshot(page, "space-landing-no-javascript")
    context.close()


def test_build_an_avatar_with_live_preview(live_server, new_context):
    page = open_page(new_context)
    page.goto(live_server.url)
    page.get_by_role("button", name="見てまわる").click()
    welcome = page.locator(".welcome-card")
    expect(welcome).to_be_visible()
    welcome.get_by_role("button", name="見た目を選ぶ").click()
    dialog = page.locator("#avatar-dialog")
    expect(dialog).to_be_visible()
    preview = page.locator("#avatar-preview-img")
    expect(preview).to_have_attribute("src", re.compile(r"/api/avatars/previews/round\.light\.short\.dark_brown\.dot\.hoodie\.sage\.none\.png"))

    for label in ["ねこみみ", "おだんご", "ウインク", "ゆかた", "お花"]:
        dialog.get_by_text(label, exact=True).click()
    dialog.locator("label[for='part-skin-mint']").click()
    dialog.locator("label[for='part-hair_color-pink']").click()
    dialog.locator("label[for='part-clothes_color-rose']").click()
    code = "cat.mint.bun.pink.wink.yukata.rose.flower"
    expect(preview).to_have_attribute("src", re.compile(re.escape(f"/api/avatars/previews/{code}.png")))
    wait_for(lambda: page.evaluate("document.querySelector('#avatar-preview-img').naturalWidth") > 0, message="preview image")
    screenshot(page, "space-avatar-builder")

    dialog.get_by_role("button", name="この見た目にする").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#notices")).to_contain_text("見た目を変えました。")

    # someone else sees the new look
    other = open_page(new_context)
    enter_as_guest(other, live_server.url)
    me = page.locator("#map").get_attribute("data-self-id")
    expect(person_row(other, me)).to_have_attribute("data-look", code, timeout=10000)

    # the saved look comes back when the builder opens again
    page.get_by_role("button", name="見た目").click()
    expect(dialog.locator("#part-body-cat")).to_be_checked()
    expect(dialog.locator("#part-accessory-flower")).to_be_checked()
    dialog.get_by_role("button", name="やめる").click()
    assert_calm(page)
    assert_calm(other)


def test_walk_with_the_keyboard_and_be_seen_walking(quiet_server, new_context):
    live_server = quiet_server
    walker = open_page(new_context)
    watcher = open_page(new_context)
    walker_id = enter_as_guest(walker, live_server.url)
    enter_as_guest(watcher, live_server.url)
    row = person_row(watcher, walker_id)
    expect(row).to_be_visible(timeout=10000)
    seen_x = float(row.get_attribute("data-x"))

    x0, y0 = confirmed(walker)
    walker.locator("#map").focus()
    walker.keyboard.down("ArrowUp")
    walker.wait_for_timeout(1200)
    walker.keyboard.up("ArrowUp")
    wait_for(lambda: confirmed(walker)[1] < y0 - 40, message="the server confirming the walk up")
    x1, y1 = confirmed(walker)
    assert y1 < y0 - 40  # up (stepping round the other newcomer and the benches on the way)

    walker.keyboard.down("d")  # WASD works too
    walker.wait_for_timeout(700)
    walker.keyboard.up("d")
    wait_for(lambda: confirmed(walker)[0] > x1 + 20, message="the walk right")
    # the other browser sees the avatar move
    wait_for(lambda: abs(float(row.get_attribute("data-x")) - seen_x) > 20, message="the watcher seeing the move")
    screenshot(watcher, "space-1280x800")
    assert_calm(walker)
    assert_calm(watcher)


def test_invite_accept_and_talk_from_the_map(live_server, new_context):
    inviter = open_page(new_context)
    invitee = open_page(new_context)
    inviter_id = enter_as_guest(inviter, live_server.url)
    invitee_id = enter_as_guest(invitee, live_server.url)
    set_status(invitee, "open")
    row = person_row(inviter, invitee_id)
    expect(row).to_have_attribute("data-status", "open", timeout=10000)

    # click the invitee's avatar on the canvas
    cam_x, cam_y, zoom = (float(v) for v in inviter.locator("#map").get_attribute("data-camera").split(","))
    box = inviter.locator("#map").bounding_box()
    bx, by = float(row.get_attribute("data-x")), float(row.get_attribute("data-y"))
    inviter.mouse.click(box["x"] + (bx - cam_x) * zoom, box["y"] + (by - 16 - cam_y) * zoom)
    menu = inviter.locator("#person-menu")
    expect(menu).to_be_visible()
    menu.get_by_role("button", name="話してみる？と誘う").click()
    expect(inviter.locator(".sent-chip")).to_be_visible()

    card = invitee.locator(".invite-card")
    expect(card).to_be_visible(timeout=10000)
    expect(card).to_contain_text("お話のお誘い")
    card.get_by_role("button", name="話してみる").click()
    expect(card).to_be_hidden()

    conv_b = invitee.locator(".conversation")
    conv_a = inviter.locator(".conversation")
    expect(conv_a).to_be_visible(timeout=10000)
    expect(inviter.locator(".sent-chip")).to_be_hidden()
    conv_b.locator("input").fill("こんにちは。ゆっくり話しましょう")
    conv_b.locator("input").press("Enter")
    expect(conv_a.locator(".message .text")).to_have_text(["こんにちは。ゆっくり話しましょう"], timeout=10000)
    conv_a.locator("input").fill("はい、よろしくお願いします")
    conv_a.get_by_role("button", name="送る").click()
    expect(conv_b.locator(".message .text")).to_have_text(["こんにちは。ゆっくり話しましょう", "はい、よろしくお願いします"])
    screenshot(invitee, "space-conversation")

    # a stamp from the bar shows as a bubble (announced to the other person)
    inviter.locator("#stamp-bar").get_by_role("button", name="手をふる").click()
    expect(invitee.locator("#announcer")).to_contain_text("手をふる", timeout=10000)

    # leaving: the other side sees the conversation end
    conv_a.get_by_role("button", name="会話をぬける").click()
    expect(conv_a).to_be_hidden()
    expect(conv_b.locator(".conv-closed")).to_contain_text("会話はおわりました。", timeout=10000)
    conv_b.get_by_role("button", name="閉じる").click()
    expect(conv_b).to_be_hidden()
    assert inviter_id != invitee_id
    assert_calm(inviter)
    assert_calm(invitee)


def test_everything_in_list_mode_without_the_canvas(quiet_server, new_context):
    live_server = quiet_server
    a = open_page(new_context)
    b = open_page(new_context)
    c = open_page(new_context)
    enter_as_guest(a, live_server.url)
    b_id = enter_as_guest(b, live_server.url)
    enter_as_guest(c, live_server.url)
    # from here on only the DOM: the canvas is never clicked
    set_status(b, "open")

    # someone not open to talk can't be invited: the list says so instead of offering it
    c_row_in_b = person_row(b, c.locator("#map").get_attribute("data-self-id"))
    c_row_in_b.locator(".person-toggle").click()
    expect(c_row_in_b.locator(".invite-note")).to_have_text(re.compile("誘えません"))
    expect(c_row_in_b.get_by_role("button", name="話してみる？と誘う")).to_be_hidden()

    row = person_row(a, b_id)
    expect(row).to_have_attribute("data-status", "open", timeout=10000)
    toggle = row.locator(".person-toggle")
    toggle.focus()
    a.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    row.get_by_role("button", name="話してみる？と誘う").click()

    # C also invites B; B says "not now" to C, and C is never told
    c_row = person_row(c, b_id)
    expect(c_row).to_have_attribute("data-status", "open", timeout=10000)
    c_row.locator(".person-toggle").click()
    c_row.get_by_role("button", name="話してみる？と誘う").click()
    cards = b.locator(".invite-card")
    expect(cards).to_have_count(2, timeout=10000)
    c_nick = c.locator("#map").get_attribute("data-self-id")
    c_card = cards.filter(has_text=person_name(b, c_nick))
    c_card.get_by_role("button", name="今はいい").click()
    expect(cards).to_have_count(1)
    expect(c.locator(".sent-chip")).to_be_visible()
    assert "断" not in c.locator("body").inner_text()
    # C's chip promises no answer, and asking again says what to do instead of a bare refusal
    expect(c.locator(".sent-chip")).to_contain_text("静かに終わります")
    if c_row.locator(".person-toggle").get_attribute("aria-expanded") != "true":
        c_row.locator(".person-toggle").click()
    c_row.get_by_role("button", name="話してみる？と誘う").click()
    expect(c.locator("#notices")).to_contain_text("まだ続いています")
    c.locator(".sent-chip").get_by_role("button", name="誘うのをやめる").click()
    expect(c.locator(".sent-chip")).to_be_hidden()
    if c_row.locator(".person-toggle").get_attribute("aria-expanded") != "true":
        c_row.locator(".person-toggle").click()
    c_row.get_by_role("button", name="話してみる？と誘う").click()
    expect(c.locator("#notices")).to_contain_text("5分ほど")

    cards.first.get_by_role("button", name="話してみる").click()
    conv_a = a.locator(".conversation")
    conv_b = b.locator(".conversation")
    expect(conv_a).to_be_visible(timeout=10000)
    expect(conv_b.locator("input")).to_be_focused()  # accepting puts the cursor where you type
    b.keyboard.type("リストからこんにちは")
    b.keyboard.press("Enter")
    expect(conv_a.locator(".message .text")).to_have_text(["リストからこんにちは"], timeout=10000)

    # a stamp to B from the list (the row folded itself after the invitation)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    row.get_by_role("button", name=re.compile("スタンプ")).click()
    row.locator(".inline-palette").get_by_role("button", name="ありがとう").click()
    expect(b.locator("#announcer")).to_contain_text("ありがとう", timeout=10000)

    # zone chat in the plaza
    a.locator("#zone-chat-input").fill("広場のみなさん、こんにちは")
    a.locator("#zone-chat-input").press("Enter")
    expect(b.locator("#zone-messages")).to_contain_text("広場のみなさん、こんにちは", timeout=10000)
    screenshot(a, "space-list-mode")

    # "go there": walk to the quiet corner, where typed talk rests, explained kindly
    a.locator("#places-list li[data-zone='quiet']").get_by_role("button").click()
    expect(a.locator("#here-name")).to_have_text("居場所", timeout=30000)
    expect(a.locator("#zone-chat-off")).to_contain_text("何もしなくていい")
    expect(a.locator("#zone-chat-form")).to_be_hidden()
    assert_calm(a)
    assert_calm(b)
    assert_calm(c)


def person_name(page: Page, account_id: str) -> str:
    return person_row(page, account_id).locator(".person-name").inner_text()


def test_block_from_the_list_and_unblock_in_settings(live_server, new_context):
    a = open_page(new_context)
    b = open_page(new_context)
    enter_as_guest(a, live_server.url)
    b_id = enter_as_guest(b, live_server.url)
    row = person_row(a, b_id)
    expect(row).to_be_visible(timeout=10000)
    name = row.locator(".person-name").inner_text()
    row.locator(".person-toggle").click()
    row.get_by_role("button", name="ブロック", exact=True).click()
    expect(row.locator(".block-confirm")).to_contain_text("相手には知らされません")
    row.locator(".block-confirm").get_by_role("button", name="ブロックする").click()
    expect(row).to_have_count(0, timeout=10000)
    a_id = a.locator("#map").get_attribute("data-self-id")
    expect(person_row(b, a_id)).to_have_count(0, timeout=10000)  # both sides stop seeing each other
    assert "ブロック" not in b.locator("body").inner_text()  # the blocked person is told nothing

    a.get_by_role("button", name="設定").click()
    blocked = a.locator("#blocked-list")
    expect(blocked).to_contain_text(name)
    blocked.get_by_role("button", name=re.compile("ブロックをやめる")).click()
    expect(a.locator("#blocked-empty")).to_be_visible()
    a.locator("#settings-close").click()
    expect(person_row(a, b_id)).to_be_visible(timeout=10000)
    assert_calm(a)


def test_settings_keep_account_hide_and_log_out(live_server, new_context):
    page = open_page(new_context)
    other = open_page(new_context)
    me = enter_as_guest(page, live_server.url)
    enter_as_guest(other, live_server.url)
    expect(person_row(other, me)).to_be_visible(timeout=10000)

    page.get_by_role("button", name="設定").click()
    settings = page.locator("#settings-dialog")
    settings.get_by_label("ほかの来訪者から見えないようにする").check()
    expect(page.locator("#hidden-badge")).to_be_visible()
    expect(person_row(other, me)).to_have_count(0, timeout=10000)
    settings.get_by_label("家族のことで来た").check()
    expect(page.locator("#notices")).to_contain_text("ありがとうございます")
    settings.get_by_label("動きを減らす", exact=False).check()
    assert page.evaluate("document.documentElement.classList.contains('reduced-motion')")

    settings.get_by_role("button", name="このアカウントを残す").click()
    keep = page.locator("#keep-dialog")
    nickname = f"しずく{int(time.time() * 1000) % 100000}"
    keep.locator("#keep-nickname").fill(nickname)
    # Too short: said as too short (with its length), not as "they don't match"; then a mismatch.
    keep.locator("#keep-passphrase").fill("river")
    keep.locator("#keep-passphrase2").fill("rive")
    keep.get_by_role("button", name="残す").click()
    expect(keep.locator("#keep-error")).to_contain_text("8文字以上")
    expect(keep.locator("#keep-error")).to_contain_text("いまは5文字")
    expect(keep.locator("#keep-passphrase")).to_be_focused()
    keep.locator("#keep-passphrase").fill("quiet river 2024")
    keep.locator("#keep-passphrase2").fill("quiet river 2025")
    keep.get_by_role("button", name="残す").click()
    expect(keep.locator("#keep-error")).to_contain_text("2つめのあいことば")
    expect(keep.locator("#keep-passphrase2")).to_be_focused()
    keep.locator("#keep-passphrase2").fill("quiet river 2024")
    keep.get_by_role("button", name="残す").click()
    code = keep.locator("#recovery-code")
    expect(code).to_have_text(re.compile(r"\S{6,}"))
    expect(keep).to_contain_text("いまこの一度だけ")
    keep.get_by_role("button", name="書きとめました").click()
    expect(code).to_have_text("")  # shown once, then forgotten
    expect(settings.locator("#account-state")).to_contain_text(nickname)
    # a kept account has letters: the dialog brings its own calm look (not the browser's frame)
    page.locator("#settings-close").click()
    page.locator("#support-section").get_by_role("button", name="手紙").click()
    letters = page.locator("dialog.cw-dialog")
    expect(letters).to_be_visible()
    assert letters.evaluate("d => getComputedStyle(d).borderTopColor") != "rgb(0, 0, 0)"
    assert letters.evaluate("d => getComputedStyle(d).borderTopLeftRadius") != "0px"
    screenshot(page, "space-letters-dialog")
    letters.get_by_role("button", name="閉じる").click()
    expect(letters).to_be_hidden()
    page.get_by_role("button", name="設定").click()
    settings.get_by_role("button", name="退室する（ログアウト）").click()
    expect(page.get_by_role("button", name="見てまわる")).to_be_visible(timeout=10000)
    expect(page.locator("#landing-status")).to_contain_text("退室しました")

    # the kept account comes back with its nickname and passphrase
    page.get_by_role("button", name="ニックネームで入る").click()
    page.locator("#login-nickname").fill(nickname)
    page.locator("#login-passphrase").fill("quiet river 2024")
    page.locator("#login-form").get_by_role("button", name="入る").click()
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    assert page.locator("#map").get_attribute("data-self-id") == me
    assert_calm(page)


def test_reload_keeps_the_same_guest_and_place(quiet_server, new_context):
    live_server = quiet_server
    page = open_page(new_context)
    me = enter_as_guest(page, live_server.url)
    set_status(page, "dnd")
    page.locator("#map").focus()
    page.keyboard.down("ArrowUp")
    page.wait_for_timeout(800)
    page.keyboard.up("ArrowUp")
    page.wait_for_timeout(1300)  # the resume hint is saved at most once a second
    before = confirmed(page)
    page.reload()
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    assert page.locator("#map").get_attribute("data-self-id") == me
    after = confirmed(page)
    assert abs(after[0] - before[0]) < 2 and abs(after[1] - before[1]) < 2
    expect(page.locator("#status-select")).to_have_value("dnd")
    assert_calm(page)


def test_phone_size_map_and_bottom_sheet(quiet_server, new_context):
    live_server = quiet_server
    page = open_page(new_context, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    enter_as_guest(page, live_server.url)
    canvas = page.locator("#map")
    box = canvas.bounding_box()
    assert box["width"] >= 380, "the map uses the full width"
    expect(page.locator("#list-panel")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing sticks out sideways"

    x0, y0 = confirmed(page)
    cam_x, cam_y, zoom = (float(v) for v in canvas.get_attribute("data-camera").split(","))
    # tap a spot of open floor up and to the left, away from people arriving at the spawn
    page.touchscreen.tap(box["x"] + (x0 - 150 - cam_x) * zoom, box["y"] + (y0 - 60 - cam_y) * zoom)
    expect(page.locator("#person-menu")).to_be_hidden()
    wait_for(lambda: x0 - confirmed(page)[0] > 60, message="walking to the tapped spot")

    page.get_by_role("button", name="リストを開く").click()
    sheet = page.locator("#list-panel")
    expect(sheet).to_be_visible()
    sheet_box = sheet.bounding_box()
    assert sheet_box["y"] > 844 * 0.3 and sheet_box["width"] >= 380, "a bottom sheet"
    screenshot(page, "space-phone")
    page.get_by_role("button", name="リストを閉じる").click()
    expect(sheet).to_be_hidden()
    assert_calm(page)


def test_english_inside_the_space(live_server, new_context):
    page = open_page(new_context)
    enter_as_guest(page, live_server.url)
    page.locator(".topbar .lang-switch").click()
    expect(page.get_by_role("heading", name="People nearby")).to_be_visible()
    expect(page.locator("#status-select option[value='just_here']")).to_have_text("Just here (no need to do anything)")
    expect(page.locator("#stamp-bar").get_by_role("button", name="Wave")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    screenshot(page, "space-english")
    page.locator(".topbar .lang-switch").click()
    expect(page.get_by_role("heading", name="近くにいる人")).to_be_visible()
    assert_calm(page)


def test_a_server_restart_resumes_the_same_place_and_status(tmp_path, new_context):
    server = LiveServer(tmp_path).start()
    try:
        page = open_page(new_context)
        me = enter_as_guest(page, server.url)
        set_status(page, "dnd")
        page.locator("#map").focus()
        page.keyboard.down("ArrowLeft")
        page.wait_for_timeout(900)
        page.keyboard.up("ArrowLeft")
        page.wait_for_timeout(1300)  # the resume hint is saved at most once a second
        before = confirmed(page)

        server.stop()
        expect(page.locator("#map")).to_have_attribute("data-connected", "false", timeout=15000)
        expect(page.locator("#connection")).to_contain_text("つながりなおしています")
        server.start()
        expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=30000)
        expect(page.locator("#connection")).to_be_hidden()
        assert page.locator("#map").get_attribute("data-self-id") == me
        after = confirmed(page)
        assert abs(after[0] - before[0]) < 2 and abs(after[1] - before[1]) < 2, (before, after)
        expect(page.locator("#status-select")).to_have_value("dnd")
        assert_calm(page)
    finally:
        server.stop()


def test_invite_two_people_together_and_talk_as_three(live_server, new_context):
    a, b, c = (open_page(new_context) for _ in range(3))
    enter_as_guest(a, live_server.url)
    b_id = enter_as_guest(b, live_server.url)
    c_id = enter_as_guest(c, live_server.url)
    set_status(b, "open")
    set_status(c, "open")
    for pid in (b_id, c_id):
        row = person_row(a, pid)
        expect(row).to_have_attribute("data-status", "open", timeout=10000)
        row.locator(".person-toggle").click()
        row.get_by_role("button", name="まとめて誘う人に入れる").click()
        expect(row.get_by_role("button", name="まとめて誘う人から外す")).to_have_attribute("aria-pressed", "true")
    tray = a.locator("#invite-tray")
    expect(tray).to_contain_text(person_name(a, b_id))
    tray.get_by_role("button", name="まとめて誘う（2人）").click()
    expect(tray).to_be_hidden()

    for page, other in ((b, c_id), (c, b_id)):
        card = page.locator(".invite-card")
        expect(card).to_be_visible(timeout=10000)
        expect(card.locator(".invite-others")).to_contain_text("ほかに誘われている人")
        card.get_by_role("button", name="話してみる").click()
        expect(page.locator(".conversation")).to_be_visible(timeout=10000)
    expect(a.locator(".conversation .system-line")).to_contain_text(["加わりました"], timeout=10000)
    c.locator(".conversation input").fill("三人でこんにちは")
    c.locator(".conversation input").press("Enter")
    for page in (a, b):
        expect(page.locator(".conversation .message .text")).to_contain_text(["三人でこんにちは"], timeout=10000)
    for page in (a, b, c):
        assert_calm(page)
