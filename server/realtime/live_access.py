"""Live access follows the account: every open Socket.IO connection holds a grant (whose
session, which token version, until when), checked on every event in memory.

* A session's end (logout, role change, passphrase or recovery change, suspension) is noted by
  the domain in its transaction (``server.core.revocation``); after commit it is marked here at
  once and announced to every server process (Redis pub/sub when ``REDIS_URL`` is set), each of
  which tells its matching sockets ``session:ended {reason}`` and disconnects them.
* A grant expires with its access token (the injected clock): the next event is refused
  (``TOKEN_EXPIRED``) and a sweep once a second ends the socket. A client keeps its socket by
  sending ``session:renew {token}`` with a fresh access token of the same session before then.
* One account holds at most ``CONNECTIONS_PER_ACCOUNT`` connections per namespace per process.

Nothing here queries the database per event: only connecting and renewing do.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass

import socketio
from aiohttp import web

from server import keys
from moderation.sanctions import policy as sanctions_policy
from moderation.sanctions.ladder import Capability
from moderation.sanctions.policy import Standing
from server.auth import AccessClaims
from server.core import revocation
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal
from server.core.ratelimit import RateLimiter
from server.core.revocation import Reason, Revocation
from server.principals import principal_from_token
from server.realtime.capabilities import capability_of
from server.realtime.connection import refusal
from server.realtime.heartbeat import Heartbeat
from server.realtime.payloads import RenewPayload
from server.realtime.protocol import fail, ok, parse_payload

log = logging.getLogger("ibasho.realtime")

ENDED_EVENT = "session:ended"
RENEW_EVENT = "session:renew"
CONNECTIONS_PER_ACCOUNT = 5
SWEEP_SECONDS = 1.0
RENEWALS_PER_MINUTE = 6

Key = tuple[str, str]  # (namespace, sid)


@dataclass(slots=True)
class Grant:
    account_id: str
    session_id: str
    role: str
    token_version: int
    expires_at: float  # seconds since the epoch, from the token's ``exp``


class LiveAccess:
    def __init__(self, app: web.Application, sio: socketio.AsyncServer):
        self.app = app
        self.sio = sio
        self._clock = app[keys.CLOCK]
        self._forget_after = app[keys.SIGNER].access_ttl.total_seconds() + 60  # no token outlives this
        self.grants: dict[Key, Grant] = {}
        self._keys_of: dict[str, set[Key]] = defaultdict(set)  # account -> its grants here
        self._ended_sessions: dict[str, tuple[Reason, float]] = {}  # session -> (why, forget at)
        self._version_floor: dict[str, tuple[int, Reason, float]] = {}  # account -> (lowest live version, why, forget at)
        self._ending: set[Key] = set()
        # account -> its sanctions and warm-up in force, for the accounts connected here
        self.standings: dict[str, Standing] = {}
        self._tasks: set[asyncio.Task] = set()
        self._renewals = RateLimiter.per_window(self._clock, limit=RENEWALS_PER_MINUTE, window_s=60)
        self._redis = None
        self._channel = revocation_channel(app[keys.SETTINGS].redis_channel)

    def _now(self) -> float:
        return self._clock.now().timestamp()

    # -- connecting and leaving -----------------------------------------------------------------

    def admit(self, namespace: str, sid: str, claims: AccessClaims, principal: Principal,
              standing: Standing | None = None) -> None:
        """Hold a grant for a new connection, or raise a refusal with the code."""
        grant = Grant(principal.account_id, principal.session_id, principal.role.value,
                      claims.token_version, float(claims.expires_at))
        if self._ended_reason(grant) is not None:  # ended while this connection was being checked
            raise refusal(ErrorCode.TOKEN_INVALID)
        if sanctions_policy.denial(standing, Capability.LOGIN, self._clock.now()) is not None:
            raise refusal(ErrorCode.SUSPENDED)
        held = sum(1 for key in self._keys_of.get(grant.account_id, ()) if key[0] == namespace)
        if held >= CONNECTIONS_PER_ACCOUNT:
            raise refusal(ErrorCode.TOO_MANY_CONNECTIONS)
        self.grants[(namespace, sid)] = grant
        self._keys_of[grant.account_id].add((namespace, sid))
        self._hold(grant.account_id, standing)

    def release(self, namespace: str, sid: str) -> None:
        key = (namespace, sid)
        self._ending.discard(key)
        grant = self.grants.pop(key, None)
        if grant is None:
            return
        keys_here = self._keys_of.get(grant.account_id)
        if keys_here is not None:
            keys_here.discard(key)
            if not keys_here:
                del self._keys_of[grant.account_id]
                self.standings.pop(grant.account_id, None)

    # -- every event ----------------------------------------------------------------------------

    def _ended_reason(self, grant: Grant) -> Reason | None:
        ended = self._ended_sessions.get(grant.session_id)
        if ended is not None:
            return ended[0]
        floor = self._version_floor.get(grant.account_id)
        if floor is not None and grant.token_version < floor[0]:
            return floor[1]
        return None

    def refusal(self, namespace: str, sid: str) -> Reason | None:
        """Why this connection may not act any more, or None when it may."""
        grant = self.grants.get((namespace, sid))
        if grant is None:
            return Reason.REVOKED
        reason = self._ended_reason(grant)
        if reason is None and self._now() >= grant.expires_at:
            reason = Reason.EXPIRED
        return reason

    def guard(self, namespace: str, sid: str, event: object = None) -> dict | None:
        """None when the event may run; else the refusal to answer with (and, for an ended
        grant, the end begins). The sanctions policy is asked here for every event that uses a
        capability (server/realtime/capabilities.py), so a sanction reaches open sockets."""
        reason = self.refusal(namespace, sid)
        if reason is None:
            if not self.standings:  # nobody connected here is restricted: the usual case
                return None
            standing = self.standings.get(self.grants[(namespace, sid)].account_id)
            capability = capability_of(namespace, event) if standing is not None else None
            if capability is None:
                return None
            found = sanctions_policy.denial(standing, capability, self._clock.now())
            if found is None:
                return None
            refused = sanctions_policy.refusal_of(found)
            return fail(refused.code, detail=refused.detail)
        self._spawn(self.end(namespace, sid, reason))
        return fail(ErrorCode.TOKEN_EXPIRED if reason is Reason.EXPIRED else ErrorCode.TOKEN_INVALID)

    async def renew(self, namespace: str, sid: str, data: object) -> dict:
        """``session:renew {token}``: a fresh access token of the same session extends the grant."""
        key = (namespace, sid)
        refused = self.guard(namespace, sid)
        if refused is not None:
            return refused
        if not self._renewals.try_acquire(f"{namespace} {sid}"):
            return fail(ErrorCode.RATE_LIMITED)
        try:
            payload = parse_payload(RenewPayload, data)
            claims = self.app[keys.SIGNER].verify_access(payload.token)
            grant = self.grants.get(key)
            if grant is None or (claims.account_id, claims.session_id) != (grant.account_id, grant.session_id):
                raise DomainError(ErrorCode.TOKEN_INVALID)
            principal = await principal_from_token(self.app, payload.token)
        except DomainError as exc:
            return fail(exc.code, field=exc.field)
        grant = self.grants.get(key)
        if grant is None or principal.role.value != grant.role:  # a role change ends sessions anyway
            return fail(ErrorCode.TOKEN_INVALID)
        grant.token_version = claims.token_version
        grant.expires_at = float(claims.expires_at)
        return ok({"expires_in": int(claims.expires_at - self._now())})

    # -- ending ---------------------------------------------------------------------------------

    async def end(self, namespace: str, sid: str, reason: Reason) -> None:
        """Tell one connection why it ends, then close it (its namespace only)."""
        key = (namespace, sid)
        if key in self._ending or key not in self.grants:
            return
        self._ending.add(key)
        try:
            await self.sio.emit(ENDED_EVENT, {"reason": reason.value}, to=sid, namespace=namespace)
            await self.sio.disconnect(sid, namespace=namespace)
        finally:
            self.release(namespace, sid)

    def mark(self, revocations: tuple[Revocation, ...]) -> list[tuple[Key, Reason]]:
        """Remember what ended (new connections and events are refused from now on); returns
        the local connections to close."""
        forget_at = self._now() + self._forget_after
        for rev in revocations:
            if rev.reason is Reason.RESTRICTED and rev.standing is not None:
                self._restrict(rev.account_id, rev.standing)
            if rev.session_id is not None:
                self._ended_sessions[rev.session_id] = (rev.reason, forget_at)
            if rev.below_version is not None:
                current = self._version_floor.get(rev.account_id)
                if current is None or current[0] <= rev.below_version:
                    self._version_floor[rev.account_id] = (rev.below_version, rev.reason, forget_at)
        doomed = []
        for rev in revocations:
            for key in list(self._keys_of.get(rev.account_id, ())):
                reason = self._ended_reason(self.grants[key])
                if reason is not None:
                    doomed.append((key, reason))
        return doomed

    def _restrict(self, account_id: str, standing: tuple) -> None:
        """A changed standing: applied to this account's open connections here (the others
        read it from the database when they connect)."""
        if account_id in self._keys_of:
            try:
                self._hold(account_id, Standing.from_json(account_id, list(standing)))
            except (ValueError, KeyError, TypeError):
                log.error("an unreadable standing was ignored")

    def _hold(self, account_id: str, standing: Standing | None) -> None:
        """Only restricted accounts are held, so the check costs nothing for everyone else."""
        if standing is not None and standing.restrictions:
            self.standings[account_id] = standing
        else:
            self.standings.pop(account_id, None)

    async def apply(self, revocations: tuple[Revocation, ...]) -> None:
        for (namespace, sid), reason in self.mark(revocations):
            await self.end(namespace, sid, reason)

    def committed(self, revocations: tuple[Revocation, ...]) -> None:
        """The sink called after a commit that revoked sessions (synchronously, in SQLAlchemy's
        listener): mark here at once, then close the sockets here and on the other processes."""
        self.mark(revocations)
        if self._redis is not None:
            body = json.dumps([rev.to_json() for rev in revocations])
            self._spawn(self._publish(body, revocations))
        else:
            self._spawn(self.apply(revocations))

    async def _publish(self, body: str, revocations: tuple[Revocation, ...]) -> None:
        try:
            await self._redis.publish(self._channel, body)
        except Exception as exc:  # still closed here; elsewhere their tokens expire soon
            log.error("a revocation could not be published (%s)", type(exc).__name__)
            await self.apply(revocations)

    def _spawn(self, job) -> None:
        task = asyncio.ensure_future(job)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- the clock ------------------------------------------------------------------------------

    async def sweep(self) -> None:
        """End the connections whose token expired; forget marks no token can outlive."""
        now = self._now()
        for key, grant in list(self.grants.items()):
            if now >= grant.expires_at:
                await self.end(key[0], key[1], Reason.EXPIRED)
        self._ended_sessions = {s: v for s, v in self._ended_sessions.items() if v[1] > now}
        self._version_floor = {a: v for a, v in self._version_floor.items() if v[2] > now}

    async def _listen(self) -> None:
        """Apply the revocations every process publishes (this one's included)."""
        while True:
            try:
                pubsub = self._redis.pubsub()
                await pubsub.subscribe(self._channel)
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        await self._received(message["data"])
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.error("the revocation channel failed (%s); listening again", type(exc).__name__)
                await asyncio.sleep(1.0)

    async def _received(self, data: bytes | str) -> None:
        try:
            revocations = tuple(Revocation.from_json(item) for item in json.loads(data))
        except (ValueError, KeyError, TypeError):
            log.error("an unreadable revocation message was ignored")
            return
        await self.apply(revocations)


def revocation_channel(redis_channel: str) -> str:
    return f"{redis_channel}:revocations"


async def announce(redis_url: str, redis_channel: str, revocations: tuple[Revocation, ...]) -> None:
    """For a process without sockets (the CLI): have every server process end those sessions."""
    import redis.asyncio as aioredis

    client = aioredis.from_url(redis_url)
    try:
        await client.publish(revocation_channel(redis_channel), json.dumps([rev.to_json() for rev in revocations]))
    finally:
        await client.aclose()


def install_live_access(app: web.Application, sio) -> LiveAccess:
    """Grants for ``sio``'s connections; call after the database context was added."""
    revocation.listen()
    access = LiveAccess(app, sio)
    sio.live_access = access
    app.cleanup_ctx.append(_running(access))
    return access


def _running(access: LiveAccess):
    async def context(app: web.Application):
        app[keys.DB_SESSIONS].configure(info={revocation.SINK: access.committed})
        listener = None
        redis_url = app[keys.SETTINGS].redis_url
        if redis_url:
            import redis.asyncio as aioredis  # a dependency of python-socketio's Redis manager

            access._redis = aioredis.from_url(redis_url)
            listener = asyncio.create_task(access._listen())
        sweeper = Heartbeat(app[keys.CLOCK], SWEEP_SECONDS, access.sweep, log=log, what="live access sweep").start()
        yield
        await sweeper.stop()
        if listener is not None:  # cancelled and awaited: nothing of ours outlives the app
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener
        if access._redis is not None:
            await access._redis.aclose()

    return context
