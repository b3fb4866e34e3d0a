"""Boards over real HTTP and Socket.IO on loopback, on SQLite and PostgreSQL."""
import asyncio
import io
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from urllib.parse import quote

import aiohttp
import pytest
import socketio
from PIL import Image
from sqlalchemy import func, select

from rooms.boards.models import BoardImage, BoardPost, BoardRevision
from server import keys

POST = {
    "category": "consult",
    "title_ja": "はじめての相談",
    "body_ja": "# 流れ\n\n予約して、文字だけでも**相談**できます。",
    "title_en": "Your first consultation",
    "body_en": "You can consult in *text* only.",
}


def png_bytes(size=(640, 480), colour=(200, 150, 100), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG", **save)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif[0x8825] = {1: "N", 2: (35.0, 39.0, 29.0), 3: "E", 4: (139.0, 44.0, 28.0)}
    out = io.BytesIO()
    Image.new("RGB", (2400, 1800), (120, 160, 200)).save(out, "JPEG", exif=exif.tobytes(), comment=b"home-address")
    return out.getvalue()


def form(data: bytes, filename="photo.png", alt="", content_type="image/png") -> aiohttp.FormData:
    body = aiohttp.FormData()
    body.add_field("alt", alt)
    body.add_field("file", data, filename=filename, content_type=content_type)
    return body


async def counts(running):
    async with running.app[keys.DB_SESSIONS]() as db:
        return tuple([await db.scalar(select(func.count()).select_from(m)) for m in (BoardPost, BoardRevision, BoardImage)])


def stored_files(running):
    root = running.app[keys.BOARD_IMAGES].root
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture
async def staff(running):
    return (await running.api.staff(running.app, "そうだんいん", "staff"))["access_token"]


async def create(running, token, body=None, publish=True):
    status, created = await running.api.call("POST", "/api/boards/posts", json=body or POST, token=token)
    assert status == 201, created
    post = created["post"]
    if publish:
        status, done = await running.api.call("POST", f"/api/boards/posts/{post['id']}/publish", json={}, token=token)
        assert status == 200, done
        post = done["post"]
    return post


# --- authoring with roles ---------------------------------------------------------------

async def test_staff_write_a_draft_publish_it_and_everyone_can_read_it(running, staff):
    api = running.api
    status, created = await api.call("POST", "/api/boards/posts", json=POST, token=staff)
    assert status == 201 and created["post"]["status"] == "draft" and created["post"]["version"] == 1
    post_id = created["post"]["id"]

    status, listed = await api.call("GET", "/api/boards/posts")
    assert status == 200 and listed["posts"] == []
    assert (await api.call("GET", f"/api/boards/posts/{post_id}"))[0] == 404

    status, published = await api.call("POST", f"/api/boards/posts/{post_id}/publish", json={"version": 1}, token=staff)
    assert status == 200 and published["post"]["status"] == "published" and published["post"]["version"] == 2

    status, listed = await api.call("GET", "/api/boards/posts?category=consult")
    assert status == 200 and [p["id"] for p in listed["posts"]] == [post_id]
    summary = listed["posts"][0]
    assert summary["langs"] == ["ja", "en"] and summary["url"] == f"/boards/post/{post_id}"
    assert summary["excerpt_ja"] == "流れ 予約して、文字だけでも相談できます。" and summary["is_new"] is False

    status, one = await api.call("GET", f"/api/boards/posts/{post_id}")
    assert status == 200
    assert one["post"]["html_ja"] == "<h2>流れ</h2>\n<p>予約して、文字だけでも<strong>相談</strong>できます。</p>\n"
    assert one["post"]["html_en"] == "<p>You can consult in <em>text</em> only.</p>\n"

    status, cats = await api.call("GET", "/api/boards/categories")
    assert status == 200 and [c["key"] for c in cats["categories"]] == [
        "consult", "events", "voices", "families", "local", "faq"]
    assert {c["key"]: c["count"] for c in cats["categories"]}["consult"] == 1


async def test_edits_are_revisions_with_who_and_when_and_stale_edits_conflict(running, staff):
    api = running.api
    admin = (await api.staff(running.app, "かんりしゃ", "admin"))["access_token"]
    post = await create(running, staff)
    status, edited = await api.call("PATCH", f"/api/boards/posts/{post['id']}", token=admin,
                                    json={"version": 2, "title_ja": "はじめての相談(更新)", "pinned": True})
    assert status == 200 and edited["post"]["version"] == 3 and edited["post"]["pinned"] is True
    status, stale = await api.call("PATCH", f"/api/boards/posts/{post['id']}", token=staff,
                                   json={"version": 2, "title_ja": "古い版から"})
    assert status == 409 and stale["error"]["code"] == "CONFLICT"
    status, history = await api.call("GET", f"/api/boards/posts/{post['id']}/revisions", token=staff)
    assert status == 200
    assert [(r["version"], r["action"], r["editor_nickname"]) for r in history["revisions"]] == [
        (3, "edited", "かんりしゃ"), (2, "published", "そうだんいん"), (1, "created", "そうだんいん")]
    assert all(datetime.fromisoformat(r["created_at"]).tzinfo is not None for r in history["revisions"])
    status, manage = await api.call("GET", "/api/boards/manage/posts", token=staff)
    assert status == 200 and manage["posts"][0]["title_ja"] == "はじめての相談(更新)"
    status, source = await api.call("GET", f"/api/boards/manage/posts/{post['id']}", token=staff)
    assert status == 200 and source["post"]["body_ja"] == POST["body_ja"]


ROLES = [("visitor", None), ("peer_supporter", None), ("specialist", "psychologist"), ("moderator", None)]


@pytest.mark.parametrize("role, profession", ROLES + [("guest", None)])
async def test_non_staff_get_403_and_nothing_changes(running, staff, role, profession):
    api = running.api
    if role == "guest":
        token = (await api.guest())["access_token"]
    else:
        token = (await api.staff(running.app, f"ひと{role[:4]}", role, profession))["access_token"]
    post = await create(running, staff)
    before, files = await counts(running), stored_files(running)
    attempts = [
        ("POST", "/api/boards/posts", POST),
        ("PATCH", f"/api/boards/posts/{post['id']}", {"title_ja": "書き換え"}),
        ("POST", f"/api/boards/posts/{post['id']}/publish", {}),
        ("POST", f"/api/boards/posts/{post['id']}/unpublish", {}),
        ("GET", f"/api/boards/posts/{post['id']}/revisions", None),
        ("GET", "/api/boards/manage/posts", None),
        ("GET", f"/api/boards/manage/posts/{post['id']}", None),
        ("POST", "/api/boards/preview", {"body_ja": "x"}),
        ("GET", "/api/boards/images", None),
    ]
    for method, path, body in attempts:
        status, reply = await api.call(method, path, json=body, token=token)
        assert status == 403 and reply["error"]["code"] == "FORBIDDEN", (method, path)
    status, reply = await api.call("POST", "/api/boards/images", data=form(png_bytes()), token=token)
    assert status == 403 and reply["error"]["code"] == "FORBIDDEN"
    assert await counts(running) == before and stored_files(running) == files
    status, still = await api.call("GET", f"/api/boards/posts/{post['id']}")
    assert still["post"]["title_ja"] == POST["title_ja"]


async def test_without_a_token_writing_is_401(running):
    status, reply = await running.api.call("POST", "/api/boards/posts", json=POST)
    assert status == 401 and reply["error"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("body, field", [
    ({**POST, "category": "gossip"}, "category"),
    ({**POST, "title_ja": "あ" * 121}, "title_ja"),
    ({**POST, "publish_from": "2026-04-01T10:00:00"}, "publish_from"),  # no time zone
    ({**POST, "publish_from": 1775000000}, "publish_from"),            # numbers are not dates here
    ({**POST, "pinned": "true"}, "pinned"),
    ({**POST, "author_id": "someone"}, "author_id"),
])
async def test_bad_post_bodies_are_refused(running, staff, body, field):
    before = await counts(running)
    status, reply = await running.api.call("POST", "/api/boards/posts", json=body, token=staff)
    assert status == 400 and reply["error"]["code"] == "INVALID" and reply["error"]["field"] == field
    assert await counts(running) == before


async def test_publish_windows_are_honoured_by_the_api(running, staff):
    now = datetime.now(timezone.utc)
    windows = {
        "future": (now + timedelta(hours=1), None),
        "ended": (now - timedelta(hours=2), now - timedelta(hours=1)),
        "open": (now - timedelta(hours=1), now + timedelta(hours=1)),
    }
    ids = {}
    for name, (start, end) in windows.items():
        body = {**POST, "title_ja": f"窓 {name}", "publish_from": start.isoformat(),
                "publish_until": end.isoformat() if end else None}
        ids[name] = (await create(running, staff, body))["id"]
    api = running.api
    _, listed = await api.call("GET", "/api/boards/posts")
    assert [p["id"] for p in listed["posts"]] == [ids["open"]]
    _, found = await api.call("GET", "/api/boards/posts?q=窓")
    assert [p["id"] for p in found["posts"]] == [ids["open"]]
    for name in ("future", "ended"):
        assert (await api.call("GET", f"/api/boards/posts/{ids[name]}"))[0] == 404
        assert (await api.call("POST", f"/api/boards/posts/{ids[name]}/helpful"))[0] == 404
    _, manage = await api.call("GET", "/api/boards/manage/posts", token=staff)
    assert {p["id"]: p["status"] for p in manage["posts"]} == {
        ids["future"]: "scheduled", ids["ended"]: "ended", ids["open"]: "published"}


INJECTIONS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[x](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "![x](https://evil.example/track.png)",
    "<svg/onload=alert(1)>",
]


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_inert(html: str) -> None:
    """No script element, no event-handler attribute, no script URL: whatever the text says."""
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in ("script", "svg", "iframe", "object", "embed"), html
        assert not any(name.startswith("on") for name in attrs), html
        for element, name in (("a", "href"), ("img", "src"), ("form", "action")):
            value = (attrs.get(name) or "").strip().lower() if tag == element else ""
            assert not value.startswith(("javascript:", "data:", "vbscript:")), html
        if tag == "img":
            assert attrs["src"].startswith("/api/boards/images/"), html


@pytest.mark.parametrize("payload", INJECTIONS)
async def test_script_injection_through_titles_and_bodies_is_neutralised(running, staff, payload):
    post = await create(running, staff, {**POST, "title_ja": payload[:120], "body_ja": payload, "body_en": payload})
    _, one = await running.api.call("GET", f"/api/boards/posts/{post['id']}")
    assert_inert(one["post"]["html_ja"])
    assert_inert(one["post"]["html_en"])
    assert one["post"]["title_ja"] == payload[:120]  # JSON carries the text as text; pages escape it
    for path in (f"/boards/post/{post['id']}", f"/boards/post/{post['id']}?lang=en", "/boards", "/boards/consult",
                 "/boards?q=" + quote(payload[:20])):
        status, page = await running.api.call("GET", path)
        assert status == 200
        assert_inert(page.decode())
    _, preview = await running.api.call("POST", "/api/boards/preview", json={"body_ja": payload}, token=staff)
    assert preview["html_ja"] == one["post"]["html_ja"]


# --- images -----------------------------------------------------------------------------

async def test_upload_strips_metadata_resizes_and_serves_with_cache_headers(running, staff):
    api = running.api
    status, up = await api.call("POST", "/api/boards/images", token=staff,
                                data=form(jpeg_with_gps(), "IMG_0001.JPG", "窓辺の写真", "image/jpeg"))
    assert status == 201, up
    image = up["image"]
    assert (image["width"], image["height"]) == (1600, 1200) and image["content_type"] == "image/jpeg"
    assert image["name"] == "IMG_0001.JPG" and image["alt"] == "窓辺の写真"
    assert up["markdown"] == f"![窓辺の写真]({image['url']})"
    async with api.http.get(api.base_url + image["url"]) as resp:
        data = await resp.read()
        assert resp.status == 200 and resp.headers["Content-Type"] == "image/jpeg"
        assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
    served = Image.open(io.BytesIO(data))
    assert served.size == (1600, 1200) and len(served.getexif()) == 0
    assert b"SecretCam" not in data and b"home-address" not in data
    async with api.http.get(api.base_url + image["thumb_url"]) as resp:
        assert resp.status == 200 and max(Image.open(io.BytesIO(await resp.read())).size) == 480
    assert len(stored_files(running)) == 2
    status, images = await api.call("GET", "/api/boards/images", token=staff)
    assert [i["id"] for i in images["images"]] == [image["id"]]
    post = await create(running, staff, {**POST, "image_id": image["id"]})
    _, one = await api.call("GET", f"/api/boards/posts/{post['id']}")
    assert one["post"]["image"]["thumb_url"] == image["thumb_url"]


async def _too_big_stream():
    yield png_bytes()
    chunk = b"\x00" * (1024 * 1024)
    for _ in range(11):
        yield chunk


@pytest.mark.parametrize("case", ["declared", "streamed", "wrong-type", "bomb", "truncated", "polyglot",
                                  "not-multipart", "no-file", "unknown-field"])
async def test_bad_uploads_are_4xx_and_nothing_is_stored(running, staff, case):
    api = running.api
    bodies = {  # built lazily: only the case under test pays for its bytes
        "declared": lambda: (form(png_bytes() + b"\x00" * (10 * 1024 * 1024 + 1)), None, 413, "IMAGE_TOO_LARGE"),
        "wrong-type": lambda: (form(b"GIF89a\x01\x00\x01\x00", "cat.png"), None, 400, "IMAGE_INVALID"),
        "bomb": lambda: (form(png_bytes((9000, 6000), (255, 255, 255))), None, 413, "IMAGE_TOO_LARGE"),
        "truncated": lambda: (form(png_bytes()[:300]), None, 400, "IMAGE_INVALID"),
        "polyglot": lambda: (form(png_bytes() + b"<html><script>alert(1)</script></html>"), None, 400, "IMAGE_INVALID"),
        "not-multipart": lambda: (png_bytes(), {"Content-Type": "image/png"}, 415, "UNSUPPORTED_MEDIA_TYPE"),
        "no-file": lambda: (aiohttp.FormData({"alt": "only words"}, default_to_multipart=True), None, 400, "INVALID"),
    }
    if case == "streamed":
        writer = aiohttp.MultipartWriter("form-data")
        part = writer.append(_too_big_stream(), {"Content-Type": "image/png"})
        part.set_content_disposition("form-data", name="file", filename="huge.png")
        data, headers, expected_status, code = writer, None, 413, "IMAGE_TOO_LARGE"
    elif case == "unknown-field":
        data = aiohttp.FormData()
        data.add_field("script", "<script>")
        data.add_field("file", png_bytes(), filename="a.png", content_type="image/png")
        headers, expected_status, code = None, 400, "INVALID"
    else:
        data, headers, expected_status, code = bodies[case]()
    before = await counts(running)
    status, reply = await api.call("POST", "/api/boards/images", data=data, token=staff, headers=headers)
    assert status == expected_status and reply["error"]["code"] == code, reply
    assert await counts(running) == before and stored_files(running) == []


async def test_image_names_and_alt_text_cannot_inject(running, staff):
    api = running.api
    # As a browser sends it: a quote in the file name becomes %22, the rest stays raw.
    writer = aiohttp.MultipartWriter("form-data")
    writer.append('"><img src=x onerror=alert(1)>').set_content_disposition("form-data", name="alt")
    part = writer.append(png_bytes(), {"Content-Type": "image/png"})
    part.set_content_disposition("form-data", quote_fields=False, name="file",
                                 filename="%22><script>alert(1)</script>.png")
    status, up = await api.call("POST", "/api/boards/images", token=staff, data=writer)
    assert status == 201, up
    image = up["image"]
    assert image["name"] == "script>.png" and image["alt"] == '"><img src=x onerror=alert(1)>'
    assert sorted(stored_files(running)) == [f"{image['id']}.png", f"{image['id']}.thumb.png"]  # named by id only
    assert up["markdown"] == f'![\"><img src=x onerror=alert(1)>]({image["url"]})'
    post = await create(running, staff, {**POST, "image_id": image["id"], "body_ja": up["markdown"]})
    _, page = await api.call("GET", f"/boards/post/{post['id']}")
    text = page.decode()
    assert 'alt="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in text
    assert_inert(text)
    _, one = await api.call("GET", f"/api/boards/posts/{post['id']}")
    assert 'alt="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in one["post"]["html_ja"]
    assert_inert(one["post"]["html_ja"])


@pytest.mark.parametrize("path", ["/api/boards/images/" + "0" * 32, "/api/boards/images/" + "0" * 32 + "/thumb",
                                  "/api/boards/images/..%2F..%2Fsecret.key", "/api/boards/images/ABC"])
async def test_unknown_images_are_404(running, path):
    status, reply = await running.api.call("GET", path)
    assert status == 404 and reply["error"]["code"] == "NOT_FOUND"


# --- quiet feedback and "new since your last visit" ---------------------------------------

async def test_helpful_counts_anonymously_and_is_rate_limited(running, staff):
    post = await create(running, staff)
    for expected in (1, 2):
        status, reply = await running.api.call("POST", f"/api/boards/posts/{post['id']}/helpful")
        assert status == 200 and reply == {"helpful_count": expected}
    for _ in range(28):
        await running.api.call("POST", f"/api/boards/posts/{post['id']}/helpful")
    status, reply = await running.api.call("POST", f"/api/boards/posts/{post['id']}/helpful")
    assert status == 429 and reply["error"]["code"] == "RATE_LIMITED"
    _, one = await running.api.call("GET", f"/api/boards/posts/{post['id']}")
    assert one["post"]["helpful_count"] == 30


async def test_new_since_your_last_visit(running, staff):
    api = running.api
    reader = (await api.guest())["access_token"]
    old = await create(running, staff)
    _, first = await api.call("GET", "/api/boards/posts", token=reader)
    assert first["last_visit_at"] is None and [p["is_new"] for p in first["posts"]] == [False]
    status, visit = await api.call("POST", "/api/boards/visited", token=reader)
    assert status == 200 and visit["previous_visit_at"] is None
    await asyncio.sleep(0.01)
    new = await create(running, staff, {**POST, "title_ja": "新しいお知らせ"})
    _, second = await api.call("GET", "/api/boards/posts", token=reader)
    assert {p["id"]: p["is_new"] for p in second["posts"]} == {old["id"]: False, new["id"]: True}
    _, cats = await api.call("GET", "/api/boards/categories", token=reader)
    assert {c["key"]: c["new_count"] for c in cats["categories"]}["consult"] == 1
    _, anonymous = await api.call("GET", "/api/boards/posts")
    assert not any(p["is_new"] for p in anonymous["posts"])
    assert (await api.call("POST", "/api/boards/visited"))[0] == 401


@pytest.mark.parametrize("query, field", [("limit=0", "limit"), ("limit=101", "limit"), ("offset=-1", "offset"),
                                          ("category=nope", "category"), ("q=" + "あ" * 101, "q")])
async def test_bad_list_queries(running, query, field):
    status, reply = await running.api.call("GET", "/api/boards/posts?" + query)
    assert status == 400 and reply["error"]["field"] == field


# --- real time: a new post reaches people in the space ----------------------------------

async def test_publishing_reaches_people_in_the_space(running, staff):
    visitor = await running.api.guest()
    client = socketio.AsyncClient(reconnection=False)
    received: asyncio.Queue = asyncio.Queue()
    for event in ("board:published", "board:updated", "board:unpublished"):
        client.on(event, lambda data, event=event: received.put_nowait((event, data)), namespace="/space")
    await client.connect(running.url, namespaces=["/space"], transports=["websocket"],
                         auth={"token": visitor["access_token"]}, wait_timeout=5)
    try:
        draft = await create(running, staff, publish=False)
        await running.api.call("POST", f"/api/boards/posts/{draft['id']}/publish", json={}, token=staff)
        event, data = await asyncio.wait_for(received.get(), 5)
        assert event == "board:published"  # the first one heard: a draft is announced to nobody
        assert data == {"id": draft["id"], "category": "consult", "title_ja": POST["title_ja"],
                        "title_en": POST["title_en"]}
        await running.api.call("POST", f"/api/boards/posts/{draft['id']}/unpublish", json={}, token=staff)
        assert await asyncio.wait_for(received.get(), 5) == ("board:unpublished", {"id": draft["id"], "category": "consult"})
    finally:
        await client.disconnect()


async def test_a_refused_publish_announces_nothing(running, staff):
    visitor = await running.api.guest()
    client = socketio.AsyncClient(reconnection=False)
    received: asyncio.Queue = asyncio.Queue()
    client.on("board:published", lambda data: received.put_nowait(data), namespace="/space")
    await client.connect(running.url, namespaces=["/space"], transports=["websocket"],
                         auth={"token": visitor["access_token"]}, wait_timeout=5)
    try:
        half = await create(running, staff, {"category": "faq", "title_ja": "題だけ"}, publish=False)
        status, reply = await running.api.call("POST", f"/api/boards/posts/{half['id']}/publish", json={}, token=staff)
        assert status == 400 and reply["error"]["field"] == "body_ja"
        # a later publish that succeeds is the first announcement heard: the refused one made none
        whole = await create(running, staff, publish=False)
        await running.api.call("POST", f"/api/boards/posts/{whole['id']}/publish", json={}, token=staff)
        assert (await asyncio.wait_for(received.get(), 5))["id"] == whole["id"]
        assert received.empty()
    finally:
        await client.disconnect()
