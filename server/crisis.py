"""Crisis alerts after a text was screened, for any transport (REST handlers and the
namespaces both call these; server/realtime/crisis.py adds what is socket-only): raise the
alert in the caller's transaction and answer the writer with the support notice, and keep the
shield's word list current from the rows.
"""
from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from moderation import crisis_alerts, word_lists
from moderation.crisis_alerts import Line  # noqa: F401 (for callers building an alert's context)
from moderation.shield import Shielded
from moderation.support import DEMO_LINES, crisis_notice
from server import keys
from server.core.outcome import Outcome

log = logging.getLogger("ibasho.crisis")


def sounds_like_crisis(shielded: Shielded) -> bool:
    return shielded.crisis_level in ("concern", "urgent")


async def crisis_part(app: web.Application, db, shielded: Shielded, *, channel: str, place: str | None,
                      sender_id: str, nickname: str, context: list[Line]) -> Outcome[dict[str, Any]]:
    """In the caller's transaction: crisis words raise an alert (its emits go out after the
    commit), so "staff have been asked" is true when the person reads it, and the person is
    answered with the support lines. A wish ("concern", e.g. 「死にたい」) reaches a human too;
    only "urgent" (a plan, a method, tonight) escalates after 2 minutes."""
    if not sounds_like_crisis(shielded):
        return Outcome({})
    clock, desk = app[keys.CLOCK], app[keys.DESK]
    now = clock.now()
    on_duty = desk.on_duty_ids()
    raised = await crisis_alerts.raise_alert(
        db, clock, channel=channel, place=place, account_id=sender_id, nickname=nickname,
        context=context, level=shielded.crisis_level, matched=shielded.crisis_matched, on_duty=on_duty)
    log.info("crisis alert raised in a %s (%d consoles told)", channel, len(raised.emits))
    lines = app[keys.SETTINGS].support_lines or DEMO_LINES
    staffed_now = desk.hours.is_open(now) and bool(on_duty)
    notice = crisis_notice(lines, level=shielded.crisis_level, staffed_now=staffed_now,
                           next_staffed=desk.hours.next_opening(now), staff_asked=True, timezone=desk.hours.tz)
    return Outcome({"crisis": notice}, raised.emits)


async def reload_words(app: web.Application) -> None:
    """The moderators' word list, rebuilt whole from the rows and swapped into the shield."""
    async with app[keys.DB_SESSIONS]() as db:
        app[keys.SHIELD].set_words(await word_lists.build(db))
