"""REST for consultations: specialists, free slots, availability rules, bookings, .ics,
and the specialist console page. Each handler is the call to rooms.bookings; ApiRoute
checks auth, parses the body, opens the transaction and sends the emits after commit."""
from __future__ import annotations

from datetime import datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

from aiohttp import web
from pydantic import Field

from moderation.sanctions.ladder import Capability
from rooms.bookings import booking, inputs, schedule
from rooms.bookings.ics import booking_ics
from rooms.bookings.views import slot_json, specialist_json
from rooms.funnel.steps import Step
from server import funnel, keys
from server.core.outcome import Outcome
from server.core import text
from server.http.bodies import Command, text_field
from server.http.pages import page_handler
from server.http.routing import ApiRoute, Call

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

async def specialists(call: Call) -> dict:
    profession = inputs.parse_profession(call.query("profession") or None)
    found = await schedule.list_specialists(call.db, profession=profession)
    return {"specialists": [specialist_json(s) for s in found]}


async def availability(call: Call) -> dict:
    request = call.request
    start, end = _query_instant(request, "from"), _query_instant(request, "to")
    profession = inputs.parse_profession(call.query("profession") or None)
    specialist_id = call.query("specialist_id") or None
    if specialist_id is not None and len(specialist_id) > 32:
        raise inputs.invalid("specialist_id", "unknown_specialist")
    found = await schedule.free_slots_for(
        call.db, call.clock, call.actor, start=start, end=end, profession=profession, specialist_id=specialist_id,
    )
    return {"slots": [slot_json(slot, who) for slot, who in found]}


# --- a specialist's own rules ------------------------------------------------------------

def _timezone(call: Call) -> str:
    return call.app[keys.SETTINGS].timezone


async def my_rules(call: Call) -> dict:
    rows = await schedule.list_rules(call.db, call.actor)
    return {"rules": [schedule.rule_json(r) for r in rows], "timezone": _timezone(call)}


async def create_rule(call: Call) -> dict:
    row = await schedule.create_rule(call.db, call.clock, call.actor, call.body.model_dump(), default_tz=_timezone(call))
    return schedule.rule_json(row)


async def update_rule(call: Call) -> dict:
    row = await schedule.update_rule(
        call.db, call.clock, call.actor, call.path("rule_id"), call.body.model_dump(), default_tz=_timezone(call),
    )
    return schedule.rule_json(row)


async def delete_rule(call: Call) -> dict:
    await schedule.delete_rule(call.db, call.actor, call.path("rule_id"))
    return {"ok": True}


# --- bookings ----------------------------------------------------------------------------

async def create_booking(call: Call) -> Outcome:
    body = call.body
    call.after_commit(lambda: funnel.note(call.app, call.actor, Step.BOOKING_MADE))
    return await booking.book(
        call.db, call.clock, call.actor, specialist_id=body.specialist_id, starts_at=body.starts_at,
        ends_at=body.ends_at, profession=body.profession, note=body.note,
    )


async def list_bookings(call: Call) -> list:
    request = call.request
    statuses = tuple(s for s in request.query.get("status", "").split(",") if s)
    return await booking.list_bookings(
        call.db, call.actor, side=call.query("side") or None,
        start=_query_instant(request, "from"), end=_query_instant(request, "to"), statuses=statuses,
    )


async def todays_bookings(call: Call) -> dict:
    tz = _timezone(call)
    day, found = await booking.todays_sessions(call.db, call.clock, call.actor, tz=tz)
    return {"date": day, "timezone": tz, "bookings": found}


async def cancel_booking(call: Call) -> Outcome:
    return await booking.cancel(
        call.db, call.clock, call.actor, call.path("booking_id"), reason=call.body.reason, message=call.body.message,
    )


async def reschedule_booking(call: Call) -> Outcome:
    body = call.body
    return await booking.reschedule(
        call.db, call.clock, call.actor, call.path("booking_id"),
        starts_at=body.starts_at, ends_at=body.ends_at, reason=body.reason, message=body.message,
    )


async def no_show(call: Call) -> Outcome:
    return await booking.mark_no_show(call.db, call.clock, call.actor, call.path("booking_id"))


async def complete_booking(call: Call) -> Outcome:
    return await booking.complete(call.db, call.clock, call.actor, call.path("booking_id"))


async def booking_calendar_file(call: Call) -> web.Response:
    found, _side = await booking.get_booking(call.db, call.actor, call.path("booking_id"))
    body = booking_ics(found, public_url=call.app[keys.SETTINGS].public_url, now=call.clock.now())
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
             query=("profession",), errors=("INVALID",), tx="read"),
    ApiRoute("GET", "/api/availability", availability,
             "Free slots (UTC) in a window of up to 62 days; signed-in people see the slots meant for them",
             "consultations", auth="optional", query=("from", "to", "profession", "specialist_id"), errors=("INVALID",), tx="read"),
    ApiRoute("GET", "/api/me/availability", my_rules, "The caller's own availability rules (specialists, staff)",
             "consultations", auth="required", errors=("FORBIDDEN",), tx="read"),
    ApiRoute("POST", "/api/me/availability", create_rule, "Publish a weekly or one-off availability rule",
             "consultations", body=RuleBody, auth="required", ok_status=201, errors=("FORBIDDEN",), tx="write", answer="rule"),
    ApiRoute("PUT", "/api/me/availability/{rule_id}", update_rule, "Change one of the caller's availability rules",
             "consultations", body=RuleBody, auth="required", errors=("FORBIDDEN", "NOT_FOUND"), tx="write", answer="rule"),
    ApiRoute("DELETE", "/api/me/availability/{rule_id}", delete_rule,
             "Remove one of the caller's availability rules (bookings already made stay)",
             "consultations", auth="required", errors=("FORBIDDEN", "NOT_FOUND"), tx="write"),
    ApiRoute("POST", "/api/bookings", create_booking, "Book a free slot; no contact data is asked for", "consultations",
             body=BookBody, auth="required", ok_status=201, errors=BOOKING_ERRORS, tx="write", answer="booking",
             capability=Capability.CONSULT),
    ApiRoute("GET", "/api/bookings", list_bookings, "The caller's bookings, as the person or as the specialist",
             "consultations", auth="required", query=("side", "from", "to", "status"), errors=("INVALID",), tx="read", answer="bookings"),
    ApiRoute("GET", "/api/bookings/today", todays_bookings, "Today's sessions of the calling specialist (server time zone)",
             "consultations", auth="required", errors=("FORBIDDEN",), tx="read"),
    ApiRoute("POST", "/api/bookings/{booking_id}/cancel", cancel_booking, "Cancel a booking (either side) with a reason",
             "consultations", body=CancelBody, auth="required", errors=CHANGE_ERRORS + ("NOTE_PERSONAL_INFO",), tx="write", answer="booking"),
    ApiRoute("POST", "/api/bookings/{booking_id}/reschedule", reschedule_booking,
             "Move a booking to another free slot of the same specialist (either side)", "consultations",
             body=RescheduleBody, auth="required", ok_status=201, errors=CHANGE_ERRORS + BOOKING_ERRORS, tx="write", answer="booking"),
    ApiRoute("POST", "/api/bookings/{booking_id}/no-show", no_show,
             "Record that the person did not come (specialist; no penalty)", "consultations",
             auth="required", errors=CHANGE_ERRORS, tx="write", answer="booking"),
    ApiRoute("POST", "/api/bookings/{booking_id}/complete", complete_booking, "Record that the session took place (specialist)",
             "consultations", auth="required", errors=CHANGE_ERRORS, tx="write", answer="booking"),
    ApiRoute("GET", "/api/bookings/{booking_id}.ics", booking_calendar_file,
             "The booking as a calendar file (.ics) without personal data", "consultations",
             auth="required", errors=("NOT_FOUND",), content="text/calendar", tx="read"),
)


def install_console(app: web.Application) -> None:
    """The specialist console page (HTML, not part of the API)."""
    app.router.add_get("/console", page_handler("console.html"))
