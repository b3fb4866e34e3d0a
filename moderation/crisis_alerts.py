"""Crisis alerts: a text that says a person may be in danger reaches a human, and is never lost.

A screening that sounds like a crisis (moderation.screen's level "concern" or "urgent")
becomes one row here, with the context a staff member needs to act: the pseudonymous account
id and nickname, the message and the few before it, where it was written (channel kind and
place) and what matched. It goes to the staff on duty at once (``ToConsole`` emits), is
re-sent to every console that connects while it is unacknowledged and, when "urgent",
escalates to every staff-class account after ``ESCALATE_AFTER`` without an acknowledgement.
Rows live in the database, so a restart loses none: escalation is decided from the rows alone.

Never a block or a sanction: the person who wrote is shown support lines (moderation.support)
and told that staff have been asked to look. The acknowledgement records who, when, what was
done and the legal basis for any sharing in an emergency, in the row and in the audit log.
The context (message texts) is erased ``CONTEXT_RETENTION`` after the acknowledgement; the
row stays for counts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import JSON, ForeignKey, String, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from avatars.models import Account
from moderation import audit
from server.core import text as text_rules
from server.core.base import Base
from server.core.clock import Clock
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToConsole
from server.core.principal import Principal, Role

ESCALATE_AFTER = timedelta(minutes=2)
CONTEXT_RETENTION = timedelta(days=30)
CONTEXT_MESSAGES = 5  # the message and up to four before it
# Who is told: the desk's workers first (those on duty), then, on escalation, every one of these.
CRISIS_ROLES = frozenset({Role.SPECIALIST, Role.STAFF, Role.MODERATOR, Role.ADMIN})
CHANNELS = frozenset({"desk", "consult", "letter", "conversation", "zone", "event"})
# Why information about the person may have been shared outside (Japanese law): none, their
# consent, the protection of life or body when consent cannot be had (個人情報保護法 27条1項2号),
# or the suicide-prevention duty of public bodies (自殺対策基本法).
LEGAL_BASES = ("not_shared", "consent", "protection_of_life", "suicide_prevention")

ALERT = "crisis:alert"  # to a console: an alert to look at (again, on escalation or reconnect)
ACKNOWLEDGED = "crisis:acknowledged"  # to the consoles that were told: someone took it


class CrisisAlert(Base):
    __tablename__ = "crisis_alerts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(16))
    place: Mapped[str | None] = mapped_column(String(64))  # a desk chat, conversation, consultation, letter id
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    nickname: Mapped[str] = mapped_column(String(40))
    context: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True))  # None once erased
    level: Mapped[str] = mapped_column(String(16))
    matched: Mapped[list[str]] = mapped_column(JSON, default=list)
    escalated_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    acknowledged_at: Mapped[datetime | None] = mapped_column(index=True)
    action: Mapped[str | None] = mapped_column(String(1000))
    legal_basis: Mapped[str | None] = mapped_column(String(32))


@dataclass(frozen=True, slots=True)
class Line:
    """One message of an alert's context, as staff see it."""
    sender_id: str
    nickname: str
    text: str
    at: datetime

    def json(self) -> dict[str, Any]:
        return {"sender_id": self.sender_id, "nickname": self.nickname, "text": self.text, "at": iso(self.at)}


def alert_json(alert: CrisisAlert) -> dict[str, Any]:
    return {
        "id": alert.id, "at": iso(alert.at), "channel": alert.channel, "place": alert.place,
        "account_id": alert.account_id, "nickname": alert.nickname, "context": alert.context or [],
        "level": alert.level, "matched": list(alert.matched or ()),
        "escalated": alert.escalated_at is not None, "escalated_at": iso(alert.escalated_at),
        "acknowledged": alert.acknowledged_at is not None, "acknowledged_at": iso(alert.acknowledged_at),
        "action": alert.action, "legal_basis": alert.legal_basis,
    }


async def crisis_staff(db: AsyncSession) -> list[str]:
    """Every account that hears an escalated alert (not disabled)."""
    roles = [r.value for r in CRISIS_ROLES]
    rows = await db.scalars(select(Account.id).where(Account.role.in_(roles), Account.disabled.is_(False)))
    return list(rows)


async def raise_alert(db: AsyncSession, clock: Clock, *, channel: str, place: str | None, account_id: str,
                      nickname: str, context: Iterable[Line], level: str, matched: Iterable[str],
                      on_duty: Iterable[str]) -> Outcome[CrisisAlert]:
    """Store an alert and tell the staff on duty; with nobody on duty it escalates at once,
    since waiting two minutes for nobody helps no one."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    now = clock.now()
    lines = list(context)[-CONTEXT_MESSAGES:]
    alert = CrisisAlert(
        id=new_id(), at=now, channel=channel, place=place, account_id=account_id, nickname=nickname[:40],
        context=[line.json() for line in lines], level=level, matched=[m[:80] for m in list(matched)[:10]],
    )
    on_duty = sorted(set(on_duty))
    if not on_duty:
        alert.escalated_at = now
        on_duty = await crisis_staff(db)
    db.add(alert)
    await db.flush()
    data = alert_json(alert)
    return Outcome(alert, tuple(Emit(ToConsole(who), ALERT, data) for who in on_duty))


async def unacknowledged(db: AsyncSession) -> list[CrisisAlert]:
    rows = await db.scalars(select(CrisisAlert).where(CrisisAlert.acknowledged_at.is_(None))
                            .order_by(CrisisAlert.at, CrisisAlert.id).limit(200))
    return list(rows)


async def escalate_due(db: AsyncSession, clock: Clock) -> Outcome[list[str]]:
    """Every unacknowledged urgent alert older than ``ESCALATE_AFTER`` that was not yet
    escalated goes to every crisis-role account. Runs on the heartbeat; idempotent
    (escalated_at). A "concern" alert stays with the staff on duty (and every console that
    connects) until someone acknowledges it."""
    now = clock.now()
    due = list(await db.scalars(select(CrisisAlert).where(
        CrisisAlert.acknowledged_at.is_(None), CrisisAlert.escalated_at.is_(None), CrisisAlert.level == "urgent",
        CrisisAlert.at <= now - ESCALATE_AFTER).order_by(CrisisAlert.at).limit(100)))
    if not due:
        return Outcome([])
    everyone = await crisis_staff(db)
    emits: list[Emit] = []
    for alert in due:
        alert.escalated_at = now
        data = alert_json(alert)
        emits += [Emit(ToConsole(who), ALERT, data) for who in everyone]
    await db.flush()
    return Outcome([a.id for a in due], tuple(emits))


def require_crisis_role(principal: Principal | None) -> Principal:
    if principal is None or principal.role not in CRISIS_ROLES:
        raise DomainError(ErrorCode.FORBIDDEN)
    return principal


async def acknowledge(db: AsyncSession, clock: Clock, actor: Principal, alert_id: str, *, action: object,
                      legal_basis: str) -> Outcome[dict[str, Any]]:
    """One acknowledgement per alert (a second is CONFLICT, so two staff don't both think
    they own it unknowingly); recorded in the row and in the audit log."""
    require_crisis_role(actor)
    done = text_rules.required(text_rules.CRISIS_ACTION, action, field="action")
    if legal_basis not in LEGAL_BASES:
        raise DomainError(ErrorCode.INVALID, field="legal_basis")
    alert = await db.get(CrisisAlert, alert_id) if len(alert_id) <= 32 else None
    if alert is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    now = clock.now()
    claimed = await db.execute(update(CrisisAlert).where(CrisisAlert.id == alert.id, CrisisAlert.acknowledged_at.is_(None))
                               .values(acknowledged_at=now, acknowledged_by=actor.account_id, action=done,
                                       legal_basis=legal_basis))
    if claimed.rowcount != 1:
        raise DomainError(ErrorCode.CONFLICT, detail={"reason": "already_acknowledged"})
    await db.refresh(alert)
    await audit.record(db, clock, actor_id=actor.account_id, action="crisis.acknowledge", target=alert.id,
                       detail={"channel": alert.channel, "legal_basis": legal_basis, "action": done})
    by = await db.get(Account, actor.account_id)
    data = {"id": alert.id, "by_nickname": by.nickname if by else "", "acknowledged_at": iso(now)}
    return Outcome(alert_json(alert), tuple(Emit(ToConsole(who), ACKNOWLEDGED, data) for who in await crisis_staff(db)))


async def erase_old_contexts(db: AsyncSession, clock: Clock) -> int:
    """The message texts go ``CONTEXT_RETENTION`` after the acknowledgement."""
    cutoff = clock.now() - CONTEXT_RETENTION
    result = await db.execute(update(CrisisAlert).where(
        CrisisAlert.acknowledged_at.is_not(None), CrisisAlert.acknowledged_at <= cutoff,
        CrisisAlert.context.is_not(None)).values(context=None))
    return result.rowcount or 0
