"""A survey's results for staff: how long ``rooms.surveys.results.results`` takes (tally per
question, small-count suppression, sorted free texts) for N people who answered all four
questions of the demo-shaped survey, against the baseline of only reading the same answer rows
(one SELECT, no tally) in the same run on the same SQLite file. Prints one JSON object.

    .venv/bin/python -m bench.survey_results --respondents 1000 5000 20000
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select

import server.models  # noqa: F401  (every table in the metadata)
from rooms.surveys import results as survey_results
from rooms.surveys import service
from rooms.surveys.models import SurveyAnswer, SurveyToken
from server.core.base import Base
from server.core.clock import FakeClock
from server.core.ids import new_id
from server.core.principal import Principal, Role
from server.db import create_engine, session_factory

NOW = datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)
QUESTIONS = [
    {"kind": "single", "prompt_ja": "a", "options": [{"ja": "x"}, {"ja": "y"}, {"ja": "z"}]},
    {"kind": "multiple", "prompt_ja": "b", "options": [{"ja": "x"}, {"ja": "y"}, {"ja": "z"}, {"ja": "w"}]},
    {"kind": "scale", "prompt_ja": "c"},
    {"kind": "text", "prompt_ja": "d"},
]


async def _seed(sessions, respondents: int) -> str:
    clock = FakeClock(NOW)
    async with sessions.begin() as db:
        made = await service.create(db, clock, Principal("", Role.STAFF), {
            "title_ja": "bench", "audience": "everyone", "opens_at": NOW, "closes_at": NOW + timedelta(days=7),
            "questions": QUESTIONS})
    survey_id, q = made["id"], {x["kind"]: x["id"] for x in made["questions"]}
    async with sessions.begin() as db:
        await db.execute(insert(SurveyToken), [{"token": new_id() + new_id(), "survey_id": survey_id} for _ in range(respondents)])
        rows = []
        for i in range(respondents):
            rows += [
                {"id": new_id(), "survey_id": survey_id, "question_id": q["single"], "picks": json.dumps([f"o{i % 3 + 1}"])},
                {"id": new_id(), "survey_id": survey_id, "question_id": q["multiple"], "picks": json.dumps(["o1", f"o{i % 4 + 1}"][: 1 + i % 2])},
                {"id": new_id(), "survey_id": survey_id, "question_id": q["scale"], "scale": i % 5 + 1},
                {"id": new_id(), "survey_id": survey_id, "question_id": q["text"], "text": f"ひとこと {i % 97}"},
            ]
        await db.execute(insert(SurveyAnswer), rows)
    return survey_id


async def _timed(fn, runs: int) -> float:
    took = []
    for _ in range(runs):
        t0 = time.perf_counter()
        await fn()
        took.append(time.perf_counter() - t0)
    return statistics.median(took) * 1000


async def run(sizes: list[int], runs: int) -> dict:
    out = {"bench": "survey_results", "unit": "ms (median of runs)", "runs": runs, "cases": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            engine = create_engine(f"sqlite+aiosqlite:///{tmp}/bench-{n}.db")
            async with engine.begin() as conn:
                await conn.run_sync(Base.metadata.create_all)
            sessions = session_factory(engine)
            survey_id = await _seed(sessions, n)

            async def baseline():
                async with sessions() as db:
                    (await db.execute(select(SurveyAnswer.question_id, SurveyAnswer.scale, SurveyAnswer.picks,
                                             SurveyAnswer.text).where(SurveyAnswer.survey_id == survey_id))).all()

            async def full():
                async with sessions() as db:
                    await survey_results.results(db, NOW, survey_id)

            base_ms, full_ms = await _timed(baseline, runs), await _timed(full, runs)
            out["cases"].append({"respondents": n, "answer_rows": 4 * n, "read_rows_ms": round(base_ms, 1),
                                 "results_ms": round(full_ms, 1), "ratio": round(full_ms / base_ms, 2)})
            await engine.dispose()
    out["load_avg_1m"] = round(os.getloadavg()[0], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.respondents, args.runs))))


if __name__ == "__main__":
    main()
