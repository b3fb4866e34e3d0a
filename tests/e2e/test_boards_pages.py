"""Boards in Chromium: the public pages with JavaScript switched off, and a staff member who
writes a post with an image in the console that an anonymous visitor then reads."""
from __future__ import annotations

import io

from PIL import Image

from tests.e2e.conftest import screenshot


def test_boards_work_with_javascript_disabled(live_server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(live_server.url + "/boards")
    assert page.locator("html").get_attribute("lang") == "ja"
    page.get_by_role("heading", name="掲示板", level=1).wait_for()
    assert page.get_by_role("link", name="スペースに入ってみる").get_attribute("href") == "/"
    screenshot(page, "boards-index")

    # Read: a category, then a post, by links alone.
    page.get_by_role("navigation", name="カテゴリー").get_by_role("link", name="ご家族へ").click()
    page.get_by_role("heading", name="ご家族へ", level=1).wait_for()
    page.get_by_role("link", name="ご家族が、まず自分を大切にしていい理由").click()
    page.get_by_role("heading", name="ご家族が、まず自分を大切にしていい理由", level=1).wait_for()
    cover = page.locator("figure.cover img")
    assert "小道" in cover.get_attribute("alt")
    assert page.locator(".prose li").count() == 3
    screenshot(page, "boards-post")

    # "This helped" is a plain form: it works without a line of JavaScript.
    page.get_by_role("button", name="役に立った").click()
    page.get_by_role("status").filter(has_text="ありがとうございます").wait_for()
    assert "1人が「役に立った」" in page.locator(".helpful").inner_text()

    # The same post in English, then a search for a Japanese substring.
    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Why it's okay for families to look after themselves first").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server.url + "/boards")
    page.get_by_label("掲示板のなかを探す").fill("お茶")
    page.get_by_role("button", name="探す").click()
    page.get_by_role("heading", name="「お茶」の検索結果: 1件").wait_for()
    assert page.get_by_role("link", name="話さなくてもいいお茶会").is_visible()
    assert failed == []


def photo_with_gps(path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif[0x8825] = {1: "N", 2: (35.0, 39.0, 29.0), 3: "E", 4: (139.0, 44.0, 28.0)}
    img = Image.new("RGB", (2400, 1600), (250, 214, 170))
    img.paste((120, 170, 130), (0, 1000, 2400, 1600))
    img.save(path, "JPEG", exif=exif.tobytes())


def test_staff_publish_a_post_with_an_image_and_a_visitor_reads_it(live_server, new_context, tmp_path):
    staff = new_context().new_page()
    errors = []
    staff.on("pageerror", lambda e: errors.append(str(e)))
    staff.goto(live_server.url + "/console/boards")
    staff.get_by_label("ニックネーム").fill("デモ相談員")
    staff.get_by_label("あいことば").fill("demo-staff-pass")
    staff.get_by_role("button", name="ログイン").click()
    staff.locator("#post-list li").nth(11).wait_for()  # the twelve demo posts are listed

    staff.get_by_role("button", name="新しい記事").click()
    staff.get_by_label("カテゴリー").select_option("events")
    staff.locator("#f-title_ja").fill("春の散歩の会をひらきます")
    staff.locator("#f-body_ja").fill("ゆっくり歩くだけの会です。\n\n- 途中で帰っても大丈夫です。")
    staff.locator("#f-title_en").fill("A spring walk together")
    staff.locator("#f-body_en").fill("A slow walk, nothing more.")

    photo = tmp_path / "IMG_2024.jpg"
    photo_with_gps(photo)
    staff.locator("#u-file").set_input_files(str(photo))
    staff.locator("#u-alt").fill("若葉の丘と夕焼けの写真")
    staff.get_by_role("button", name="アップロード").click()
    staff.locator("#status").filter(has_text="画像を追加しました").wait_for()
    staff.get_by_role("button", name="表紙にする").click()
    staff.get_by_role("button", name="プレビュー").click()
    staff.locator("#pv-ja li").filter(has_text="途中で帰っても").wait_for()
    staff.get_by_role("button", name="公開する").click()
    staff.locator("#status").filter(has_text="公開しました").wait_for()
    staff.locator("#rev-list li").nth(1).wait_for()  # created + published
    screenshot(staff, "boards-console")
    assert errors == []

    # An anonymous visitor, JavaScript off, finds it on /boards and reads it with its picture.
    visitor_context = new_context(java_script_enabled=False)
    visitor = visitor_context.new_page()
    visitor.goto(live_server.url + "/boards")
    visitor.get_by_role("link", name="春の散歩の会をひらきます").click()
    visitor.get_by_role("heading", name="春の散歩の会をひらきます", level=1).wait_for()
    cover = visitor.locator("figure.cover img")
    assert cover.get_attribute("alt") == "若葉の丘と夕焼けの写真"
    response = visitor_context.request.get(live_server.url + cover.get_attribute("src"))
    assert response.ok and response.headers["cache-control"].startswith("public, max-age=31536000")
    served = Image.open(io.BytesIO(response.body()))
    assert served.size == (1600, 1067) and len(served.getexif()) == 0
    assert b"SecretCam" not in response.body()
    screenshot(visitor, "boards-post-with-upload")
