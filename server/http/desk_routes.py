"""REST for the desk on duty: its public status and hours, the hours staff set, and messages
left for staff. Each handler is the call to rooms.desk; ApiRoute checks auth, parses, opens
the transaction and sends the emits on /desk after commit. The live
queue and chats are on the Socket.IO namespace /desk (server/realtime/desk.py)."""
from __future__ import annotations

from aiohttp import web
from pydantic import Field

from moderation.sanctions.ladder import Capability
from rooms.desk import service
from rooms.desk.hours import OpeningHours, hours_json, zone
from rooms.desk.policy import DESK_ROLES
from rooms.funnel.steps import Step
from server import funnel, keys
from server.core import text
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Outcome
from server.http.bodies import Command, text_field
from server.http.pages import page_handler
from server.http.routing import ApiRoute, Call, roles
from server.core.delivery import DESK as NAMESPACE


class WeeklyWindowBody(Command):
    weekday: int = Field(ge=0, le=6, description="0 = Monday .. 6 = Sunday")
    start: str = Field(max_length=5, description="local time HH:MM")
    end: str = Field(max_length=5, description="local time HH:MM; 24:00 is the end of the day")


class HoursBody(Command):
    weekly: list[WeeklyWindowBody] = Field(max_length=28, description="replaces the whole weekly pattern")


class WindowBody(Command):
    start: str = Field(max_length=5)
    end: str = Field(max_length=5)


class DayBody(Command):
    windows: list[WindowBody] = Field(max_length=8, description="that date's hours; empty = closed all day")
    note: str | None = text_field(text.DESK_DAY_NOTE, None, description="shown to visitors")


class MessageBody(Command):
    text: str = text_field(text.DESK_MESSAGE, description="no e-mail addresses or phone numbers")


class HandledBody(Command):
    reply: str | None = text_field(text.DESK_REPLY, None, description="optional")


def _today(call: Call):
    return call.clock.now().astimezone(zone(call.settings.timezone)).date()


def _hours_changed(call: Call, hours: OpeningHours) -> dict:
    """Once committed, the live desk takes the new hours at once and tells who is connected."""
    call.after_commit(lambda: call.app[keys.DESK].set_hours(hours))
    return hours_json(hours, _today(call))


# --- public ----------------------------------------------------------------------------------

async def desk_status(call: Call) -> dict:
    return call.app[keys.DESK].summary()


async def get_hours(call: Call) -> dict:
    return hours_json(call.app[keys.DESK].hours, _today(call))


# --- desk workers ----------------------------------------------------------------------------

async def put_hours(call: Call) -> dict:
    weekly = [w.model_dump() for w in call.body.weekly]
    return _hours_changed(call, await service.set_weekly(call.db, call.actor, weekly, tz=call.settings.timezone))


async def put_day(call: Call) -> dict:
    windows = [w.model_dump() for w in call.body.windows]
    hours = await service.set_day(
        call.db, call.clock, call.actor, call.path("date"), windows, call.body.note, tz=call.settings.timezone,
    )
    return _hours_changed(call, hours)


async def delete_day(call: Call) -> dict:
    return _hours_changed(
        call, await service.clear_day(call.db, call.clock, call.actor, call.path("date"), tz=call.settings.timezone),
    )


async def list_messages(call: Call) -> list:
    return await service.list_messages(call.db, call.actor, call.request.query.get("state", "open"))


async def mark_handled(call: Call) -> Outcome:
    return await service.mark_handled(call.db, call.clock, call.actor, call.path("message_id"), call.body.reply)


# --- anyone who entered (guests too) ---------------------------------------------------------

async def leave_message(call: Call) -> Outcome:
    # Per address as well as per account: one address creating guest after guest must not
    # bury the staff's list. Only messages actually left count: the token taken before the
    # work (so a burst cannot pass the check all at once) is given back if none was left.
    limiter, address = call.app[keys.DESK_MESSAGE_LIMITER], call.client_key
    if not limiter.try_acquire(address):
        raise DomainError(ErrorCode.RATE_LIMITED, detail={"reason": "address"})
    call.on_failure(lambda: limiter.give_back(address))
    # The funnel's "message left out of hours" is one left while the desk was not open (out of
    # hours, or nobody on duty); one left while it was open counts as a desk contact.
    step = Step.DESK_CONTACT if call.app[keys.DESK].summary()["open"] else Step.DESK_MESSAGE
    call.after_commit(lambda: funnel.note(call.app, call.actor, step))
    return await service.leave_message(call.db, call.clock, call.actor, call.body.text)


async def my_messages(call: Call) -> list:
    return await service.my_messages(call.db, call.actor)


async def delete_my_message(call: Call) -> dict:
    await service.delete_my_message(call.db, call.actor, call.path("message_id"))
    return {"ok": True}


TAG = "desk"
HOURS_ERRORS = ("FORBIDDEN", "INVALID")
WORKERS = roles(DESK_ROLES)

ROUTES = (
    ApiRoute("GET", "/api/desk", desk_status,
             "The desk on duty now: open?, next opening (UTC and local), how many staff are on duty; no names", TAG,
             tx="outside", answer="desk"),
    ApiRoute("GET", "/api/desk/hours", get_hours, "Opening hours of the desk: weekly, and dates that differ", TAG,
             tx="outside", answer="hours"),
    ApiRoute("PUT", "/api/desk/hours", put_hours, "Replace the weekly opening hours (desk workers)", TAG,
             body=HoursBody, auth=WORKERS, errors=HOURS_ERRORS, tx="write", answer="hours", emits_on=NAMESPACE),
    ApiRoute("PUT", "/api/desk/days/{date}", put_day,
             "Give one local date (YYYY-MM-DD) its own hours, or close it (desk workers)", TAG,
             body=DayBody, auth=WORKERS, errors=HOURS_ERRORS, tx="write", answer="hours", emits_on=NAMESPACE),
    ApiRoute("DELETE", "/api/desk/days/{date}", delete_day, "That date follows the weekly hours again (desk workers)", TAG,
             auth=WORKERS, errors=HOURS_ERRORS, tx="write", answer="hours", emits_on=NAMESPACE),
    ApiRoute("POST", "/api/desk/messages", leave_message,
             "Leave a message for the desk staff (anyone who entered, guests too)", TAG,
             body=MessageBody, auth="required", ok_status=201, errors=("INVALID", "NOTE_PERSONAL_INFO", "RATE_LIMITED"),
             tx="write", answer="message", emits_on=NAMESPACE, capability=Capability.DESK),
    ApiRoute("GET", "/api/desk/messages/mine", my_messages, "The caller's own messages, with any reply", TAG,
             auth="required", tx="read", answer="messages"),
    ApiRoute("DELETE", "/api/desk/messages/{message_id}", delete_my_message, "Delete one of the caller's own messages", TAG,
             auth="required", errors=("NOT_FOUND",), tx="write"),
    ApiRoute("GET", "/api/desk/messages", list_messages, "Messages left at the desk (desk workers)", TAG,
             auth=WORKERS, query=("state",), errors=("FORBIDDEN", "INVALID"), tx="read", answer="messages"),
    ApiRoute("POST", "/api/desk/messages/{message_id}/handled", mark_handled,
             "Mark a message handled, optionally with a reply the author sees (desk workers)", TAG,
             body=HandledBody, auth=WORKERS, errors=("FORBIDDEN", "NOT_FOUND", "INVALID"), tx="write",
             answer="message", emits_on=NAMESPACE),
)


def install_desk_pages(app: web.Application) -> None:
    """The standalone desk page (HTML, not part of the API): the shortest way to the desk."""
    app.router.add_get("/desk", page_handler("desk.html"))
