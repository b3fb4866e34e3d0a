"""REST for admins: create staff accounts and change roles. Policy lives in avatars.accounts."""
from __future__ import annotations

from typing import Literal

from aiohttp import web
from pydantic import Field

from avatars import accounts
from server import keys
from server.http.account_routes import account_json, no_store
from server.core import text
from server.http.bodies import Command, read_json, text_field
from server.http.principal import current_principal
from server.http.routing import ApiRoute

RoleName = Literal["visitor", "peer_supporter", "specialist", "staff", "moderator", "admin"]
ProfessionName = Literal[
    "psychologist", "psychiatric_social_worker", "public_health_nurse", "lawyer", "career_consultant"
]


class CreateUserBody(Command):
    nickname: str = text_field(text.NICKNAME)
    passphrase: str = Field(max_length=1000)
    role: RoleName
    profession: ProfessionName | None = None


class ChangeRoleBody(Command):
    role: RoleName
    profession: ProfessionName | None = None


async def list_staff(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS]() as db:
        staff = await accounts.list_staff(db, actor)
    return no_store({"accounts": [account_json(a) for a in staff]})


async def create_user(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, CreateUserBody)
    app = request.app
    async with app[keys.SESSIONS].begin() as db:
        created = await accounts.create_user(
            db, app[keys.CLOCK], app[keys.HASH_POOL], actor,
            nickname=body.nickname, passphrase=body.passphrase, role=body.role, profession=body.profession,
        )
    return no_store({"account": account_json(created.account), "recovery_code": created.recovery_code}, status=201)


async def change_role(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, ChangeRoleBody)
    async with request.app[keys.SESSIONS].begin() as db:
        account = await accounts.change_role(
            db, request.app[keys.CLOCK], actor,
            account_id=request.match_info["account_id"], role=body.role, profession=body.profession,
        )
    return no_store({"account": account_json(account)})


async def find_account(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS]() as db:
        account = await accounts.find_kept_account(db, actor, request.query.get("nickname"))
    return no_store({"account": account_json(account)})


ROUTES = (
    ApiRoute("GET", "/api/admin/users", list_staff, "List staff accounts", "admin", auth="admin"),
    ApiRoute("POST", "/api/admin/users", create_user, "Create a staff account (admin only)", "admin",
             body=CreateUserBody, auth="admin", ok_status=201, errors=("NICKNAME_TAKEN", "FORBIDDEN")),
    ApiRoute("GET", "/api/admin/accounts/lookup", find_account, "Find a kept account by nickname", "admin",
             auth="admin", query=("nickname",), errors=("NOT_FOUND",)),
    ApiRoute("PUT", "/api/admin/users/{account_id}/role", change_role, "Change an account's role (revokes its sessions)",
             "admin", body=ChangeRoleBody, auth="admin", errors=("NOT_FOUND", "FORBIDDEN")),
)
