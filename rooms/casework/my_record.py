"""The person's own view of their case record: who can read it, everything that was done
with it (the access log, refused attempts included), the agreed next step, and their
consents to share it with outside organisations, which only they grant and revoke.

Session and monitoring notes are the specialists' working notes and are not shown here;
a person who wants them asks the organisation (a disclosure request), as with paper records.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.casework import cases, policy, trail
from rooms.casework.models import AccessEntry, Case, ShareConsent
from rooms.casework.views import iso, worker_json
from server.core import text as text_rules
from server.core import quota
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToConsole
from server.core.policy import require_kept_account
from server.core.principal import Principal

ORGANISATION_MAX = text_rules.CONSENT_ORGANISATION.max_length
PURPOSE_MAX = text_rules.CONSENT_PURPOSE.max_length
MAX_ACTIVE_CONSENTS = 20
CONSENTS_QUOTA = quota.Quota("active_consents", MAX_ACTIVE_CONSENTS, code=ErrorCode.CONFLICT, reason="too_many_consents")
LOG_PAGE = 100


def _entry_json(entry: AccessEntry, me: str) -> dict:
    return {
        "at": iso(entry.at),
        "who": {
            "nickname": entry.actor_nickname,
            "role": entry.actor_role,
            "profession": entry.actor_profession,
            "is_you": entry.actor_id == me,
        },
        "action": entry.action,
        "allowed": entry.allowed,
        "detail": entry.detail,
    }


async def _own_case(db: AsyncSession, actor: Principal) -> Case | None:
    require_kept_account(actor)
    return await cases.case_of_person(db, actor.account_id)


async def view(db: AsyncSession, actor: Principal, *, offset: object = 0) -> dict:
    """``{"record": None}`` when no case exists; the access log is paged, newest first."""
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= 1_000_000:
        raise DomainError(ErrorCode.INVALID, field="offset")
    case = await _own_case(db, actor)
    if case is None:
        return {"record": None}
    rows = await cases.history(db, case.id)
    people = await cases.accounts_by_id(
        db, [*(a.specialist_id for a in rows), *(a.assigned_by_id for a in rows), *(a.ended_by_id for a in rows)]
    )
    total = await db.scalar(select(func.count()).select_from(AccessEntry).where(AccessEntry.case_id == case.id))
    entries = await db.scalars(
        select(AccessEntry).where(AccessEntry.case_id == case.id)
        .order_by(AccessEntry.id.desc()).offset(offset).limit(LOG_PAGE)
    )
    return {"record": {
        "case_id": case.id,
        "opened_at": iso(case.opened_at),
        "readers": [
            {**worker_json(people.get(a.specialist_id)), "since": iso(a.assigned_at)}
            for a in rows if a.ended_at is None
        ],
        "history": cases.history_json(rows, people),
        "next_step": case.next_step,
        "consents": [cases.consent_json(c) for c in await cases.consents_of(db, case.id)],
        "access_log": [_entry_json(e, actor.account_id) for e in entries],
        "access_log_total": total,
    }}


def _tell_assignees(assignees: frozenset[str], case_id: str) -> tuple[Emit, ...]:
    return tuple(Emit(ToConsole(a), "case:consent_changed", {"case_id": case_id}) for a in sorted(assignees))


async def grant_consent(
    db: AsyncSession, clock: Clock, actor: Principal, *, organisation: object, purpose: object
) -> Outcome[dict]:
    case = await _own_case(db, actor)
    if case is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    if not policy.can_manage_consent(actor, case.person_id):
        raise DomainError(ErrorCode.FORBIDDEN)
    name = text_rules.required(text_rules.CONSENT_ORGANISATION, organisation, field="organisation")
    why = text_rules.required(text_rules.CONSENT_PURPOSE, purpose, field="purpose")
    active = select(func.count()).select_from(ShareConsent).where(
        ShareConsent.case_id == case.id, ShareConsent.revoked_at.is_(None)
    )
    await quota.require_room(db, CONSENTS_QUOTA, case.person_id, active)
    consent = ShareConsent(id=new_id(), case_id=case.id, organisation=name, purpose=why, granted_at=clock.now())
    db.add(consent)
    await db.flush()
    await trail.record(db, clock, case.id, actor, trail.GRANT_CONSENT, detail=name)
    emits = _tell_assignees(await cases.active_assignees(db, case.id), case.id)
    return Outcome(cases.consent_json(consent), emits)


async def revoke_consent(db: AsyncSession, clock: Clock, actor: Principal, consent_id: object) -> Outcome[dict]:
    case = await _own_case(db, actor)
    consent = await db.get(ShareConsent, consent_id) if isinstance(consent_id, str) and len(consent_id) <= 32 else None
    if case is None or consent is None or consent.case_id != case.id:
        raise DomainError(ErrorCode.NOT_FOUND)
    if not policy.can_manage_consent(actor, case.person_id):
        raise DomainError(ErrorCode.FORBIDDEN)
    if consent.revoked_at is not None:
        raise DomainError(ErrorCode.CONFLICT, detail={"reason": "already_revoked"})
    consent.revoked_at = clock.now()
    await trail.record(db, clock, case.id, actor, trail.REVOKE_CONSENT, detail=consent.organisation)
    emits = _tell_assignees(await cases.active_assignees(db, case.id), case.id)
    return Outcome(cases.consent_json(consent), emits)
