"""Persona walks, the visitors (issue 15, "Tests"): a first-time guest whose phone is set to
UTC, and a family member who books a first consultation. Each walks a whole day in one pass,
asserting the fixed behaviour on the way, with photographs at 1280x800 and 390x844
(tests/e2e/persona_walk.py) and no JavaScript error."""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.persona_walk import PHONE, WIDE, Walk, assert_not_covered, close_welcome, enter_as_guest, token_for
from tests.e2e.rest import rest
from tests.e2e.test_space_boards import hold, stand_still, step_until
from tests.e2e.test_space_places import go_to_consultation_wing

TOKYO = ZoneInfo("Asia/Tokyo")
# The text of an element with one text node, as the lines it is laid out in.
LINES = """(el) => { const node = el.firstChild, text = node.textContent, lines = []; let top = null;
  for (let i = 0; i < text.length; i++) {
    const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
    const y = Math.round(range.getBoundingClientRect().top);
    if (y !== top) { lines.push(""); top = y; }
    lines[lines.length - 1] += text[i];
  }
  return lines; }"""


def close_the_desk_today(base: str) -> None:
    """Staff close the desk for today (a training day): the desk then names its next opening,
    which a reader on another clock must see labelled as Japan time. The weekly hours, which
    the demo board states, stay as they are."""
    token = token_for(base, "デモ相談員", "demo-staff-pass")
    today = datetime.now(TOKYO).date().isoformat()
    status, body = rest(base, "PUT", f"/api/desk/days/{today}", token, {"windows": [], "note": "本日は研修のためお休みです。"})
    assert status == 200, body


def weekly_windows(base: str) -> set[str]:
    status, hours = rest(base, "GET", "/api/desk/hours")
    assert status == 200, hours
    return {f"{w['start']}〜{w['end']}" for w in hours["hours"]["weekly"]}


def test_a_first_time_guest_in_a_utc_browser(live_server, new_context):
    base = live_server.url
    close_the_desk_today(base)
    walk = Walk(new_context, "guest", timezone_id="UTC")
    page = walk.page

    # Without JavaScript the landing says what the place is and where to read instead.
    plain = walk.open(java_script_enabled=False)
    plain.goto(base + "/")
    note = plain.locator(".noscript-note").first
    expect(note).to_contain_text("JavaScript が必要です")
    for href in ("/boards", "/events", "/surveys"):
        expect(note.locator(f"a[href='{href}']")).to_have_count(1)
    walk.shoot("landing-without-javascript", plain)

    # The landing: its words are there at once; voice is only ever optional.
    page.goto(base + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ここにいるだけで、だいじょうぶ。")
    expect(page.locator(".lead")).to_contain_text("名前を出さずに来られる")
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "UTC"
    walk.shoot("landing")
    # on a phone the heading wraps between phrases, not inside a word (it read 「だいじょ／うぶ。」)
    page.set_viewport_size({"width": 390, "height": 844})
    lines = page.get_by_role("heading", level=1).evaluate(LINES)
    assert len(lines) > 1 and any("だいじょうぶ" in line for line in lines), lines
    page.set_viewport_size({"width": 1280, "height": 800})

    # A wrong sign-in, then English: the shown error follows the language.
    page.get_by_role("button", name="ニックネームで入る").click()
    page.locator("#login-nickname").fill("はじめてのひと")
    page.locator("#login-passphrase").fill("not the right one")
    with walk.refused(401):
        page.locator("#login-form").get_by_role("button", name="入る").click()
        expect(page.locator("#login-error")).to_have_text("ニックネームかあいことばが違います。")
    page.locator("#landing .lang-switch").click()
    expect(page.locator("#login-error")).to_have_text("The nickname or passphrase is not right.")
    walk.shoot("login-error-in-english")
    page.locator("#landing .lang-switch").click()
    page.locator("#login-cancel").click()

    # 「見てまわる」: a calm word at once, then the map (the note is seen by the page itself).
    page.evaluate("""() => { const note = document.getElementById("entering"); window.__enteringShown = false;
      new MutationObserver(() => { if (!note.hidden) window.__enteringShown = true; })
        .observe(note, { attributes: true, attributeFilter: ["hidden"] }); }""")
    page.get_by_role("button", name="見てまわる").click()
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=20000)
    assert page.evaluate("window.__enteringShown")
    expect(page.locator("#entering")).to_be_hidden()
    welcome = page.get_by_role("button", name="このまま見てまわる")
    expect(welcome).to_be_visible()
    walk.shoot("welcome")
    close_welcome(page)
    me = page.locator("#map").get_attribute("data-self-id")

    # Someone else arrives: not on top of us (no pile at the entrance) ...
    other = walk.open()
    other_id = enter_as_guest(other, base)
    row = page.locator(f"#people-list li[data-id='{other_id}']")
    expect(row).to_be_visible(timeout=10000)
    mine = [float(page.locator("#map").get_attribute(a)) for a in ("data-x", "data-y")]
    theirs = [float(row.get_attribute(a)) for a in ("data-x", "data-y")]
    assert abs(mine[0] - theirs[0]) + abs(mine[1] - theirs[1]) >= 32, (me, mine, theirs)
    expect(page.locator("#people-count")).to_have_text("1人")
    # the plaza's survey offer stands clear of both of us, at either size
    survey_offer = page.locator(".survey-sign").get_by_role("button", name="アンケートに答える")
    expect(survey_offer).to_be_visible()
    for size in (PHONE, WIDE):
        page.set_viewport_size(size)
        mine = [float(page.locator("#map").get_attribute(a)) for a in ("data-x", "data-y")]
        assert_not_covered(page, survey_offer, [tuple(mine), tuple(theirs)])
    walk.shoot("someone-arrives")
    # ... and when they close their tab, they are not counted as nearby (no ghost crowd).
    other.context.close()
    expect(row).to_have_count(0, timeout=15000)
    expect(page.locator("#people-count")).to_have_text("")

    # Walking up to a board: the offer, then the reader.
    prompt = page.locator(".board-prompt:not(.hall-sign)")
    page.locator("#places-list li[data-zone='boards']").get_by_role("button").click()
    expect(page.locator("#here-name")).to_have_text("掲示板のコーナー", timeout=30000)
    stand_still(page)
    page.locator("#map").focus()
    hold(page, "ArrowDown", 350)
    expect(prompt.get_by_role("button", name="掲示板「地域の相談先」を読む")).to_be_visible()
    walk.shoot("board-prompt")
    page.keyboard.press("e")
    reader = page.get_by_role("dialog", name="掲示板「地域の相談先」")
    expect(reader).to_be_visible()
    page.keyboard.press("Escape")
    expect(reader).to_be_hidden()

    # The consultation board's pinned post states the desk's own weekly hours and the map's names.
    page.locator("#boards-list button", has_text="相談").first.click()
    board = page.locator("dialog[open]")
    pinned = board.locator("li", has=page.locator(".br-post-open", has_text="はじめての相談"))
    expect(pinned.locator(".br-pinned")).to_have_text("おすすめ")  # the same word as on /boards
    pinned.locator(".br-post-open").click()
    prose = board.locator(".br-prose")
    expect(prose).to_contain_text("相談の棟")
    said = set(re.findall(r"\d\d:\d\d〜\d\d:\d\d", prose.inner_text()))
    assert said == weekly_windows(base), said
    assert "相談の部屋" not in prose.inner_text()
    walk.shoot("board-desk-hours")
    page.keyboard.press("Escape")
    expect(board).to_be_hidden()

    # Walking up to the desk opens the desk panel; closed today, its next opening is Japan time.
    go_to_consultation_wing(page)
    page.locator("#map").focus()
    step_until(page, "ArrowRight", lambda: stand_still(page)[0] >= 456, max_ms=6000)
    step_until(page, "ArrowDown", lambda: prompt.is_visible(), max_ms=6000)
    page.keyboard.press("e")
    desk = page.locator("dialog.support-dialog")
    desk.get_by_role("heading", name="相談デスク").wait_for()
    expect(desk).to_contain_text("本日は研修のためお休みです。")
    expect(desk).to_contain_text(re.compile(r"次は.+\d\d:\d\d（日本時間）から"))
    # one frame: the dialog is the card, the desk's panel inside it has no card of its own
    inner = desk.locator(".dk-panel").evaluate("""p => { const s = getComputedStyle(p);
      return [s.boxShadow, s.backgroundColor, s.paddingLeft]; }""")
    assert inner == ["none", "rgba(0, 0, 0, 0)", "0px"], inner
    walk.shoot("desk-closed-today")
    desk.get_by_role("button", name="閉じる").first.click()
    expect(page.locator("dialog.support-dialog")).to_have_count(0)
    expect(page.locator("#map")).to_be_focused()
    walk.assert_clean()


def test_a_family_member_books_a_first_consultation(live_server, new_context):
    base = live_server.url
    walk = Walk(new_context, "family")
    page = walk.page
    enter_as_guest(page, base)
    support = page.locator("#support-section")

    # Booking before saying who one is: the hint points to where that is said.
    support.get_by_role("button", name="専門家との相談を予約する").click()
    booking = page.get_by_role("dialog", name="相談の予約")
    expect(booking).to_be_visible()
    hint = booking.locator(".ib-kind-hint")
    expect(hint).to_be_visible(timeout=10000)
    expect(hint).to_contain_text("「設定」の「あなたのこと」")
    walk.shoot("booking-hint")
    page.keyboard.press("Escape")
    expect(booking).to_be_hidden()

    # 設定 → あなたのこと: here for a family member.
    page.get_by_role("button", name="設定").click()
    settings = page.locator("#settings-dialog")
    expect(settings.get_by_text("あなたのこと（答えなくてもかまいません）")).to_be_visible()
    settings.get_by_label("家族のことで来た").check()
    expect(page.locator("#notices")).to_contain_text("ありがとうございます")
    walk.shoot("settings-about-you")
    page.locator("#settings-close").click()

    # A demo time in the coming days can really be booked.
    support.get_by_role("button", name="専門家との相談を予約する").click()
    expect(booking).to_be_visible()
    first = booking.locator(".ib-slot label").first
    expect(first).to_be_visible(timeout=10000)
    expect(booking.locator(".ib-kind-hint")).to_be_hidden()
    first.click()
    booking.get_by_label("ひとこと（任意・500文字まで）").fill("息子のことで相談したいです。")
    walk.shoot("booking-chosen")
    booking.get_by_role("button", name="この時間で予約する").click()
    expect(booking.get_by_role("heading", name="予約しました。")).to_be_visible(timeout=10000)
    expect(booking.locator(".ib-mine .ib-booking").first).to_be_visible()
    walk.shoot("booking-done")
    page.keyboard.press("Escape")
    expect(booking).to_be_hidden()

    # Events and the survey are in the list beside the map.
    events = page.locator("#events-section")
    expect(events.get_by_role("heading", name="催し")).to_be_visible()
    surveys = page.locator("#surveys-section")
    expect(surveys.get_by_role("heading", name="アンケート")).to_be_visible()
    expect(surveys.get_by_role("button", name="アンケートを見る (1件)")).to_be_visible()  # the demo survey
    events.get_by_role("button", name="これからの催しを見る").click()
    program = page.get_by_role("dialog", name="これからの催し")
    expect(program.locator(".event-items, .gentle-note").first).to_be_visible()
    assert "null" not in program.inner_text()  # (an absent section was once written as "null")
    walk.shoot("events")
    program.get_by_role("button", name="閉じる").first.click()
    walk.assert_clean()
