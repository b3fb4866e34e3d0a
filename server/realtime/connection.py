"""Authenticating a Socket.IO connection from the token in its ``auth`` payload."""
from __future__ import annotations

from aiohttp import web

from server.core.errors import DomainError, ErrorCode, error_body
from server.core.principal import Principal
from server.http.principal import principal_from_token


async def authenticate(app: web.Application, auth: object) -> Principal:
    """Return the principal or raise ConnectionRefusedError carrying a stable error body."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if not isinstance(token, str) or not token:
        raise ConnectionRefusedError(error_body(ErrorCode.UNAUTHENTICATED))
    try:
        return await principal_from_token(app, token)
    except DomainError as exc:
        raise ConnectionRefusedError(error_body(exc.code)) from None
