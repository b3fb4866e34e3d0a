"""REST for the moderators' word lists (moderators and admins): list, add, change, remove a
phrase; the flags the "flag" phrases raised; and a box to try a sentence against the shield
and the lists. Each change is in the audit log and reaches the shield at once (this process)
and within 30 seconds (the others)."""
from __future__ import annotations

from typing import Literal

from moderation import word_lists
from server import keys
from server.core import text
from server.core.principal import Role
from server.http.bodies import Command, text_field
from server.http.routing import ApiRoute, Call
from server.crisis import reload_words

_MODERATORS = (Role.MODERATOR, Role.ADMIN)
Action = Literal["flag", "mask", "refuse"]


class WordBody(Command):
    phrase: str = text_field(text.WORD_PHRASE, description="matched across width, kana and spacing")
    action: Action


class WordActionBody(Command):
    action: Action


class ScreenTestBody(Command):
    text: str = text_field(text.SCREEN_TEST)


async def _changed(call: Call, change) -> dict:
    result = await change(call.db)

    async def reload() -> None:  # the shield takes the list as committed
        await reload_words(call.app)

    call.after_commit(reload)
    return result


async def words_list(call: Call) -> list[dict]:
    return await word_lists.list_words(call.db, call.actor)


async def words_add(call: Call) -> dict:
    return await _changed(call, lambda db: word_lists.add_word(db, call.clock, call.actor, call.body.phrase, call.body.action))


async def words_change(call: Call) -> dict:
    return await _changed(call, lambda db: word_lists.change_word(db, call.clock, call.actor, call.path("word_id"),
                                                                  call.body.action))


async def words_remove(call: Call) -> dict:
    return await _changed(call, lambda db: word_lists.remove_word(db, call.clock, call.actor, call.path("word_id")))


async def flags_list(call: Call) -> list[dict]:
    return await word_lists.recent_flags(call.db, call.actor)


async def screen_test(call: Call) -> dict:
    call.app[keys.SCREEN_TEST_LIMITER].acquire(f"screen-test:{call.actor.account_id}")
    return word_lists.screen_test(call.app[keys.SHIELD].words, call.actor, call.body.text)


ROUTES = (
    ApiRoute("GET", "/api/moderation/words", words_list, "The word list (phrase and action), oldest first", "moderation",
             auth=_MODERATORS, errors=("FORBIDDEN",), tx="read", answer="words"),
    ApiRoute("POST", "/api/moderation/words", words_add, "Add a phrase: flag for review, mask, or refuse", "moderation",
             body=WordBody, auth=_MODERATORS, ok_status=201, errors=("FORBIDDEN", "CONFLICT"), tx="write", answer="word"),
    ApiRoute("PUT", "/api/moderation/words/{word_id}", words_change, "Change what a phrase does", "moderation",
             body=WordActionBody, auth=_MODERATORS, errors=("FORBIDDEN", "NOT_FOUND"), tx="write", answer="word"),
    ApiRoute("DELETE", "/api/moderation/words/{word_id}", words_remove, "Remove a phrase from the list", "moderation",
             auth=_MODERATORS, errors=("FORBIDDEN", "NOT_FOUND"), tx="write"),
    ApiRoute("GET", "/api/moderation/flags", flags_list,
             'What the "flag" phrases caught, newest first: when, where, whose account, which phrase (never the text)',
             "moderation", auth=_MODERATORS, errors=("FORBIDDEN",), tx="read", answer="flags"),
    ApiRoute("POST", "/api/moderation/screen-test", screen_test,
             "Try a sentence against the shield, the crisis screen and the word list (nothing is stored)", "moderation",
             body=ScreenTestBody, auth=_MODERATORS, errors=("FORBIDDEN", "RATE_LIMITED"), tx="outside", answer="result"),
)
