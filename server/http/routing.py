"""A declared REST route: one place that mounts the handler, runs the request's path and
describes it in OpenAPI.

The path every route takes (``ApiRoute.run``): authenticate and enforce the declared ``auth``
before the handler runs; then, for a domain handler (``tx`` set), parse the body into its
model, open one transaction, call the domain, answer, and send the Outcome's emits only after
the commit. Older handlers (``tx=None``) get the request and do the rest themselves; the auth
check runs for them too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Awaitable, Callable, Literal

from aiohttp import web
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from moderation.sanctions import policy as sanctions_policy
from moderation.sanctions import standing as sanction_standing
from moderation.sanctions.ladder import Capability
from server import keys
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Outcome
from server.core.principal import Principal, Role
from server.http.bodies import read_json
from server.http.principal import current_principal, optional_principal
from server.realtime.broadcaster import send_emits

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# none: nobody is looked up; optional: a token, if sent, must be valid; required: any signed-in
# account (guests included); staff: Principal.is_staff; admin: Role.ADMIN; a tuple: those roles.
Auth = Literal["none", "optional", "required", "staff", "admin"] | tuple[Role, ...]
# read: one session without a transaction; write: one transaction, emits after its commit;
# outside: no session is opened (the domain manages its own, e.g. casework's refusal trail).
Tx = Literal["read", "write", "outside"]


@dataclass
class Call:
    """What a domain handler gets: who calls, the parsed body, the open session."""

    request: web.Request
    actor: Principal | None
    body: Any
    db: AsyncSession | None

    @property
    def app(self) -> web.Application:
        return self.request.app

    @property
    def clock(self):
        return self.request.app[keys.CLOCK]

    @property
    def sessions(self):
        return self.request.app[keys.DB_SESSIONS]

    def path(self, name: str) -> str:
        return self.request.match_info[name]

    def query(self, name: str) -> str | None:
        return self.request.query.get(name)


DomainHandler = Callable[[Call], Awaitable[Any]]


def no_store(data: dict, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, headers={"Cache-Control": "no-store"})


async def send_after_commit(request: web.Request, outcome: Outcome) -> None:
    """Nobody hears about a change that was rolled back: call only once the commit is done."""
    await send_emits(request.app[keys.SIO], outcome.emits)


async def authorise(request: web.Request, auth: Auth) -> Principal | None:
    """The declared auth, checked before any handler runs."""
    if auth == "none":
        return None
    if auth == "optional":
        return await optional_principal(request)
    actor = await current_principal(request)
    if auth == "required":
        return actor
    if auth == "staff":
        allowed = actor.is_staff
    elif auth == "admin":
        allowed = actor.role is Role.ADMIN
    else:
        allowed = actor.role in auth
    if not allowed:
        raise DomainError(ErrorCode.FORBIDDEN)
    return actor


async def require_capability(request: web.Request, actor: Principal, capability: Capability) -> None:
    """The sanctions policy, asked before the handler (the same one every socket event meets)."""
    app = request.app
    now = app[keys.CLOCK].now()
    warmup = timedelta(seconds=app[keys.SETTINGS].new_account_warmup_seconds)
    async with app[keys.DB_SESSIONS]() as db:
        standing = await sanction_standing.load(db, actor.account_id, now, warmup)
    sanctions_policy.require(standing, capability, now)


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str
    handler: Handler | DomainHandler
    summary: str
    tag: str
    body: type[BaseModel] | None = None
    auth: Auth = "none"
    ok_status: int = 200
    errors: tuple[str, ...] = ()
    content: str = "application/json"  # what a success returns
    multipart: bool = False
    query: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    # Set for a domain handler (takes a Call); None for a handler that takes the request.
    tx: Tx | None = None
    # A domain handler's value is answered as {answer: value}, or as is when None.
    answer: str | None = None
    # The capability the sanctions policy checks for the caller (moderation.sanctions.ladder).
    capability: Capability | None = None

    async def run(self, request: web.Request) -> web.StreamResponse:
        actor = await authorise(request, self.auth)
        if self.capability is not None and actor is not None:
            await require_capability(request, actor, self.capability)
        if self.tx is None:
            return await self.handler(request)
        body = await read_json(request, self.body) if self.body is not None else None
        if self.tx == "outside":
            result = await self.handler(Call(request, actor, body, None))
        else:
            sessions = request.app[keys.DB_SESSIONS]
            async with (sessions.begin() if self.tx == "write" else sessions()) as db:
                result = await self.handler(Call(request, actor, body, db))
        if isinstance(result, web.StreamResponse):
            return result
        if isinstance(result, Outcome):
            await send_after_commit(request, result)
            result = result.value
        return no_store(result if self.answer is None else {self.answer: result}, status=self.ok_status)


def install(app: web.Application, routes: tuple[ApiRoute, ...]) -> None:
    for route in routes:
        app.router.add_route(route.method, route.path, route.run)
