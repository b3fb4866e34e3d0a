"""REST for sanctions (moderators and admins), appeals (the person, then another moderator)
and lifting a new account's warm-up (staff). The rules live in moderation.sanctions."""
from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import Field

from avatars.models import Account
from moderation.sanctions import appeals, service
from moderation.sanctions import standing as sanction_standing
from moderation.sanctions.ladder import ADMIN_ONLY, DURATIONS, NEEDS_SECOND, PRESETS, Kind
from server import keys
from server.core import text
from server.core.dates import iso, parse_instant
from server.core.principal import Role
from server.http.bodies import Command, text_field
from server.http.routing import ApiRoute, Call

MODERATORS = (Role.MODERATOR, Role.ADMIN)
WARMUP_LIFTERS = (Role.STAFF, Role.MODERATOR, Role.ADMIN)
KindName = Literal["note", "warning", "rest", "limit", "suspension", "ban", "event_removal"]
DurationName = Literal["1h", "24h", "7d", "30d", "90d"]


class GiveSanctionBody(Command):
    account_id: str = Field(min_length=1, max_length=32)
    kind: KindName
    duration: DurationName | None = None
    until: str | None = Field(default=None, max_length=40)  # a suspension's end, instead of a duration
    reason_ja: str = text_field(text.SANCTION_REASON)
    reason_en: str | None = text_field(text.SANCTION_REASON, None)
    note: str | None = text_field(text.SANCTION_NOTE, None)
    occurrence_id: str | None = Field(default=None, min_length=1, max_length=32)  # an event removal's occurrence


class LiftSanctionBody(Command):
    reason: str = text_field(text.MODERATION_REASON)


class DecideAppealBody(Command):
    outcome: Literal["upheld", "lifted"]
    answer_ja: str = text_field(text.APPEAL_ANSWER)
    answer_en: str | None = text_field(text.APPEAL_ANSWER, None)


class SanctionAppealBody(Command):
    text: str = text_field(text.APPEAL_TEXT)


class TokenAppealBody(Command):
    token: str = Field(min_length=1, max_length=2048)
    text: str = text_field(text.APPEAL_TEXT)


def _warmup(call: Call) -> timedelta:
    return timedelta(seconds=call.app[keys.SETTINGS].new_account_warmup_seconds)


async def presets(call: Call) -> dict:
    return {kind.value: {"ja": PRESETS[kind].ja, "en": PRESETS[kind].en, "durations": list(DURATIONS[kind]),
                         "admin_only": kind in ADMIN_ONLY, "needs_second": kind in NEEDS_SECOND} for kind in Kind}


async def find_people(call: Call) -> list:
    return await service.find_people(call.db, call.actor, call.query("q"))


async def person(call: Call) -> dict:
    return await service.person_view(call.db, call.clock, call.actor, call.path("account_id"), warmup=_warmup(call))


async def give(call: Call):
    b = call.body
    order = service.Order(account_id=b.account_id, kind=Kind(b.kind), reason_ja=b.reason_ja, reason_en=b.reason_en or "",
                          duration=b.duration, until=parse_instant(b.until, "until") if b.until else None, note=b.note or "",
                          occurrence_id=b.occurrence_id)
    outcome = await service.give(call.db, call.clock, call.actor, order, warmup=_warmup(call))
    given = outcome.value
    if given["occurrence_id"] is not None:
        async def out_of_the_room() -> None:  # the live room follows the committed removal
            await call.app[keys.EVENT_NS].expel(given["occurrence_id"], given["account_id"], given["reason_ja"],
                                                given["reason_en"])
        call.after_commit(out_of_the_room)
    return outcome


def _door_follows(call: Call, sanction: dict) -> None:
    """A lifted event removal: the live room lets the person back in once committed."""
    if sanction["occurrence_id"] is not None and sanction["state"] == "lifted":
        call.after_commit(lambda: call.app[keys.EVENT_NS].readmit(sanction["occurrence_id"], sanction["account_id"]))


async def confirm(call: Call):
    return await service.confirm(call.db, call.clock, call.actor, call.path("sanction_id"), warmup=_warmup(call))


async def lift(call: Call):
    outcome = await service.lift(call.db, call.clock, call.actor, call.path("sanction_id"), call.body.reason,
                                 warmup=_warmup(call))
    _door_follows(call, outcome.value)
    return outcome


async def open_appeals(call: Call) -> list:
    return await appeals.open_appeals(call.db, call.actor)


async def decide(call: Call):
    b = call.body
    outcome = await appeals.decide(call.db, call.clock, call.actor, call.path("appeal_id"), b.outcome, b.answer_ja,
                                   b.answer_en, warmup=_warmup(call))
    _door_follows(call, outcome.value)
    return outcome


async def lift_warmup(call: Call) -> dict:
    return await service.lift_warmup(call.db, call.clock, call.actor, call.path("account_id"), warmup=_warmup(call))


async def my_sanctions(call: Call) -> dict:
    account = await call.db.get(Account, call.actor.account_id)
    ends = await sanction_standing.warmup_ends(call.db, account, _warmup(call)) if account else None
    return {"sanctions": await service.mine(call.db, call.actor),
            "new_account_until": iso(ends) if ends is not None and ends > call.clock.now() else None}


async def appeal(call: Call) -> dict:
    return await appeals.make(call.db, call.clock, call.actor, call.path("sanction_id"), call.body.text)


async def appeal_with_token(call: Call) -> dict:
    """A suspended person's appeal: no session, only the token their refused login carried
    (it names the account and the one sanction; every try counts against the address)."""
    call.app[keys.APPEAL_LIMITER].acquire(call.client_key)
    account_id, sanction_id = call.app[keys.SIGNER].verify_appeal(call.body.token)
    return await appeals.make_for(call.db, call.clock, account_id, sanction_id, call.body.text)


_M = "moderation"
ROUTES = (
    ApiRoute("GET", "/api/moderation/presets", presets, "The ladder: kinds, durations and preset texts (ja/en)", _M,
             auth=MODERATORS, tx="read", answer="presets"),
    ApiRoute("GET", "/api/moderation/people", find_people, "Find a person by the id or nickname a report shows", _M,
             auth=MODERATORS, query=("q",), errors=("INVALID",), tx="read", answer="people"),
    ApiRoute("GET", "/api/moderation/people/{account_id}", person, "A person's sanctions and appeals", _M,
             auth=MODERATORS, errors=("NOT_FOUND",), tx="read"),
    ApiRoute("POST", "/api/moderation/sanctions", give,
             "Give a sanction (applies at once, on open connections too; a ban waits for a second moderator)", _M,
             body=GiveSanctionBody, auth=MODERATORS, ok_status=201,
             errors=("INVALID", "NOT_FOUND", "FORBIDDEN", "EVENT_NOT_FOUND", "LIVE_HOST_PROTECTED"), tx="write",
             answer="sanction"),
    ApiRoute("POST", "/api/moderation/sanctions/{sanction_id}/confirm", confirm,
             "Confirm a pending ban (another moderator or admin than the one who gave it)", _M,
             auth=MODERATORS, errors=("NOT_FOUND", "SAME_MODERATOR", "CONFLICT"), tx="write", answer="sanction"),
    ApiRoute("POST", "/api/moderation/sanctions/{sanction_id}/lift", lift, "Lift a sanction, with a reason", _M,
             body=LiftSanctionBody, auth=MODERATORS, errors=("NOT_FOUND", "FORBIDDEN", "CONFLICT"), tx="write", answer="sanction"),
    ApiRoute("GET", "/api/moderation/appeals", open_appeals, "Appeals awaiting a decision", _M,
             auth=MODERATORS, tx="read", answer="appeals"),
    ApiRoute("POST", "/api/moderation/appeals/{appeal_id}/decide", decide,
             "Decide an appeal (not the moderator who gave or confirmed the sanction)", _M,
             body=DecideAppealBody, auth=MODERATORS, errors=("NOT_FOUND", "SAME_MODERATOR", "CONFLICT"), tx="write",
             answer="sanction"),
    ApiRoute("POST", "/api/moderation/people/{account_id}/lift-warmup", lift_warmup,
             "Let a new account chat and invite before its first minutes pass (audited)", _M,
             auth=WARMUP_LIFTERS, errors=("NOT_FOUND",), tx="write"),
    ApiRoute("GET", "/api/me/sanctions", my_sanctions, "My sanctions, their reasons and ends, and my appeals", _M,
             auth="required", tx="read"),
    ApiRoute("POST", "/api/me/sanctions/{sanction_id}/appeal", appeal,
             "Appeal a sanction (once, within 30 days, up to 2,000 characters)", _M,
             body=SanctionAppealBody, auth="required", ok_status=201, errors=("NOT_FOUND", "APPEAL_CLOSED"), tx="write",
             answer="sanction"),
    ApiRoute("POST", "/api/auth/appeal", appeal_with_token,
             "Appeal a suspension or ban with the single-purpose token a refused login gave (no session)", _M,
             body=TokenAppealBody, ok_status=201,
             errors=("TOKEN_INVALID", "TOKEN_EXPIRED", "NOT_FOUND", "APPEAL_CLOSED", "RATE_LIMITED"), tx="write",
             answer="sanction"),
)
