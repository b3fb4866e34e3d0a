"""REST: entering, keeping an account, logging in and out, the caller's own profile."""
from __future__ import annotations

import json
from typing import Literal

from aiohttp import web
from pydantic import Field

from avatars import accounts
from avatars.models import Account
from moderation.sanctions.standing import require_login
from server import keys
from server.core.errors import DomainError, ErrorCode
from server.core import text
from server.http.bodies import Command, read_json, text_field
from server.http.principal import client_key, current_principal, optional_principal
from server.http.routing import ApiRoute, no_store


class GuestBody(Command):
    lang: Literal["ja", "en"] = "ja"


class KeepBody(Command):
    nickname: str = text_field(text.NICKNAME)
    passphrase: str = Field(max_length=1000)
    kind: Literal["unspecified", "individual", "family", "supporter"] | None = None


class LoginBody(Command):
    nickname: str = Field(max_length=200)
    passphrase: str = Field(max_length=1000)


class RefreshBody(Command):
    refresh_token: str = Field(max_length=400)


class RecoverBody(Command):
    nickname: str = Field(max_length=200)
    recovery_code: str = Field(max_length=100)
    new_passphrase: str = Field(max_length=1000)


class PassphraseChangeBody(Command):
    current_passphrase: str = Field(max_length=1000)
    new_passphrase: str = Field(max_length=1000)


class ProfileBody(Command):
    kind: Literal["unspecified", "individual", "family", "supporter"] | None = None


def account_json(account: Account) -> dict:
    return {
        "id": account.id,
        "nickname": account.nickname,
        "is_guest": account.is_guest,
        "kind": account.kind,
        "role": account.role,
        "profession": account.profession,
        "look": json.loads(account.look) if account.look else None,
    }


def signed_in_json(app: web.Application, signed: accounts.SignedIn, *, refresh_token: str | None = None) -> dict:
    account = signed.account
    body = {
        "account": account_json(account),
        "access_token": app[keys.SIGNER].issue_access(
            account_id=account.id, session_id=signed.session_id, role=account.role, token_version=account.token_version
        ),
        "expires_in": int(app[keys.SIGNER].access_ttl.total_seconds()),
    }
    token = refresh_token if refresh_token is not None else signed.refresh_token
    if token:
        body["refresh_token"] = token
    if signed.recovery_code:
        body["recovery_code"] = signed.recovery_code
    return body


async def enter_as_guest(request: web.Request) -> web.Response:
    body = await read_json(request, GuestBody)
    request.app[keys.GUEST_LIMITER].acquire(client_key(request))
    async with request.app[keys.DB_SESSIONS].begin() as db:
        signed = await accounts.enter_as_guest(db, request.app[keys.CLOCK], request.app[keys.RNG], lang=body.lang)
    return no_store(signed_in_json(request.app, signed), status=201)


async def keep_account(request: web.Request) -> web.Response:
    body = await read_json(request, KeepBody)
    actor = await optional_principal(request)
    app = request.app
    # Every try counts, a refused nickname included: asking which names exist stays slow.
    app[keys.KEEP_LIMITER].acquire(client_key(request))
    async with app[keys.DB_SESSIONS].begin() as db:
        signed = await accounts.keep_account(
            db, app[keys.CLOCK], app[keys.HASH_POOL], actor,
            nickname=body.nickname, passphrase=body.passphrase, kind=body.kind,
        )
    return no_store(signed_in_json(app, signed), status=201)


async def log_in(request: web.Request) -> web.Response:
    body = await read_json(request, LoginBody)
    app = request.app
    async with app[keys.DB_SESSIONS].begin() as db:
        signed = await accounts.log_in(
            db, app[keys.CLOCK], app[keys.HASH_POOL], app[keys.LOGIN_GUARD],
            nickname=body.nickname, passphrase=body.passphrase, client_key=client_key(request),
        )
        await require_login(db, signed.account.id, app[keys.CLOCK].now())  # suspended: rolled back
    return no_store(signed_in_json(app, signed))


async def refresh(request: web.Request) -> web.Response:
    body = await read_json(request, RefreshBody)
    async with request.app[keys.DB_SESSIONS].begin() as db:
        signed = await accounts.refresh(db, request.app[keys.CLOCK], body.refresh_token)
    return no_store(signed_in_json(request.app, signed))


async def recover(request: web.Request) -> web.Response:
    body = await read_json(request, RecoverBody)
    app = request.app
    async with app[keys.DB_SESSIONS].begin() as db:
        signed = await accounts.recover(
            db, app[keys.CLOCK], app[keys.HASH_POOL], app[keys.LOGIN_GUARD],
            nickname=body.nickname, recovery_code=body.recovery_code,
            new_passphrase=body.new_passphrase, client_key=client_key(request),
        )
        await require_login(db, signed.account.id, app[keys.CLOCK].now())
    return no_store(signed_in_json(app, signed))


async def change_passphrase(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, PassphraseChangeBody)
    app = request.app
    async with app[keys.DB_SESSIONS].begin() as db:
        signed = await accounts.change_passphrase(
            db, app[keys.CLOCK], app[keys.HASH_POOL], app[keys.LOGIN_GUARD], actor,
            current_passphrase=body.current_passphrase, new_passphrase=body.new_passphrase,
            client_key=client_key(request),
        )
    return no_store(signed_in_json(app, signed))


async def log_out(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS].begin() as db:
        await accounts.log_out(db, request.app[keys.CLOCK], actor)
    return no_store({"ok": True})


async def me(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS]() as db:
        account = await db.get(Account, actor.account_id)
    return no_store({"account": account_json(account)})


async def update_me(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, ProfileBody)
    async with request.app[keys.DB_SESSIONS].begin() as db:
        account = await accounts.update_profile(db, actor, kind=body.kind if "kind" in body.model_fields_set else ...)
    return no_store({"account": account_json(account)})


ROUTES = (
    ApiRoute("POST", "/api/auth/guest", enter_as_guest, "Enter as a guest: one click, no password", "accounts",
             body=GuestBody, ok_status=201, errors=("RATE_LIMITED",)),
    ApiRoute("POST", "/api/auth/keep", keep_account, "Keep the account: nickname + passphrase; returns a one-time recovery code",
             "accounts", body=KeepBody, auth="optional", ok_status=201,
             errors=("NICKNAME_INVALID", "NICKNAME_PERSONAL_INFO", "NICKNAME_UNAVAILABLE", "PASSPHRASE_WEAK",
                     "ALREADY_REGISTERED", "RATE_LIMITED", "BUSY")),
    ApiRoute("POST", "/api/auth/login", log_in, "Log in with nickname and passphrase", "accounts", body=LoginBody,
             errors=("BAD_CREDENTIALS", "TOO_MANY_ATTEMPTS", "BUSY")),
    ApiRoute("POST", "/api/auth/refresh", refresh, "Trade a refresh token for a new access token (rotates it)", "accounts",
             body=RefreshBody, errors=("TOKEN_INVALID", "TOKEN_EXPIRED")),
    ApiRoute("POST", "/api/auth/recover", recover, "Set a new passphrase with the recovery code", "accounts",
             body=RecoverBody, errors=("BAD_CREDENTIALS", "PASSPHRASE_WEAK", "TOO_MANY_ATTEMPTS", "BUSY")),
    ApiRoute("POST", "/api/me/passphrase", change_passphrase,
             "Change the passphrase (current -> new); ends every other session of the account", "accounts",
             body=PassphraseChangeBody, auth="required",
             errors=("BAD_CREDENTIALS", "PASSPHRASE_WEAK", "FORBIDDEN", "TOO_MANY_ATTEMPTS", "BUSY")),
    ApiRoute("POST", "/api/auth/logout", log_out, "Log out: ends this session", "accounts", auth="required"),
    ApiRoute("GET", "/api/me", me, "The caller's own account", "accounts", auth="required"),
    ApiRoute("PATCH", "/api/me", update_me, "Change how you describe yourself (individual, family, supporter)", "accounts",
             body=ProfileBody, auth="required"),
)
