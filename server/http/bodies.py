"""Parsing request bodies into typed commands: size, JSON, types and unknown fields checked."""
from __future__ import annotations

import json
from typing import TypeVar

from aiohttp import web
from pydantic import BaseModel, ConfigDict, ValidationError

from server.core.errors import DomainError, ErrorCode

MAX_BODY = 64 * 1024
M = TypeVar("M", bound=BaseModel)


class Command(BaseModel):
    """Base of every request body: strict types, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def parse_command(model: type[M], data: object) -> M:
    if not isinstance(data, dict):
        raise DomainError(ErrorCode.INVALID)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or None
        raise DomainError(ErrorCode.INVALID, field=field) from None


async def read_json(request: web.Request, model: type[M]) -> M:
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise DomainError(ErrorCode.BODY_TOO_LARGE)
    if request.content_type != "application/json":
        raise DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE)
    raw = await request.content.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        raise DomainError(ErrorCode.BODY_TOO_LARGE)
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise DomainError(ErrorCode.INVALID_JSON) from None
    return parse_command(model, data)
