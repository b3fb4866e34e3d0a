"""What staff see of a survey's answers: counts, the scale's distribution and mean, the free
texts, every group under five shown only as "fewer than 5" (server/core/small_counts.py).

The shape, one dict per survey, is shared by the console's results and the municipal report:
{id, title_ja, title_en, audience, opens_at, closes_at, state,
 respondents: {count} | {suppressed, fewer_than},
 questions: [{id, kind, prompt_ja, prompt_en, options, answers: <count>,
              options' counts (single, multiple) | distribution + mean (scale) | texts (text)}]}
A suppressed group sends no number, no mean and no text at all.
"""
from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.surveys.models import Survey, SurveyAnswer, SurveyToken
from rooms.surveys.service import find_survey, question_json, questions_of, survey_json
from server.core.small_counts import shown, suppress, suppress_parts


def tally(question: dict, values: list, threshold: int = 5) -> dict:
    """One question's results from its stored values (pure): a scale's ints, the lists of
    option ids picked, or the texts."""
    n = len(values)
    entry = {**question, "answers": suppress(n, threshold)}
    kind = question["kind"]
    if kind in ("single", "multiple"):
        picked = Counter(p for picks in values for p in picks)
        counts = [picked.get(o["id"], 0) for o in question["options"]]
        parts = suppress_parts(counts, total_shown=kind == "single" and shown(n, threshold), threshold=threshold)
        entry["options"] = [{**o, **part} for o, part in zip(question["options"], parts)]
    elif kind == "scale":
        counts = [sum(1 for v in values if v == point) for point in range(1, 6)]
        parts = suppress_parts(counts, total_shown=shown(n, threshold), threshold=threshold)
        entry["distribution"] = [{"value": point, **part} for point, part in zip(range(1, 6), parts)]
        # The mean with the shown cells gives the hidden answers' count and sum, which can solve
        # a hidden cell (five 4s and a mean of 4.2: the sixth answered 5): only with none hidden.
        hidden_answers = sum(c for c, part in zip(counts, parts) if part.get("suppressed"))
        entry["mean"] = round(sum(values) / n, 1) if shown(n, threshold) and hidden_answers == 0 else None
    else:
        entry["texts"] = sorted(values) if shown(n, threshold) else []  # sorted: order says nothing of who
    return entry


async def survey_results(db: AsyncSession, survey: Survey, now: datetime) -> dict:
    respondents = await db.scalar(select(func.count()).select_from(SurveyToken).where(SurveyToken.survey_id == survey.id))
    rows = (await db.execute(select(SurveyAnswer.question_id, SurveyAnswer.scale, SurveyAnswer.picks, SurveyAnswer.text)
                             .where(SurveyAnswer.survey_id == survey.id))).all()
    by_question: dict[str, list] = {}
    for row in rows:
        value = row.scale if row.scale is not None else json.loads(row.picks) if row.picks is not None else row.text
        by_question.setdefault(row.question_id, []).append(value)
    questions = [tally(question_json(q), by_question.get(q.id, [])) for q in await questions_of(db, survey.id)]
    return {**survey_json(survey, now), "respondents": suppress(respondents or 0), "questions": questions}


async def results(db: AsyncSession, now: datetime, survey_id: str) -> dict:
    return await survey_results(db, await find_survey(db, survey_id), now)
