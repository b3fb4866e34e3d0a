"""An account's standing read from the database, and the note that carries a changed
standing to every server process after commit (through the revocation channel)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from moderation.sanctions.ladder import Capability, Kind, denies
from moderation.sanctions.models import ACTIVE, Appeal, Sanction, WarmupLift
from moderation.sanctions.views import APPEAL_WINDOW, appeal_json
from moderation.sanctions.policy import NEW_ACCOUNT, WARMUP_DENIES, Restriction, Standing
from server.core import revocation
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Role
from server.core.revocation import Reason, Revocation


async def active_sanctions(db: AsyncSession, account_id: str, now: datetime) -> list[Sanction]:
    query = select(Sanction).where(
        Sanction.account_id == account_id, Sanction.state == ACTIVE,
        or_(Sanction.ends_at.is_(None), Sanction.ends_at > now),
    ).order_by(Sanction.given_at)
    return list((await db.execute(query)).scalars())


async def warmup_ends(db: AsyncSession, account: Account, warmup: timedelta) -> datetime | None:
    """When a visitor's first minutes end (None: no warm-up, or staff lifted it)."""
    if warmup <= timedelta(0) or account.role != Role.VISITOR.value:
        return None
    if await db.get(WarmupLift, account.id) is not None:
        return None
    return account.created_at + warmup


async def load(db: AsyncSession, account_id: str, now: datetime, warmup: timedelta) -> Standing:
    restrictions = [
        Restriction(s.kind, denies(Kind(s.kind)), s.ends_at, s.reason_ja, s.reason_en, s.id)
        for s in await active_sanctions(db, account_id, now) if denies(Kind(s.kind))
    ]
    account = await db.get(Account, account_id)
    if account is not None:
        ends = await warmup_ends(db, account, warmup)
        if ends is not None and ends > now:
            restrictions.append(Restriction(NEW_ACCOUNT, WARMUP_DENIES, ends))
    return Standing(account_id, tuple(restrictions))


async def announce_change(db: AsyncSession, account_id: str, now: datetime, warmup: timedelta) -> Standing:
    """Note the account's new standing on the session: after commit, every process holding its
    connections applies it at once (server.realtime.live_access); a rollback drops the note."""
    await db.flush()
    standing = await load(db, account_id, now, warmup)
    revocation.note(db, Revocation(account_id, Reason.RESTRICTED, standing=tuple(standing.to_json())))
    return standing


async def require_login(db: AsyncSession, account_id: str, now: datetime) -> None:
    """Logging in (or recovering) while suspended or banned: refused with the reason, the end,
    and the appeal's state (``may_appeal``: none made yet and within its 30 days; the transport
    then adds a single-purpose appeal token). Only a caller who gave the right passphrase
    reaches this, so it reveals nothing to a guesser."""
    for sanction in await active_sanctions(db, account_id, now):
        if Capability.LOGIN in denies(Kind(sanction.kind)):
            appeal = await db.scalar(select(Appeal).where(Appeal.sanction_id == sanction.id))
            appeal_until = sanction.given_at + APPEAL_WINDOW
            raise DomainError(ErrorCode.SUSPENDED, detail={
                "sanction_id": sanction.id, "kind": sanction.kind, "until": iso(sanction.ends_at),
                "reason_ja": sanction.reason_ja, "reason_en": sanction.reason_en,
                "appeal_until": iso(appeal_until), "may_appeal": appeal is None and now <= appeal_until,
                "appeal": appeal_json(appeal, for_moderator=False)})
