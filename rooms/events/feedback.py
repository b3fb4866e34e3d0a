"""The optional questions after an occurrence, answered anonymously, and the counts staff see.

Anonymity by construction: an answer row has the occurrence, the question and the answer,
nothing else (no account, no time). One answer per attendee is enforced by a separate table of
tokens, each HMAC(key, occurrence id + account id) with a key derived from the server secret:
the token proves "this person has answered this occurrence" to the server that can recompute
it, says nothing to anyone reading the table, and no column links a token to an answer.
"""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.events import lookup
from rooms.events.models import EventAttendance, FeedbackAnswer, FeedbackQuestion, FeedbackToken
from rooms.events.registration import REGISTERED, mine
from server.core import text
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.once import once_token
from server.core.principal import Principal

QUESTION_KINDS = ("scale", "choice", "text")
MAX_QUESTIONS = 6
MAX_CHOICES = 6
OPEN_FOR = timedelta(days=14)  # after the end; it opens at the start (a host may end early)


def _invalid(field: str, reason: str) -> DomainError:
    return DomainError(ErrorCode.INVALID, field=field, detail={"reason": reason})


def answer_token(secret: str, occurrence_id: str, account_id: str) -> str:
    return once_token(secret, b"ibasho event feedback v1", occurrence_id, account_id)


def question_json(q: FeedbackQuestion) -> dict:
    return {"id": q.id, "kind": q.kind, "prompt_ja": q.prompt_ja, "prompt_en": q.prompt_en,
            "choices": json.loads(q.choices)}


async def questions(db: AsyncSession, event_id: str) -> list[FeedbackQuestion]:
    return list((await db.scalars(select(FeedbackQuestion).where(FeedbackQuestion.event_id == event_id)
                                  .order_by(FeedbackQuestion.position))).all())


def _parse_question(i: int, raw: dict) -> FeedbackQuestion:
    kind = raw.get("kind")
    if kind not in QUESTION_KINDS:
        raise _invalid(f"questions[{i}].kind", "unknown")
    choices = []
    if kind == "choice":
        given = raw.get("choices") or []
        if not 2 <= len(given) <= MAX_CHOICES:
            raise _invalid(f"questions[{i}].choices", "two_to_six")
        choices = [{"ja": text.required(text.EVENT_CHOICE, c.get("ja"), field=f"questions[{i}].choices"),
                    "en": text.clean(text.EVENT_CHOICE, c.get("en"), field=f"questions[{i}].choices", optional=True) or ""}
                   for c in given]
    return FeedbackQuestion(
        id=new_id(), position=i, kind=kind,
        prompt_ja=text.required(text.EVENT_QUESTION, raw.get("prompt_ja"), field=f"questions[{i}].prompt_ja"),
        prompt_en=text.clean(text.EVENT_QUESTION, raw.get("prompt_en"), field=f"questions[{i}].prompt_en", optional=True) or "",
        choices=json.dumps(choices, ensure_ascii=False))


async def set_questions(db: AsyncSession, actor: Principal, event_id: str, raw: list[dict]) -> list[dict]:
    """Replace the event's questions; refused once anyone has answered (their answers would lose
    the question they answered)."""
    event = await lookup.event(db, event_id)
    await lookup.require_planner(db, event.id, actor.account_id, actor.role)
    if len(raw) > MAX_QUESTIONS:
        raise _invalid("questions", "too_many")
    parsed = [_parse_question(i, q) for i, q in enumerate(raw)]
    old = [q.id for q in await questions(db, event.id)]
    if old and await db.scalar(select(func.count()).select_from(FeedbackAnswer).where(FeedbackAnswer.question_id.in_(old))):
        raise DomainError(ErrorCode.CONFLICT, field="questions", detail={"reason": "already_answered"})
    await db.execute(delete(FeedbackQuestion).where(FeedbackQuestion.event_id == event.id))
    for q in parsed:
        q.event_id = event.id
    db.add_all(parsed)
    await db.flush()
    return [question_json(q) for q in parsed]


async def _eligible(db: AsyncSession, clock: Clock, actor: Principal, occurrence_id: str):
    occ, event = await lookup.occurrence(db, occurrence_id)
    row = await mine(db, occ.id, actor.account_id)
    if row is None or row.status != REGISTERED:
        raise DomainError(ErrorCode.EVENT_NOT_REGISTERED)
    now = clock.now()
    qs = await questions(db, event.id)
    if occ.cancelled or not qs or not occ.starts_at <= now < occ.ends_at + OPEN_FOR:
        raise DomainError(ErrorCode.EVENT_FEEDBACK_CLOSED)
    return occ, event, qs


async def form(db: AsyncSession, clock: Clock, actor: Principal, occurrence_id: str, *, secret: str) -> dict:
    occ, event, qs = await _eligible(db, clock, actor, occurrence_id)
    answered = await db.get(FeedbackToken, answer_token(secret, occ.id, actor.account_id)) is not None
    return {"occurrence_id": occ.id, "title_ja": event.title_ja, "title_en": event.title_en,
            "answered": answered, "questions": [] if answered else [question_json(q) for q in qs]}


def _answer_row(occurrence_id: str, q: FeedbackQuestion, raw: dict) -> FeedbackAnswer:
    row = FeedbackAnswer(id=new_id(), occurrence_id=occurrence_id, question_id=q.id)
    value = raw.get("value")
    if q.kind == "scale":
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise _invalid("answers", "scale_is_1_to_5")
        row.scale = value
    elif q.kind == "choice":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < len(json.loads(q.choices)):
            raise _invalid("answers", "unknown_choice")
        row.choice = value
    else:
        row.text = text.required(text.SURVEY_ANSWER, value, field="answers")
    return row


async def answer(db: AsyncSession, clock: Clock, actor: Principal, occurrence_id: str, answers: list[dict], *,
                 secret: str) -> dict:
    """Every question may be skipped; at least one must be answered. Only once per person."""
    occ, _event, qs = await _eligible(db, clock, actor, occurrence_id)
    by_id = {q.id: q for q in qs}
    if not answers or len({a.get("question_id") for a in answers}) != len(answers):
        raise _invalid("answers", "one_per_question")
    rows = []
    for raw in answers:
        q = by_id.get(raw.get("question_id"))
        if q is None:
            raise _invalid("answers", "unknown_question")
        rows.append(_answer_row(occ.id, q, raw))
    token = answer_token(secret, occ.id, actor.account_id)
    if await db.get(FeedbackToken, token) is not None:
        raise DomainError(ErrorCode.EVENT_FEEDBACK_ANSWERED)
    db.add(FeedbackToken(token=token))
    try:
        await db.flush()  # a second answer racing this one stops here, before any answer row
    except IntegrityError:
        raise DomainError(ErrorCode.EVENT_FEEDBACK_ANSWERED) from None
    db.add_all(rows)
    await db.flush()
    return {"answered": True}


async def results(db: AsyncSession, actor: Principal, occurrence_id: str) -> dict:
    """Counts for the event's hosts and staff: attendance by kind, each question's tally.
    Short texts are listed sorted, so their order says nothing about who wrote them."""
    occ, event = await lookup.occurrence(db, occurrence_id)
    await lookup.require_planner(db, event.id, actor.account_id, actor.role)
    attendance = dict((await db.execute(select(EventAttendance.account_kind, EventAttendance.count)
                                         .where(EventAttendance.occurrence_id == occ.id))).all())
    tallies = []
    for q in await questions(db, event.id):
        rows = (await db.execute(select(FeedbackAnswer.scale, FeedbackAnswer.choice, FeedbackAnswer.text).where(
            FeedbackAnswer.occurrence_id == occ.id, FeedbackAnswer.question_id == q.id))).all()
        entry = {**question_json(q), "answers": len(rows)}
        if q.kind == "scale":
            entry["counts"] = [sum(1 for r in rows if r.scale == v) for v in range(1, 6)]
        elif q.kind == "choice":
            entry["counts"] = [sum(1 for r in rows if r.choice == i) for i in range(len(entry["choices"]))]
        else:
            entry["texts"] = sorted(r.text for r in rows)
        tallies.append(entry)
    return {"occurrence_id": occ.id, "attendance": attendance, "attended": sum(attendance.values()),
            "questions": tallies}


async def open_forms(db: AsyncSession, clock: Clock, actor: Principal, *, secret: str) -> list[dict]:
    """The sessions one signed up for whose questions are open and not yet answered."""
    from rooms.events.models import Event, EventOccurrence, EventRegistration
    from server.core.dates import iso

    now = clock.now()
    pairs = (await db.execute(select(EventOccurrence, Event).join(Event, Event.id == EventOccurrence.event_id).join(
        EventRegistration, EventRegistration.occurrence_id == EventOccurrence.id).where(
        EventRegistration.account_id == actor.account_id, EventRegistration.status == REGISTERED,
        EventOccurrence.cancelled.is_(False), EventOccurrence.starts_at <= now,
        EventOccurrence.ends_at > now - OPEN_FOR).order_by(EventOccurrence.starts_at.desc()).limit(20))).all()
    out = []
    for occ, event in pairs:
        if not await questions(db, event.id):
            continue
        if await db.get(FeedbackToken, answer_token(secret, occ.id, actor.account_id)) is not None:
            continue
        out.append({"occurrence_id": occ.id, "title_ja": event.title_ja, "title_en": event.title_en,
                    "starts_at": iso(occ.starts_at)})
    return out
