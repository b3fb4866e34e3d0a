"""Anonymous surveys: composing (staff, admins), finding and answering (people), counting.

Services take ``(db, clock, actor, ...)`` and return plain values; the route sends nothing
live. The answer path: check the survey is open and for the caller, check each answer's
shape, screen free texts (``contact_kinds`` is the app's personal-information shield, passed
in so the domain stays transport-free), then store a token and the answers, unlinked.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Callable, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.surveys import policy
from rooms.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyToken
from server.core import text
from server.core.clock import Clock
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.once import once_token
from server.core.principal import Principal
from server.core.small_counts import suppress

TOKEN_PURPOSE = b"ibasho survey answer v1"
ContactKinds = Callable[[str], Sequence[str]]


def answer_token(secret: str, survey_id: str, account_id: str) -> str:
    return once_token(secret, TOKEN_PURPOSE, survey_id, account_id)


def survey_state(survey: Survey, now: datetime) -> str:
    return policy.state(published=survey.published, opens_at=survey.opens_at, closes_at=survey.closes_at,
                        closed_early_at=survey.closed_early_at, now=now)


def question_json(q: SurveyQuestion) -> dict:
    return {"id": q.id, "kind": q.kind, "prompt_ja": q.prompt_ja, "prompt_en": q.prompt_en,
            "options": json.loads(q.options)}


def survey_json(s: Survey, now: datetime, questions: list[SurveyQuestion] | None = None) -> dict:
    shown = {"id": s.id, "title_ja": s.title_ja, "title_en": s.title_en, "description_ja": s.description_ja,
             "description_en": s.description_en, "audience": s.audience, "opens_at": iso(s.opens_at),
             "closes_at": iso(s.closed_early_at or s.closes_at), "state": survey_state(s, now)}
    if questions is not None:
        shown["questions"] = [question_json(q) for q in questions]
    return shown


async def questions_of(db: AsyncSession, survey_id: str) -> list[SurveyQuestion]:
    return list((await db.scalars(select(SurveyQuestion).where(SurveyQuestion.survey_id == survey_id)
                                  .order_by(SurveyQuestion.position))).all())


async def find_survey(db: AsyncSession, survey_id: str) -> Survey:
    survey = await db.get(Survey, survey_id) if isinstance(survey_id, str) and len(survey_id) <= 32 else None
    if survey is None:
        raise DomainError(ErrorCode.SURVEY_NOT_FOUND)
    return survey


# --- composing (staff and admins; the route's auth says who) --------------------------------

def _fields(raw: dict) -> tuple[dict, list[dict]]:
    audience = raw.get("audience", "everyone")
    if audience not in policy.AUDIENCES:
        raise policy.invalid("audience", "unknown")
    given = raw.get("questions") or []
    if not 1 <= len(given) <= policy.MAX_QUESTIONS:
        raise policy.invalid("questions", "one_to_ten")
    opens_at, closes_at = raw["opens_at"], raw["closes_at"]
    policy.check_dates(opens_at, closes_at)
    fields = {
        "title_ja": text.required(text.SURVEY_TITLE, raw.get("title_ja"), field="title_ja"),
        "title_en": text.clean(text.SURVEY_TITLE, raw.get("title_en"), field="title_en", optional=True) or "",
        "description_ja": text.clean(text.SURVEY_DESCRIPTION, raw.get("description_ja"), field="description_ja",
                                     optional=True) or "",
        "description_en": text.clean(text.SURVEY_DESCRIPTION, raw.get("description_en"), field="description_en",
                                     optional=True) or "",
        "audience": audience, "opens_at": opens_at, "closes_at": closes_at}
    return fields, [policy.parse_question(i, q) for i, q in enumerate(given)]


def _question_rows(survey_id: str, parsed: list[dict]) -> list[SurveyQuestion]:
    return [SurveyQuestion(id=new_id(), survey_id=survey_id, position=i, kind=q["kind"], prompt_ja=q["prompt_ja"],
                           prompt_en=q["prompt_en"], options=json.dumps(q["options"], ensure_ascii=False))
            for i, q in enumerate(parsed)]


async def create(db: AsyncSession, clock: Clock, actor: Principal, raw: dict) -> dict:
    """A draft: nobody sees it until it is published."""
    fields, parsed = _fields(raw)
    now = clock.now()
    survey = Survey(id=new_id(), published=False, closed_early_at=None, created_by=actor.account_id or None,
                    created_at=now, updated_at=now, **fields)
    db.add(survey)
    await db.flush()
    rows = _question_rows(survey.id, parsed)
    db.add_all(rows)
    await db.flush()
    return survey_json(survey, now, rows)


async def update(db: AsyncSession, clock: Clock, actor: Principal, survey_id: str, raw: dict) -> dict:
    """A draft is rewritten whole; a published survey stays as people answered it."""
    survey = await find_survey(db, survey_id)
    if survey.published:
        raise DomainError(ErrorCode.SURVEY_NOT_DRAFT)
    fields, parsed = _fields(raw)
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.updated_at = clock.now()
    await db.execute(delete(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id))
    rows = _question_rows(survey.id, parsed)
    db.add_all(rows)
    await db.flush()
    return survey_json(survey, clock.now(), rows)


async def remove(db: AsyncSession, survey_id: str) -> dict:
    survey = await find_survey(db, survey_id)
    if survey.published:
        raise DomainError(ErrorCode.SURVEY_NOT_DRAFT)
    await db.delete(survey)
    await db.flush()
    return {"id": survey_id, "deleted": True}


async def publish(db: AsyncSession, clock: Clock, survey_id: str) -> dict:
    survey = await find_survey(db, survey_id)
    now = clock.now()
    if survey.published:
        raise DomainError(ErrorCode.SURVEY_NOT_DRAFT)
    if survey.closes_at <= now:
        raise policy.invalid("closes_at", "already_past")
    survey.published, survey.updated_at = True, now
    await db.flush()
    return survey_json(survey, now, await questions_of(db, survey.id))


async def close(db: AsyncSession, clock: Clock, survey_id: str) -> dict:
    """Close early (or a scheduled one before it opens); closing a closed survey changes nothing."""
    survey = await find_survey(db, survey_id)
    now = clock.now()
    state = survey_state(survey, now)
    if state == "draft":
        raise DomainError(ErrorCode.SURVEY_NOT_OPEN)
    if state != "closed":
        survey.closed_early_at, survey.updated_at = now, now
        await db.flush()
    return survey_json(survey, now)


async def managed(db: AsyncSession, clock: Clock) -> list[dict]:
    now = clock.now()
    surveys = (await db.scalars(select(Survey).order_by(Survey.opens_at.desc()).limit(200))).all()
    counts = dict((await db.execute(select(SurveyToken.survey_id, func.count()).group_by(SurveyToken.survey_id))).all())
    return [{**survey_json(s, now), "answered_by": _respondents(counts.get(s.id, 0))} for s in surveys]


async def managed_one(db: AsyncSession, clock: Clock, survey_id: str) -> dict:
    survey = await find_survey(db, survey_id)
    return survey_json(survey, clock.now(), await questions_of(db, survey.id))


def _respondents(n: int) -> dict:
    return suppress(n)


# --- finding and answering ------------------------------------------------------------------

async def _answered(db: AsyncSession, secret: str, survey_id: str, actor: Principal) -> bool:
    return await db.get(SurveyToken, answer_token(secret, survey_id, actor.account_id)) is not None


async def open_for(db: AsyncSession, clock: Clock, actor: Principal, *, secret: str) -> list[dict]:
    """The surveys open now and meant for the caller, each saying whether it is answered."""
    now = clock.now()
    return [{**survey_json(s, now), "answered": await _answered(db, secret, s.id, actor)}
            for s in await _open_surveys(db, now) if policy.for_me(s.audience, actor)]


async def _open_surveys(db: AsyncSession, now: datetime) -> list[Survey]:
    return list((await db.scalars(select(Survey).where(
        Survey.published.is_(True), Survey.closed_early_at.is_(None), Survey.opens_at <= now, Survey.closes_at > now)
        .order_by(Survey.closes_at).limit(50))).all())


async def open_now(db: AsyncSession, now: datetime) -> list[dict]:
    """Every survey open now, whoever it is for (the public /surveys page lists them all)."""
    return [survey_json(s, now) for s in await _open_surveys(db, now)]


async def shown_publicly(db: AsyncSession, now: datetime, survey_id: str) -> dict | None:
    """An open survey with its questions, for the page; None for anything else."""
    survey = await db.get(Survey, survey_id) if len(survey_id) <= 32 else None
    if survey is None or survey_state(survey, now) != "open":
        return None
    return survey_json(survey, now, await questions_of(db, survey.id))


async def _answerable(db: AsyncSession, clock: Clock, actor: Principal, survey_id: str) -> Survey:
    survey = await find_survey(db, survey_id)
    state = survey_state(survey, clock.now())
    if state == "draft":
        raise DomainError(ErrorCode.SURVEY_NOT_FOUND)  # a draft does not exist for people
    if state != "open":
        raise DomainError(ErrorCode.SURVEY_NOT_OPEN, detail={"state": state})
    if not policy.for_me(survey.audience, actor):
        raise DomainError(ErrorCode.SURVEY_NOT_FOR_YOU)
    return survey


async def one_for(db: AsyncSession, clock: Clock, actor: Principal, survey_id: str, *, secret: str) -> dict:
    survey = await _answerable(db, clock, actor, survey_id)
    return {**survey_json(survey, clock.now(), await questions_of(db, survey.id)),
            "answered": await _answered(db, secret, survey.id, actor)}


async def answer(db: AsyncSession, clock: Clock, actor: Principal, survey_id: str, answers: list[dict], *,
                 secret: str, contact_kinds: ContactKinds) -> dict:
    """Once per account. Free texts with contact details are refused, not masked: an
    anonymous answer has no place for them, and the person can rewrite and send again."""
    survey = await _answerable(db, clock, actor, survey_id)
    questions = await questions_of(db, survey.id)
    checked = policy.check_answers(
        [policy.Question(q.id, q.kind, tuple(o["id"] for o in json.loads(q.options))) for q in questions], answers)
    for q, value in checked:
        if q.kind == "text":
            kinds = list(dict.fromkeys(contact_kinds(value)))
            if kinds:
                raise DomainError(ErrorCode.SURVEY_PERSONAL_INFO, field="answers",
                                  detail={"question_id": q.id, "kinds": kinds})
    if await _answered(db, secret, survey.id, actor):
        raise DomainError(ErrorCode.SURVEY_ANSWERED)
    db.add(SurveyToken(token=answer_token(secret, survey.id, actor.account_id), survey_id=survey.id))
    try:
        await db.flush()  # the second of two racing answers stops here, before any answer row
    except IntegrityError:
        raise DomainError(ErrorCode.SURVEY_ANSWERED) from None
    db.add_all([SurveyAnswer(id=new_id(), survey_id=survey.id, question_id=q.id,
                             scale=value if q.kind == "scale" else None,
                             picks=json.dumps(value) if q.kind in ("single", "multiple") else None,
                             text=value if q.kind == "text" else None) for q, value in checked])
    await db.flush()
    return {"answered": True}
