"""Creates the Socket.IO server (in-process manager, or Redis for several processes)."""
from __future__ import annotations

import socketio

from server.realtime.fast_events import IbashoSocketServer
from server.settings import Settings

MAX_HTTP_BUFFER = 64 * 1024
NAMESPACES = ("/space", "/desk", "/consult")


def create_sio(settings: Settings) -> IbashoSocketServer:
    manager = (
        socketio.AsyncRedisManager(settings.redis_url, channel=settings.redis_channel) if settings.redis_url else None
    )
    return IbashoSocketServer(
        async_mode="aiohttp",
        client_manager=manager,
        # Only the namespaces with handlers accept connections: python-socketio would otherwise
        # accept "/" (its default) without any token.
        namespaces=list(NAMESPACES),
        cors_allowed_origins=[settings.public_url, f"http://{settings.host}:{settings.port}"],
        max_http_buffer_size=MAX_HTTP_BUFFER,  # a larger frame closes only that connection
        logger=False,
        engineio_logger=False,
        # A ping every 20 s. python-engineio's client drops its link when it has sent nothing
        # for max(interval, timeout) + 5 s, so with equal values one ping 5 s late (a loaded
        # machine: CI saw it) ended a live connection; 30 s gives a late ping 15 s. A dead
        # link is still noticed within 50 s (browsers: interval + timeout; the lean loop too).
        ping_interval=20,
        ping_timeout=30,
        fast_path=settings.fast_path,
    )
