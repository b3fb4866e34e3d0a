"""The acked envelope every Socket.IO event answers with, and typed payload parsing."""
from __future__ import annotations

import json
import logging
from typing import Any, TypeVar

from pydantic import BaseModel

from server.core.errors import DomainError, ErrorCode, error_body
from server.core.commands import Command, parse_command

MAX_PAYLOAD_BYTES = 16 * 1024
M = TypeVar("M", bound=BaseModel)

__all__ = ["Command", "ok", "fail", "parse_payload", "MAX_PAYLOAD_BYTES"]


def ok(data: Any = None) -> dict:
    return {"ok": True, "data": data if data is not None else {}}


def fail(code: ErrorCode, *, field: str | None = None, detail: dict | None = None) -> dict:
    return {"ok": False, "error": error_body(code, field=field, detail=detail)}


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # built once: dumps(**kw) builds one per call


def _size(data: Any) -> int:
    try:
        return len(_COMPACT.encode(data))
    except (TypeError, ValueError):
        return MAX_PAYLOAD_BYTES + 1


def parse_payload(model: type[M], data: Any, *, wire_size: int | None = None) -> M:
    """``wire_size``: the length of the packet the payload came in, when known; it bounds the
    payload's size without encoding it again."""
    if data is None:
        data = {}
    if (wire_size if wire_size is not None else _size(data)) > MAX_PAYLOAD_BYTES:
        raise DomainError(ErrorCode.BODY_TOO_LARGE)
    return parse_command(model, data)


async def dispatch(handlers: dict, event: object, caller: Any, data: Any, *, log: logging.Logger, label: str) -> dict:
    """Run the handler registered for ``event`` with the parsed payload and answer with the
    envelope. Unknown events, bad payloads and refusals are answered, never raised; a crash is
    logged by event name only (never the payload: it may hold text or SDP)."""
    entry = handlers.get(event) if isinstance(event, str) else None
    if entry is None:
        return fail(ErrorCode.UNKNOWN_EVENT)
    model, handler = entry
    try:
        return ok(await handler(caller, parse_payload(model, data)))
    except DomainError as exc:
        return fail(exc.code, field=exc.field, detail=exc.detail)
    except Exception:
        log.exception("%s event %s failed", label, event)
        return fail(ErrorCode.INTERNAL)
