"""From an access token to the acting principal, checked against its live session (ended,
revoked, disabled). REST (server/http/principal.py) and Socket.IO (server/realtime/connection.py,
live_access.py) ask this one function, so neither transport imports the other."""
from __future__ import annotations

from aiohttp import web

from avatars.accounts import resolve_principal
from server import keys
from server.core.principal import Principal


async def principal_from_token(app: web.Application, token: str) -> Principal:
    claims = app[keys.SIGNER].verify_access(token)
    async with app[keys.DB_SESSIONS]() as db:
        return await resolve_principal(
            db,
            app[keys.CLOCK],
            account_id=claims.account_id,
            session_id=claims.session_id,
            token_version=claims.token_version,
        )
