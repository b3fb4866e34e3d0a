"""Who is calling a REST endpoint: the bearer token, checked against its live session."""
from __future__ import annotations

from aiohttp import web

from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal
from server.http.client_address import client_key  # noqa: F401  (routes import it from here)
from server.principals import principal_from_token

_CACHE_KEY = web.RequestKey("principal", object)


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise DomainError(ErrorCode.TOKEN_INVALID)
    return token.strip()


async def optional_principal(request: web.Request) -> Principal | None:
    if _CACHE_KEY in request:
        return request[_CACHE_KEY]
    token = bearer_token(request)
    principal = await principal_from_token(request.app, token) if token else None
    request[_CACHE_KEY] = principal
    return principal


async def current_principal(request: web.Request) -> Principal:
    principal = await optional_principal(request)
    if principal is None:
        raise DomainError(ErrorCode.UNAUTHENTICATED)
    return principal
