"""From inside the space a visitor can reach the desk and the booking dialog, with no
permission prompt; nothing opens by itself."""
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

COUNT_PROMPTS = """
window.__prompts = 0;
if (navigator.mediaDevices) {
  navigator.mediaDevices.getUserMedia = () => { window.__prompts += 1; return Promise.reject(new Error('no')); };
}
if (window.Notification) { Notification.requestPermission = () => { window.__prompts += 1; return Promise.resolve('denied'); }; }
"""


def test_support_section_opens_the_desk_and_booking(live_server, new_context):
    context = new_context()
    context.add_init_script(COUNT_PROMPTS)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="見てまわる").click()
    section = page.locator("#support-section")
    section.get_by_role("heading", name="相談する").wait_for()
    assert page.locator("dialog[open]").count() == 0  # nothing opens by itself
    # guests see no letters or record, and are told why
    assert section.get_by_role("button", name="手紙").count() == 0
    assert section.get_by_text("アカウントを残すと").is_visible()
    assert section.get_by_role("link", name="スタッフのコンソールを開く").count() == 0  # staff only

    section.get_by_role("button", name="相談デスクに話しかける").click()
    dialog = page.locator("dialog.support-dialog")
    dialog.get_by_role("heading", name="相談デスク").wait_for()
    screenshot(page, "space-support-desk")
    dialog.get_by_role("button", name="閉じる").first.click()
    # the dialog's "close" event (which removes it) comes as a task after the click
    expect(page.locator("dialog.support-dialog")).to_have_count(0)

    section.get_by_role("button", name="専門家との相談を予約する").click()
    booking = page.get_by_role("dialog")
    booking.wait_for()
    screenshot(page, "space-support-booking")
    page.keyboard.press("Escape")
    # the waiting room opens inside the space too (no leaving for /consult)
    section.get_by_role("button", name="予約した相談・待合室").click()
    waiting = page.get_by_role("dialog", name="予約した相談・待合室")
    expect(waiting).to_be_visible()
    assert page.url.rstrip("/") == live_server.url.rstrip("/")
    waiting.get_by_role("button", name="閉じる").first.click()
    expect(page.locator("dialog.support-dialog")).to_have_count(0)
    assert page.evaluate("window.__prompts") == 0


def test_staff_who_log_in_on_the_landing_find_their_console(live_server, new_context):
    page = new_context().new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="ニックネームで入る").click()
    page.locator("#login-nickname").fill("デモ相談員")
    page.locator("#login-passphrase").fill("demo-staff-pass")
    page.locator("#login-form").get_by_role("button", name="入る").click()
    section = page.locator("#support-section")
    link = section.get_by_role("link", name="スタッフのコンソールを開く")
    expect(link).to_have_attribute("href", "/console", timeout=15000)
    link.click()
    expect(page).to_have_url(live_server.url + "/console")
