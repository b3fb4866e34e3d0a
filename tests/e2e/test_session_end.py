"""The web client when the server ends the session (docs/PROTOCOL.md, "Live access"): the
space page says so calmly and goes back to the landing page, in Japanese or English."""
from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e.test_space import enter_as_guest, open_page


def post(url: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
    request = urllib.request.Request(url + path, data=json.dumps(body or {}).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


@pytest.mark.parametrize("locale, text", [
    ("ja-JP", "ログアウトしました。またいつでもどうぞ。"),
    ("en-US", "You have logged out. Come back any time."),
])
def test_a_logout_elsewhere_takes_the_space_page_back_to_the_landing(live_server, new_context, locale, text):
    page = open_page(new_context)
    if locale == "en-US":
        page.goto(live_server.url)
        page.evaluate("localStorage.setItem('ibasho.lang', 'en')")
        page.reload()
        page.get_by_role("button", name="Look around", exact=True).click()
        expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    else:
        enter_as_guest(page, live_server.url)
    # The same session, from another device: log it out there.
    refresh_token = page.evaluate("localStorage.getItem('ibasho.refresh_token')")
    signed = post(live_server.url, "/api/auth/refresh", {"refresh_token": refresh_token})
    post(live_server.url, "/api/auth/logout", token=signed["access_token"])
    expect(page.locator("#landing")).to_be_visible(timeout=10000)
    expect(page.locator("#landing-status")).to_have_text(text)
    assert page.evaluate("localStorage.getItem('ibasho.refresh_token')") is None
    assert not page.csp_violations


def test_a_logout_elsewhere_takes_the_desk_page_back_to_the_landing(live_server, new_context):
    """The standalone /desk page keeps its own socket: its end is said with the same words
    (the panel once named an element like the words' function and threw instead)."""
    page = open_page(new_context)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    enter_as_guest(page, live_server.url)
    page.goto(live_server.url + "/desk")  # a returning visitor: signed in from the kept token
    # The desk's status arrives only over the page's own socket: it is connected.
    expect(page.locator(".dk-headline")).not_to_have_text("", timeout=15000)
    refresh_token = page.evaluate("localStorage.getItem('ibasho.refresh_token')")
    signed = post(live_server.url, "/api/auth/refresh", {"refresh_token": refresh_token})
    post(live_server.url, "/api/auth/logout", token=signed["access_token"])
    expect(page.locator("#landing")).to_be_visible(timeout=10000)
    expect(page.locator("#landing-status")).to_have_text("ログアウトしました。またいつでもどうぞ。")
    assert errors == []
