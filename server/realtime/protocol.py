"""The acked envelope every Socket.IO event answers with, and typed payload parsing (the
dispatch itself is the namespace shell's: member_namespace.py)."""
from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel

from server.core.errors import DomainError, ErrorCode, error_body
from server.core.commands import parse_command

MAX_PAYLOAD_BYTES = 16 * 1024
M = TypeVar("M", bound=BaseModel)

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
