"""REST for admins: create staff accounts and change roles. Policy lives in avatars.accounts."""
from __future__ import annotations

from typing import Literal


from avatars import accounts
from server import keys
from server.http.account_routes import account_json, new_passphrase_field
from server.core import text
from server.http.bodies import Command, text_field
from server.http.routing import ApiRoute, Call

RoleName = Literal["visitor", "peer_supporter", "specialist", "staff", "moderator", "admin"]
ProfessionName = Literal[
    "psychologist", "psychiatric_social_worker", "public_health_nurse", "lawyer", "career_consultant"
]


class CreateUserBody(Command):
    nickname: str = text_field(text.NICKNAME)
    passphrase: str = new_passphrase_field()
    role: RoleName
    profession: ProfessionName | None = None


class ChangeRoleBody(Command):
    role: RoleName
    profession: ProfessionName | None = None


async def list_staff(call: Call) -> list:
    return [account_json(a) for a in await accounts.list_staff(call.db, call.actor)]


async def create_user(call: Call) -> dict:
    body = call.body
    created = await accounts.create_user(
        call.db, call.clock, call.app[keys.HASH_POOL], call.actor,
        nickname=body.nickname, passphrase=body.passphrase, role=body.role, profession=body.profession,
    )
    return {"account": account_json(created.account), "recovery_code": created.recovery_code}


async def change_role(call: Call) -> dict:
    account = await accounts.change_role(
        call.db, call.clock, call.actor, account_id=call.path("account_id"), role=call.body.role, profession=call.body.profession,
    )
    return account_json(account)


async def find_account(call: Call) -> dict:
    return account_json(await accounts.find_kept_account(call.db, call.actor, call.query("nickname")))


ROUTES = (
    ApiRoute("GET", "/api/admin/users", list_staff, "List staff accounts", "admin", auth="admin", tx="read", answer="accounts"),
    ApiRoute("POST", "/api/admin/users", create_user, "Create a staff account (admin only)", "admin",
             body=CreateUserBody, auth="admin", ok_status=201, errors=("NICKNAME_TAKEN", "PASSPHRASE_WEAK", "FORBIDDEN"), tx="write"),
    ApiRoute("GET", "/api/admin/accounts/lookup", find_account, "Find a kept account by nickname", "admin",
             auth="admin", query=("nickname",), errors=("NOT_FOUND",), tx="read", answer="account"),
    ApiRoute("PUT", "/api/admin/users/{account_id}/role", change_role, "Change an account's role (revokes its sessions)",
             "admin", body=ChangeRoleBody, auth="admin", errors=("NOT_FOUND", "FORBIDDEN"), tx="write", answer="account"),
)
