"""Authenticating a Socket.IO connection from the token in its ``auth`` payload, and holding
its grant (``live_access``): the session and token expiry every later event is checked against."""
from __future__ import annotations

from datetime import timedelta

from aiohttp import web
from socketio.exceptions import ConnectionRefusedError as Refused

from server import keys
from moderation.sanctions import standing as sanction_standing
from moderation.sanctions.policy import Standing
from server.core.errors import DomainError, ErrorCode, error_body
from server.core.principal import Principal
from server.principals import principal_from_token


def refusal(code: ErrorCode) -> Refused:
    """A refused connection whose client receives ``{message, data: {code, ...}}`` (the plain
    ConnectionRefusedError would reach it as a bare "Connection refused by server")."""
    return Refused(code.value, error_body(code))


async def authenticate(app: web.Application, auth: object, *, namespace: str, sid: str) -> Principal:
    """Return the principal, or raise a refusal carrying a stable error code."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if not isinstance(token, str) or not token:
        raise refusal(ErrorCode.UNAUTHENTICATED)
    try:
        claims = app[keys.SIGNER].verify_access(token)
        principal = await principal_from_token(app, token)
    except DomainError as exc:
        raise refusal(exc.code) from None
    app[keys.SIO].live_access.admit(namespace, sid, claims, principal, await load_standing(app, principal.account_id))
    return principal


async def load_standing(app: web.Application, account_id: str) -> Standing:
    """The account's sanctions and warm-up in force, held with its grants (moderation.sanctions)."""
    async with app[keys.DB_SESSIONS]() as db:
        return await sanction_standing.load(db, account_id, app[keys.CLOCK].now(), warmup(app))


def warmup(app: web.Application) -> timedelta:
    return timedelta(seconds=app[keys.SETTINGS].new_account_warmup_seconds)
