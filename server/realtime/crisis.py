"""Crisis alerts and word-list flags on the wire: after a text was screened, raise the alert
(stored, then sent to the consoles on /desk), note the flags, answer the writer with the
support notice, re-send unacknowledged alerts to a console that connects, escalate on the
heartbeat and keep the shield's word list current.

Every step after the screening reads and writes the database (moderation.crisis_alerts), so a
restart loses nothing: the heartbeat finds the alerts still due from the rows alone.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from aiohttp import web

from moderation import crisis_alerts, word_lists
from moderation.crisis_alerts import CRISIS_ROLES, Line  # noqa: F401 (Line: for callers)
from moderation.shield import Shield, Shielded
from rooms.chat import ChatMessage
from server import keys
from server.core.outcome import Outcome
from server.core.ratelimit import RateLimiter
from server.core.principal import Principal
from server.realtime.broadcaster import send_emits
from server.realtime.events import CONSOLE_NAMESPACE
from server.crisis import crisis_part, reload_words, sounds_like_crisis  # noqa: F401 (re-exported)
from server.realtime.heartbeat import beating

log = logging.getLogger("ibasho.crisis")
ESCALATION_CHECK_SECONDS = 5.0
WORDS_EVERY_BEATS = 6


def lines_of(messages: Iterable[ChatMessage]) -> list[Line]:
    """The chat window's last messages as an alert's context."""
    return [Line(m.sender_id, m.sender_nickname, m.text, datetime.fromtimestamp(m.sent_at_ms / 1000, timezone.utc))
            for m in messages]


async def after_text(app: web.Application, shielded: Shielded, *, channel: str, place: str | None,
                     sender_id: str, nickname: str, context: list[Line]) -> dict[str, Any]:
    """The part of the writer's answer about a crisis ({} when the words are calm), for the
    socket handlers: the alert is committed and sent before the person is answered. Word-list
    flags are noted in the same transaction."""
    if not sounds_like_crisis(shielded) and not shielded.flagged:
        return {}
    async with app[keys.DB_SESSIONS].begin() as db:
        if shielded.flagged:
            await word_lists.note_flags(db, app[keys.CLOCK], channel=channel, account_id=sender_id,
                                        phrases=shielded.flagged)
        outcome = await crisis_part(app, db, shielded, channel=channel, place=place, sender_id=sender_id,
                                    nickname=nickname, context=context)
    await send_emits(app[keys.SIO], outcome.emits, namespace=CONSOLE_NAMESPACE)
    return outcome.value


async def resend_to(app: web.Application, sio, sid: str, principal: Principal, namespace: str) -> None:
    """A console that connects hears every alert still unacknowledged (run after the connect)."""
    if principal.role not in CRISIS_ROLES:
        return
    async with app[keys.DB_SESSIONS]() as db:
        pending = [crisis_alerts.alert_json(a) for a in await crisis_alerts.unacknowledged(db)]
    for data in pending:
        await sio.emit(crisis_alerts.ALERT, data, to=sid, namespace=namespace)


async def crisis_housekeeping(app: web.Application) -> None:
    clock = app[keys.CLOCK]
    async with app[keys.DB_SESSIONS].begin() as db:
        outcome = await crisis_alerts.escalate_due(db, clock)
        await crisis_alerts.erase_old_contexts(db, clock)
        await word_lists.purge_flags(db, clock)
    if outcome.value:
        log.warning("%d crisis alert(s) unacknowledged for 2 minutes: escalated to every staff member", len(outcome.value))
    await send_emits(app[keys.SIO], outcome.emits, namespace=CONSOLE_NAMESPACE)


def install_crisis(app: web.Application) -> None:
    """The crisis alerts' heartbeat (the shield and the screen-test limit are made by the
    composition root, server/composition.py)."""
    app.cleanup_ctx.append(_crisis_clock)


async def _crisis_clock(app: web.Application):
    """Escalations every 5 s; the word list loaded at start and again every 30 s (a change
    made on another server process)."""
    await reload_words(app)
    beats = 0

    async def job() -> None:
        nonlocal beats
        beats += 1
        await crisis_housekeeping(app)
        if beats % WORDS_EVERY_BEATS == 0:
            await reload_words(app)

    async with beating(app[keys.CLOCK], ESCALATION_CHECK_SECONDS, job, log=log, what="crisis escalation"):
        yield
