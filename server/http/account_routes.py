"""REST: entering, keeping an account, logging in and out, the caller's own profile."""
from __future__ import annotations

import json
from typing import Any, Literal

from aiohttp import web
from pydantic import Field

from avatars import accounts, passphrases
from avatars.models import Account
from moderation.sanctions.standing import require_login
from server import keys
from server.core import text
from server.core.errors import DomainError, ErrorCode
from server.http.bodies import Command, checked_field, text_field
from server.http.routing import ApiRoute, Call


class GuestBody(Command):
    lang: Literal["ja", "en"] = "ja"


# A new passphrase: the domain's limit and refusal (PASSPHRASE_WEAK). One being checked
# against a stored hash keeps a transport bound only: a wrong one is a failed attempt.
def new_passphrase_field() -> Any:
    return checked_field(passphrases.MAX_LENGTH, passphrases.validate_passphrase)


class KeepBody(Command):
    nickname: str = text_field(text.NICKNAME)
    passphrase: str = new_passphrase_field()
    kind: Literal["unspecified", "individual", "family", "supporter"] | None = None


class LoginBody(Command):
    nickname: str = Field(max_length=200)
    passphrase: str = Field(max_length=1000)


class RefreshBody(Command):
    refresh_token: str = Field(max_length=400)


class RecoverBody(Command):
    nickname: str = Field(max_length=200)
    recovery_code: str = Field(max_length=100)
    new_passphrase: str = new_passphrase_field()


class PassphraseChangeBody(Command):
    current_passphrase: str = Field(max_length=1000)
    new_passphrase: str = new_passphrase_field()


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
        # Every time the client shows is in the operator's zone (IBASHO_TIMEZONE), not the browser's.
        "timezone": app[keys.SETTINGS].timezone,
    }
    token = refresh_token if refresh_token is not None else signed.refresh_token
    if token:
        body["refresh_token"] = token
    if signed.recovery_code:
        body["recovery_code"] = signed.recovery_code
    return body


async def enter_as_guest(call: Call) -> dict:
    call.app[keys.GUEST_LIMITER].acquire(call.client_key)
    signed = await accounts.enter_as_guest(call.db, call.clock, call.app[keys.RNG], lang=call.body.lang)
    return signed_in_json(call.app, signed)


async def keep_account(call: Call) -> dict:
    body = call.body
    # Every try counts, a refused nickname included: asking which names exist stays slow.
    call.app[keys.KEEP_LIMITER].acquire(call.client_key)
    signed = await accounts.keep_account(
        call.db, call.clock, call.app[keys.HASH_POOL], call.actor,
        nickname=body.nickname, passphrase=body.passphrase, kind=body.kind,
    )
    return signed_in_json(call.app, signed)


async def require_not_suspended(call: Call, account_id: str) -> None:
    """A suspended or banned account is refused (the new session rolled back); when it may
    still appeal, the refusal carries a token good for that one appeal and nothing else."""
    try:
        await require_login(call.db, account_id, call.clock.now())
    except DomainError as refused:
        if refused.code is ErrorCode.SUSPENDED and refused.detail.get("may_appeal"):
            refused.detail["appeal_token"] = call.app[keys.SIGNER].issue_appeal(
                account_id=account_id, sanction_id=refused.detail["sanction_id"])
        raise


async def log_in(call: Call) -> dict:
    app = call.app
    signed = await accounts.log_in(
        call.db, call.clock, app[keys.HASH_POOL], app[keys.LOGIN_GUARD],
        nickname=call.body.nickname, passphrase=call.body.passphrase, client_key=call.client_key,
    )
    await require_not_suspended(call, signed.account.id)
    return signed_in_json(app, signed)


async def refresh(call: Call) -> dict:
    return signed_in_json(call.app, await accounts.refresh(call.db, call.clock, call.body.refresh_token))


async def recover(call: Call) -> dict:
    body, app = call.body, call.app
    signed = await accounts.recover(
        call.db, call.clock, app[keys.HASH_POOL], app[keys.LOGIN_GUARD],
        nickname=body.nickname, recovery_code=body.recovery_code,
        new_passphrase=body.new_passphrase, client_key=call.client_key,
    )
    await require_not_suspended(call, signed.account.id)
    return signed_in_json(app, signed)


async def change_passphrase(call: Call) -> dict:
    body, app = call.body, call.app
    signed = await accounts.change_passphrase(
        call.db, call.clock, app[keys.HASH_POOL], app[keys.LOGIN_GUARD], call.actor,
        current_passphrase=body.current_passphrase, new_passphrase=body.new_passphrase,
        client_key=call.client_key,
    )
    return signed_in_json(app, signed)


async def log_out(call: Call) -> dict:
    await accounts.log_out(call.db, call.clock, call.actor)
    return {"ok": True}


async def me(call: Call) -> dict:
    account = account_json(await call.db.get(Account, call.actor.account_id))
    return {"account": account, "timezone": call.app[keys.SETTINGS].timezone}


async def update_me(call: Call) -> dict:
    kind = call.body.kind if "kind" in call.body.model_fields_set else ...
    return account_json(await accounts.update_profile(call.db, call.actor, kind=kind))


TAG = "accounts"
ROUTES = (
    ApiRoute("POST", "/api/auth/guest", enter_as_guest, "Enter as a guest: one click, no password", TAG,
             body=GuestBody, ok_status=201, errors=("RATE_LIMITED",), tx="write"),
    ApiRoute("POST", "/api/auth/keep", keep_account, "Keep the account: nickname + passphrase; returns a one-time recovery code",
             TAG, body=KeepBody, auth="optional", ok_status=201,
             errors=("NICKNAME_INVALID", "NICKNAME_PERSONAL_INFO", "NICKNAME_UNAVAILABLE", "PASSPHRASE_WEAK",
                     "ALREADY_REGISTERED", "RATE_LIMITED", "BUSY"), tx="write"),
    ApiRoute("POST", "/api/auth/login", log_in, "Log in with nickname and passphrase", TAG, body=LoginBody,
             errors=("BAD_CREDENTIALS", "TOO_MANY_ATTEMPTS", "SUSPENDED", "BUSY"), tx="write"),
    ApiRoute("POST", "/api/auth/refresh", refresh, "Trade a refresh token for a new access token (rotates it)", TAG,
             body=RefreshBody, errors=("TOKEN_INVALID", "TOKEN_EXPIRED"), tx="write"),
    ApiRoute("POST", "/api/auth/recover", recover, "Set a new passphrase with the recovery code", TAG,
             body=RecoverBody, errors=("BAD_CREDENTIALS", "PASSPHRASE_WEAK", "TOO_MANY_ATTEMPTS", "SUSPENDED", "BUSY"), tx="write"),
    ApiRoute("POST", "/api/me/passphrase", change_passphrase,
             "Change the passphrase (current -> new); ends every other session of the account", TAG,
             body=PassphraseChangeBody, auth="required",
             errors=("BAD_CREDENTIALS", "PASSPHRASE_WEAK", "FORBIDDEN", "TOO_MANY_ATTEMPTS", "BUSY"), tx="write"),
    ApiRoute("POST", "/api/auth/logout", log_out, "Log out: ends this session", TAG, auth="required", tx="write"),
    ApiRoute("GET", "/api/me", me, "The caller's own account and the operator's time zone", TAG, auth="required",
             tx="read"),
    ApiRoute("PATCH", "/api/me", update_me, "Change how you describe yourself (individual, family, supporter)", TAG,
             body=ProfileBody, auth="required", tx="write", answer="account"),
)
