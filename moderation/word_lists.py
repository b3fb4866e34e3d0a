"""Word lists kept by moderators (issue 12, item 7), and the flags they raise.

A row is a phrase and what the shield does when a text holds it: ``flag`` (let it through and
note it for moderators), ``mask`` (●●● in what others read) or ``refuse`` (WORD_REFUSED, the
text is not sent). Every change is in the audit log. The live list is rebuilt whole from the
rows (``build``) and handed to the shield after each change and every half minute, so every
server process picks up a change from another.

A flag keeps when, in which kind of place, whose account (pseudonymous id) and which phrase;
never the message text: what was written stays in the chat's short memory, where a report's
snapshot can take it if someone reports it.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from moderation import audit
from moderation.screen import WordList, screen
from moderation.screen.results import ACTIONS
from server.core import text as text_rules
from server.core.base import Base
from server.core.clock import Clock
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.policy import MODERATION_ROLES
from server.core.principal import Principal

FLAG_RETENTION = timedelta(days=90)
MAX_WORDS = 5000


class ModerationWord(Base):
    __tablename__ = "moderation_words"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    phrase: Mapped[str] = mapped_column(String(100), unique=True)
    action: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
    created_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class ModerationFlag(Base):
    __tablename__ = "moderation_flags"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    phrase: Mapped[str] = mapped_column(String(100))


def require_moderator(principal: Principal | None) -> Principal:
    if principal is None or principal.role not in MODERATION_ROLES:
        raise DomainError(ErrorCode.FORBIDDEN)
    return principal


def word_json(word: ModerationWord) -> dict[str, Any]:
    return {"id": word.id, "phrase": word.phrase, "action": word.action, "created_at": iso(word.created_at)}


def _action(action: object) -> str:
    if action not in ACTIONS:
        raise DomainError(ErrorCode.INVALID, field="action")
    return action


def _phrase(raw: object) -> str:
    phrase = text_rules.required(text_rules.WORD_PHRASE, raw, field="phrase")
    try:
        WordList.build([(phrase, "flag")])  # the engine's own rules (a letter or a digit, ...)
    except ValueError:
        raise DomainError(ErrorCode.INVALID, field="phrase", detail={"reason": "no_letter"}) from None
    return phrase


async def all_words(db: AsyncSession) -> list[ModerationWord]:
    return list(await db.scalars(select(ModerationWord).order_by(ModerationWord.created_at, ModerationWord.id)))


async def build(db: AsyncSession) -> WordList | None:
    """The live list from the rows; None when there are none (the shield skips the pass)."""
    rows = [(w.phrase, w.action) for w in await all_words(db)]
    return WordList.build(rows) if rows else None


async def list_words(db: AsyncSession, actor: Principal) -> list[dict[str, Any]]:
    require_moderator(actor)
    return [word_json(w) for w in await all_words(db)]


async def add_word(db: AsyncSession, clock: Clock, actor: Principal, phrase: object, action: object) -> dict[str, Any]:
    require_moderator(actor)
    word = ModerationWord(id=new_id(), phrase=_phrase(phrase), action=_action(action), created_at=clock.now(),
                          created_by=actor.account_id)
    if len(await all_words(db)) >= MAX_WORDS:
        raise DomainError(ErrorCode.CONFLICT, detail={"reason": "list_full"})
    try:
        async with db.begin_nested():
            db.add(word)
            await db.flush()
    except IntegrityError:
        raise DomainError(ErrorCode.CONFLICT, field="phrase", detail={"reason": "already_listed"}) from None
    await audit.record(db, clock, actor_id=actor.account_id, action="words.add", target=word.id,
                       detail={"phrase": word.phrase, "action": word.action})
    return word_json(word)


async def change_word(db: AsyncSession, clock: Clock, actor: Principal, word_id: str, action: object) -> dict[str, Any]:
    require_moderator(actor)
    action = _action(action)
    word = await db.get(ModerationWord, word_id) if len(word_id) <= 32 else None
    if word is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    before, word.action = word.action, action
    await audit.record(db, clock, actor_id=actor.account_id, action="words.change", target=word.id,
                       detail={"phrase": word.phrase, "from": before, "to": action})
    return word_json(word)


async def remove_word(db: AsyncSession, clock: Clock, actor: Principal, word_id: str) -> dict[str, Any]:
    require_moderator(actor)
    word = await db.get(ModerationWord, word_id) if len(word_id) <= 32 else None
    if word is None:
        raise DomainError(ErrorCode.NOT_FOUND)
    await db.delete(word)
    await audit.record(db, clock, actor_id=actor.account_id, action="words.remove", target=word.id,
                       detail={"phrase": word.phrase, "action": word.action})
    return {"removed": word.id}


async def note_flags(db: AsyncSession, clock: Clock, *, channel: str, account_id: str, phrases: tuple[str, ...]) -> None:
    for phrase in dict.fromkeys(phrases):
        db.add(ModerationFlag(id=new_id(), at=clock.now(), channel=channel, account_id=account_id, phrase=phrase[:100]))
    await db.flush()


async def recent_flags(db: AsyncSession, actor: Principal, limit: int = 200) -> list[dict[str, Any]]:
    require_moderator(actor)
    rows = await db.scalars(select(ModerationFlag).order_by(ModerationFlag.at.desc(), ModerationFlag.id).limit(limit))
    return [{"id": f.id, "at": iso(f.at), "channel": f.channel, "account_id": f.account_id, "phrase": f.phrase} for f in rows]


async def purge_flags(db: AsyncSession, clock: Clock) -> int:
    result = await db.execute(delete(ModerationFlag).where(ModerationFlag.at < clock.now() - FLAG_RETENTION))
    return result.rowcount or 0


def screen_test(words: WordList | None, actor: Principal, raw: object) -> dict[str, Any]:
    """What the shield and the lists make of a sentence, for a moderator trying a phrase."""
    require_moderator(actor)
    sentence = text_rules.required(text_rules.SCREEN_TEST, raw, field="text")
    result = screen(sentence, words=words, crisis=True)
    return {
        "personal_info": [{"kind": f.kind, "start": f.start, "end": f.end, "text": sentence[f.start:f.end]}
                          for f in result.personal_info],
        "masked": result.masked,
        "crisis": {"level": result.crisis.level, "matched": list(result.crisis.matched)},
        "words": [{"phrase": h.phrase, "action": h.action} for h in result.words],
        "refused": result.refused,
    }
