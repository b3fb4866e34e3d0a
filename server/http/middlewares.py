"""Headers every response carries: a strict content policy and no referrer leaks."""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from aiohttp import web

from server import keys

POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
    "connect-src {connect}; style-src 'self'; script-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@functools.lru_cache(maxsize=8)
def content_security_policy(public_url: str) -> str:
    """Sockets and fetches reach this site only: 'self', plus the public URL's WebSocket
    origin (older browsers do not count ws:/wss: as 'self'); never any ws:/wss: host."""
    connect = ["'self'"]
    try:
        url = urlsplit(public_url)
        if url.scheme.lower() in ("http", "https") and url.hostname and " " not in url.netloc:
            port = f":{url.port}" if url.port else ""
            connect.append(f"{'wss' if url.scheme.lower() == 'https' else 'ws'}://{url.hostname}{port}")
    except ValueError:
        pass
    return POLICY.format(connect=" ".join(connect))


@web.middleware
async def security_headers(request: web.Request, handler):
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy", content_security_policy(request.app[keys.SETTINGS].public_url))
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    # The microphone only for this origin, and only when a person turns voice on.
    response.headers.setdefault("Permissions-Policy", "camera=(), geolocation=(), microphone=(self)")
    return response
