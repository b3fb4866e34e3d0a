"""Desk persistence and its rules: opening hours, and messages left for staff.

Async functions taking ``(db, clock, actor, ...)``; policy is checked here, so REST and any
other caller obey the same rules. The live queue is in ``rooms.desk.queue``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from avatars.models import Account
from moderation.personal_info import looks_like_contact_details
from rooms.desk import hours as h
from rooms.desk.models import DeskDay, DeskHours, DeskMessage
from rooms.desk.policy import require_can_leave_message, require_desk_worker
from server.core import text as text_rules
from server.core.dates import iso
from server.core import quota
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount, ToStaff
from server.core.policy import require_principal
from server.core.principal import Principal

MESSAGE_MAX = text_rules.DESK_MESSAGE.max_length
REPLY_MAX = text_rules.DESK_REPLY.max_length
NOTE_MAX = text_rules.DESK_DAY_NOTE.max_length
# A few a day is plenty to reach someone; more would only bury the other messages.
MESSAGES_PER_DAY = 5
MESSAGES_PER_DAY_QUOTA = quota.Quota("desk_messages", MESSAGES_PER_DAY, reason="messages_per_day")
DAYS_AHEAD_MAX = 366
LIST_LIMIT = 200

MESSAGE_LEFT = "desk:message_left"  # to desk workers: {id}; the text is fetched over REST
REPLIED = "desk:reply"  # to the author: {id}

MESSAGE_STATES = ("open", "handled", "all")


# --- opening hours ----------------------------------------------------------------------------

async def load_hours(db: AsyncSession, tz: str) -> h.OpeningHours:
    weekly = await db.scalars(select(DeskHours).order_by(DeskHours.weekday, DeskHours.start_minute))
    days = await db.scalars(select(DeskDay))
    return h.OpeningHours.build(
        tz,
        weekly=[(row.weekday, h.Window(row.start_minute, row.end_minute)) for row in weekly],
        days=[h.DayOverride(row.on_date, h.windows_from_text(row.windows), row.note) for row in days],
    )


async def set_weekly(
    db: AsyncSession, actor: Principal | None, items: Sequence[Mapping[str, object]], *, tz: str
) -> h.OpeningHours:
    """Replace the whole weekly pattern (an empty list: no weekly hours at all)."""
    require_desk_worker(actor)
    pairs = h.parse_weekly(items)
    await db.execute(delete(DeskHours))
    for weekday, window in pairs:
        db.add(DeskHours(id=new_id(), weekday=weekday, start_minute=window.start_minute, end_minute=window.end_minute))
    await db.flush()
    return await load_hours(db, tz)


def _future_date(clock: Clock, raw: object, tz: str) -> date:
    day = h.parse_date(raw)
    today = clock.now().astimezone(h.zone(tz)).date()
    if day < today:
        raise DomainError(ErrorCode.INVALID, field="date", detail={"reason": "past"})
    if day > today + timedelta(days=DAYS_AHEAD_MAX):
        raise DomainError(ErrorCode.INVALID, field="date", detail={"reason": "too_far"})
    return day


async def _forget_past_days(db: AsyncSession, clock: Clock, tz: str) -> None:
    yesterday = clock.now().astimezone(h.zone(tz)).date() - timedelta(days=1)
    await db.execute(delete(DeskDay).where(DeskDay.on_date < yesterday))


async def set_day(
    db: AsyncSession, clock: Clock, actor: Principal | None, on_date: object,
    windows: Sequence[Mapping[str, object]], note: object = None, *, tz: str,
) -> h.OpeningHours:
    """Give one date its own hours; no windows closes the desk that day."""
    actor = require_desk_worker(actor)
    day = _future_date(clock, on_date, tz)
    checked = h.check_day(
        (h.parse_window(w.get("start"), w.get("end"), f"windows.{i}") for i, w in enumerate(windows)), "windows",
    )
    label = text_rules.clean(text_rules.DESK_DAY_NOTE, note, field="note", optional=True)
    row = await db.get(DeskDay, day)
    if row is None:
        row = DeskDay(on_date=day, updated_at=clock.now())
        db.add(row)
    row.windows, row.note, row.updated_at, row.updated_by = h.windows_text(checked), label, clock.now(), actor.account_id
    await _forget_past_days(db, clock, tz)
    await db.flush()
    return await load_hours(db, tz)


async def clear_day(db: AsyncSession, clock: Clock, actor: Principal | None, on_date: object, *, tz: str) -> h.OpeningHours:
    """Back to the weekly hours on that date. Clearing a date with nothing set is fine."""
    require_desk_worker(actor)
    day = h.parse_date(on_date)
    await db.execute(delete(DeskDay).where(DeskDay.on_date == day))
    await _forget_past_days(db, clock, tz)
    await db.flush()
    return await load_hours(db, tz)


# --- messages left for staff ------------------------------------------------------------------

def _mine_json(message: DeskMessage, replier: Account | None) -> dict:
    return {
        "id": message.id,
        "text": message.text,
        "created_at": iso(message.created_at),
        "handled": message.handled_at is not None,
        "reply": message.reply,
        "replied_by": replier.nickname if replier is not None and message.reply else None,
    }


def _staff_json(message: DeskMessage, author: Account, handler: Account | None) -> dict:
    return {
        "id": message.id,
        "text": message.text,
        "created_at": iso(message.created_at),
        "author": {"account_id": author.id, "nickname": author.nickname, "kind": author.kind, "is_guest": author.is_guest},
        "handled": message.handled_at is not None,
        "handled_at": iso(message.handled_at),
        "handled_by": handler.nickname if handler is not None else None,
        "reply": message.reply,
    }


async def leave_message(db: AsyncSession, clock: Clock, actor: Principal | None, text: object) -> Outcome[dict]:
    """Anyone who entered, guests too. No contact details: the reply comes back here."""
    actor = require_can_leave_message(actor)
    body = text_rules.required(text_rules.DESK_MESSAGE, text, field="text")
    if looks_like_contact_details(body):
        raise DomainError(ErrorCode.NOTE_PERSONAL_INFO, field="text")
    since = clock.now() - timedelta(days=1)
    recent = select(func.count()).select_from(DeskMessage).where(
        DeskMessage.author_id == actor.account_id, DeskMessage.created_at > since
    )
    await quota.require_room(db, MESSAGES_PER_DAY_QUOTA, actor.account_id, recent)
    message = DeskMessage(id=new_id(), author_id=actor.account_id, text=body, created_at=clock.now())
    db.add(message)
    await db.flush()
    return Outcome(_mine_json(message, None), (Emit(ToStaff(), MESSAGE_LEFT, {"id": message.id}),))


async def my_messages(db: AsyncSession, actor: Principal | None) -> list[dict]:
    actor = require_principal(actor)
    handler = aliased(Account)
    rows = await db.execute(
        select(DeskMessage, handler)
        .outerjoin(handler, handler.id == DeskMessage.handled_by)
        .where(DeskMessage.author_id == actor.account_id)
        .order_by(DeskMessage.created_at.desc(), DeskMessage.id)
        .limit(LIST_LIMIT)
    )
    return [_mine_json(message, replier) for message, replier in rows]


async def delete_my_message(db: AsyncSession, actor: Principal | None, message_id: object) -> None:
    """Gone for everyone: a person may take back what they wrote. Someone else's message, or
    none at all, answers NOT_FOUND alike."""
    actor = require_principal(actor)
    message = await db.get(DeskMessage, message_id) if isinstance(message_id, str) and len(message_id) <= 32 else None
    if message is None or message.author_id != actor.account_id:
        raise DomainError(ErrorCode.NOT_FOUND)
    await db.delete(message)
    await db.flush()


async def list_messages(db: AsyncSession, actor: Principal | None, state: object = "open") -> list[dict]:
    """Open messages oldest first (the longest waiting on top); handled ones newest first."""
    require_desk_worker(actor)
    if state not in MESSAGE_STATES:
        raise DomainError(ErrorCode.INVALID, field="state")
    author, handler = aliased(Account), aliased(Account)
    query = (
        select(DeskMessage, author, handler)
        .join(author, author.id == DeskMessage.author_id)
        .outerjoin(handler, handler.id == DeskMessage.handled_by)
    )
    if state == "open":
        query = query.where(DeskMessage.handled_at.is_(None)).order_by(DeskMessage.created_at, DeskMessage.id)
    else:
        if state == "handled":
            query = query.where(DeskMessage.handled_at.is_not(None))
        query = query.order_by(DeskMessage.created_at.desc(), DeskMessage.id)
    rows = await db.execute(query.limit(LIST_LIMIT))
    return [_staff_json(message, who, by) for message, who, by in rows]


async def mark_handled(
    db: AsyncSession, clock: Clock, actor: Principal | None, message_id: object, reply: object = None
) -> Outcome[dict]:
    """Mark a message handled, optionally with a reply the author sees in their desk panel.
    Marking again may add or change the reply."""
    actor = require_desk_worker(actor)
    answer = text_rules.clean(text_rules.DESK_REPLY, reply, field="reply", optional=True)
    message = await db.get(DeskMessage, message_id) if isinstance(message_id, str) and len(message_id) <= 32 else None
    if message is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    now: datetime = clock.now()
    message.handled_at = now
    message.handled_by = actor.account_id
    if answer is not None:
        message.reply = answer
    await db.flush()
    author = await db.get(Account, message.author_id)
    handler = await db.get(Account, actor.account_id)
    emits = (Emit(ToAccount(message.author_id), REPLIED, {"id": message.id}),) if answer is not None else ()
    return Outcome(_staff_json(message, author, handler), emits)
