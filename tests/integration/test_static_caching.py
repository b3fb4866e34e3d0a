"""Static files for slow phones: gzip when asked, cached a year under a versioned URL, pages
revalidated (issue 15 item 12)."""
from __future__ import annotations

import gzip
import os
import re

import aiohttp

from server.http.static_assets import STATIC_TREE, StaticTree
from tests.conftest import serving

GZIP = {"Accept-Encoding": "gzip, deflate"}
IDENTITY = {"Accept-Encoding": "identity"}


async def fetch(running, path, headers=None):
    # auto_decompress off: the test sees the bytes that travel.
    async with aiohttp.ClientSession(auto_decompress=False) as http:
        async with http.get(running.url + path, headers=headers or IDENTITY) as resp:
            return resp.status, resp.headers, await resp.read()


def static_urls(html: bytes) -> list[str]:
    return re.findall(r'"(/static/[^"]+)"', html.decode())


async def test_landing_names_versioned_files_and_stays_revalidated(running):
    status, headers, html = await fetch(running, "/", IDENTITY)
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    assert headers["Content-Type"].startswith("text/html") and "Content-Encoding" not in headers
    version = running.app[STATIC_TREE].version
    urls = static_urls(html)
    assert urls and all(url.startswith(f"/static/v/{version}/") for url in urls)
    for url in urls:
        status, headers, _ = await fetch(running, url, GZIP)
        assert status == 200
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["Vary"] == "Accept-Encoding"


async def test_gzip_only_when_asked(running):
    url = f"/static/v/{running.app[STATIC_TREE].version}/app.js"
    status, plain_headers, plain = await fetch(running, url, IDENTITY)
    assert status == 200 and "Content-Encoding" not in plain_headers
    assert plain_headers["Content-Type"].startswith("text/javascript")
    status, headers, packed = await fetch(running, url, GZIP)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert len(packed) < len(plain) / 2
    assert gzip.decompress(packed) == plain
    # q=0 refuses gzip.
    status, headers, body = await fetch(running, url, {"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in headers and body == plain
    status, headers, _ = await fetch(running, "/", GZIP)
    assert headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "no-cache"


async def test_pages_and_files_revalidate_with_304(running):
    for path in ("/", "/desk", "/console", f"/static/v/{running.app[STATIC_TREE].version}/main.js", "/static/boards.css"):
        status, headers, _ = await fetch(running, path, GZIP)
        assert status == 200 and headers["ETag"]
        status, again, body = await fetch(running, path, {**GZIP, "If-None-Match": headers["ETag"]})
        assert status == 304 and body == b"" and again["ETag"] == headers["ETag"]
        # Another encoding is another representation: no 304 for the other tag.
        status, _, body = await fetch(running, path, {**IDENTITY, "If-None-Match": headers["ETag"]})
        assert status == 200 and body


async def test_plain_static_is_revalidated_and_unknown_files_are_404(running):
    status, headers, _ = await fetch(running, "/static/app.css", GZIP)
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    for path in ("/static/nothing.js", "/static/../server/settings.py", "/static/%2e%2e/pyproject.toml",
                 f"/static/v/{running.app[STATIC_TREE].version}/../../pyproject.toml", "/static/v/zz/app.js"):
        status, _, _ = await fetch(running, path)
        assert status == 404, path


async def test_a_changed_file_gets_a_new_url_and_old_urls_stop_being_cached(db_url, tmp_path):
    src = tmp_path / "src"
    (src / "ui").mkdir(parents=True)
    (src / "main.js").write_text('import "./ui/panel.js";\n' + "// calm\n" * 100)
    (src / "ui" / "panel.js").write_text("export const panel = 1;\n")
    (src / "app.css").write_text("body { color: #333; }\n")

    def use_tree(app):
        app[STATIC_TREE] = StaticTree(src)

    async with serving(db_url, tmp_path, prepare=use_tree) as running:
        _, _, html = await fetch(running, "/")
        before = static_urls(html)
        old_version = running.app[STATIC_TREE].version
        status, _, body = await fetch(running, f"/static/v/{old_version}/ui/panel.js", IDENTITY)
        assert status == 200 and body == b"export const panel = 1;\n"

        panel = src / "ui" / "panel.js"
        panel.write_text("export const panel = 2;\n")
        stat = panel.stat()
        os.utime(panel, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
        _, _, html = await fetch(running, "/")
        after = static_urls(html)
        new_version = running.app[STATIC_TREE].version
        assert new_version != old_version and set(before).isdisjoint(after)
        status, headers, body = await fetch(running, f"/static/v/{new_version}/ui/panel.js", IDENTITY)
        assert body == b"export const panel = 2;\n" and "immutable" in headers["Cache-Control"]
        # A page loaded before the change still gets the file, but no cache keeps it as the old one.
        status, headers, body = await fetch(running, f"/static/v/{old_version}/ui/panel.js", IDENTITY)
        assert status == 200 and headers["Cache-Control"] == "no-cache" and body.endswith(b"2;\n")
        # An unchanged file keeps its ETag, so a revalidating browser gets a 304.
        _, css_headers, _ = await fetch(running, f"/static/v/{old_version}/app.css", IDENTITY)
        status, _, _ = await fetch(running, f"/static/v/{new_version}/app.css",
                                   {**IDENTITY, "If-None-Match": css_headers["ETag"]})
        assert status == 304


async def test_socket_io_client_travels_compressed(running):
    status, headers, packed = await fetch(running, "/vendor/socket.io.esm.min.js", GZIP)
    assert status == 200 and headers["Content-Encoding"] == "gzip" and "max-age=86400" in headers["Cache-Control"]
    status, headers, plain = await fetch(running, "/vendor/socket.io.esm.min.js", IDENTITY)
    assert "Content-Encoding" not in headers and gzip.decompress(packed) == plain
    status, _, _ = await fetch(running, "/vendor/other.js")
    assert status == 404


async def test_the_plain_setting_serves_files_as_before(db_url, tmp_path):
    async with serving(db_url, tmp_path, static_cache=False) as running:
        status, headers, html = await fetch(running, "/", GZIP)
        assert status == 200 and "Content-Encoding" not in headers
        assert '"/static/main.js"' in html.decode()
        status, headers, _ = await fetch(running, "/static/app.js", GZIP)
        assert status == 200 and "Content-Encoding" not in headers and "Cache-Control" not in headers
