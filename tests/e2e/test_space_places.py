"""The map's places do what they say (issue 15 item 2): walking up to the consultation desk
offers the desk, and a consultation room's door offers the waiting room of one's booking,
both inside the space as a panel with a way back; nothing opens by itself."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_space import assert_calm, enter_as_guest, open_page
from tests.e2e.test_space_boards import hold, stand_still, step_until


def go_to_consultation_wing(page) -> tuple[float, float]:
    page.locator("#places-list li[data-zone='consultation']").get_by_role("button").click()
    expect(page.locator("#here-name")).to_have_text("相談の棟", timeout=30000)
    return stand_still(page)


def test_the_desk_and_a_rooms_door_open_their_panels_in_the_space(live_server, new_context):
    page = open_page(new_context)
    enter_as_guest(page, live_server.url)
    prompt = page.locator(".board-prompt:not(.hall-sign)")
    go_to_consultation_wing(page)
    page.locator("#map").focus()

    # towards the desk (right, then down): the offer appears, nothing opens by itself
    step_until(page, "ArrowRight", lambda: stand_still(page)[0] >= 456, max_ms=6000)
    step_until(page, "ArrowDown", lambda: prompt.is_visible(), max_ms=6000)
    talk = prompt.get_by_role("button", name="相談デスクに話しかける（文字で）")
    expect(talk).to_be_visible()
    expect(page.locator("#announcer")).to_contain_text("相談の受付の前に来ました", timeout=5000)
    page.wait_for_timeout(500)
    assert page.locator("dialog[open]").count() == 0
    screenshot(page, "space-desk-prompt")
    page.keyboard.press("e")
    dialog = page.locator("dialog.support-dialog")
    dialog.get_by_role("heading", name="相談デスク").wait_for()
    dialog.get_by_role("button", name="閉じる").first.click()
    expect(page.locator("dialog.support-dialog")).to_have_count(0)
    expect(page.locator("#map")).to_be_focused()  # back on the map, where one was

    # up to the row of doors: a room's door offers the waiting room of one's booking
    step_until(page, "ArrowUp", lambda: prompt.is_hidden(), max_ms=3000)
    step_until(page, "ArrowUp", lambda: prompt.is_visible(), max_ms=8000)
    door = prompt.get_by_role("button", name=re.compile(r"^相談室[1-4]：予約した相談の待合室をひらく$"))
    expect(door).to_be_visible()
    door.click()
    waiting = page.get_by_role("dialog", name="予約した相談・待合室")
    expect(waiting).to_be_visible()
    screenshot(page, "space-waiting-room-panel")
    waiting.get_by_role("button", name="閉じる").first.click()
    expect(page.locator("dialog.support-dialog")).to_have_count(0)
    assert_calm(page)
