"""Typed commands: what a REST body or a Socket.IO payload is parsed into, before any rule runs.

Transport-free (pydantic only), so ``server/http`` (request bodies) and ``server/realtime``
(event payloads) share one way of parsing without importing each other.
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from server.core import text
from server.core.errors import DomainError, ErrorCode

# No request of this API nests deeper than a few levels; a parser handed thousands of levels
# recurses until Python gives up (RecursionError), so deeper bodies are refused unread.
MAX_DEPTH = 20
# A string, or an unclosed one up to the end: always matches at a quote, never backtracks, so
# the scan stays linear whatever is sent (a pattern that could fail there would be quadratic).
_STRING = re.compile(rb'"(?:[^"\\]|\\.?)*+"?', re.DOTALL)
_SQUARE = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
M = TypeVar("M", bound=BaseModel)


class Command(BaseModel):
    """Base of every request body and event payload: strict types, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


TEXT_KIND_KEY = "x-text-kind"
DOMAIN_CHECK_KEY = "x-domain-check"
_DOMAIN_CHECKS: dict[str, Callable[[object], object]] = {}


def text_field(kind: text.TextKind, default: Any = ..., **options: Any) -> Any:
    """A field holding free text of ``kind``: its limit (and so OpenAPI's maxLength) is the
    one the domain declares in ``server.core.text``."""
    return Field(default, max_length=kind.max_length, json_schema_extra={TEXT_KIND_KEY: kind.name}, **options)


def checked_field(max_length: int, check: Callable[[object], object], default: Any = ..., **options: Any) -> Any:
    """A field the domain bounds and checks (e.g. a new passphrase): its limit (and so
    OpenAPI's maxLength) is the domain's, and a value over it gets the domain's own refusal,
    from ``check`` (which must refuse it), not a generic INVALID."""
    name = f"{check.__module__}.{check.__qualname__}"
    _DOMAIN_CHECKS[name] = check
    return Field(default, max_length=max_length, json_schema_extra={DOMAIN_CHECK_KEY: name}, **options)


def _extra(model: type[BaseModel], loc: tuple) -> dict:
    info = model.model_fields.get(str(loc[0])) if len(loc) == 1 else None
    extra = info.json_schema_extra if info is not None else None
    return extra if isinstance(extra, dict) else {}


def _text_kind(model: type[BaseModel], loc: tuple) -> text.TextKind | None:
    return text.KINDS.get(_extra(model, loc).get(TEXT_KIND_KEY))


def parse_command(model: type[M], data: object) -> M:
    if not isinstance(data, dict):
        raise DomainError(ErrorCode.INVALID)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first.get("loc", ()))
        field = ".".join(str(p) for p in loc) or None
        check = _DOMAIN_CHECKS.get(_extra(model, loc).get(DOMAIN_CHECK_KEY))
        if check is not None and first.get("type") == "string_too_long":
            check(data[loc[0]])  # raises the domain's refusal
        kind = _text_kind(model, loc)
        if kind is not None and first.get("type") == "string_too_long":
            # The same refusal the domain gives for a text over its limit.
            raise text.refusal(kind, field or kind.name, "too_long", max_length=kind.max_length) from None
        raise DomainError(ErrorCode.INVALID, field=field) from None


def too_deep(raw: bytes | str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects more than ``limit`` levels, or leaves some
    unclosed (brackets inside strings do not count; either way it is not a usable body).
    Linear, without recursion, and cheap for the usual shallow text."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    brackets = _STRING.sub(b"", raw).translate(_SQUARE, _NOT_BRACKETS)
    # Each pass removes every innermost pair, i.e. one level: what nests deeper than
    # ``limit`` still has a pair left after ``limit`` passes (C-speed passes, no recursion).
    for _ in range(limit):
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):
            break
        brackets = shorter
    return bool(brackets)


def loads(raw: bytes | str) -> object:
    """JSON text -> value, refusing what is not JSON or nests too deeply (INVALID_JSON)."""
    if too_deep(raw):
        raise DomainError(ErrorCode.INVALID_JSON, detail={"max_depth": MAX_DEPTH})
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise DomainError(ErrorCode.INVALID_JSON) from None
