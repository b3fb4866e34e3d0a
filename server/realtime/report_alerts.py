"""Report alerts on the consoles' /desk link, and the reports' clock.

A new report rings the consoles of the moderators, staff and admins connected now
(``report:alert``); a claim tells every console to stop ringing (``report:claimed``). Every
``SECONDS`` on the injected clock the loop escalates urgent reports nobody claimed within two
minutes to EVERY connected staff-class console (the two-person rule; ``escalated: true``) and
empties sealed snapshots past their 30 days. Consoles that connect later read the unclaimed
ones from ``GET /api/moderation/alerts`` and ring for them.

Recipients are the /desk connections the desk namespace holds (each with its principal), so,
like the desk, this belongs to the process that serves /desk (docs/DESK.md).
"""
from __future__ import annotations

import logging
from functools import partial
from typing import Any, Callable

from aiohttp import web

from moderation.reports import policy, service, snapshot
from rooms.event_room.reported import report_context
from server import keys
from server.core.principal import Principal
from server.core.ratelimit import RateLimiter
from server.realtime.heartbeat import beating

log = logging.getLogger("ibasho.reports")
SECONDS = 5.0
ALERT, CLAIMED = "report:alert", "report:claimed"
# Filing: a person may report 10 times an hour; one client address 30 times (guests made anew).
PER_ACCOUNT_HOUR, PER_CLIENT_HOUR = 10, 30


class ReportDesk:
    """The live side of reports: the filing limits, the chat sources and the console alerts."""

    def __init__(self, app: web.Application):
        clock = app[keys.CLOCK]
        self.app = app
        self.per_account = RateLimiter.per_window(clock, limit=PER_ACCOUNT_HOUR, window_s=3600)
        self.per_client = RateLimiter.per_window(clock, limit=PER_CLIENT_HOUR, window_s=3600)

    def sources(self) -> snapshot.ChatSources:
        space = self.app[keys.SPACE]
        desk = self.app.get(keys.DESK)
        live = self.app.get(keys.EVENT_LIVE)
        return snapshot.ChatSources(space_log=space.zone_chat.log, desk_log=desk.log if desk else None,
                                    conversation_members=space.conversations.members,
                                    event_message=partial(report_context, live) if live else lambda _t, _r: None)

    def _consoles(self, who: Callable[[Principal], bool]) -> list[str]:
        namespace = self.app.get(keys.DESK_NS)
        if namespace is None:
            return []
        return [sid for sid, principal in list(namespace.principal_of.items()) if who(principal)]

    async def _send(self, event: str, data: dict[str, Any], who: Callable[[Principal], bool]) -> int:
        sio = self.app[keys.SIO]
        sids = self._consoles(who)
        for sid in sids:
            await sio.emit(event, data, to=sid, namespace="/desk")
        return len(sids)

    async def new_report(self, summary: dict[str, Any]) -> int:
        """Ring the moderators', staff's and admins' consoles; how many connections heard it."""
        return await self._send(ALERT, {**summary, "escalated": False},
                                lambda p: p.role in policy.FIRST_ALERT_ROLES)

    async def escalated(self, summary: dict[str, Any]) -> int:
        return await self._send(ALERT, {**summary, "escalated": True}, lambda p: p.is_staff)

    async def claimed(self, report_id: str, nickname: str) -> int:
        return await self._send(CLAIMED, {"id": report_id, "claimed_by_nickname": nickname}, lambda p: p.is_staff)

    async def housekeeping(self) -> None:
        clock = self.app[keys.CLOCK]
        async with self.app[keys.DB_SESSIONS].begin() as db:
            due = [service.alert_summary(r) for r in await service.due_escalations(db, clock)]
            await service.purge_snapshots(db, clock)
        for summary in due:  # after the commit: an escalation is sent once
            await self.escalated(summary)


def install_reports(app: web.Application) -> "ReportDesk":
    """The reports' desk (limits, sources, alerts) and its heartbeat; the composition root
    (server/composition.py) keeps it under ``keys.REPORTS``."""
    app.cleanup_ctx.append(_reports_clock)
    return ReportDesk(app)


async def _reports_clock(app: web.Application):
    async with beating(app[keys.CLOCK], SECONDS, app[keys.REPORTS].housekeeping, log=log, what="reports"):
        yield
