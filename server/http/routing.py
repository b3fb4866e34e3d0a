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
from typing import Any, Awaitable, Callable, Literal

from aiohttp import web
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from server import keys
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Outcome
from server.core.principal import Principal, Role
from server.http.bodies import read_json
from server.http.principal import current_principal, optional_principal

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
    await request.app[keys.DELIVER](outcome.emits)


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

    async def run(self, request: web.Request) -> web.StreamResponse:
        actor = await authorise(request, self.auth)
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
