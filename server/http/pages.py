"""The web client's pages and static files, and the browser Socket.IO client from npm."""
from __future__ import annotations

from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parents[2]
CLIENT_DIR = ROOT / "web_client"
SOCKET_IO_DIST = CLIENT_DIR / "node_modules" / "socket.io-client" / "dist"

PAGES = {
    "/": "index.html",
    "/admin": "admin.html",
}


def page_handler(filename: str):
    path = CLIENT_DIR / filename

    async def page(request: web.Request) -> web.FileResponse:
        return web.FileResponse(path, headers={"Cache-Control": "no-cache", "Content-Type": "text/html; charset=utf-8"})

    page.__name__ = f"page_{filename.split('.')[0]}"
    return page


async def socket_io_client(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    if name not in ("socket.io.esm.min.js", "socket.io.esm.min.js.map"):
        raise web.HTTPNotFound()
    path = SOCKET_IO_DIST / name
    if not path.exists():
        raise web.HTTPNotFound(text="socket.io-client is not installed: run `make run` (it runs npm ci).")
    return web.FileResponse(path, headers={"Cache-Control": "public, max-age=86400"})


def install_pages(app: web.Application) -> None:
    for url, filename in PAGES.items():
        app.router.add_get(url, page_handler(filename))
    app.router.add_get("/vendor/{name}", socket_io_client)
    app.router.add_static("/static/", CLIENT_DIR / "src", append_version=False)
