"""Public JSON for slow phones (issue 15 item 12): the map and the other public GET answers are
gzip-compressed when large and asked for, revalidated by ETag (304, no body); answers for a
signed-in person (tokens, personal data) are never compressed."""
from __future__ import annotations

import gzip
import json

import aiohttp

GZIP = {"Accept-Encoding": "gzip, deflate"}
IDENTITY = {"Accept-Encoding": "identity"}


async def fetch(running, path, headers=None, method="GET", body=None):
    # auto_decompress off: the test sees the bytes that travel.
    async with aiohttp.ClientSession(auto_decompress=False) as http:
        async with http.request(method, running.url + path, headers=headers or IDENTITY, json=body) as resp:
            return resp.status, resp.headers, await resp.read()


async def test_the_map_travels_compressed_and_revalidates_with_304(running):
    status, plain_headers, plain = await fetch(running, "/api/space/map", IDENTITY)
    assert status == 200 and "Content-Encoding" not in plain_headers
    assert plain_headers["Content-Type"] == "application/json; charset=utf-8"
    assert plain_headers["Cache-Control"] == "public, max-age=300" and plain_headers["Vary"] == "Accept-Encoding"
    status, headers, packed = await fetch(running, "/api/space/map", GZIP)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed) == plain and len(packed) < len(plain) / 4
    assert json.loads(plain)["width"] > 0
    assert headers["ETag"] == plain_headers["ETag"]  # the same document, whatever the encoding
    status, again, body = await fetch(running, "/api/space/map", {**GZIP, "If-None-Match": headers["ETag"]})
    assert status == 304 and body == b"" and again["ETag"] == headers["ETag"]
    assert again["Cache-Control"] == "public, max-age=300"
    status, _, body = await fetch(running, "/api/space/map", {**GZIP, "If-None-Match": '"stale"'})
    assert status == 200 and gzip.decompress(body) == plain


async def test_the_space_info_revalidates_and_is_compressed_like_the_map(running):
    status, plain_headers, plain = await fetch(running, "/api/space/info", IDENTITY)
    assert status == 200 and plain_headers["Cache-Control"] == "no-cache" and len(plain) >= 1024
    status, headers, packed = await fetch(running, "/api/space/info", GZIP)
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(packed) == plain
    status, _, body = await fetch(running, "/api/space/info", {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


async def test_answers_with_tokens_or_for_a_person_are_never_compressed(running):
    status, headers, body = await fetch(running, "/api/auth/guest", GZIP, method="POST", body={"lang": "ja"})
    assert status in (200, 201) and "Content-Encoding" not in headers and "ETag" not in headers
    token = json.loads(body)["access_token"]
    status, headers, _ = await fetch(running, "/api/me", {**GZIP, "Authorization": f"Bearer {token}"})
    assert status == 200 and "Content-Encoding" not in headers and "ETag" not in headers
    assert headers["Cache-Control"] == "no-store"


async def test_an_error_of_a_public_route_is_plain_json(running):
    status, headers, body = await fetch(running, "/api/boards/posts/nonexistent", GZIP)
    assert status in (400, 404) and "Content-Encoding" not in headers
    assert json.loads(body)["error"]["code"]
