"""Reading REST request bodies: size, media type and JSON checked, then parsed into a typed
command (the parsing itself is transport-free: server/core/commands.py)."""
from __future__ import annotations

from aiohttp import web

from server.core.commands import M, MAX_DEPTH, Command, checked_field, loads, parse_command, text_field, too_deep
from server.core.errors import DomainError, ErrorCode

# Routes declare their bodies with these; they live in server/core/commands.py.
__all__ = ["MAX_BODY", "MAX_DEPTH", "Command", "checked_field", "loads", "parse_command", "read_json", "read_json_value",
           "text_field", "too_deep"]

MAX_BODY = 64 * 1024


async def read_json_value(request: web.Request, *, default: bytes = b"{}") -> object:
    """The one way a JSON request body is read: type, size and nesting checked, then parsed."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise DomainError(ErrorCode.BODY_TOO_LARGE)
    if request.content_type != "application/json":
        raise DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE)
    raw = await request.content.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        raise DomainError(ErrorCode.BODY_TOO_LARGE)
    return loads(raw or default)


async def read_json(request: web.Request, model: type[M]) -> M:
    return parse_command(model, await read_json_value(request))
