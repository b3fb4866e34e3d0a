"""The events' reminders on the server's heartbeat: once a minute of the injected clock, the
sessions starting within a day or within 15 minutes send `event:reminder` to everyone holding
a seat, in the space (ToAccount on /space), after the marks are committed."""
from __future__ import annotations

import logging

from aiohttp import web

from rooms.events import reminders
from server import keys
from server.realtime.broadcaster import send_emits
from server.realtime.heartbeat import beating

REMINDER_SECONDS = 60.0


async def send_due_reminders(app: web.Application) -> None:
    async with app[keys.DB_SESSIONS].begin() as db:
        emits = await reminders.due(db, app[keys.CLOCK])
    await send_emits(app[keys.SIO], emits)


async def _reminder_clock(app: web.Application):
    async def job() -> None:
        await send_due_reminders(app)

    async with beating(app[keys.CLOCK], REMINDER_SECONDS, job, log=logging.getLogger("ibasho.events"),
                       what="event reminders"):
        yield


def install_event_reminders(app: web.Application) -> None:
    app.cleanup_ctx.append(_reminder_clock)
