"""Letters: short asynchronous notes between a person and the specialists of their case,
for when a live meeting is too much. Kept until the recipient deletes them.

Deliberately no read receipts for the sender: a person should never feel watched for not
answering. The "letter:new" event carries no text, only who wrote, so the space can show a
quiet notice.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from rooms.casework import cases, policy
from rooms.casework.models import Assignment, Case, Letter
from rooms.casework.views import iso, party_of, person_json, worker_json
from server.core import text as text_rules
from server.core import quota
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount
from server.core.policy import require_kept_account
from server.core.principal import Principal, Role

BODY_MAX = text_rules.LETTER_BODY.max_length
SUBJECT_MAX = text_rules.LETTER_SUBJECT.max_length
PREVIEW_CHARS = 60
PAGE_SIZE = 50
# Generous for real correspondence, small enough that nobody can flood a mailbox.
LETTERS_PER_DAY = 30
LETTERS_QUOTA = quota.Quota("letters_per_day", LETTERS_PER_DAY)


def _preview(body: str) -> str:
    first = body.replace("\n", " ")
    return first if len(first) <= PREVIEW_CHARS else first[:PREVIEW_CHARS] + "…"


def _summary(letter: Letter, other: Account | None, *, mine: bool) -> dict:
    data = {
        "id": letter.id,
        "subject": letter.subject,
        "preview": _preview(letter.body),
        "created_at": iso(letter.created_at),
    }
    if mine:  # inbox: who wrote, and whether I read it
        data["sender"] = _party_json(other)
        data["read"] = letter.read_at is not None
    else:  # sent: to whom; whether it was read is the recipient's business
        data["recipient"] = _party_json(other)
    return data


def _party_json(account: Account | None) -> dict | None:
    if account is None:
        return None
    return person_json(account) if account.role == Role.VISITOR.value else worker_json(account)


async def _assignees_of_case_about(db: AsyncSession, person_id: str) -> frozenset[str] | None:
    case = await cases.case_of_person(db, person_id)
    return None if case is None else await cases.active_assignees(db, case.id)


async def send_letter(
    db: AsyncSession, clock: Clock, actor: Principal, *, recipient_id: object, subject: object = None, body: object
) -> Outcome[dict]:
    require_kept_account(actor)
    text = text_rules.required(text_rules.LETTER_BODY, body, field="body")
    title = text_rules.clean(text_rules.LETTER_SUBJECT, subject, field="subject", optional=True)
    recipient = await db.get(Account, recipient_id) if isinstance(recipient_id, str) and len(recipient_id) <= 32 else None
    policy.require_can_write_letter(
        actor,
        party_of(recipient) if recipient else None,
        recipient_case_assignees=await _assignees_of_case_about(db, recipient.id) if recipient else None,
        sender_case_assignees=await _assignees_of_case_about(db, actor.account_id),
    )
    since = clock.now() - timedelta(days=1)
    sent_today = select(func.count()).select_from(Letter).where(Letter.sender_id == actor.account_id, Letter.created_at > since)
    await quota.require_room(db, LETTERS_QUOTA, actor.account_id, sent_today)
    letter = Letter(
        id=new_id(), sender_id=actor.account_id, recipient_id=recipient.id,
        subject=title, body=text, created_at=clock.now(),
    )
    db.add(letter)
    await db.flush()
    sender = await db.get(Account, actor.account_id)
    notice = Emit(ToAccount(recipient.id), "letter:new", {"id": letter.id, "sender_nickname": sender.nickname})
    return Outcome(_summary(letter, recipient, mine=False), (notice,))


async def _page(db: AsyncSession, condition, offset: int) -> tuple[list[Letter], int]:
    total = await db.scalar(select(func.count()).select_from(Letter).where(condition))
    rows = await db.scalars(
        select(Letter).where(condition).order_by(Letter.created_at.desc(), Letter.id).offset(offset).limit(PAGE_SIZE)
    )
    return list(rows), total


def _offset(raw: object) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= 1_000_000:
        raise DomainError(ErrorCode.INVALID, field="offset")
    return raw


async def inbox(db: AsyncSession, actor: Principal, *, offset: object = 0) -> dict:
    require_kept_account(actor)
    mine = and_(Letter.recipient_id == actor.account_id, Letter.recipient_deleted_at.is_(None))
    rows, total = await _page(db, mine, _offset(offset))
    unread = await db.scalar(select(func.count()).select_from(Letter).where(mine, Letter.read_at.is_(None)))
    people = await cases.accounts_by_id(db, [r.sender_id for r in rows])
    return {"letters": [_summary(r, people.get(r.sender_id), mine=True) for r in rows], "total": total, "unread": unread}


async def sent(db: AsyncSession, actor: Principal, *, offset: object = 0) -> dict:
    require_kept_account(actor)
    mine = and_(Letter.sender_id == actor.account_id, Letter.sender_deleted_at.is_(None))
    rows, total = await _page(db, mine, _offset(offset))
    people = await cases.accounts_by_id(db, [r.recipient_id for r in rows])
    return {"letters": [_summary(r, people.get(r.recipient_id), mine=False) for r in rows], "total": total}


async def _own_copy(db: AsyncSession, actor: Principal, letter_id: object) -> Letter:
    """The letter if the caller holds an undeleted copy; otherwise NOT_FOUND, whether or not
    it exists (nobody learns about other people's letters)."""
    require_kept_account(actor)
    letter = await db.get(Letter, letter_id) if isinstance(letter_id, str) and len(letter_id) <= 32 else None
    if letter is not None:
        if letter.recipient_id == actor.account_id and letter.recipient_deleted_at is None:
            return letter
        if letter.sender_id == actor.account_id and letter.sender_deleted_at is None:
            return letter
    raise DomainError(ErrorCode.NOT_FOUND)


async def get_letter(db: AsyncSession, actor: Principal, letter_id: object) -> dict:
    letter = await _own_copy(db, actor, letter_id)
    people = await cases.accounts_by_id(db, [letter.sender_id, letter.recipient_id])
    incoming = letter.recipient_id == actor.account_id
    data = {
        "id": letter.id,
        "subject": letter.subject,
        "body": letter.body,
        "created_at": iso(letter.created_at),
        "sender": _party_json(people.get(letter.sender_id)),
        "recipient": _party_json(people.get(letter.recipient_id)),
        "direction": "in" if incoming else "out",
    }
    if incoming:
        data["read"] = letter.read_at is not None
    return data


async def mark_read(db: AsyncSession, clock: Clock, actor: Principal, letter_id: object) -> dict:
    letter = await _own_copy(db, actor, letter_id)
    if letter.recipient_id != actor.account_id:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "not_the_recipient"})
    if letter.read_at is None:
        letter.read_at = clock.now()
    return {"id": letter.id, "read": True}


async def delete_letter(db: AsyncSession, clock: Clock, actor: Principal, letter_id: object) -> None:
    """Hide the caller's copy. The other side keeps theirs; the row goes when both deleted."""
    letter = await _own_copy(db, actor, letter_id)
    now = clock.now()
    if letter.recipient_id == actor.account_id:
        letter.recipient_deleted_at = now
    if letter.sender_id == actor.account_id:
        letter.sender_deleted_at = now
    if letter.recipient_deleted_at is not None and letter.sender_deleted_at is not None:
        await db.execute(delete(Letter).where(Letter.id == letter.id))
    else:
        await db.flush()


async def contacts(db: AsyncSession, actor: Principal) -> list[dict]:
    """Whom the caller may write to: a person's assigned specialists, or a specialist's people."""
    require_kept_account(actor)
    if actor.role in policy.CASEWORKER_ROLES:
        rows = await db.scalars(
            select(Account)
            .join(Case, Case.person_id == Account.id)
            .join(Assignment, Assignment.case_id == Case.id)
            .where(Assignment.specialist_id == actor.account_id, Assignment.ended_at.is_(None))
            .order_by(Account.nickname)
        )
        return [person_json(a) for a in rows if policy.is_person(party_of(a))]
    case = await cases.case_of_person(db, actor.account_id)
    if case is None or actor.role != Role.VISITOR:
        return []
    assignees = await cases.accounts_by_id(db, await cases.active_assignees(db, case.id))
    return [worker_json(a) for a in sorted(assignees.values(), key=lambda a: a.nickname) if policy.is_caseworker(party_of(a))]

