"""The desk's duty choice waits for the desk's live link. CI (stop 18) caught a staff member
whose click on 「対応できる」 came while the console was still connecting: the choice went
nowhere, the desk line never said 受付中, and nothing told them why. Here the link is held
back on purpose (the panel's first request waits) so the moment is always there."""
import re

from playwright.sync_api import expect

from tests.e2e.persona_walk import sign_in_console
from tests.e2e.test_first_step import ALWAYS, as_staff, login


def mount_desk(page) -> None:
    page.evaluate("""async () => {
        const { createApi } = await import("/static/console/api.js");
        const { mount } = await import("/static/console/desk.js");
        const host = document.createElement("div");
        document.body.replaceChildren(host);
        window.__desk = mount(host, createApi(), { lang: "ja" });
    }""")


def test_going_on_duty_waits_until_the_desk_is_connected(live_server, new_context):
    base = live_server.url
    page = new_context().new_page()
    page.goto(base + "/console")
    signed = login(page, base, "デモ相談員", "demo-staff-pass")
    as_staff(page, base, signed["access_token"], "PUT", "/api/desk/hours", ALWAYS)
    page.evaluate("""(session) => sessionStorage.setItem("ibasho.console.session", JSON.stringify(session))""",
                  {"access_token": signed["access_token"], "refresh_token": signed["refresh_token"]})
    held = []

    def hold(route):
        held.append(route)

    page.route("**/api/me", hold)  # the panel asks who it is before it connects
    with page.expect_request("**/api/me"):
        mount_desk(page)

    available = page.get_by_role("radio", name="対応できる")
    # Not connected yet: the choice cannot be made, and the page says it is connecting.
    expect(page.locator(".cd-connection")).to_have_text("つないでいます…")
    expect(available).to_be_disabled()
    expect(page.get_by_role("radio", name="当番ではない")).to_be_disabled()
    expect(page.get_by_role("button", name="次の方と話す")).to_be_disabled()

    for route in held:
        route.continue_()
    page.unroute("**/api/me", hold)
    expect(available).to_be_enabled()
    expect(page.locator(".cd-connection")).to_be_hidden()
    available.check()
    expect(page.locator(".cd-desk-line")).to_contain_text("受付中")
    expect(page.locator(".cd-alert")).to_have_text("")
    expect(available).to_be_checked()


def test_the_desk_section_on_the_consoles_open_link_shows_the_desk_at_once(live_server, new_context):
    """In the console the desk's link is already open (the notices use it) when the section
    mounts: the section still asks for the desk's state on it, and nothing fails."""
    base = live_server.url
    page = new_context().new_page()
    signed = login(page, base, "デモ相談員", "demo-staff-pass")
    as_staff(page, base, signed["access_token"], "PUT", "/api/desk/hours", ALWAYS)
    sign_in_console(page, base, "デモ相談員", "demo-staff-pass")
    page.get_by_role("link", name="相談デスク").click()
    expect(page.locator(".cd-desk-line")).to_contain_text(re.compile(r"当番 \d+人"))
    expect(page.locator(".cd-alert")).to_have_text("")
    page.get_by_role("radio", name="対応できる").check()
    expect(page.locator(".cd-desk-line")).to_contain_text("受付中")
    expect(page.locator(".cd-alert")).to_have_text("")
