"""Someone who walks to the very foot of the plaza stays in sight: their body and name are
drawn above the stamp toolbar that floats over the lower map. The camera stops at the map's
bottom edge, and the persona walk saw a guest's name pass under the toolbar there; the
toolbar now counts as covering the map, as the phone's list sheet does."""
from playwright.sync_api import Page

from tests.e2e.conftest import screenshot
from tests.e2e.persona_walk import AVATAR_ON_SCREEN
from tests.e2e.test_space import confirmed, enter_as_guest, open_page
from tests.e2e.test_space_boards import step_until


def walk_to_the_foot(page: Page) -> tuple[float, float]:
    """ArrowDown in short steps until three readings of the server's position agree (a wall)."""
    readings: list[float] = []

    def stopped() -> bool:
        readings.append(confirmed(page)[1])
        return len(readings) >= 3 and readings[-1] == readings[-2] == readings[-3] and readings[-1] > readings[0]

    step_until(page, "ArrowDown", stopped, max_ms=12000)
    return confirmed(page)


def test_a_name_at_the_plazas_foot_stays_above_the_stamp_toolbar(live_server, new_context):
    page = open_page(new_context, viewport={"width": 1280, "height": 800})
    enter_as_guest(page, live_server.url)
    page.locator("#map").focus()
    x, y = walk_to_the_foot(page)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")

    drawn = page.evaluate(AVATAR_ON_SCREEN, [x, y])
    name_bottom = drawn["bottom"]
    bar = page.locator("#stamp-bar").bounding_box()
    screenshot(page, "plaza-foot-1280")
    assert name_bottom <= bar["y"], f"the name ends at {name_bottom}, the toolbar starts at {bar['y']}"
    # and the person is really at the foot: below the middle of the map on the screen
    box = page.locator("#map").bounding_box()
    assert drawn["top"] > box["y"] + box["height"] / 2, drawn
