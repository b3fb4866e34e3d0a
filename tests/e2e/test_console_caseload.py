"""The caseload section in Chromium: an admin sees every specialist in a real table, the one
carrying much more than the others softly marked; each specialist sees only their own month,
in kind sentences; a staff member is not offered the section; /admin links to it."""
from __future__ import annotations

import shutil
from pathlib import Path

from tests.e2e.conftest import screenshot
from tests.e2e.rest import rest
from tests.e2e.test_accessibility import blocking_violations
from tests.e2e.test_console_cases import login, sign_in

SHOTS = Path("/tmp/caseload-shots")


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(screenshot(page, name), SHOTS / f"{name}.png")


def give_the_psychologist_three_cases(base: str) -> None:
    """Three people each leave a desk message that デモ心理士 answers, who opens their cases;
    each then writes a letter: 3 cases + 3 letters received = load 6, against デモ保健師's 0."""
    specialist = login(base, "デモ心理士", "demo-specialist-pass")
    for n in range(3):
        nickname = f"うけもちのひと{n}"
        status, guest = rest(base, "POST", "/api/auth/guest", body={})
        assert status == 201, guest
        status, kept = rest(base, "POST", "/api/auth/keep", guest["access_token"],
                            {"nickname": nickname, "passphrase": "a calm passphrase", "kind": "family"})
        assert status == 201, kept
        status, left = rest(base, "POST", "/api/desk/messages", kept["access_token"], {"text": "家族のことで相談したいです"})
        assert status == 201, left
        status, body = rest(base, "POST", f"/api/desk/messages/{left['message']['id']}/handled", specialist,
                            {"reply": "読みました。ゆっくりお話ししましょう。"})
        assert status == 200, body
        status, body = rest(base, "POST", "/api/cases", specialist, {"person_nickname": nickname})
        assert status == 201, body
        status, body = rest(base, "GET", "/api/letters/contacts", kept["access_token"])
        (contact,) = body["contacts"]
        status, body = rest(base, "POST", "/api/letters", kept["access_token"],
                            {"recipient_id": contact["id"], "body": "先日はありがとうございました。"})
        assert status == 201, body


def test_admins_see_everyone_and_specialists_only_themselves(live_server, new_context):
    base = live_server.url
    give_the_psychologist_three_cases(base)
    errors: list[str] = []

    # 1. The admin: a table with a caption, grouped column headers and row headers, heaviest first.
    admin = new_context().new_page()
    admin.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(admin, base, "デモ管理者", "demo-admin-pass")
    admin.get_by_role("link", name="受け持ちのようす").click()
    table = admin.get_by_role("table")
    table.wait_for()
    assert "の受け持ち（" in table.locator("caption").inner_text()
    assert table.locator("thead th[scope='colgroup']").all_inner_texts() == ["相談", "ケース", "手紙"]
    names = table.locator("tbody th[scope='row'] .cl-name").all_inner_texts()
    assert names[:2] == ["デモ心理士", "デモ保健師"], names
    heavy = table.locator("tbody tr").first
    assert "cl-heavier" in heavy.get_attribute("class")
    assert heavy.get_by_text("ほかの人よりかなり多め").is_visible()
    assert heavy.locator("td").all_inner_texts() == ["0", "0", "0", "0", "3", "3", "3", "0", "3", "6"]
    assert table.locator("tbody tr.cl-heavier").count() == 1
    # a screen reader hears the row's header with each number
    assert admin.get_by_role("rowheader", name="デモ心理士").count() == 1
    assert admin.get_by_role("columnheader", name="返事待ち").count() == 1
    shot(admin, "caseload-admin-ja")
    assert blocking_violations(admin, "caseload admin ja") == []  # axe: no serious or critical finding
    admin.get_by_role("button", name="English").click()
    admin.get_by_role("table").locator("caption", has_text="Caseload in").wait_for()
    assert admin.get_by_text("carrying much more than most").is_visible()
    shot(admin, "caseload-admin-en")
    # a bad month typed by hand: the server's message, in English, and nothing else changes
    admin.evaluate("document.querySelector('input[name=month]').type = 'text'")
    admin.get_by_label("Month").fill("2026-13")
    admin.get_by_role("button", name="Show").click()
    admin.locator(".form-error:not(:empty)").wait_for()
    assert admin.get_by_role("table").count() == 1

    # 2. A specialist: their own row only, in kind sentences.
    nurse = new_context().new_page()
    nurse.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(nurse, base, "デモ保健師", "demo-nurse-pass")
    nurse.get_by_role("link", name="受け持ちのようす").click()
    nurse.get_by_text("数は評価のためではなく、一人で抱えこまないためのものです。").wait_for()
    assert nurse.locator("tbody tr").count() == 1
    assert nurse.locator("tbody th .cl-name").inner_text() == "デモ保健師"
    assert nurse.get_by_text("デモ心理士").count() == 0 and nurse.get_by_text("中央値").count() == 0
    shot(nurse, "caseload-specialist-quiet")

    psychologist = new_context().new_page()
    psychologist.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(psychologist, base, "デモ心理士", "demo-specialist-pass")
    psychologist.get_by_role("link", name="受け持ちのようす").click()
    psychologist.get_by_text("担当しているケースは3件です（この月から3件）。").wait_for()
    assert psychologist.get_by_text("返事を待っている手紙が3通あります。急がなくて大丈夫です。").is_visible()
    assert psychologist.get_by_text("一人で抱えこまず、スーパーバイザーや仲間に").is_visible()
    assert psychologist.get_by_text("デモ保健師").count() == 0
    shot(psychologist, "caseload-specialist-heavier")
    assert blocking_violations(psychologist, "caseload specialist ja") == []

    # 3. A staff member is not offered it; /console#caseload opens their first section instead.
    staff = new_context().new_page()
    staff.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(staff, base, "デモ相談員", "demo-staff-pass")
    assert staff.get_by_role("link", name="受け持ちのようす").count() == 0
    staff.goto(base + "/console#caseload")
    staff.get_by_role("navigation", name="コンソールのメニュー").wait_for()
    assert staff.locator(".section-caseload").count() == 0

    # 4. /admin points to it.
    page = new_context().new_page()
    page.goto(base + "/admin")
    link = page.locator("a[href='/console#caseload']")
    assert link.get_attribute("data-i18n") == "caseload_link"
    assert errors == []
