"""The one shell of the /space, /desk and /consult namespaces: who is connected, a
per-connection flood guard, dispatch from the client event table (client_events.py) with the
declared roles checked on every event, the acked envelope, and sending a domain Outcome's emits.

A namespace subclass adds its connection lifecycle (``on_connect``/``on_disconnect``) and the
handler methods its rows in the table name; it never dispatches by itself.
"""
from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from typing import Any, Awaitable, Callable

import socketio
from aiohttp import web

from server import keys
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal
from server.core.ratelimit import RateLimiter
from server.realtime.broadcaster import account_room, send_emits
from server.realtime.client_events import ClientEvent, on_namespace
from server.realtime.connection import authenticate
from server.realtime.protocol import fail, ok, parse_payload

# What every handler is: (who sent it, the parsed payload) -> the ack's data.
Handler = Callable[[Principal, Any], Awaitable[Any]]


class MemberNamespace(socketio.AsyncNamespace):
    def __init__(self, namespace: str, app: web.Application, *, log: logging.Logger, events_per_second: int):
        super().__init__(namespace)
        self.app = app
        self.sids_of: dict[str, set[str]] = defaultdict(set)  # account -> its open connections here
        self.principal_of: dict[str, Principal] = {}  # sid -> who connected
        self._events = RateLimiter.per_window(app[keys.CLOCK], limit=events_per_second, window_s=1.0)
        self._log = log
        # event -> (its row, its handler, its handler when no ack is asked for)
        self._table: dict[str, tuple[ClientEvent, Handler, Handler]] = {}
        for name, event in on_namespace(namespace).items():
            handler = self._method(event.handler)
            self._table[name] = (event, handler, self._method(event.unanswered) if event.unanswered else handler)

    def _method(self, name: str) -> Handler:
        handler = getattr(self, name, None)
        if not asyncio.iscoroutinefunction(handler):
            raise TypeError(f"{type(self).__name__} has no handler {name} for its events (client_events.py)")
        return handler

    # -- dispatch ---------------------------------------------------------------------------------

    async def trigger_event(self, event, *args):
        if event in ("connect", "disconnect"):
            return await super().trigger_event(event, *args)
        sid = args[0] if args else None
        data = args[1] if len(args) > 1 else None
        if len(args) > 2:  # every event carries one payload object, nothing after it
            return fail(ErrorCode.INVALID)
        return await self.handle(event, sid, data)

    def install_fast_path(self, server) -> None:
        """The events declared ``fast`` skip python-socketio's per-event task and dispatch
        (server/realtime/fast_events.py); they still go through ``handle``. With the fast path
        off this does nothing and they take the normal path."""
        for name, (event, _, _) in self._table.items():
            if event.fast:
                server.add_fast_event(self.namespace, name, self.handle)

    async def handle(self, event: object, sid: str | None, data: Any, answer: bool = True,
                     wire_size: int | None = None) -> dict:
        """Check, parse and run one client event; the answer is the ack envelope. Unknown
        events, bad payloads and refusals are answered, never raised; a crash is logged by
        event name only (never the payload: it may hold text or SDP). ``answer=False``: nobody
        asked for an ack (the row's ``unanswered`` handler runs, if it names one).
        ``wire_size``: the length of the packet, when known, bounds the payload unencoded."""
        principal = self.principal_of.get(sid)
        if principal is None:
            return fail(ErrorCode.UNAUTHENTICATED)
        if not self._events.try_acquire(sid):
            return fail(ErrorCode.RATE_LIMITED)
        entry = self._table.get(event) if isinstance(event, str) else None
        if entry is None:
            return fail(ErrorCode.UNKNOWN_EVENT)
        declared, handler, unanswered = entry
        try:
            payload = parse_payload(declared.payload, data, wire_size=wire_size)
            if declared.roles is not None and principal.role not in declared.roles:
                return fail(ErrorCode.FORBIDDEN)
            return ok(await (handler if answer else unanswered)(principal, payload))
        except DomainError as exc:
            self._refused(declared.name, principal, exc)
            return fail(exc.code, field=exc.field, detail=exc.detail)
        except Exception:
            self._log.exception("%s event %s failed", self.namespace, declared.name)
            return fail(ErrorCode.INTERNAL)

    async def _ping(self, principal, _):
        return {"pong": True}

    def _refused(self, event: str, principal: Principal, refusal: DomainError) -> None:
        """A hook: the domain refused ``event`` (already answered)."""

    # -- who is connected -------------------------------------------------------------------------

    async def _join(self, sid: str, auth: object) -> tuple[Principal, bool]:
        """Authenticate a new connection and note it; True when it is the account's first here."""
        principal = await authenticate(self.app, auth, namespace=self.namespace, sid=sid)
        return principal, await self._note(sid, principal)

    async def _note(self, sid: str, principal: Principal) -> bool:
        """From now on ``sid`` acts as ``principal`` and hears what is sent to the account;
        True when it is the account's first connection here."""
        account_id = principal.account_id
        self.principal_of[sid] = principal
        first = not self.sids_of[account_id]
        self.sids_of[account_id].add(sid)
        await self.enter_room(sid, account_room(account_id))
        return first

    def _part(self, sid: str) -> str | None:
        """Forget a closed connection; the account id when it was the account's last one here."""
        principal = self.principal_of.pop(sid, None)
        if principal is None:
            return None
        sids = self.sids_of.get(principal.account_id)
        if sids is None:
            return None
        sids.discard(sid)
        if sids:
            return None
        del self.sids_of[principal.account_id]
        return principal.account_id

    async def _send(self, emits) -> None:
        await send_emits(self.server, emits, namespace=self.namespace)

    async def _apply(self, outcome) -> Any:
        """Send a domain Outcome's emits; its value is the ack's data."""
        await self._send(outcome.emits)
        return outcome.value
