"""Anonymous surveys in Chromium: a guest finds the demo survey on the plaza's sign and in the
side panel (list mode), answers it in a calm dialog with the keyboard, and is thanked and told
the answer is anonymous; the answer can't be given twice. Staff open the console's Surveys
section and see the results: counts beside bars, groups under five as "fewer than 5"."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.rest import rest
from tests.e2e.test_space import assert_calm, enter_as_guest, open_page

DEMO_TITLE = "いばしょに来てみて"


def _answer_by_rest(url: str, count: int) -> None:
    """Five more people answer over REST, so the results have groups of five and more."""
    for _ in range(count):
        status, guest = rest(url, "POST", "/api/auth/guest", body={})
        assert status == 201, guest
        token = guest["access_token"]
        status, listed = rest(url, "GET", "/api/surveys", token)
        survey = next(s for s in listed["surveys"] if s["title_ja"] == DEMO_TITLE)
        status, one = rest(url, "GET", f"/api/surveys/{survey['id']}", token)
        q = {x["kind"]: x for x in one["survey"]["questions"]}
        status, body = rest(url, "POST", f"/api/surveys/{survey['id']}/answers", token, {"answers": [
            {"question_id": q["multiple"]["id"], "value": ["o1", "o3"]}, {"question_id": q["scale"]["id"], "value": 4},
            {"question_id": q["text"]["id"], "value": "ゆっくりできました"}]})
        assert status == 201, body


def test_a_guest_answers_the_demo_survey_and_staff_see_the_chart(live_server, new_context):
    page = open_page(new_context)
    enter_as_guest(page, live_server.url)
    # the sign in the plaza (where one arrives) offers the survey
    sign = page.get_by_role("button", name="アンケートに答える")
    expect(sign).to_be_visible()
    screenshot(page, "surveys-sign")
    # list mode: the side panel's entry, by keyboard
    entry = page.locator("#surveys-section").get_by_role("button", name="アンケートを見る (1件)")
    entry.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="アンケート")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=f"答える: {DEMO_TITLE}").click()
    form = dialog.locator("form.survey-form")
    expect(form.get_by_role("heading", name=DEMO_TITLE)).to_be_visible()
    expect(form).to_contain_text("名前なしで保存されます")
    form.get_by_label("ただ居られる場所").check()
    form.get_by_label("専門家への相談").check()
    form.get_by_label("4", exact=True).check()
    screenshot(page, "surveys-form")
    # contact details in the free text: refused calmly, nothing sent
    form.get_by_label("ひとことあれば(連絡先は書かないでください)").fill("連絡は 090-1234-5678 へ")
    form.get_by_role("button", name="送る").click()
    expect(form.get_by_role("status")).to_contain_text("連絡先は書かずに")
    form.get_by_label("ひとことあれば(連絡先は書かないでください)").fill("夜に来られるのがうれしいです")
    form.get_by_role("button", name="送る").press("Enter")
    thanks = dialog.locator(".survey-thanks")
    expect(thanks).to_contain_text("ありがとうございました")
    expect(thanks).to_contain_text("名前なしで保存しました")
    screenshot(page, "surveys-thanks")
    dialog.get_by_role("button", name="一覧へ戻る").click()
    expect(dialog.locator(".survey-answered")).to_have_text("回答済み")
    dialog.get_by_role("button", name="閉じる").click()
    expect(page.get_by_role("button", name="アンケートに答える")).to_be_hidden()  # nothing left to answer
    assert_calm(page)

    _answer_by_rest(live_server.url, 5)
    staff = new_context().new_page()
    staff.goto(live_server.url + "/console")
    staff.get_by_label("ニックネーム").fill("デモ相談員")
    staff.get_by_label("あいことば").fill("demo-staff-pass")
    staff.get_by_role("button", name="ログイン").click()
    staff.get_by_role("navigation", name="コンソールのメニュー").get_by_role("link", name="アンケート").click()
    row = staff.locator("li.survey-row", has_text=DEMO_TITLE)
    expect(row).to_contain_text("回答: 6人")
    row.get_by_role("button", name="結果を見る").click()
    results = row.locator(".survey-results")
    expect(results).to_be_visible()
    first = results.locator(".result-question").first
    expect(first.locator("tr", has_text="ただ居られる場所")).to_contain_text("6人")
    expect(first.locator("tr", has_text="同じ立場の人との話")).to_contain_text("5人未満")
    expect(first.locator("tr", has_text="ただ居られる場所").locator("rect.result-bar-fill")).to_have_count(1)
    expect(results).to_contain_text("平均 4.0")
    expect(results.locator(".result-texts li")).to_have_count(6)
    screenshot(staff, "surveys-console-results")

    # compose a draft, rewrite it, publish it
    editor = staff.locator("form.survey-editor")
    editor.get_by_label("題名（日本語）").fill("夜の時間について")
    editor.get_by_label("問いの形").select_option("scale")
    editor.get_by_label("問い（日本語）").fill("夜に開いているとうれしいですか")
    editor.get_by_role("button", name="下書きとして保存").click()
    draft = staff.locator("li.survey-row", has_text="夜の時間について")
    expect(draft).to_contain_text("下書き")
    draft.get_by_role("button", name="書き換える").click()
    expect(editor.get_by_label("問い（日本語）")).to_have_value("夜に開いているとうれしいですか")
    editor.get_by_label("題名（日本語）").fill("夜の時間について（改）")
    editor.get_by_role("button", name="下書きとして保存").click()
    draft = staff.locator("li.survey-row", has_text="夜の時間について（改）")
    expect(draft).to_contain_text("下書き")
    draft.get_by_role("button", name="公開する").click()
    expect(staff.locator("li.survey-row", has_text="夜の時間について（改）")).to_contain_text("受付中")
    expect(staff.locator("li.survey-row")).to_have_count(2)


def test_a_survey_is_answered_with_javascript_off(live_server, new_context):
    """/surveys in a browser with JavaScript disabled: the list, the form, a plain POST, thanks."""
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/surveys")
    page.get_by_role("link", name=DEMO_TITLE).click()
    expect(page.get_by_role("heading", name=DEMO_TITLE, level=1)).to_be_visible()
    page.get_by_label("同じ立場の人との話").check()
    page.get_by_label("5", exact=True).check()
    page.get_by_label("ひとことあれば(連絡先は書かないでください)").fill("手紙の仕組みがあるとうれしいです")
    screenshot(page, "surveys-nojs-form")
    page.get_by_role("button", name="送る").click()
    expect(page.get_by_role("status")).to_contain_text("ありがとうございました")
    screenshot(page, "surveys-nojs-thanks")
    page.goto(live_server.url + page.url.split(live_server.url)[1].split("?")[0])
    page.get_by_label("3", exact=True).check()
    page.get_by_role("button", name="送る").click()
    expect(page.get_by_role("alert")).to_contain_text("もう答えてあります")
