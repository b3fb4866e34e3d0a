"""The web client's pages and static files, and the browser Socket.IO client from npm."""
from __future__ import annotations

import functools
from pathlib import Path

from aiohttp import web

from server import keys
from server.http.static_assets import REVALIDATE, Asset, answer, install_static, page_asset

ROOT = Path(__file__).resolve().parents[2]
CLIENT_DIR = ROOT / "web_client"
SOCKET_IO_DIST = CLIENT_DIR / "node_modules" / "socket.io-client" / "dist"

PAGES = {
    "/": "index.html",
    "/admin": "admin.html",
}


def page_handler(filename: str):
    path = CLIENT_DIR / filename

    async def page(request: web.Request) -> web.Response:
        return answer(request, page_asset(request, path), REVALIDATE)

    page.__name__ = f"page_{filename.split('.')[0]}"
    return page


async def socket_io_client(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in ("socket.io.esm.min.js", "socket.io.esm.min.js.map"):
        raise web.HTTPNotFound()
    path = SOCKET_IO_DIST / name
    if not path.exists():
        raise web.HTTPNotFound(text="socket.io-client is not installed: run `make run` (it runs npm ci).")
    return answer(request, _vendor_asset(path, path.stat().st_mtime_ns), "public, max-age=86400")


@functools.lru_cache(maxsize=4)
def _vendor_asset(path: Path, _mtime_ns: int) -> Asset:
    return Asset.of(path.read_bytes(), path.name)


def install_pages(app: web.Application) -> None:
    for url, filename in PAGES.items():
        app.router.add_get(url, page_handler(filename))
    app.router.add_get("/vendor/{name}", socket_io_client)
    install_static(app, CLIENT_DIR / "src", cache=app[keys.SETTINGS].static_cache)
