"""Giving, confirming and lifting sanctions; the moderator's view of a person; the
person's own list. Every act with power over someone is appended to the audit log in the
same transaction, and a changed standing is announced after commit (``standing``)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.accounts import revoke_all_sessions
from avatars.models import Account
from moderation import audit
from moderation.sanctions import standing, views
from moderation.sanctions.ladder import (
    ADMIN_ONLY, DURATIONS, ENDS_SESSIONS, FOR_AN_OCCURRENCE, MAX_SUSPENSION, NEEDS_SECOND, TOLD, Kind, denies,
)
from rooms.events.admission import readmit, remove_by_moderator
from moderation.sanctions.models import ACTIVE, LIFTED, PENDING, Appeal, Sanction, WarmupLift
from server.core import text
from server.core.clock import Clock
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount
from server.core.policy import MODERATION_ROLES, require_role
from server.core.principal import Principal, Role
from server.core.revocation import Reason

NOTICE_EVENT = "sanction:notice"
LIFTED_EVENT = "sanction:lifted"
WARMUP_LIFTERS = frozenset({Role.STAFF, Role.MODERATOR, Role.ADMIN})


@dataclass(frozen=True)
class Order:
    """What a moderator asks for (already shaped by the transport's body model)."""

    account_id: str
    kind: Kind
    reason_ja: str
    reason_en: str = ""
    duration: str | None = None
    until: datetime | None = None  # a suspension may run to a date instead
    note: str = ""
    occurrence_id: str | None = None  # an event removal: the occurrence to leave


def _ends_at(order: Order, now: datetime) -> datetime | None:
    choices = DURATIONS[order.kind]
    if order.until is not None:
        if order.kind is not Kind.SUSPENSION or order.duration is not None:
            raise DomainError(ErrorCode.INVALID, field="until")
        if not now < order.until <= now + MAX_SUSPENSION:
            raise DomainError(ErrorCode.INVALID, field="until", detail={"reason": "out_of_range"})
        return order.until
    if not choices:
        if order.duration is not None:
            raise DomainError(ErrorCode.INVALID, field="duration")
        return None
    if order.duration not in choices:
        raise DomainError(ErrorCode.INVALID, field="duration", detail={"choices": sorted(choices)})
    return now + choices[order.duration]


async def _target(db: AsyncSession, account_id: str) -> Account:
    account = await db.get(Account, account_id) if isinstance(account_id, str) and len(account_id) <= 32 else None
    if account is None:
        raise DomainError(ErrorCode.NOT_FOUND, field="account_id")
    return account


async def give(db: AsyncSession, clock: Clock, actor: Principal, order: Order, *,
               warmup: timedelta) -> Outcome[dict[str, Any]]:
    require_role(actor, MODERATION_ROLES)
    if order.kind in ADMIN_ONLY and actor.role is not Role.ADMIN:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "admin_only"})
    reason_ja = text.required(text.SANCTION_REASON, order.reason_ja, field="reason_ja")
    reason_en = text.clean(text.SANCTION_REASON, order.reason_en or None, field="reason_en", optional=True) or reason_ja
    note = text.clean(text.SANCTION_NOTE, order.note or None, field="note", optional=True) or ""
    account = await _target(db, order.account_id)
    if (order.kind in FOR_AN_OCCURRENCE) != (order.occurrence_id is not None):
        raise DomainError(ErrorCode.INVALID, field="occurrence_id")
    if account.id == actor.account_id:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "self"})
    now = clock.now()
    ends_at = _ends_at(order, now)
    if order.occurrence_id is not None:  # the events domain shuts that door (EVENT_NOT_FOUND, LIVE_HOST_PROTECTED)
        await remove_by_moderator(db, clock, occurrence_id=order.occurrence_id, account_id=account.id,
                                  by=actor.account_id)
    sanction = Sanction(
        id=new_id(), account_id=account.id, kind=order.kind.value,
        state=PENDING if order.kind in NEEDS_SECOND else ACTIVE,
        reason_ja=reason_ja, reason_en=reason_en, note=note, given_by=actor.account_id, given_at=now,
        ends_at=ends_at, occurrence_id=order.occurrence_id,
    )
    db.add(sanction)
    await db.flush()
    await audit.record(db, clock, actor_id=actor.account_id, action="sanction.give", target=sanction.id,
                       detail={"account_id": account.id, "kind": sanction.kind, "state": sanction.state,
                               "duration": order.duration, "ends_at": iso(sanction.ends_at),
                               "reason": reason_ja,
                               **({"occurrence_id": order.occurrence_id} if order.occurrence_id else {})})
    emits = await _took_effect(db, clock, sanction, account, warmup) if sanction.state == ACTIVE else ()
    return Outcome(views.for_moderator(sanction, None), emits)


async def _took_effect(db: AsyncSession, clock: Clock, sanction: Sanction, account: Account,
                       warmup: timedelta) -> tuple[Emit, ...]:
    """A sanction now in force: restrictions reach open sockets, a suspension ends sessions,
    and the person is told (an internal note is not shown)."""
    kind = Kind(sanction.kind)
    if denies(kind):
        await standing.announce_change(db, account.id, clock.now(), warmup)
    if kind in ENDS_SESSIONS:
        await revoke_all_sessions(db, clock, account, reason=Reason.SUSPENDED)
    if kind not in TOLD:
        return ()
    return (Emit(ToAccount(account.id), NOTICE_EVENT, views.notice(sanction)),)


async def _sanction(db: AsyncSession, sanction_id: str) -> Sanction:
    found = await db.get(Sanction, sanction_id) if isinstance(sanction_id, str) and len(sanction_id) <= 32 else None
    if found is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    return found


async def confirm(db: AsyncSession, clock: Clock, actor: Principal, sanction_id: str, *,
                  warmup: timedelta) -> Outcome[dict[str, Any]]:
    """The second moderator's word on a ban: until it comes, the ban does nothing."""
    require_role(actor, MODERATION_ROLES)
    sanction = await _sanction(db, sanction_id)
    if sanction.state != PENDING:
        raise DomainError(ErrorCode.CONFLICT, detail={"state": sanction.state})
    if sanction.given_by == actor.account_id:
        raise DomainError(ErrorCode.SAME_MODERATOR)
    if sanction.account_id == actor.account_id:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "self"})
    sanction.state, sanction.confirmed_by, sanction.confirmed_at = ACTIVE, actor.account_id, clock.now()
    await audit.record(db, clock, actor_id=actor.account_id, action="sanction.confirm", target=sanction.id,
                       detail={"account_id": sanction.account_id, "kind": sanction.kind})
    account = await _target(db, sanction.account_id)
    emits = await _took_effect(db, clock, sanction, account, warmup)
    return Outcome(views.for_moderator(sanction, None), emits)


async def lift(db: AsyncSession, clock: Clock, actor: Principal, sanction_id: str, reason: object, *,
               warmup: timedelta, action: str = "sanction.lift") -> Outcome[dict[str, Any]]:
    require_role(actor, MODERATION_ROLES)
    why = text.required(text.MODERATION_REASON, reason, field="reason")
    sanction = await _sanction(db, sanction_id)
    if Kind(sanction.kind) in ADMIN_ONLY and actor.role is not Role.ADMIN:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "admin_only"})
    if sanction.state == LIFTED:
        raise DomainError(ErrorCode.CONFLICT, detail={"state": sanction.state})
    if sanction.account_id == actor.account_id:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "self"})
    was_active = sanction.state == ACTIVE
    sanction.state, sanction.lifted_by, sanction.lifted_at = LIFTED, actor.account_id, clock.now()
    await reopen_door(db, sanction)
    await audit.record(db, clock, actor_id=actor.account_id, action=action, target=sanction.id,
                       detail={"account_id": sanction.account_id, "kind": sanction.kind, "reason": why})
    emits: tuple[Emit, ...] = ()
    if was_active and denies(Kind(sanction.kind)):
        await standing.announce_change(db, sanction.account_id, clock.now(), warmup)
    if was_active and Kind(sanction.kind) in TOLD:
        emits = (Emit(ToAccount(sanction.account_id), LIFTED_EVENT, {"id": sanction.id, "kind": sanction.kind}),)
    return Outcome(views.for_moderator(sanction, await _appeal_of(db, sanction.id)), emits)


async def reopen_door(db: AsyncSession, sanction: Sanction) -> None:
    """A lifted event removal lets the person back into that occurrence (the live room follows
    after commit: the transport's step)."""
    if sanction.occurrence_id is not None:
        await readmit(db, occurrence_id=sanction.occurrence_id, account_id=sanction.account_id)


async def _appeal_of(db: AsyncSession, sanction_id: str) -> Appeal | None:
    return await db.scalar(select(Appeal).where(Appeal.sanction_id == sanction_id))


async def _listed(db: AsyncSession, account_id: str) -> list[tuple[Sanction, Appeal | None]]:
    query = (select(Sanction, Appeal).outerjoin(Appeal, Appeal.sanction_id == Sanction.id)
             .where(Sanction.account_id == account_id).order_by(Sanction.given_at.desc()).limit(200))
    return [(s, a) for s, a in (await db.execute(query)).all()]


async def person_view(db: AsyncSession, clock: Clock, actor: Principal, account_id: str, *,
                      warmup: timedelta) -> dict[str, Any]:
    """A moderator's view of one person: who (pseudonymous), the sanctions and appeals, and
    whether they are still in their first minutes."""
    require_role(actor, MODERATION_ROLES)
    account = await _target(db, account_id)
    ends = await standing.warmup_ends(db, account, warmup)
    return {
        "account": {"id": account.id, "nickname": account.nickname, "is_guest": account.is_guest,
                    "role": account.role, "created_at": iso(account.created_at)},
        "new_account_until": iso(ends) if ends is not None and ends > clock.now() else None,
        "sanctions": [views.for_moderator(s, a) for s, a in await _listed(db, account.id)],
    }


async def find_people(db: AsyncSession, actor: Principal, query: object) -> list[dict[str, Any]]:
    """Find a person by the id or nickname a report shows (nicknames repeat among guests)."""
    require_role(actor, MODERATION_ROLES)
    if not isinstance(query, str) or not 1 <= len(query.strip()) <= 40:
        raise DomainError(ErrorCode.INVALID, field="q")
    wanted = query.strip()
    rows = await db.execute(select(Account).where(or_(Account.id == wanted, func.lower(Account.nickname) == wanted.lower()))
                            .order_by(Account.created_at.desc()).limit(20))
    return [{"id": a.id, "nickname": a.nickname, "is_guest": a.is_guest, "role": a.role,
             "created_at": iso(a.created_at)} for a in rows.scalars()]


async def mine(db: AsyncSession, actor: Principal) -> list[dict[str, Any]]:
    """The person's own sanctions (never internal notes, never a ban still awaiting its second)."""
    return [views.for_person(s, a) for s, a in await _listed(db, actor.account_id)
            if Kind(s.kind) in TOLD and s.state != PENDING]


async def lift_warmup(db: AsyncSession, clock: Clock, actor: Principal, account_id: str, *,
                      warmup: timedelta) -> dict[str, Any]:
    """Staff let a new person chat and invite at once (e.g. a family member they know)."""
    require_role(actor, WARMUP_LIFTERS)
    account = await _target(db, account_id)
    if await db.get(WarmupLift, account.id) is None:
        db.add(WarmupLift(account_id=account.id, lifted_by=actor.account_id, lifted_at=clock.now()))
        await audit.record(db, clock, actor_id=actor.account_id, action="warmup.lift", target=account.id)
        await standing.announce_change(db, account.id, clock.now(), warmup)
    return {"account_id": account.id, "new_account_until": None}
