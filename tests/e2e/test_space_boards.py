"""Reading the notice boards inside the space: walking up to a board (the offer appears, never
the reader itself), reading a post and saying it helped; a post a staff member publishes with
an image reaching a visitor who is in the space; and the same reader from the list alone."""
from __future__ import annotations

import html
import io
import re

from PIL import Image
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_space import assert_calm, confirmed, enter_as_guest, open_page, wait_for

DIALOG = "dialog.board-reader"


def api_posts(page: Page, url: str, category: str) -> list[dict]:
    response = page.request.get(f"{url}/api/boards/posts?category={category}")
    assert response.ok
    return response.json()["posts"]


def api_post(page: Page, url: str, post_id: str) -> dict:
    response = page.request.get(f"{url}/api/boards/posts/{post_id}")
    assert response.ok
    return response.json()["post"]


def first_paragraph(fragment: str) -> str:
    """The plain text of the first paragraph of the server's sanitised HTML."""
    match = re.search(r"<p>(.*?)</p>", fragment, re.S)
    assert match, fragment
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def stand_still(page: Page) -> tuple[float, float]:
    """Wait until the server-confirmed position stops changing, and return it."""
    last = [confirmed(page), 0]

    def settled() -> bool:
        now = confirmed(page)
        if now == last[0]:
            last[1] += 1
        else:
            last[0], last[1] = now, 0
        return last[1] >= 6

    wait_for(settled, timeout=30, message="the walk to end")
    return last[0]


# Counts every dialog that opens from now on (instead of looking once after a pause).
COUNT_DIALOGS_OPENED = """() => {
  window.dialogsOpened = 0;
  new MutationObserver((changes) => {
    for (const change of changes) if (change.target.tagName === "DIALOG" && change.target.open) window.dialogsOpened++;
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ["open"]});
}"""


def hold(page: Page, key: str, ms: int) -> None:
    page.keyboard.down(key)
    page.wait_for_timeout(ms)
    page.keyboard.up(key)


def step_until(page: Page, key: str, reached, *, step_ms: int = 120, max_ms: int = 2400) -> int:
    """Short steps with ``key`` until ``reached()`` (a person stops once they see what they
    walked for); returns how long they walked. Fixed-length walks missed the spot on a busy
    machine, where the browser draws fewer frames."""
    walked = 0
    while not reached():
        assert walked < max_ms, f"{key} for {walked} ms and still not there"
        hold(page, key, step_ms)
        walked += step_ms
        page.wait_for_timeout(150)  # the server's answer and a frame
    return walked


# -- (a) walking up to a board ------------------------------------------------------------------

def test_walk_up_to_a_board_read_a_post_and_say_it_helped(live_server, new_context):
    page = open_page(new_context)
    enter_as_guest(page, live_server.url)
    prompt = page.locator(".board-prompt:not(.hall-sign)")
    expect(prompt).to_be_hidden()

    # "go there" to the boards' corner: its middle is just out of reach of every board
    page.locator("#places-list li[data-zone='boards']").get_by_role("button").click()
    expect(page.locator("#here-name")).to_have_text("掲示板のコーナー", timeout=30000)
    x, y = stand_still(page)
    assert abs(x - 256) < 4 and abs(y - 992) < 4, (x, y)
    expect(prompt).to_be_hidden()

    # a step down, and the board 「地域の相談先」 is within reach: the offer appears, nothing opens
    page.evaluate(COUNT_DIALOGS_OPENED)
    page.locator("#map").focus()
    hold(page, "ArrowDown", 350)
    expect(prompt).to_be_visible()
    read = prompt.get_by_role("button", name="掲示板「地域の相談先」を読む")
    expect(read).to_be_visible()
    expect(page.locator("#announcer")).to_contain_text("掲示板「地域の相談先」の前に来ました", timeout=5000)
    # styled before any board was opened (the reader's stylesheet loads only with the reader):
    # it floats over the map, not below it
    assert prompt.evaluate("e => getComputedStyle(e).position") == "absolute"
    screenshot(page, "space-board-prompt")

    # walking on, the offer goes away (a later change that must come); stepping back, it comes back
    assert step_until(page, "ArrowDown", lambda: prompt.is_hidden()) > 0
    assert page.evaluate("window.dialogsOpened") == 0, "walking up never opens the reader"
    below = stand_still(page)
    assert step_until(page, "ArrowUp", read.is_visible) > 0
    assert confirmed(page)[1] < below[1], "it came back by stepping back up"
    expect(page.locator("#map")).to_be_focused()

    # E opens the reader on that board, with its posts from the API
    posts = api_posts(page, live_server.url, "local")
    assert posts, "the demo content has local support posts"
    page.keyboard.press("e")
    dialog = page.locator(DIALOG)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("掲示板「地域の相談先」")
    expect(page.get_by_role("dialog", name="掲示板「地域の相談先」")).to_be_visible()
    titles = dialog.locator(".br-post-open")
    expect(titles).to_have_text([p["title_ja"] for p in posts])

    # read the first post: its title and body, as the API gives them
    post = api_post(page, live_server.url, posts[0]["id"])
    titles.first.click()
    heading = dialog.get_by_role("heading", level=2)
    expect(heading).to_have_text(post["title_ja"])
    expect(heading).to_be_focused()
    expect(dialog.locator(".br-prose")).to_contain_text(first_paragraph(post["html_ja"]))
    assert dialog.locator(".br-prose script").count() == 0
    link = dialog.get_by_role("link", name="ページとして開く")
    assert link.get_attribute("href") == f"/boards/post/{post['id']}"
    screenshot(page, "space-board-reader-post")

    # "this helped": a thank-you, and the number the server keeps goes up by one
    before = post["helpful_count"]
    dialog.get_by_role("button", name="役に立った").click()
    expect(dialog.locator(".br-helpful-status")).to_have_text("伝えてくださって、ありがとうございます。")
    expect(dialog.get_by_role("button", name="役に立った")).to_be_disabled()
    assert api_post(page, live_server.url, post["id"])["helpful_count"] == before + 1

    # back to the list (focus on the post just read), then Esc closes and the map has the focus again
    dialog.get_by_role("button", name="一覧へもどる").click()
    expect(dialog.locator(f"li[data-post-id='{post['id']}'] .br-post-open")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#map")).to_be_focused()
    # the offer is still there, and Enter opens the reader as well
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="閉じる").click()
    expect(dialog).to_be_hidden()
    assert_calm(page)


# -- (b) a staff member publishes, a visitor in the space sees it -------------------------------

def png_bytes() -> bytes:
    out = io.BytesIO()
    img = Image.new("RGB", (900, 600), (250, 222, 180))
    img.paste((150, 190, 140), (0, 380, 900, 600))
    img.save(out, "PNG")
    return out.getvalue()


class Staff:
    """The demo staff member, over REST."""

    def __init__(self, request, url: str):
        self.request = request
        self.url = url
        login = request.post(f"{url}/api/auth/login", data={"nickname": "デモ相談員", "passphrase": "demo-staff-pass"})
        assert login.ok, login.text()
        self.headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

    def call(self, method: str, path: str, **kwargs) -> dict:
        response = self.request.fetch(self.url + path, method=method, headers=self.headers, **kwargs)
        assert response.ok, response.text()
        return response.json()

    def upload(self, alt: str) -> dict:
        return self.call("POST", "/api/boards/images", multipart={
            "alt": alt, "file": {"name": "spring.png", "mimeType": "image/png", "buffer": png_bytes()},
        })["image"]

    def publish(self, **fields) -> dict:
        post = self.call("POST", "/api/boards/posts", data=fields)["post"]
        return self.call("POST", f"/api/boards/posts/{post['id']}/publish", data={})["post"]


def test_a_post_published_with_an_image_reaches_a_visitor_in_the_space(live_server, new_context):
    visitor = open_page(new_context)
    enter_as_guest(visitor, live_server.url)
    staff = Staff(new_context().request, live_server.url)

    image = staff.upload("若葉の丘と夕焼けの絵")
    post = staff.publish(
        category="events", image_id=image["id"],
        title_ja="春の散歩の会をひらきます", body_ja="ゆっくり歩くだけの会です。\n\n途中で帰っても大丈夫です。",
        title_en="A spring walk together", body_en="A slow walk, nothing more.",
    )

    # the visitor is told, quietly; nothing opens by itself
    expect(visitor.locator("#notices")).to_contain_text("掲示板に新しいお知らせがあります: 春の散歩の会をひらきます", timeout=10000)
    assert visitor.locator("dialog[open]").count() == 0

    # opening the events board: the new post is there, marked new, with its thumbnail
    visitor.locator("#boards-list").get_by_role("button", name="これからのイベント", exact=True).click()
    dialog = visitor.locator(DIALOG)
    expect(dialog).to_be_visible()
    row = dialog.locator(f"li[data-post-id='{post['id']}']")
    expect(row.locator(".br-post-open")).to_have_text("春の散歩の会をひらきます")
    expect(row.locator(".br-new")).to_have_text("新着")
    expect(row.locator("img.br-thumb")).to_have_attribute("src", image["thumb_url"])
    row.locator(".br-post-open").click()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("春の散歩の会をひらきます")
    cover = dialog.get_by_role("img", name="若葉の丘と夕焼けの絵")
    expect(cover).to_have_attribute("src", image["url"])
    wait_for(lambda: cover.evaluate("img => img.complete && img.naturalWidth") > 0, message="the image to load")
    expect(dialog.locator(".br-prose")).to_contain_text("途中で帰っても大丈夫です。")
    screenshot(visitor, "space-board-reader-new-post")

    # while the reader is open, the board follows the staff's changes live
    dialog.get_by_role("button", name="一覧へもどる").click()
    second = staff.publish(category="events", title_ja="夜のお茶会（臨時）", body_ja="今週だけの会です。")
    expect(dialog.locator(f"li[data-post-id='{second['id']}'] .br-post-open")).to_have_text("夜のお茶会（臨時）", timeout=10000)
    expect(dialog.locator(".br-status")).to_contain_text("新しい記事が届きました: 夜のお茶会（臨時）")
    staff.call("POST", f"/api/boards/posts/{second['id']}/unpublish", data={})
    expect(dialog.locator(f"li[data-post-id='{second['id']}']")).to_have_count(0, timeout=10000)

    # reading a post that is then unpublished: the reader says so instead of showing it
    dialog.locator(f"li[data-post-id='{post['id']}'] .br-post-open").click()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("春の散歩の会をひらきます")
    staff.call("POST", f"/api/boards/posts/{post['id']}/unpublish", data={})
    expect(dialog.locator(".br-gone")).to_have_text("この記事は、いまは公開されていません。", timeout=10000)
    expect(dialog.locator(".br-prose")).to_have_count(0)
    visitor.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert_calm(visitor)


# -- (c) the list alone, at phone size ------------------------------------------------------------

def test_the_list_opens_the_same_reader_without_the_canvas(live_server, new_context):
    page = open_page(new_context, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                     device_scale_factor=2)
    enter_as_guest(page, live_server.url)
    # from here on only the DOM: the canvas is never touched
    page.get_by_role("button", name="リストを開く").click()
    boards = page.locator("#boards-list")
    plain = boards.get_by_role("link", name=re.compile("掲示板をふつうのページで読む"))
    expect(plain).to_have_attribute("href", "/boards")
    faq_button = boards.get_by_role("button", name="よくある質問", exact=True)
    faq_button.click()
    dialog = page.locator(DIALOG)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("掲示板「よくある質問」")
    posts = api_posts(page, live_server.url, "faq")
    expect(dialog.locator(".br-post-open")).to_have_text([p["title_ja"] for p in posts])
    box = dialog.bounding_box()
    assert box["width"] >= 380, "the reader fills a phone's width"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing sticks out sideways"
    screenshot(page, "space-board-reader-phone")

    # another board from inside the reader, then a search across all boards
    dialog.get_by_role("group", name="掲示板をえらぶ").get_by_role("button", name="ご家族へ", exact=True).click()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("掲示板「ご家族へ」")
    expect(dialog.get_by_role("button", name="ご家族へ", exact=True)).to_have_attribute("aria-pressed", "true")
    dialog.get_by_role("searchbox", name="掲示板のなかを探す").fill("お茶")
    dialog.get_by_role("button", name="探す", exact=True).click()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("「お茶」の検索結果: 1件")
    expect(dialog.get_by_role("heading", level=2)).to_be_focused()  # read out once the results came
    dialog.get_by_role("button", name="話さなくてもいいお茶会").click()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("話さなくてもいいお茶会")
    screenshot(page, "space-board-reader-phone-post")
    dialog.get_by_role("button", name="検索結果へもどる").click()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("「お茶」の検索結果: 1件")
    dialog.get_by_role("button", name="探すのをやめる").click()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("掲示板「ご家族へ」")
    # typing a new search right away: the list arriving afterwards must not take the focus
    nothing = dialog.get_by_role("searchbox", name="掲示板のなかを探す")
    nothing.fill("そんなことばはありません")
    nothing.press("Enter")
    expect(dialog.locator(".br-empty")).to_contain_text("見つかりませんでした")

    # Esc closes; the focus goes back to the list's button
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(faq_button).to_be_focused()

    # in English the reader speaks English, and a post shows its English version
    page.locator(".topbar .lang-switch").click()
    page.locator("#boards-list").get_by_role("button", name="How to consult", exact=True).click()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("Board: How to consult")
    consult = api_posts(page, live_server.url, "consult")
    dialog.get_by_role("button", name=consult[0]["title_en"]).click()
    expect(dialog.get_by_role("heading", level=2)).to_have_text(consult[0]["title_en"])
    post = api_post(page, live_server.url, consult[0]["id"])
    expect(dialog.locator(".br-prose")).to_contain_text(first_paragraph(post["html_en"]))
    assert dialog.get_by_role("link", name="Open as a page").get_attribute("href") == f"/boards/post/{post['id']}?lang=en"
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    page.locator(".topbar .lang-switch").click()
    assert_calm(page)
