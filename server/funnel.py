"""Counting the funnel's steps from either transport (REST handlers and the namespaces both
call these, after their own commit): one short transaction, only the first time an account
takes a step on a day. A failure to count is logged and never fails what the person did."""
from __future__ import annotations

import logging
from datetime import datetime

from aiohttp import web

from avatars.models import Account
from rooms.funnel.steps import Step, counts, kind_of, kind_of_account
from server import keys
from server.core.principal import Principal

log = logging.getLogger("ibasho.funnel")


async def note(app: web.Application, principal: Principal, step: Step, created_at: datetime | None = None) -> None:
    recorder = app[keys.FUNNEL]
    if recorder.counted(principal.account_id, step) or not counts(principal):
        return  # the hot paths' usual answer: a set lookup and a comparison of two instants
    try:
        await recorder.note_apart(app[keys.DB_SESSIONS], principal.account_id, kind_of(principal), step,
                                          created_at)
    except Exception:
        log.exception("counting a funnel step failed")


async def note_account(app: web.Application, account_id: str, step: Step) -> None:
    """The same for an account known only by id (the person of a booking, a letter's visitor)."""
    recorder = app[keys.FUNNEL]
    try:
        async with app[keys.DB_SESSIONS]() as db:
            account = await db.get(Account, account_id)
        if account is None or account.role != "visitor":
            return
        await recorder.note_apart(app[keys.DB_SESSIONS], account_id, kind_of_account(account.is_guest, account.kind),
                                  step)
    except Exception:
        log.exception("counting a funnel step failed")
