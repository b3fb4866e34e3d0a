"""The municipal report in Chromium: staff open /console/reports, see the summary and the bar
charts (numbers as text, small counts as "fewer than 5"), switch to last fiscal year, download
the CSV and get the same suppression; a specialist does not see the section."""
from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import LiveServer, screenshot
from tests.e2e.test_accessibility import Audit, lang_context
from tests.e2e.test_space import open_page

JST = timezone(timedelta(hours=9))


def fiscal_start(today: date) -> date:
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


@pytest.fixture(scope="module")
def report_server(tmp_path_factory):
    """A server whose funnel already counted a few months (written into its database)."""
    data_dir = tmp_path_factory.mktemp("numbers")
    server = LiveServer(data_dir)
    server.cli("migrate")
    server.cli("seed-demo")
    start = fiscal_start(datetime.now(JST).date())
    rows = [(start + timedelta(days=3), "visit", "family", 64), (start + timedelta(days=3), "visit", "guest", 141),
            (start + timedelta(days=3), "visit", "individual", 37), (start + timedelta(days=4), "visit", "supporter", 12),
            (start + timedelta(days=3), "first_visit", "guest", 58), (start + timedelta(days=3), "first_visit", "family", 21),
            (start + timedelta(days=3), "first_stamp", "guest", 40), (start + timedelta(days=3), "first_text", "guest", 22),
            (start + timedelta(days=3), "desk_contact", "family", 19), (start + timedelta(days=3), "desk_contact", "individual", 3),
            (start + timedelta(days=3), "desk_message", "family", 9), (start + timedelta(days=3), "booking_made", "family", 8),
            (start + timedelta(days=9), "consult_text", "family", 6), (start + timedelta(days=9), "consult_voice", "family", 2),
            (start + timedelta(days=9), "event_attended", "family", 15),
            (start - timedelta(days=30), "visit", "family", 30)]  # last fiscal year
    with sqlite3.connect(data_dir / "ibasho.db") as db:
        db.executemany("INSERT INTO funnel_days (day, step, kind, count) VALUES (?, ?, ?, ?)",
                       [(d.isoformat(), s, k, c) for d, s, k, c in rows])
        db.executemany("INSERT INTO funnel_latencies (day, step, days, count) VALUES (?, ?, ?, ?)",
                       [((start + timedelta(days=3)).isoformat(), "desk_contact", n, c) for n, c in ((0, 6), (2, 5), (9, 3))])
    server.start()
    yield server
    server.stop()


def login(page, url: str, nickname: str, passphrase: str) -> None:
    page.goto(url + "/console/reports")
    page.locator("input[name=nickname]").fill(nickname)
    page.locator("input[name=passphrase]").fill(passphrase)
    page.get_by_role("button", name="ログイン").click()


def test_staff_see_the_charts_switch_years_and_download_the_csv(report_server, new_context):
    page = open_page(new_context, accept_downloads=True)
    login(page, report_server.url, "デモ相談員", "demo-staff-pass")
    expect(page.get_by_role("heading", name="数字と報告", exact=True)).to_be_visible(timeout=10000)
    expect(page.locator("nav.menu a[aria-current=page]")).to_have_text("数字と報告")
    start = fiscal_start(datetime.now(JST).date())
    expect(page.locator(".nb-range")).to_contain_text(f"{start.isoformat()} 〜 {start.year + 1}-03-31")
    expect(page.locator("input[name=from]")).to_have_value(start.isoformat())

    # The summary answers the three questions; the funnel chart has its numbers as text.
    expect(page.locator("[data-fact=first_visits] dd")).to_have_text("79")
    expect(page.locator("[data-fact=reached_desk] dd")).to_have_text("14")
    steps = page.locator("table.nb-bars[data-table=steps]")
    expect(steps.locator("caption")).to_contain_text("はじめの一歩")
    expect(steps.locator("tr[data-key=visit] td.nb-value")).to_have_text("254")
    expect(steps.locator("tr[data-key=letter] td.nb-value")).to_have_text("0")
    desk = page.locator("table.nb-bars[data-table=desk_contact]")
    expect(desk.locator("tr[data-key=individual] td.nb-value")).to_have_text("5未満")
    expect(desk.locator("tr[data-key=family] td.nb-value")).to_have_text("非表示")  # 22 - 19 would give the 3
    expect(page.locator("[data-median=desk_contact]")).to_contain_text("2日")
    assert steps.locator("tr[data-key=visit] .nb-bar").evaluate("e => e.getBoundingClientRect().width") > 100
    assert steps.locator(".nb-bar").first.get_attribute("aria-hidden") == "true"
    screenshot(page, "numbers-fiscal-year-ja")

    with page.expect_download() as downloaded:
        page.get_by_role("button", name="CSVをダウンロード").click()
    text = open(downloaded.value.path(), encoding="utf-8-sig").read()
    assert "funnel,steps,visit,254" in text
    assert "desk,desk_contact,individual,fewer than 5 / 5未満" in text
    assert not any(line.endswith(",3") for line in text.splitlines() if "sessions_by_kind" not in line)

    page.get_by_role("button", name="前年度").click()
    expect(page.locator(".nb-range")).to_contain_text(f"{start.year - 1}-04-01 〜 {start.isoformat()[:4]}-03-31")
    expect(page.locator("table.nb-bars[data-table=steps] tr[data-key=visit] td.nb-value")).to_have_text("30")

    page.emulate_media(media="print")
    expect(page.locator(".nb-actions")).to_be_hidden()
    expect(page.locator("nav.menu")).to_be_hidden()
    screenshot(page, "numbers-print-ja")
    page.emulate_media(media="screen")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Numbers and reports", exact=True)).to_be_visible()
    screenshot(page, "numbers-last-year-en")
    assert page.csp_violations == []


def test_a_specialist_does_not_see_the_numbers(report_server, new_context):
    page = open_page(new_context)
    login(page, report_server.url, "デモ心理士", "demo-specialist-pass")
    expect(page.get_by_role("heading", level=2).first).to_be_visible(timeout=10000)
    expect(page.locator("nav.menu")).not_to_contain_text("数字と報告")


@pytest.mark.parametrize("lang, viewport", [("ja", "desktop"), ("en", "phone")])
def test_the_numbers_have_no_serious_axe_violations(report_server, new_context, lang, viewport):
    page = lang_context(new_context, lang, viewport).new_page()
    audit = Audit(page)
    page.goto(report_server.url + "/console/reports")
    page.locator("input[name=nickname]").fill("デモ相談員")
    page.locator("input[name=passphrase]").fill("demo-staff-pass")
    page.locator("form.login button[type=submit]").click()
    expect(page.locator("table.nb-bars[data-table=steps]")).to_be_visible(timeout=10000)
    page.locator("details.nb-detail").first.evaluate("d => { d.open = true; }")
    audit.check(f"numbers {lang} {viewport}")
    screenshot(page, f"numbers-{lang}-{viewport}")
    assert not audit.problems, "\n".join(audit.problems)
