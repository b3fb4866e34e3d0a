"""Logging set-up. Access lines carry method, path (no query string), status and time:
never an address, a token or a body."""
from __future__ import annotations

import logging

from aiohttp.abc import AbstractAccessLogger


class PrivateAccessLogger(AbstractAccessLogger):
    def log(self, request, response, time):
        self.logger.info("%s %s %s %.1fms", request.method, request.rel_url.path, response.status, time * 1000)


def configure(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # engineio/socketio loggers would print payloads (message text): keep them quiet.
    for noisy in ("alembic.runtime.migration", "aiosqlite", "sqlalchemy.engine", "engineio", "socketio", "engineio.server", "socketio.server", "aioice", "aiortc"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
