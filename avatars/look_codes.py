"""A look written as a short public code, e.g. ``round.light.short.dark_brown.dot.hoodie.sage.none``.

The code is what other visitors receive and what sprite URLs carry: it describes a drawing,
never an account.
"""
from __future__ import annotations

import json

from avatars.parts import CATEGORIES, AvatarLook, parse_look
from server.core.errors import DomainError, ErrorCode

MAX_CODE_LENGTH = 200


def look_code(look: AvatarLook) -> str:
    return ".".join(getattr(look, c) for c in CATEGORIES)


def parse_look_code(code: object) -> AvatarLook:
    if not isinstance(code, str) or len(code) > MAX_CODE_LENGTH:
        raise DomainError(ErrorCode.INVALID, field="look")
    parts = code.split(".")
    if len(parts) != len(CATEGORIES):
        raise DomainError(ErrorCode.INVALID, field="look")
    return parse_look(dict(zip(CATEGORIES, parts)))


def stored_look(raw: str | None) -> AvatarLook:
    """The look kept on an account (JSON), or the default one for a newcomer."""
    if not raw:
        return AvatarLook.default()
    try:
        return parse_look(json.loads(raw))
    except (ValueError, DomainError):
        return AvatarLook.default()  # a retired part: fall back rather than lock someone out
