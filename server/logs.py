"""Logging set-up. Access lines carry method, path (no query string, control characters
escaped), status and time: never an address, a token or a body. aiohttp's own server log goes
through ``ServerLogFilter``: a request that cannot be read is one line naming the kind."""
from __future__ import annotations

import logging

from aiohttp.abc import AbstractAccessLogger
from aiohttp.http_exceptions import HttpProcessingError

MAX_LOGGED_PATH = 300


def printable(text: str, limit: int = MAX_LOGGED_PATH) -> str:
    """``text`` on one line: control, format and line-separator characters escaped (a ``%0a``
    in a URL must not start a forged log line), cut at ``limit`` characters."""
    text = text[:limit]
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class PrivateAccessLogger(AbstractAccessLogger):
    def log(self, request, response, time):
        self.logger.info("%s %s %s %.1fms", printable(request.method, 20), printable(request.rel_url.path),
                         response.status, time * 1000)


class ServerLogFilter(logging.Filter):
    """For ``aiohttp.server``: its "Error handling request from <address>" comes with a traceback
    whose exception text quotes what was sent (a header carrying a Bearer token, say). A request
    that could not be read is the client's doing: one INFO line with its kind and status, no
    address, no text, no traceback. Any other failure keeps its traceback (a fault of ours) but
    loses the address."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, HttpProcessingError):
            record.msg, record.args = "a request could not be read (%s, %s)", (type(exc).__name__, exc.code)
            record.exc_info, record.exc_text = None, None
            if record.levelno > logging.INFO:
                record.levelno, record.levelname = logging.INFO, "INFO"
        elif record.msg == "Error handling request from %s":
            record.msg, record.args = "a request could not be handled (%s)", (type(exc).__name__,)
        return True


_SERVER_FILTER = ServerLogFilter()


def protect_server_log() -> None:
    """Put the filter on aiohttp's server logger (once; loggers are process-wide)."""
    logging.getLogger("aiohttp.server").addFilter(_SERVER_FILTER)


def configure(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    protect_server_log()
    # engineio/socketio loggers would print payloads (message text): keep them quiet.
    for noisy in ("alembic.runtime.migration", "aiosqlite", "sqlalchemy.engine", "engineio", "socketio", "engineio.server", "socketio.server", "aioice", "aiortc"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
