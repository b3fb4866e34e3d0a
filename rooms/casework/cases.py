"""Case records (支援カルテ): open, read, write notes and fields, assign, hand over.

Every touch of an existing case goes to its access log (``trail``), refused ones too; a
refusal is checked before anything else is written, so the log entry is all that remains.
Callers run these through ``trail.run_keeping_refusals``.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from avatars.nicknames import login_name
from rooms.casework import policy, trail
from rooms.casework.models import Assignment, Case, CaseNote, ShareConsent
from rooms.casework.relations import relations_between
from rooms.casework.views import iso, party_of, person_json, worker_json
from server.core import text as text_rules
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount, ToConsole
from server.core.policy import require_kept_account
from server.core.principal import Principal

NOTE_KINDS = ("session", "monitoring")
NOTE_MAX = text_rules.CASE_NOTE.max_length
REASON_MAX = text_rules.CASE_REASON.max_length
# A staff member seating themself gives a reason that goes whole into the person's access
# log (whose detail column holds 200 characters).
SELF_SEAT_REASON_MAX = text_rules.SELF_SEAT_REASON.max_length
# Fields of the record itself (not notes): name -> maximum length.
FIELD_KINDS = {
    "contact_start": text_rules.CASE_CONTACT_START,
    "referral_route": text_rules.CASE_REFERRAL_ROUTE,
    "next_step": text_rules.CASE_NEXT_STEP,
}
FIELD_LIMITS = {name: kind.max_length for name, kind in FIELD_KINDS.items()}


# --- queries shared with letters and the person's view ---------------------------------

async def case_of_person(db: AsyncSession, person_id: str) -> Case | None:
    return await db.scalar(select(Case).where(Case.person_id == person_id))


async def active_assignments(db: AsyncSession, case_id: str) -> list[Assignment]:
    rows = await db.scalars(
        select(Assignment).where(Assignment.case_id == case_id, Assignment.ended_at.is_(None)).order_by(Assignment.id)
    )
    return list(rows)


async def active_assignees(db: AsyncSession, case_id: str) -> frozenset[str]:
    return frozenset(a.specialist_id for a in await active_assignments(db, case_id))


async def accounts_by_id(db: AsyncSession, ids: Iterable[str | None]) -> dict[str, Account]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {a.id: a for a in await db.scalars(select(Account).where(Account.id.in_(wanted)))}


async def history(db: AsyncSession, case_id: str) -> list[Assignment]:
    return list(await db.scalars(select(Assignment).where(Assignment.case_id == case_id).order_by(Assignment.id)))


def history_json(rows: list[Assignment], people: dict[str, Account]) -> list[dict]:
    return [
        {
            "specialist": worker_json(people.get(a.specialist_id)),
            "assigned_at": iso(a.assigned_at),
            "assigned_by": worker_json(people.get(a.assigned_by_id)),
            "reason": a.reason,
            "handed_over": a.previous_id is not None,
            "ended_at": iso(a.ended_at),
            "ended_by": worker_json(people.get(a.ended_by_id)),
            "end_reason": a.end_reason,
        }
        for a in rows
    ]


def consent_json(consent: ShareConsent) -> dict:
    return {
        "id": consent.id,
        "organisation": consent.organisation,
        "purpose": consent.purpose,
        "granted_at": iso(consent.granted_at),
        "revoked_at": iso(consent.revoked_at),
        "active": consent.revoked_at is None,
    }


async def consents_of(db: AsyncSession, case_id: str) -> list[ShareConsent]:
    rows = await db.scalars(
        select(ShareConsent).where(ShareConsent.case_id == case_id).order_by(ShareConsent.granted_at, ShareConsent.id)
    )
    return list(rows)


# --- internals ---------------------------------------------------------------------------

async def _load_case(db: AsyncSession, case_id: object, *, lock: bool = False) -> Case:
    if not isinstance(case_id, str) or not 1 <= len(case_id) <= 32:
        raise DomainError(ErrorCode.NOT_FOUND)
    query = select(Case).where(Case.id == case_id)
    if lock:
        # Seat changes queue behind one another on PostgreSQL; on any backend the unique
        # (case, seat) pair is the last word when two requests race (see _flush_seats).
        query = query.with_for_update()
    case = await db.scalar(query)
    if case is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    return case


def _refusal_reason(actor: Principal) -> str:
    return "guest" if actor.is_guest else "not_assigned"


async def _require_reader(db: AsyncSession, clock: Clock, case: Case, actor: Principal, action: str) -> frozenset[str]:
    assignees = await active_assignees(db, case.id)
    if not policy.can_read_case(actor, assignees):
        await trail.refuse(db, clock, case.id, actor, action, _refusal_reason(actor))
    return assignees


async def _candidate(db: AsyncSession, account_id: object, field: str) -> Account:
    account = await db.get(Account, account_id) if isinstance(account_id, str) and len(account_id) <= 32 else None
    if account is None:
        raise DomainError(ErrorCode.INVALID, field=field, detail={"reason": "not_a_caseworker"})
    return account


async def _person_account(db: AsyncSession, person_id: object, person_nickname: object) -> Account | None:
    if (person_id is None) == (person_nickname is None):
        raise DomainError(ErrorCode.INVALID, field="person_id")
    if person_id is not None:
        if not isinstance(person_id, str) or len(person_id) > 32:
            raise DomainError(ErrorCode.INVALID, field="person_id")
        return await db.get(Account, person_id)
    if not isinstance(person_nickname, str) or not 1 <= len(person_nickname) <= 80:
        raise DomainError(ErrorCode.INVALID, field="person_nickname")
    return await db.scalar(select(Account).where(Account.login_name == login_name(person_nickname)))


async def _flush_seats(db: AsyncSession) -> None:
    try:
        await db.flush()
    except IntegrityError:  # another request took the seat a moment ago
        raise DomainError(ErrorCode.CONFLICT, detail={"reason": "seat_taken"}) from None


def _free_seat(active: list[Assignment]) -> int:
    taken = {a.seat for a in active}
    return next(seat for seat in range(1, policy.MAX_ASSIGNEES + 1) if seat not in taken)


async def case_view(db: AsyncSession, case: Case) -> dict:
    """The whole record, for its assignees only (callers check and log first)."""
    rows = await history(db, case.id)
    notes = list(await db.scalars(select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.id)))
    people = await accounts_by_id(db, [
        case.person_id, case.opened_by_id, case.updated_by_id,
        *(a.specialist_id for a in rows), *(a.assigned_by_id for a in rows), *(a.ended_by_id for a in rows),
        *(n.author_id for n in notes),
    ])
    return {
        "id": case.id,
        "person": person_json(people.get(case.person_id)),
        "opened_at": iso(case.opened_at),
        "opened_by": worker_json(people.get(case.opened_by_id)),
        "contact_start": case.contact_start,
        "referral_route": case.referral_route,
        "next_step": case.next_step,
        "updated_at": iso(case.updated_at),
        "updated_by": worker_json(people.get(case.updated_by_id)),
        "assignees": [worker_json(people.get(a.specialist_id)) for a in rows if a.ended_at is None],
        "history": history_json(rows, people),
        "notes": [
            {"kind": n.kind, "body": n.body, "author": worker_json(people.get(n.author_id)), "created_at": iso(n.created_at)}
            for n in notes
        ],
        "consents": [consent_json(c) for c in await consents_of(db, case.id)],
    }


async def _assignees_json(db: AsyncSession, case_id: str) -> list[dict]:
    rows = await active_assignments(db, case_id)
    people = await accounts_by_id(db, [a.specialist_id for a in rows])
    return [{**worker_json(people[a.specialist_id]), "since": iso(a.assigned_at)} for a in rows]


def _record_changed(person_id: str, case_id: str) -> Emit:
    # No content in events: the person's client fetches "my record" if it wants to show it.
    return Emit(ToAccount(person_id), "record:changed", {"case_id": case_id})


# --- use cases -------------------------------------------------------------------------------

async def open_case(
    db: AsyncSession,
    clock: Clock,
    actor: Principal,
    *,
    person_id: object = None,
    person_nickname: object = None,
    contact_start: object = None,
    referral_route: object = None,
) -> Outcome[dict]:
    """A specialist or staff member with a relation to a person (a booking, an answered desk
    message) opens the person's record and becomes its first assignee.

    Every refusal after the role check is the same ``no_relation``: whether the nickname
    exists, whether it is a person, and whether a case already exists are never told to
    someone who could not read that case. A refused attempt on an existing case is logged,
    so the person sees who tried."""
    policy.require_caseworker(actor)
    start = text_rules.clean(text_rules.CASE_CONTACT_START, contact_start, field="contact_start", optional=True)
    route = text_rules.clean(text_rules.CASE_REFERRAL_ROUTE, referral_route, field="referral_route", optional=True)
    person = await _person_account(db, person_id, person_nickname)
    if person is None:
        raise policy.no_relation()
    existing = await case_of_person(db, person.id)
    if existing is not None and policy.can_read_case(actor, await active_assignees(db, existing.id)):
        # Only someone who can read it learns that it exists (and where).
        raise DomainError(ErrorCode.CONFLICT, detail={"reason": "case_exists", "case_id": existing.id})
    if existing is not None:
        await trail.refuse(db, clock, existing.id, actor, trail.OPEN, policy.NO_RELATION)
    policy.require_can_open_case(actor, party_of(person), await relations_between(db, actor.account_id, person.id))
    now = clock.now()
    case = Case(
        id=new_id(), person_id=person.id, opened_by_id=actor.account_id, opened_at=now,
        contact_start=start, referral_route=route, updated_at=now, updated_by_id=actor.account_id,
    )
    db.add(case)
    try:
        await db.flush()
    except IntegrityError:  # someone opened the same person's case a moment ago
        raise policy.no_relation() from None
    db.add(Assignment(
        case_id=case.id, specialist_id=actor.account_id, seat=1, assigned_by_id=actor.account_id, assigned_at=now
    ))
    await db.flush()
    await trail.record(db, clock, case.id, actor, trail.OPEN)
    return Outcome(await case_view(db, case), (_record_changed(person.id, case.id),))


async def read_case(db: AsyncSession, clock: Clock, actor: Principal, case_id: object) -> dict:
    case = await _load_case(db, case_id)
    await _require_reader(db, clock, case, actor, trail.READ)
    await trail.record(db, clock, case.id, actor, trail.READ)
    return await case_view(db, case)


async def add_note(db: AsyncSession, clock: Clock, actor: Principal, case_id: object, *, kind: object, body: object) -> dict:
    case = await _load_case(db, case_id)
    await _require_reader(db, clock, case, actor, trail.ADD_NOTE)
    if kind not in NOTE_KINDS:
        raise DomainError(ErrorCode.INVALID, field="kind")
    text = text_rules.required(text_rules.CASE_NOTE, body, field="body")
    note = CaseNote(case_id=case.id, author_id=actor.account_id, kind=kind, body=text, created_at=clock.now())
    db.add(note)
    case.updated_at, case.updated_by_id = clock.now(), actor.account_id
    await trail.record(db, clock, case.id, actor, trail.ADD_NOTE, detail=kind)
    author = await db.get(Account, actor.account_id)
    return {"kind": note.kind, "body": note.body, "author": worker_json(author), "created_at": iso(note.created_at)}


async def update_fields(db: AsyncSession, clock: Clock, actor: Principal, case_id: object, changes: dict[str, object]) -> dict:
    """Set or clear (None or blank) how contact started, the referral route, the next step."""
    case = await _load_case(db, case_id)
    await _require_reader(db, clock, case, actor, trail.UPDATE)
    if not changes or not set(changes) <= set(FIELD_LIMITS):
        raise DomainError(ErrorCode.INVALID)
    cleaned = {
        name: text_rules.clean(FIELD_KINDS[name], value, field=name, optional=True)
        for name, value in changes.items()
    }
    for name, value in cleaned.items():
        setattr(case, name, value)
    case.updated_at, case.updated_by_id = clock.now(), actor.account_id
    await trail.record(db, clock, case.id, actor, trail.UPDATE, detail=",".join(sorted(cleaned)))
    return {name: getattr(case, name) for name in FIELD_LIMITS} | {"updated_at": iso(case.updated_at)}


async def assign(
    db: AsyncSession, clock: Clock, actor: Principal, case_id: object, *, specialist_id: object, reason: object = None
) -> Outcome[dict]:
    """Add the second assignee. Coordinators may do it without being able to read the case."""
    case = await _load_case(db, case_id, lock=True)
    active = await active_assignments(db, case.id)
    assignees = frozenset(a.specialist_id for a in active)
    if not policy.can_assign(actor, assignees):
        await trail.refuse(db, clock, case.id, actor, trail.ASSIGN, _refusal_reason(actor))
    policy.require_free_seat(assignees)
    candidate = await _candidate(db, specialist_id, "specialist_id")
    policy.require_can_be_assigned(party_of(candidate), case.person_id, assignees)
    self_seat = policy.is_self_seating(actor, candidate.id)
    if self_seat:
        why = text_rules.required(text_rules.SELF_SEAT_REASON, reason, field="reason")
    else:
        why = text_rules.clean(text_rules.CASE_REASON, reason, field="reason", optional=True)
    db.add(Assignment(
        case_id=case.id, specialist_id=candidate.id, seat=_free_seat(active), assigned_by_id=actor.account_id,
        assigned_at=clock.now(), reason=why,
    ))
    await _flush_seats(db)
    if self_seat:
        await trail.record(db, clock, case.id, actor, trail.SELF_ASSIGN, detail=why)
    else:
        await trail.record(db, clock, case.id, actor, trail.ASSIGN, detail=candidate.nickname)
    person = await db.get(Account, case.person_id)
    emits = (
        Emit(ToConsole(candidate.id), "case:assigned", {"case_id": case.id, "person_nickname": person.nickname}),
        _record_changed(case.person_id, case.id),
    )
    return Outcome({"case_id": case.id, "assignees": await _assignees_json(db, case.id)}, emits)


async def hand_over(
    db: AsyncSession,
    clock: Clock,
    actor: Principal,
    case_id: object,
    *,
    outgoing_id: object,
    incoming_id: object,
    reason: object,
) -> Outcome[dict]:
    """Replace one assignee by another. The old assignment ends (kept, with who/when/why)."""
    case = await _load_case(db, case_id, lock=True)
    assignees = await active_assignees(db, case.id)
    if not policy.can_assign(actor, assignees):
        await trail.refuse(db, clock, case.id, actor, trail.HAND_OVER, _refusal_reason(actor))
    if not isinstance(outgoing_id, str) or outgoing_id not in assignees:
        raise DomainError(ErrorCode.INVALID, field="outgoing_id", detail={"reason": "not_assigned"})
    if not policy.can_hand_over(actor, outgoing_id, assignees):
        # An assignee may hand over only their own seat.
        await trail.refuse(db, clock, case.id, actor, trail.HAND_OVER, "not_your_seat")
    incoming = await _candidate(db, incoming_id, "incoming_id")
    policy.require_can_be_assigned(party_of(incoming), case.person_id, assignees, field="incoming_id")
    self_seat = policy.is_self_seating(actor, incoming.id)
    why = text_rules.required(text_rules.SELF_SEAT_REASON if self_seat else text_rules.CASE_REASON, reason, field="reason")
    now = clock.now()
    old = next(a for a in await active_assignments(db, case.id) if a.specialist_id == outgoing_id)
    seat = old.seat
    old.ended_at, old.ended_by_id, old.end_reason, old.seat = now, actor.account_id, why, None
    await _flush_seats(db)  # free the seat before the successor takes it
    db.add(Assignment(
        case_id=case.id, specialist_id=incoming.id, seat=seat, assigned_by_id=actor.account_id,
        assigned_at=now, reason=why, previous_id=old.id,
    ))
    await _flush_seats(db)
    outgoing = await db.get(Account, outgoing_id)
    await trail.record(db, clock, case.id, actor, trail.HAND_OVER, detail=f"{outgoing.nickname} → {incoming.nickname}")
    if self_seat:
        await trail.record(db, clock, case.id, actor, trail.SELF_ASSIGN, detail=why)
    person = await db.get(Account, case.person_id)
    emits = (
        Emit(ToConsole(incoming.id), "case:assigned", {"case_id": case.id, "person_nickname": person.nickname}),
        Emit(ToConsole(outgoing_id), "case:unassigned", {"case_id": case.id}),
        _record_changed(case.person_id, case.id),
    )
    return Outcome({"case_id": case.id, "assignees": await _assignees_json(db, case.id)}, emits)


async def _summaries(db: AsyncSession, cases: list[Case]) -> list[dict]:
    """Who and since when, never content: safe for an overview."""
    if not cases:
        return []
    rows = list(await db.scalars(
        select(Assignment)
        .where(Assignment.case_id.in_([c.id for c in cases]), Assignment.ended_at.is_(None))
        .order_by(Assignment.id)
    ))
    people = await accounts_by_id(db, [c.person_id for c in cases] + [a.specialist_id for a in rows])
    return [
        {
            "id": c.id,
            "person": person_json(people.get(c.person_id)),
            "opened_at": iso(c.opened_at),
            "updated_at": iso(c.updated_at),
            "assignees": [worker_json(people.get(a.specialist_id)) for a in rows if a.case_id == c.id],
        }
        for c in cases
    ]


async def my_cases(db: AsyncSession, actor: Principal) -> list[dict]:
    """The cases the caller is an active assignee of (listing is not a read: not logged)."""
    policy.require_can_list_own_cases(actor)
    cases = list(await db.scalars(
        select(Case)
        .join(Assignment, Assignment.case_id == Case.id)
        .where(Assignment.specialist_id == actor.account_id, Assignment.ended_at.is_(None))
        .order_by(Case.updated_at.desc(), Case.id)
    ))
    return await _summaries(db, cases)


async def overview(db: AsyncSession, actor: Principal) -> list[dict]:
    """Every case with its assignees, for staff and admins who coordinate. No content."""
    policy.require_can_view_overview(actor)
    cases = list(await db.scalars(select(Case).order_by(Case.opened_at.desc(), Case.id)))
    return await _summaries(db, cases)


async def caseworkers(db: AsyncSession, actor: Principal) -> list[dict]:
    """Who can be assigned: for the console's pickers."""
    require_kept_account(actor)
    if not (policy.can_list_own_cases(actor) or policy.can_view_overview(actor)):
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "not_a_caseworker"})
    rows = await db.scalars(
        select(Account)
        .where(Account.role.in_([r.value for r in policy.CASEWORKER_ROLES]), Account.disabled.is_(False),
               Account.is_guest.is_(False))
        .order_by(Account.nickname)
    )
    return [worker_json(a) for a in rows]

