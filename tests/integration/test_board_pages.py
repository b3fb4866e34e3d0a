"""The plain /boards pages: no JavaScript, no account, semantic and escaped, windows honoured."""
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

POST = {
    "category": "families",
    "title_ja": "ご家族が休んでいい理由",
    "body_ja": "支える人の元気が、いちばんの土台です。\n\n## できること\n\n- よく眠る\n- 話せる人を持つ",
    "title_en": "Why families may rest",
    "body_en": "The strength of those who support is the foundation.",
}


class Page(HTMLParser):
    """Collects what a screen reader and a crawler rely on."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text_of: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "img", "input", "br", "hr"):
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        for tag in self._open:
            self.text_of.setdefault(tag, []).append(data)

    def all(self, tag):
        return [attrs for t, attrs in self.tags if t == tag]

    def text(self, tag):
        return "".join(self.text_of.get(tag, [])).strip()


async def page(running, path, status=200):
    got, body = await running.api.call("GET", path)
    assert got == status, (path, got)
    return body.decode()


@pytest.fixture
async def staff(running):
    return (await running.api.staff(running.app, "そうだんいん", "staff"))["access_token"]


async def publish(running, token, body=POST):
    status, created = await running.api.call("POST", "/api/boards/posts", json=body, token=token)
    assert status == 201, created
    post_id = created["post"]["id"]
    status, _ = await running.api.call("POST", f"/api/boards/posts/{post_id}/publish", json={}, token=token)
    assert status == 200
    return post_id


async def test_the_index_lists_categories_and_posts_without_javascript(running, staff):
    post_id = await publish(running, staff)
    async with running.api.http.get(running.api.base_url + "/boards") as resp:
        html = await resp.text()
        assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/html")
        assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    doc = Page(html)
    assert doc.all("html")[0]["lang"] == "ja"
    assert not doc.all("script") and not any("style" in attrs for _, attrs in doc.tags)  # no JS, no inline style
    assert {"rel": "stylesheet", "href": "/static/boards.css"} in doc.all("link")
    assert doc.text("h1") == "掲示板"
    assert doc.all("main") and doc.all("nav") and doc.all("header") and doc.all("footer")
    assert any(a.get("href") == "/" for a in doc.all("a"))  # the way into the space
    assert any(a.get("href") == f"/boards/post/{post_id}" for a in doc.all("a"))
    for category in ("consult", "events", "voices", "families", "local", "faq"):
        assert any(a.get("href") == f"/boards/{category}" for a in doc.all("a"))
    assert any(m.get("name") == "description" and m.get("content") for m in doc.all("meta"))
    assert any(link.get("hreflang") == "en" for link in doc.all("link"))
    async with running.api.http.get(running.api.base_url + "/static/boards.css") as resp:
        assert resp.status == 200 and "text/css" in resp.headers["Content-Type"]


async def test_english_with_lang_en_and_links_keep_the_language(running, staff):
    post_id = await publish(running, staff)
    doc = Page(await page(running, "/boards?lang=en"))
    assert doc.all("html")[0]["lang"] == "en" and doc.text("h1") == "Boards"
    assert any(a.get("href") == f"/boards/post/{post_id}?lang=en" for a in doc.all("a"))
    post = Page(await page(running, f"/boards/post/{post_id}?lang=en"))
    assert post.text("h1") == "Why families may rest"
    assert any(a.get("href") == f"/boards/post/{post_id}" and a.get("hreflang") == "ja" for a in post.all("a"))


async def test_a_post_page_is_an_article_with_its_sanitised_body(running, staff):
    post_id = await publish(running, staff)
    html = await page(running, f"/boards/post/{post_id}")
    doc = Page(html)
    assert doc.text("h1") == POST["title_ja"] and len(doc.all("h1")) == 1  # headings in bodies move down a level
    assert doc.all("article") and doc.all("time")[0]["datetime"].endswith("+09:00")  # shown in Japan's time
    assert "<h3>できること</h3>" in html and "<li>よく眠る</li>" in html
    crumbs = [a["href"] for a in doc.all("a")]
    assert "/boards" in crumbs and "/boards/families" in crumbs and "/" in crumbs
    assert any(f.get("action") == f"/boards/post/{post_id}/helpful" and f.get("method") == "post" for f in doc.all("form"))
    assert f'<link rel="canonical" href="http://127.0.0.1/boards/post/{post_id}">' in html


async def test_a_post_in_one_language_says_so_and_marks_its_language(running, staff):
    post_id = await publish(running, staff, {"category": "faq", "title_ja": "日本語だけの記事", "body_ja": "本文です。"})
    html = await page(running, f"/boards/post/{post_id}?lang=en")
    doc = Page(html)
    assert doc.all("html")[0]["lang"] == "en"
    assert doc.all("article")[0]["lang"] == "ja"  # a screen reader switches voice
    assert "This post is only available in Japanese." in html


async def test_category_pages_and_unknown_paths(running, staff):
    post_id = await publish(running, staff)
    doc = Page(await page(running, "/boards/families"))
    assert doc.text("h1") == "ご家族へ" and any(a.get("href") == f"/boards/post/{post_id}" for a in doc.all("a"))
    empty = await page(running, "/boards/events")
    assert "いまはまだ記事がありません。" in empty
    for path in ("/boards/gossip", "/boards/post/" + "0" * 32, "/boards/post/not-an-id", "/boards/post/..%2F..%2Fetc"):
        html = await page(running, path, status=404)
        assert "見つかりませんでした" in html and '<a href="/boards">' in html


async def test_search_on_the_page_finds_japanese_substrings(running, staff):
    post_id = await publish(running, staff)
    html = await page(running, "/boards?q=" + quote("休んで"))
    doc = Page(html)
    assert any(a.get("href") == f"/boards/post/{post_id}" for a in doc.all("a"))
    assert '<h2 id="results">「休んで」の検索結果: 1件</h2>' in html
    assert doc.all("input")[0]["value"] == "休んで"
    nothing = await page(running, "/boards?q=" + quote('"><script>alert(1)</script>'))
    assert "<script>alert(1)" not in nothing and "&lt;script&gt;" in nothing


async def test_publish_windows_and_drafts_are_honoured_on_pages(running, staff):
    now = datetime.now(timezone.utc)
    later = await publish(running, staff, {**POST, "title_ja": "あとで出る記事",
                                           "publish_from": (now + timedelta(hours=1)).isoformat()})
    ended = await publish(running, staff, {**POST, "title_ja": "終わった記事",
                                           "publish_from": (now - timedelta(hours=2)).isoformat(),
                                           "publish_until": (now - timedelta(hours=1)).isoformat()})
    status, draft = await running.api.call("POST", "/api/boards/posts", json={**POST, "title_ja": "下書きの記事"}, token=staff)
    for post_id in (later, ended, draft["post"]["id"]):
        await page(running, f"/boards/post/{post_id}", status=404)
    for path in ("/boards", "/boards/families", "/boards?q=" + quote("記事")):
        html = await page(running, path)
        assert "あとで出る記事" not in html and "終わった記事" not in html and "下書きの記事" not in html


async def test_the_helpful_form_works_without_javascript(running, staff):
    post_id = await publish(running, staff)
    url = running.api.base_url + f"/boards/post/{post_id}/helpful"
    async with running.api.http.post(url, allow_redirects=False) as resp:
        assert resp.status == 303
        assert resp.headers["Location"] == f"/boards/post/{post_id}?helped=1#helpful"
    html = await page(running, f"/boards/post/{post_id}?helped=1")
    assert 'role="status"' in html and "ありがとうございます" in html and "1人が「役に立った」" in html
    async with running.api.http.post(url + "?lang=en", allow_redirects=False) as resp:
        assert resp.headers["Location"] == f"/boards/post/{post_id}?lang=en&helped=1#helpful"
    async with running.api.http.post(running.api.base_url + "/boards/post/" + "0" * 32 + "/helpful",
                                     allow_redirects=False) as resp:
        assert resp.status == 404
    _, one = await running.api.call("GET", f"/api/boards/posts/{post_id}")
    assert one["post"]["helpful_count"] == 2


async def test_the_staff_console_page_is_served(running):
    async with running.api.http.get(running.api.base_url + "/console/boards") as resp:
        html = await resp.text()
        assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/html")
    assert '<script type="module" src="/static/boards_console.js"></script>' in html
    assert not re.search(r"<script>(?!</script>)", html) and " style=" not in html
    for asset in ("/static/boards_console.js", "/static/boards_console.css"):
        async with running.api.http.get(running.api.base_url + asset) as resp:
            assert resp.status == 200
