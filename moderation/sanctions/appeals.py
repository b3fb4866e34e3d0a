"""Appeals: one per sanction, within 30 days, decided by another moderator than the one who
gave (or confirmed) it; the person is told the answer live and finds it in their panel."""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from moderation import audit
from moderation.sanctions import service, standing, views
from moderation.sanctions.ladder import APPEALABLE, Kind, denies
from moderation.sanctions.models import ACTIVE, LIFTED, PENDING, Appeal, Sanction
from server.core import text
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount
from server.core.policy import MODERATION_ROLES, require_principal, require_role
from server.core.principal import Principal

DECIDED_EVENT = "appeal:decided"
UPHELD, LIFT = "upheld", "lifted"
Outcomes = Literal["upheld", "lifted"]


async def make(db: AsyncSession, clock: Clock, actor: Principal, sanction_id: str, raw_text: object) -> dict[str, Any]:
    require_principal(actor)
    return await make_for(db, clock, actor.account_id, sanction_id, raw_text)


async def make_for(db: AsyncSession, clock: Clock, account_id: str, sanction_id: str,
                   raw_text: object) -> dict[str, Any]:
    """The appeal of ``account_id`` (signed in, or holding the appeal token a suspended login
    was given: both name the account, the checks are the same)."""
    words = text.required(text.APPEAL_TEXT, raw_text, field="text")
    sanction = await db.get(Sanction, sanction_id) if len(sanction_id) <= 32 else None
    # Someone else's sanction, a note or a ban awaiting its second: all simply not found.
    if (sanction is None or sanction.account_id != account_id or Kind(sanction.kind) not in APPEALABLE
            or sanction.state == PENDING):
        raise DomainError(ErrorCode.NOT_FOUND)
    now = clock.now()
    if now > sanction.given_at + views.APPEAL_WINDOW:
        raise DomainError(ErrorCode.APPEAL_CLOSED, detail={"reason": "too_late"})
    if await db.scalar(select(Appeal.id).where(Appeal.sanction_id == sanction.id)) is not None:
        raise DomainError(ErrorCode.APPEAL_CLOSED, detail={"reason": "already_appealed"})
    appeal = Appeal(id=new_id(), sanction_id=sanction.id, account_id=account_id, text=words, made_at=now)
    db.add(appeal)
    try:
        async with db.begin_nested():
            await db.flush()
    except IntegrityError:  # two at once: the unique sanction_id keeps it to one
        raise DomainError(ErrorCode.APPEAL_CLOSED, detail={"reason": "already_appealed"}) from None
    return views.for_person(sanction, appeal)


async def open_appeals(db: AsyncSession, actor: Principal) -> list[dict[str, Any]]:
    """Appeals awaiting a decision, oldest first, each with its sanction."""
    require_role(actor, MODERATION_ROLES)
    rows = await db.execute(select(Appeal, Sanction).join(Sanction, Sanction.id == Appeal.sanction_id)
                            .where(Appeal.outcome.is_(None)).order_by(Appeal.made_at).limit(200))
    return [{**views.appeal_json(a, for_moderator=True), "sanction": views.for_moderator(s, None),
             "you_may_decide": actor.account_id not in (s.given_by, s.confirmed_by)} for a, s in rows.all()]


async def decide(db: AsyncSession, clock: Clock, actor: Principal, appeal_id: str, outcome: Outcomes,
                 answer_ja: object, answer_en: object, *, warmup: timedelta) -> Outcome[dict[str, Any]]:
    require_role(actor, MODERATION_ROLES)
    words_ja = text.required(text.APPEAL_ANSWER, answer_ja, field="answer_ja")
    words_en = text.clean(text.APPEAL_ANSWER, answer_en or None, field="answer_en", optional=True) or words_ja
    appeal = await db.get(Appeal, appeal_id) if len(appeal_id) <= 32 else None
    if appeal is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    sanction = await db.get(Sanction, appeal.sanction_id)
    if actor.account_id in (sanction.given_by, sanction.confirmed_by):
        raise DomainError(ErrorCode.SAME_MODERATOR)
    if actor.account_id == appeal.account_id:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "self"})
    if appeal.outcome is not None:
        raise DomainError(ErrorCode.CONFLICT, detail={"outcome": appeal.outcome})
    if outcome not in (UPHELD, LIFT):
        raise DomainError(ErrorCode.INVALID, field="outcome")
    now = clock.now()
    appeal.outcome, appeal.answer_ja, appeal.answer_en = outcome, words_ja, words_en
    appeal.decided_by, appeal.decided_at = actor.account_id, now
    await audit.record(db, clock, actor_id=actor.account_id, action="appeal.decide", target=appeal.id,
                       detail={"sanction_id": sanction.id, "account_id": sanction.account_id,
                               "kind": sanction.kind, "outcome": outcome, "reason": words_ja})
    if outcome == LIFT and sanction.state != LIFTED:
        was_active = sanction.state == ACTIVE
        sanction.state, sanction.lifted_by, sanction.lifted_at = LIFTED, actor.account_id, now
        await service.reopen_door(db, sanction)
        if was_active and denies(Kind(sanction.kind)):
            await standing.announce_change(db, sanction.account_id, now, warmup)
    told = {"appeal_id": appeal.id, "sanction_id": sanction.id, "outcome": outcome,
            "answer_ja": words_ja, "answer_en": words_en}
    emits = (Emit(ToAccount(appeal.account_id), DECIDED_EVENT, told),)
    if outcome == LIFT:
        emits += (Emit(ToAccount(appeal.account_id), service.LIFTED_EVENT, {"id": sanction.id, "kind": sanction.kind}),)
    return Outcome(views.for_moderator(sanction, appeal), emits)
