"""The web client's static files for slow phones: gzip-compressed and cached for a year.

Every file under web_client/src is read once, gzip-compressed in memory and served from
``/static/v/<version>/<path>`` with ``Cache-Control: public, max-age=31536000, immutable``.
``<version>`` is a hash of the whole tree, so the ES modules' relative imports stay inside
one versioned directory and any change anywhere gives every URL a new prefix. The HTML pages
name ``/static/...`` and are rewritten on the way out (they stay ``no-cache``, revalidated
with an ETag). The plain ``/static/<path>`` still works (``no-cache``, ETag) for pages that
name their files in Python (board pages) and for anything bookmarked.

Why in memory and not pre-compressed ``.gz`` copies on disk: copies made by a set-up step go
stale the moment someone edits a file without re-running it (aiohttp's FileResponse would
then serve the old ``.gz``). Here the tree's (mtime, size) signature is checked when a page
is served and changed files are re-read: never stale, nothing to run, ~150 KB of memory.
No brotli: it needs a native library that is not installed; gzip -9 already gets ~70 %.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass, replace
from pathlib import Path

from aiohttp import web

from server import keys

YEAR = 31536000
IMMUTABLE = f"public, max-age={YEAR}, immutable"
REVALIDATE = "no-cache"
COMPRESSIBLE = (".js", ".mjs", ".css", ".html", ".svg", ".json", ".map", ".txt")
TYPES = {".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8",
         ".json": "application/json", ".svg": "image/svg+xml", ".map": "application/json"}


@dataclass(frozen=True)
class Asset:
    """One file's bytes, its gzip copy (None when compressing does not pay) and its tag."""
    body: bytes
    gzipped: bytes | None
    content_type: str
    etag: str  # quoted, strong; the gzip copy's tag adds "-gz"

    @classmethod
    def of(cls, body: bytes, name: str) -> "Asset":
        suffix = Path(name).suffix.lower()
        content_type = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        gzipped = None
        if suffix in COMPRESSIBLE and len(body) > 256:
            packed = gzip.compress(body, compresslevel=9, mtime=0)
            gzipped = packed if len(packed) < len(body) * 0.9 else None
        return cls(body, gzipped, content_type, f'"{hashlib.sha256(body).hexdigest()[:20]}"')


def accepts_gzip(header: str) -> bool:
    """``Accept-Encoding`` names gzip (or ``*``) without ``q=0``."""
    for part in header.split(","):
        coding, _, params = part.partition(";")
        if coding.strip().lower() not in ("gzip", "*"):
            continue
        params = params.replace(" ", "").lower()
        if params.startswith("q="):
            try:
                return float(params[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def answer(request: web.Request, asset: Asset, cache_control: str) -> web.Response:
    """The asset, compressed when the browser takes gzip; 304 when its copy is current."""
    use_gzip = asset.gzipped is not None and accepts_gzip(request.headers.get("Accept-Encoding", ""))
    etag = asset.etag[:-1] + '-gz"' if use_gzip else asset.etag
    headers = {"Cache-Control": cache_control, "ETag": etag, "Vary": "Accept-Encoding"}
    wanted = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in wanted:
        return web.Response(status=304, headers=headers)
    if use_gzip:
        headers["Content-Encoding"] = "gzip"
    return web.Response(body=asset.gzipped if use_gzip else asset.body, headers=headers,
                        content_type=asset.content_type.split(";")[0],
                        charset="utf-8" if "charset" in asset.content_type else None)


class StaticTree:
    """The files under ``root`` keyed by their relative path, and the tree's version."""

    def __init__(self, root: Path):
        self.root = root
        self._signature: tuple = ()
        self._stamps: dict[str, tuple[int, int]] = {}
        self.assets: dict[str, Asset] = {}
        self.version = ""
        self.refresh()

    def refresh(self) -> str:
        """Re-read what changed on disk (cheap when nothing did); the current version."""
        stamps = {}
        for path in self.root.rglob("*"):
            if path.is_file() and not path.name.startswith("."):
                info = path.stat()
                stamps[path.relative_to(self.root).as_posix()] = (info.st_mtime_ns, info.st_size)
        signature = tuple(sorted(stamps.items()))
        if signature == self._signature:
            return self.version
        assets = {}
        for name, stamp in stamps.items():
            old = self.assets.get(name)
            assets[name] = old if old and self._stamps.get(name) == stamp else Asset.of((self.root / name).read_bytes(), name)
        tree_hash = hashlib.sha256()
        for name in sorted(assets):
            tree_hash.update(name.encode() + b"\0" + assets[name].etag.encode() + b"\0")
        self.assets, self._stamps, self._signature = assets, stamps, signature
        self.version = tree_hash.hexdigest()[:12]
        return self.version

    def versioned(self, html: str) -> str:
        """The page with each ``/static/`` reference moved under the current version."""
        return html.replace('"/static/', f'"/static/v/{self.version}/')


STATIC_TREE = web.AppKey("static_tree", StaticTree)


async def versioned_file(request: web.Request) -> web.Response:
    tree = request.app[STATIC_TREE]
    asset = tree.assets.get(request.match_info["path"])
    if asset is None:
        raise web.HTTPNotFound()
    # A page loaded before a change may still ask for the old version: give the current
    # file, but let no cache keep it under the old name.
    current = request.match_info["version"] == tree.version or request.match_info["version"] == tree.refresh()
    return answer(request, asset, IMMUTABLE if current else REVALIDATE)


async def plain_file(request: web.Request) -> web.Response:
    tree = request.app[STATIC_TREE]
    tree.refresh()
    asset = tree.assets.get(request.match_info["path"])
    if asset is None:
        raise web.HTTPNotFound()
    return answer(request, asset, REVALIDATE)


def page_asset(request: web.Request, path: Path) -> Asset:
    """An HTML page naming the current version of the static files."""
    tree = request.app[STATIC_TREE]
    tree.refresh()
    if not request.app[keys.SETTINGS].static_cache:
        return replace(Asset.of(path.read_bytes(), path.name), gzipped=None)  # plain: as on disk
    return Asset.of(tree.versioned(path.read_text(encoding="utf-8")).encode("utf-8"), path.name)


def install_static(app: web.Application, root: Path, *, cache: bool = True) -> None:
    app[STATIC_TREE] = StaticTree(root)
    if not cache:  # the benchmark's baseline: files as they are, no Cache-Control
        app.router.add_static("/static/", root, append_version=False)
        return
    app.router.add_get("/static/v/{version:[0-9a-f]{1,64}}/{path:.+}", versioned_file)
    app.router.add_get("/static/{path:.+}", plain_file)
