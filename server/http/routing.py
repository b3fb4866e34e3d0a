"""A declared REST route: one place that mounts the handler, runs the request's path and
describes it in OpenAPI.

The path every route takes (``ApiRoute.run``): authenticate and enforce the declared ``auth``
before the handler runs; then, for a domain handler (``tx`` set), parse the body into its
model, open one transaction, call the domain, answer, and send the Outcome's emits only after
the commit. Every route of the app is declared this way; ``tx=None`` (a handler that takes the
request and does the rest itself, with the auth check all the same) remains for probes.

What a handler needs around the domain call is on the ``Call``: ``after_commit`` for in-memory
state that may only follow a committed change (the live desk's hours), ``on_failure`` to undo
what is outside the database when the request fails, its commit included (a rate-limit token
given back, image files deleted).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Awaitable, Callable, Iterable, Literal

from aiohttp import web
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from moderation.sanctions import policy as sanctions_policy
from moderation.sanctions import standing as sanction_standing
from moderation.sanctions.ladder import Capability
from server import keys
from server.core.errors import DomainError, ErrorCode
from server.core.clock import Clock
from server.core.delivery import SPACE
from server.core.outcome import Emit, Outcome
from server.core.principal import Principal, Role
from server.http.bodies import read_json
from server.http.public_json import public_json
from server.settings import Settings
from server.http.principal import client_key, current_principal, optional_principal

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# none: nobody is looked up; optional: a token, if sent, must be valid; required: any signed-in
# account (guests included); staff: Principal.is_staff; admin: Role.ADMIN; a tuple: those roles.
Auth = Literal["none", "optional", "required", "staff", "admin"] | tuple[Role, ...]
# read: one session without a transaction; write: one transaction, emits after its commit;
# outside: no session is opened (the domain manages its own, e.g. casework's refusal trail).
Tx = Literal["read", "write", "outside"]


# Run once the transaction committed; an Outcome it returns has its emits sent with the rest.
AfterCommit = Callable[[], Outcome | None | Awaitable[Outcome | None]]


@dataclass
class Call:
    """What a domain handler gets: who calls, the parsed body, the open session."""

    request: web.Request
    actor: Principal | None
    body: Any
    db: AsyncSession | None
    _after_commit: list[AfterCommit] = field(default_factory=list, repr=False)
    _on_failure: list[Callable[[], None]] = field(default_factory=list, repr=False)

    @property
    def app(self) -> web.Application:
        return self.request.app

    @property
    def clock(self) -> Clock:
        return self.request.app[keys.CLOCK]

    @property
    def settings(self) -> Settings:
        return self.request.app[keys.SETTINGS]

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        return self.request.app[keys.DB_SESSIONS]

    @property
    def client_key(self) -> str:
        """The caller's address as a keyed hash (for rate limits; never the address)."""
        return client_key(self.request)

    def after_commit(self, step: AfterCommit) -> None:
        """``step`` runs only once the change committed (in order, before the answer)."""
        self._after_commit.append(step)

    def on_failure(self, undo: Callable[[], None]) -> None:
        """``undo`` runs if the request fails from here on, the commit included."""
        self._on_failure.append(undo)

    def path(self, name: str) -> str:
        return self.request.match_info[name]

    def query(self, name: str) -> str | None:
        return self.request.query.get(name)


DomainHandler = Callable[[Call], Awaitable[Any]]


def roles(group: Iterable[Role]) -> tuple[Role, ...]:
    """A domain's set of roles as an ``auth`` tuple, in Role's order (so OpenAPI is stable)."""
    return tuple(role for role in Role if role in group)


def no_store(data: dict, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, headers={"Cache-Control": "no-store"})


async def send_after_commit(request: web.Request, outcome: Outcome, *, namespace: str = SPACE) -> None:
    """Nobody hears about a change that was rolled back: call only once the commit is done."""
    await request.app[keys.DELIVER](outcome.emits, namespace=namespace)


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
    # The Cache-Control of a JSON answer (None: no header); a handler's own response keeps its own.
    cache: str | None = "no-store"
    # The Socket.IO namespace an Outcome's emits go out on (ToConsole always reaches the console).
    emits_on: str = SPACE
    # The capability the sanctions policy checks for the caller (moderation.sanctions.ladder).
    capability: Capability | None = None

    async def run(self, request: web.Request) -> web.StreamResponse:
        actor = await authorise(request, self.auth)
        if self.capability is not None and actor is not None:
            await require_capability(request, actor, self.capability)
        if self.tx is None:
            return await self.handler(request)
        body = await read_json(request, self.body) if self.body is not None else None
        call = Call(request, actor, body, None)
        try:
            if self.tx == "outside":
                result = await self.handler(call)
            else:
                sessions = request.app[keys.DB_SESSIONS]
                async with (sessions.begin() if self.tx == "write" else sessions()) as db:
                    call.db = db
                    result = await self.handler(call)
        except BaseException:
            for undo in reversed(call._on_failure):
                undo()
            raise
        emits: list[Emit] = []
        if isinstance(result, Outcome):
            emits.extend(result.emits)
            result = result.value
        for step in call._after_commit:
            done = step()
            if inspect.isawaitable(done):  # a step may be async (e.g. ringing the consoles)
                done = await done
            if done is not None:
                emits.extend(done.emits)
        if emits:
            await send_after_commit(request, Outcome(None, tuple(emits)), namespace=self.emits_on)
        if isinstance(result, web.StreamResponse):
            return result
        data = result if self.answer is None else {self.answer: result}
        if self.method == "GET" and self.auth == "none":  # public: compressed, ETag (public_json.py)
            return public_json(request, data, status=self.ok_status, cache=self.cache)
        headers = {"Cache-Control": self.cache} if self.cache else None
        return web.json_response(data, status=self.ok_status, headers=headers)


def install(app: web.Application, routes: tuple[ApiRoute, ...]) -> None:
    for route in routes:
        app.router.add_route(route.method, route.path, route.run)
