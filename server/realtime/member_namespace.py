"""The shared shell of the /desk and /consult namespaces: who is connected, a per-connection
flood guard, acked dispatch of a handler table, and sending a domain Outcome's emits."""
from __future__ import annotations

import logging
from collections import defaultdict

import socketio
from aiohttp import web

from server import keys
from server.core.errors import ErrorCode
from server.core.principal import Principal
from server.core.ratelimit import RateLimiter
from server.realtime.broadcaster import account_room, send_emits
from server.realtime.connection import authenticate
from server.realtime.protocol import dispatch, fail


class MemberNamespace(socketio.AsyncNamespace):
    """Subclasses fill ``self._handlers`` ({event: (payload model, handler(principal, payload))})."""

    def __init__(self, namespace: str, app: web.Application, *, log: logging.Logger, label: str):
        super().__init__(namespace)
        self.app = app
        self.sids_of: dict[str, set[str]] = defaultdict(set)  # account -> its open connections here
        self.principal_of: dict[str, Principal] = {}  # sid -> who connected
        self._events = RateLimiter.per_window(app[keys.CLOCK], limit=20, window_s=1.0)
        self._handlers: dict = {}
        self._log = log
        self._label = label

    async def trigger_event(self, event, *args):
        if event in ("connect", "disconnect"):
            return await super().trigger_event(event, *args)
        sid = args[0] if args else None
        data = args[1] if len(args) > 1 else None
        principal = self.principal_of.get(sid)
        if principal is None:
            return fail(ErrorCode.UNAUTHENTICATED)
        if not self._events.try_acquire(sid):
            return fail(ErrorCode.RATE_LIMITED)
        return await dispatch(self._handlers, event, principal, data, log=self._log, label=self._label)

    async def _join(self, sid: str, auth: object) -> tuple[Principal, bool]:
        """Authenticate a new connection and note it; True when it is the account's first here."""
        principal = await authenticate(self.app, auth, namespace=self.namespace, sid=sid)
        account_id = principal.account_id
        self.principal_of[sid] = principal
        first = not self.sids_of[account_id]
        self.sids_of[account_id].add(sid)
        await self.enter_room(sid, account_room(account_id))
        return principal, first

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
