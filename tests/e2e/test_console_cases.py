"""The console's cases section in Chromium: a specialist without a relation to a person is
told, in words, why no record opens; a staff member who seats themself must give a reason,
which the person then reads in "わたしの記録"."""
from __future__ import annotations


from server.http.middlewares import content_security_policy
from tests.e2e.rest import rest
from tests.e2e.conftest import screenshot

PERSON = "ゆうぐれのひと"
REASON = "担当のデモ心理士さんがお休みの間、連絡を受けるため"

# A host page for the person's record view, on the server's origin (real module, real API,
# the real CSP), signed in with the person's own token.
HOST_HTML = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>record host</title>
<link rel="stylesheet" href="/static/ui/casework.css">
<script type="module" src="/__e2e/record.js"></script></head>
<body><main><h1>居場所</h1><div id="host"></div></main></body></html>"""
HOST_JS = """import { MyRecordView } from "/static/ui/my_record.js";
const token = new URLSearchParams(location.hash.slice(1)).get("t");
const api = { async call(method, path, json) {
  const res = await fetch(path, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: json ? JSON.stringify(json) : undefined });
  const body = await res.json();
  if (!res.ok) throw Object.assign(new Error(body.error.code), body.error);
  return body;
} };
const view = new MyRecordView(api);
document.getElementById("host").append(view.el);
await view.refresh();
document.body.dataset.ready = "yes";
"""


def login(base: str, nickname: str, passphrase: str) -> str:
    status, body = rest(base, "POST", "/api/auth/login", body={"nickname": nickname, "passphrase": passphrase})
    assert status == 200, body
    return body["access_token"]


def person_with_a_case(base: str) -> str:
    """A kept person who left a message at the desk; デモ心理士 answered it and opened the case."""
    status, guest = rest(base, "POST", "/api/auth/guest", body={})
    assert status == 201
    status, kept = rest(base, "POST", "/api/auth/keep", guest["access_token"],
                        {"nickname": PERSON, "passphrase": "a calm passphrase", "kind": "individual"})
    assert status == 201, kept
    token = kept["access_token"]
    status, left = rest(base, "POST", "/api/desk/messages", token, {"text": "少し話を聞いてほしいです"})
    assert status == 201, left
    specialist = login(base, "デモ心理士", "demo-specialist-pass")
    status, body = rest(base, "POST", f"/api/desk/messages/{left['message']['id']}/handled", specialist,
                        {"reply": "読みました。いつでもどうぞ。"})
    assert status == 200, body
    status, body = rest(base, "POST", "/api/cases", specialist, {"person_nickname": PERSON})
    assert status == 201, body
    return token


def sign_in(page, base_url: str, nickname: str, passphrase: str) -> None:
    page.goto(base_url + "/console")
    page.get_by_label("ニックネーム").fill(nickname)
    page.get_by_label("あいことば").fill(passphrase)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("navigation", name="コンソールのメニュー").wait_for()


def test_no_relation_is_explained_and_seating_oneself_needs_a_reason(live_server, new_context):
    base = live_server.url
    person_token = person_with_a_case(base)
    errors: list[str] = []

    # 1. A specialist who never met the person: one clear answer, the same as for nobody.
    nurse = new_context().new_page()
    nurse.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(nurse, base, "デモ保健師", "demo-nurse-pass")
    nurse.get_by_role("link", name="ケース記録").click()
    nurse.get_by_role("heading", name="新しいケースを開く").wait_for()
    assert nurse.get_by_text("予約をしてくれた方、または窓口のメッセージにあなたが返信した方").is_visible()
    for nickname in (PERSON, "だれでもないひと"):
        nurse.evaluate("document.querySelector('.cw-status').removeAttribute('data-kind')")
        nurse.get_by_label("本人（または家族）のニックネーム").fill(nickname)
        nurse.get_by_role("button", name="ケースを開く").click()
        status = nurse.locator(".cw-status[data-kind='error']")
        status.wait_for()
        assert "この方の記録は開けません" in status.inner_text()
        assert "予約" in status.inner_text()
    screenshot(nurse, "console-cases-no-relation")

    # 2. A staff member seats themself: the reason becomes required and says who reads it.
    staff = new_context().new_page()
    staff.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(staff, base, "デモ相談員", "demo-staff-pass")
    staff.get_by_role("link", name="ケース記録").click()
    form = staff.get_by_role("form", name="2人目の担当者を加える")
    form.wait_for()
    who = form.get_by_label("加える人")
    who.select_option(label="デモ保健師（保健師）")
    assert form.get_by_label("理由（任意）").is_visible()
    assert form.get_by_text("本人の「わたしの記録」にそのまま表示されます").is_hidden()
    who.select_option(label="デモ相談員（スタッフ）")
    reason = form.get_by_label("自分を担当にする理由（必須・本人に表示されます）")
    assert reason.is_visible() and reason.get_attribute("maxlength") == "200"
    assert form.get_by_text("本人の「わたしの記録」にそのまま表示されます").is_visible()
    form.get_by_role("button", name="2人目の担当者を加える").click()
    staff.get_by_text("自分を担当にするときは、理由を1〜200文字で書いてください").wait_for()
    assert reason.get_attribute("aria-invalid") == "true"
    assert staff.evaluate("document.activeElement.id") == reason.get_attribute("id")
    reason.fill(REASON)
    assert reason.get_attribute("aria-invalid") is None
    screenshot(staff, "console-cases-seat-with-reason")
    form.get_by_role("button", name="2人目の担当者を加える").click()
    staff.get_by_text("担当者を加えました。").wait_for()

    # 3. The person reads who seated themself and why, in plain words.
    status, body = rest(base, "GET", "/api/my-record", person_token)
    assert status == 200
    assert body["record"]["access_log"][0]["action"] == "self_assign"
    record = new_context().new_page()
    record.on("pageerror", lambda exc: errors.append(str(exc)))
    record.route(base + "/__e2e/record", lambda route: route.fulfill(
        status=200, body=HOST_HTML, content_type="text/html; charset=utf-8", headers={"Content-Security-Policy": content_security_policy(base)}))
    record.route(base + "/__e2e/record.js", lambda route: route.fulfill(
        status=200, body=HOST_JS, content_type="text/javascript; charset=utf-8"))
    record.goto(f"{base}/__e2e/record#t={person_token}")
    record.wait_for_selector("body[data-ready='yes']")
    row = record.locator("tr.cw-self")
    assert row.count() == 1
    assert f"自分を担当者にした（理由：{REASON}）" in row.inner_text()
    assert "デモ相談員" in row.inner_text()
    assert record.get_by_text("スタッフが自分で担当に入り").is_visible()
    refused = record.locator("tr.cw-refused")  # the nurse's probe, in the person's own log
    assert refused.count() == 1 and "デモ保健師" in refused.inner_text() and "記録をつくろうとした" in refused.inner_text()
    screenshot(record, "my-record-self-assign")
    assert errors == []
