"""A demo survey for `make run`: open for everyone for 90 days from the first seeding, so the
plaza's sign, list mode, /surveys and the console's results have something to show. Seeded
only when there are no surveys at all (a survey staff made is never touched)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from rooms.surveys.models import Survey
from rooms.surveys.service import create
from server.core.clock import Clock
from server.core.principal import Principal, Role

DEMO_SURVEY = {
    "title_ja": "いばしょに来てみて", "title_en": "Visiting Ibasho",
    "description_ja": "三つの短い問いです。名前なしで答えられ、だれの回答かはスタッフにもわかりません。",
    "description_en": "Three short questions. You answer without a name; nobody, staff included, can tell whose answer is whose.",
    "audience": "everyone",
    "questions": [
        {"kind": "multiple", "prompt_ja": "ここにあったらうれしいものは?", "prompt_en": "What would you like to find here?",
         "options": [{"ja": "ただ居られる場所", "en": "A place just to be"}, {"ja": "同じ立場の人との話", "en": "Talking with people like me"},
                     {"ja": "専門家への相談", "en": "Talking to a specialist"}, {"ja": "家族向けの情報", "en": "Information for families"}]},
        {"kind": "scale", "prompt_ja": "ここは居心地がいいですか(1〜5)", "prompt_en": "How comfortable is it here (1-5)?",
         "options": []},
        {"kind": "text", "prompt_ja": "ひとことあれば(連絡先は書かないでください)",
         "prompt_en": "Anything you'd like to tell us (no contact details, please)", "options": []},
    ],
}


async def seed_survey(db: AsyncSession, clock: Clock, author_id: str | None) -> int:
    if await db.scalar(select(func.count()).select_from(Survey)):
        return 0
    now = clock.now()
    made = await create(db, clock, Principal(author_id or "", Role.STAFF),
                        {**DEMO_SURVEY, "opens_at": now, "closes_at": now + timedelta(days=90)})
    (await db.get(Survey, made["id"])).published = True
    await db.flush()
    return 1
