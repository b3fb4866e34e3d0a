"""The first visit on a slow connection (issue 15 item 12): versioned, compressed files; a calm
「入っています…」 between the click and the map; panels nobody opened never travel."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_space import open_page

LAZY = ("ui/board_reader.js", "ui/avatar_builder.js", "ui/desk.js", "ui/booking.js", "ui/consult.js",
        "ui/letters.js", "ui/my_record.js")


def test_entering_is_calm_and_panels_travel_only_when_opened(live_server, new_context):
    page = open_page(new_context)
    fetched: list[str] = []
    encodings: dict[str, str] = {}

    def seen(response):
        url = response.url.removeprefix(live_server.url)
        fetched.append(url)
        if url.startswith("/static/"):
            encodings[url] = response.headers.get("content-encoding", "")

    page.on("response", seen)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                    "downloadThroughput": 200_000, "uploadThroughput": 93_750})
    page.goto(live_server.url)
    expect(page.locator("#enter-guest")).to_be_enabled()
    page.locator("#enter-guest").click()
    note = page.locator("#entering")
    note.wait_for(state="visible", timeout=10000)
    assert note.text_content() == "入っています…"
    screenshot(page, "first-load-entering")
    expect(page.locator("#map")).to_be_focused(timeout=20000)
    expect(note).to_be_hidden()

    statics = [url for url in fetched if url.startswith("/static/")]
    assert statics and all(url.startswith("/static/v/") for url in statics)
    assert all(encodings[url] == "gzip" for url in statics if url.endswith((".js", ".css")))
    for lazy in LAZY:
        assert not any(url.endswith("/" + lazy) for url in statics), lazy

    welcome = page.get_by_role("button", name="このまま見てまわる")
    if welcome.is_visible():
        welcome.click()
    page.locator("#boards-list button").first.click()
    expect(page.locator("dialog[open]")).to_be_visible(timeout=15000)
    assert any(url.endswith("/ui/board_reader.js") for url in fetched)
    assert not any(url.endswith("/ui/avatar_builder.js") for url in fetched)
