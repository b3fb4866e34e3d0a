"""REST for consultations: specialists, free slots, availability rules, bookings, .ics,
and the specialist console page. Thin: parse, call rooms.consultations, send emits after
commit."""
from __future__ import annotations

from datetime import datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from aiohttp import web
from pydantic import Field

from rooms.consultations import booking, inputs, schedule
from rooms.consultations.ics import booking_ics
from rooms.consultations.views import slot_json, specialist_json
from server import keys
from server.core.outcome import Outcome
from server.http.account_routes import no_store
from server.core import text
from server.http.bodies import Command, read_json, text_field
from server.http.pages import page_handler
from server.http.principal import current_principal, optional_principal
from server.http.routing import ApiRoute
from server.realtime.broadcaster import send_emits

ProfessionName = Literal[
    "psychologist", "psychiatric_social_worker", "public_health_nurse", "lawyer", "career_consultant"
]
ReasonName = Literal["changed_plans", "not_up_to_it", "specialist_unavailable", "other"]


class RuleBody(Command):
    kind: Literal["weekly", "once"]
    weekday: int | None = Field(None, ge=0, le=6)
    date: str | None = Field(None, max_length=10, description="local date YYYY-MM-DD (kind=once)")
    start: str = Field(max_length=5, description="local time HH:MM")
    end: str = Field(max_length=5, description="local time HH:MM; 24:00 is the end of the day")
    tz: str | None = Field(None, max_length=64, description="IANA zone; default the server's (Asia/Tokyo)")
    slot_minutes: int
    buffer_minutes: int = 0
    min_notice_minutes: int = 0
    daily_cap: int | None = None
    audience: Literal["individuals", "families", "both"] = "both"


class BookBody(Command):
    specialist_id: str = Field(max_length=32)
    starts_at: str = Field(max_length=40, description="UTC instant of a free slot, e.g. 2026-04-02T01:00:00Z")
    ends_at: str = Field(max_length=40)
    profession: ProfessionName | None = None
    note: str | None = text_field(text.BOOKING_NOTE, None, description="optional, no contact details")


class CancelBody(Command):
    reason: ReasonName
    message: str | None = text_field(text.BOOKING_MESSAGE, None, description="optional")


class RescheduleBody(Command):
    starts_at: str = Field(max_length=40)
    ends_at: str = Field(max_length=40)
    reason: ReasonName
    message: str | None = text_field(text.BOOKING_MESSAGE, None)


async def _deliver(request: web.Request, outcome: Outcome) -> None:
    """After commit only: nobody hears about a change that was rolled back."""
    await send_emits(request.app[keys.SIO], outcome.emits)


def _query_instant(request: web.Request, name: str) -> datetime | None:
    """An instant, or a local date (midnight in the server's zone)."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return None
    if len(raw) == 10:
        day = inputs.parse_date(raw, name)
        return datetime.combine(day, time(), tzinfo=ZoneInfo(request.app[keys.SETTINGS].timezone))
    return inputs.parse_instant(raw, name)


# --- specialists and free slots ----------------------------------------------------------

async def specialists(request: web.Request) -> web.Response:
    profession = inputs.parse_profession(request.query.get("profession") or None)
    async with request.app[keys.SESSIONS]() as db:
        found = await schedule.list_specialists(db, profession=profession)
    return no_store({"specialists": [specialist_json(s) for s in found]})


async def availability(request: web.Request) -> web.Response:
    actor = await optional_principal(request)
    start, end = _query_instant(request, "from"), _query_instant(request, "to")
    profession = inputs.parse_profession(request.query.get("profession") or None)
    specialist_id = request.query.get("specialist_id") or None
    if specialist_id is not None and len(specialist_id) > 32:
        raise inputs.invalid("specialist_id", "unknown_specialist")
    async with request.app[keys.SESSIONS]() as db:
        found = await schedule.free_slots_for(
            db, request.app[keys.CLOCK], actor, start=start, end=end, profession=profession, specialist_id=specialist_id,
        )
    return no_store({"slots": [slot_json(slot, who) for slot, who in found]})


# --- a specialist's own rules ------------------------------------------------------------

async def my_rules(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS]() as db:
        rows = await schedule.list_rules(db, actor)
    return no_store({"rules": [schedule.rule_json(r) for r in rows], "timezone": request.app[keys.SETTINGS].timezone})


async def create_rule(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, RuleBody)
    app = request.app
    async with app[keys.SESSIONS].begin() as db:
        row = await schedule.create_rule(db, app[keys.CLOCK], actor, body.model_dump(), default_tz=app[keys.SETTINGS].timezone)
        data = schedule.rule_json(row)
    return no_store({"rule": data}, status=201)


async def update_rule(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, RuleBody)
    app = request.app
    async with app[keys.SESSIONS].begin() as db:
        row = await schedule.update_rule(
            db, app[keys.CLOCK], actor, request.match_info["rule_id"], body.model_dump(), default_tz=app[keys.SETTINGS].timezone,
        )
        data = schedule.rule_json(row)
    return no_store({"rule": data})


async def delete_rule(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS].begin() as db:
        await schedule.delete_rule(db, actor, request.match_info["rule_id"])
    return no_store({"ok": True})


# --- bookings ----------------------------------------------------------------------------

async def create_booking(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, BookBody)
    async with request.app[keys.SESSIONS].begin() as db:
        outcome = await booking.book(
            db, request.app[keys.CLOCK], actor, specialist_id=body.specialist_id, starts_at=body.starts_at,
            ends_at=body.ends_at, profession=body.profession, note=body.note,
        )
    await _deliver(request, outcome)
    return no_store({"booking": outcome.value}, status=201)


async def list_bookings(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    statuses = tuple(s for s in request.query.get("status", "").split(",") if s)
    async with request.app[keys.SESSIONS]() as db:
        found = await booking.list_bookings(
            db, actor, side=request.query.get("side") or None,
            start=_query_instant(request, "from"), end=_query_instant(request, "to"), statuses=statuses,
        )
    return no_store({"bookings": found})


async def todays_bookings(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    tz = request.app[keys.SETTINGS].timezone
    async with request.app[keys.SESSIONS]() as db:
        day, found = await booking.todays_sessions(db, request.app[keys.CLOCK], actor, tz=tz)
    return no_store({"date": day, "timezone": tz, "bookings": found})


async def cancel_booking(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, CancelBody)
    async with request.app[keys.SESSIONS].begin() as db:
        outcome = await booking.cancel(
            db, request.app[keys.CLOCK], actor, request.match_info["booking_id"], reason=body.reason, message=body.message,
        )
    await _deliver(request, outcome)
    return no_store({"booking": outcome.value})


async def reschedule_booking(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, RescheduleBody)
    async with request.app[keys.SESSIONS].begin() as db:
        outcome = await booking.reschedule(
            db, request.app[keys.CLOCK], actor, request.match_info["booking_id"],
            starts_at=body.starts_at, ends_at=body.ends_at, reason=body.reason, message=body.message,
        )
    await _deliver(request, outcome)
    return no_store({"booking": outcome.value}, status=201)


async def no_show(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS].begin() as db:
        outcome = await booking.mark_no_show(db, request.app[keys.CLOCK], actor, request.match_info["booking_id"])
    await _deliver(request, outcome)
    return no_store({"booking": outcome.value})


async def complete_booking(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS].begin() as db:
        outcome = await booking.complete(db, request.app[keys.CLOCK], actor, request.match_info["booking_id"])
    await _deliver(request, outcome)
    return no_store({"booking": outcome.value})


async def booking_calendar_file(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    app = request.app
    async with app[keys.SESSIONS]() as db:
        found, _side = await booking.get_booking(db, actor, request.match_info["booking_id"])
    body = booking_ics(found, public_url=app[keys.SETTINGS].public_url, now=app[keys.CLOCK].now())
    return web.Response(
        body=body,
        content_type="text/calendar",
        charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="ibasho-consultation.ics"', "Cache-Control": "no-store"},
    )


BOOKING_ERRORS = ("SLOT_TAKEN", "SLOT_UNAVAILABLE", "BOOKING_LIMIT", "NOTE_PERSONAL_INFO")
CHANGE_ERRORS = ("NOT_FOUND", "FORBIDDEN", "CONFLICT")

ROUTES = (
    ApiRoute("GET", "/api/specialists", specialists, "Who offers consultations: nickname and profession", "consultations",
             query=("profession",), errors=("INVALID",)),
    ApiRoute("GET", "/api/availability", availability,
             "Free slots (UTC) in a window of up to 62 days; signed-in people see the slots meant for them",
             "consultations", auth="optional", query=("from", "to", "profession", "specialist_id"), errors=("INVALID",)),
    ApiRoute("GET", "/api/me/availability", my_rules, "The caller's own availability rules (specialists, staff)",
             "consultations", auth="required", errors=("FORBIDDEN",)),
    ApiRoute("POST", "/api/me/availability", create_rule, "Publish a weekly or one-off availability rule",
             "consultations", body=RuleBody, auth="required", ok_status=201, errors=("FORBIDDEN",)),
    ApiRoute("PUT", "/api/me/availability/{rule_id}", update_rule, "Change one of the caller's availability rules",
             "consultations", body=RuleBody, auth="required", errors=("FORBIDDEN", "NOT_FOUND")),
    ApiRoute("DELETE", "/api/me/availability/{rule_id}", delete_rule,
             "Remove one of the caller's availability rules (bookings already made stay)",
             "consultations", auth="required", errors=("FORBIDDEN", "NOT_FOUND")),
    ApiRoute("POST", "/api/bookings", create_booking, "Book a free slot; no contact data is asked for", "consultations",
             body=BookBody, auth="required", ok_status=201, errors=BOOKING_ERRORS),
    ApiRoute("GET", "/api/bookings", list_bookings, "The caller's bookings, as the person or as the specialist",
             "consultations", auth="required", query=("side", "from", "to", "status"), errors=("INVALID",)),
    ApiRoute("GET", "/api/bookings/today", todays_bookings, "Today's sessions of the calling specialist (server time zone)",
             "consultations", auth="required", errors=("FORBIDDEN",)),
    ApiRoute("POST", "/api/bookings/{booking_id}/cancel", cancel_booking, "Cancel a booking (either side) with a reason",
             "consultations", body=CancelBody, auth="required", errors=CHANGE_ERRORS + ("NOTE_PERSONAL_INFO",)),
    ApiRoute("POST", "/api/bookings/{booking_id}/reschedule", reschedule_booking,
             "Move a booking to another free slot of the same specialist (either side)", "consultations",
             body=RescheduleBody, auth="required", ok_status=201, errors=CHANGE_ERRORS + BOOKING_ERRORS),
    ApiRoute("POST", "/api/bookings/{booking_id}/no-show", no_show,
             "Record that the person did not come (specialist; no penalty)", "consultations",
             auth="required", errors=CHANGE_ERRORS),
    ApiRoute("POST", "/api/bookings/{booking_id}/complete", complete_booking, "Record that the session took place (specialist)",
             "consultations", auth="required", errors=CHANGE_ERRORS),
    ApiRoute("GET", "/api/bookings/{booking_id}.ics", booking_calendar_file,
             "The booking as a calendar file (.ics) without personal data", "consultations",
             auth="required", errors=("NOT_FOUND",), content="text/calendar"),
)


def install_console(app: web.Application) -> None:
    """The specialist console page (HTML, not part of the API)."""
    app.router.add_get("/console", page_handler("console.html"))
