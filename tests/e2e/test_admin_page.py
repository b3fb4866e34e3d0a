"""An admin creates a specialist on /admin; a visitor cannot use the page."""
import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot


def test_admin_creates_a_specialist_and_changes_a_role(live_server, new_context):
    page = new_context().new_page()
    page.goto(live_server.url + "/admin")
    page.locator("#login-form").get_by_label("ニックネーム").fill("デモ管理者")
    page.locator("#login-form").get_by_label("あいことば", exact=True).fill("demo-admin-pass")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("heading", name="スタッフの一覧").wait_for()
    create = page.locator("#create-form")
    status = page.locator("#status")
    # a nickname that looks like a phone number is refused, naming the field ...
    create.get_by_label("ニックネーム").fill("09012345678")
    create.get_by_label("はじめのあいことば").fill("first pass 123")
    create.get_by_label("役割").select_option("specialist")
    create.get_by_label("専門").select_option("psychologist")
    create.get_by_role("button", name="作成する").click()
    expect(status).to_contain_text("ニックネーム: ")
    # ... and a short passphrase then says so (the old message does not linger)
    create.get_by_label("ニックネーム").fill("みどり心理士")
    create.get_by_label("はじめのあいことば").fill("short")
    create.get_by_role("button", name="作成する").click()
    expect(status).to_have_text("はじめのあいことばは8文字以上にしてください（いまは5文字です）。")
    # a specialist without a profession: told which field to choose
    create.get_by_label("はじめのあいことば").fill("first pass 123")
    create.get_by_label("専門").select_option("")
    create.get_by_role("button", name="作成する").click()
    expect(status).to_have_text("専門職のアカウントには「専門」を選んでください。")
    create.get_by_label("専門").select_option("psychologist")
    create.get_by_role("button", name="作成する").click()
    # the one-time recovery code is shown in a dialog that must be acknowledged (never off-screen)
    dialog = page.get_by_role("dialog", name="回復コード (一度だけ表示)")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#code-value")).to_have_text(re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$"))
    assert dialog.bounding_box()["y"] + dialog.bounding_box()["height"] <= 800
    screenshot(page, "admin-recovery-code")
    page.keyboard.press("Escape")
    expect(dialog).to_be_visible()  # Escape does not lose the code unseen
    dialog.get_by_role("button", name="書きとめました").click()
    expect(dialog).to_be_hidden()
    expect(status).to_have_text("みどり心理士 さんのアカウントを作りました。")
    # the chosen role and profession stay for the next account
    assert create.get_by_label("役割").input_value() == "specialist"
    assert create.get_by_label("専門").input_value() == "psychologist"
    expect(page.locator("#staff-table").get_by_text("みどり心理士")).to_be_visible()
    screenshot(page, "admin-page")
    # change the new specialist's role from the table
    row = page.locator("#staff-table tr", has_text="みどり心理士")
    row.get_by_role("combobox").first.select_option("staff")
    row.get_by_role("button", name="変更する").click()
    page.locator("#status").filter(has_text="役割を変えました").wait_for()
    # the person logs in with the new role
    resp = page.request.post(live_server.url + "/api/auth/login", data={"nickname": "みどり心理士", "passphrase": "first pass 123"})
    assert resp.ok and resp.json()["account"]["role"] == "staff"


def test_a_non_admin_gets_nothing(live_server, new_context):
    page = new_context().new_page()
    page.goto(live_server.url + "/admin")
    page.locator("#login-form").get_by_label("ニックネーム").fill("デモ相談員")
    page.locator("#login-form").get_by_label("あいことば", exact=True).fill("demo-staff-pass")
    page.get_by_role("button", name="ログイン").click()
    page.locator("#status").filter(has_text="管理者だけ").wait_for()
    assert page.locator("#admin-section").is_hidden()
