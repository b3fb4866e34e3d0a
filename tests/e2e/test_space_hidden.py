"""Hidden people in Chromium: a visitor hides; staff see only how many; a moderator looks,
with a reason, for a bounded time, and sees her faint and marked; nobody sees who otherwise."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer
from tests.e2e.test_space import assert_calm, enter_as_guest, open_page, person_row


@pytest.fixture
def quiet_server(tmp_path):
    """A server of its own: nobody from other tests stands (or hides) round the spawn point."""
    server = LiveServer(tmp_path).start()
    yield server
    server.stop()


def enter_as(page: Page, url: str, nickname: str, passphrase: str) -> str:
    page.goto(url)
    page.get_by_role("button", name="ニックネームで入る").click()
    page.locator("#login-nickname").fill(nickname)
    page.locator("#login-passphrase").fill(passphrase)
    page.locator("#login-form").get_by_role("button", name="入る").click()
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=15000)
    close = page.get_by_role("button", name="このまま見てまわる")
    if close.is_visible():
        close.click()
    return page.locator("#map").get_attribute("data-self-id")


def test_staff_see_a_count_and_a_moderator_may_look_for_a_while(quiet_server, new_context):
    url = quiet_server.url
    hider = open_page(new_context)
    staff = open_page(new_context)
    moderator = open_page(new_context)
    her = enter_as_guest(hider, url)
    hider.get_by_role("button", name="設定").click()
    hider.locator("#settings-dialog").get_by_label("ほかの来訪者から見えないようにする").check()
    expect(hider.locator("#hidden-badge")).to_be_visible()
    hider.keyboard.press("Escape")

    enter_as(staff, url, "デモ相談員", "demo-staff-pass")
    enter_as(moderator, url, "デモ見守り", "demo-moderator-pass")
    for page in (staff, moderator):
        expect(page.locator("#hidden-count")).to_contain_text("1人", timeout=10000)
        expect(person_row(page, her)).to_have_count(0)
    expect(staff.locator("#reveal-control")).to_be_hidden()  # staff: the count, never who

    control = moderator.locator("#reveal-control")
    expect(control).to_be_visible()
    control.get_by_label("見る理由").fill("通報の確認")
    control.get_by_label("見る理由").press("Enter")  # the keyboard alone is enough
    expect(control.get_by_role("status")).to_contain_text(re.compile(r"表示中（\d{1,2}:\d{2}まで）"))
    row = person_row(moderator, her)
    expect(row).to_contain_text("（かくれています）", timeout=10000)
    expect(person_row(staff, her)).to_have_count(0)  # one person's look shows nobody else

    control.get_by_role("button", name="見るのをやめる").click()
    expect(person_row(moderator, her)).to_have_count(0, timeout=10000)
    expect(control.get_by_label("見る理由")).to_be_visible()
    for page in (hider, staff, moderator):
        assert_calm(page)
