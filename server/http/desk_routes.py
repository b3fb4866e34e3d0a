"""REST for the desk on duty: its public status and hours, the hours staff set, and messages
left for staff. Thin: parse, call rooms.desk, send emits on /desk after commit. The live
queue and chats are on the Socket.IO namespace /desk (server/realtime/desk.py)."""
from __future__ import annotations

from aiohttp import web
from pydantic import Field

from moderation.sanctions.ladder import Capability
from rooms.desk import service
from rooms.desk.hours import OpeningHours, hours_json, zone
from server import keys
from server.core.errors import DomainError, ErrorCode
from server.http.account_routes import no_store
from server.core import text
from server.http.bodies import Command, read_json, text_field
from server.http.pages import page_handler
from server.http.principal import client_key, current_principal
from server.http.routing import ApiRoute
from server.realtime.desk import send_desk_emits


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


def _today(request: web.Request):
    return request.app[keys.CLOCK].now().astimezone(zone(request.app[keys.SETTINGS].timezone)).date()


async def _hours_changed(request: web.Request, hours: OpeningHours) -> web.Response:
    """After commit: the live desk takes the new hours at once and tells who is connected."""
    await send_desk_emits(request.app, request.app[keys.DESK].set_hours(hours).emits)
    return no_store({"hours": hours_json(hours, _today(request))})


# --- public ----------------------------------------------------------------------------------

async def desk_status(request: web.Request) -> web.Response:
    return no_store({"desk": request.app[keys.DESK].summary()})


async def get_hours(request: web.Request) -> web.Response:
    return no_store({"hours": hours_json(request.app[keys.DESK].hours, _today(request))})


# --- desk workers ----------------------------------------------------------------------------

async def put_hours(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, HoursBody)
    tz = request.app[keys.SETTINGS].timezone
    async with request.app[keys.DB_SESSIONS].begin() as db:
        hours = await service.set_weekly(db, actor, [w.model_dump() for w in body.weekly], tz=tz)
    return await _hours_changed(request, hours)


async def put_day(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, DayBody)
    app = request.app
    async with app[keys.DB_SESSIONS].begin() as db:
        hours = await service.set_day(
            db, app[keys.CLOCK], actor, request.match_info["date"], [w.model_dump() for w in body.windows], body.note,
            tz=app[keys.SETTINGS].timezone,
        )
    return await _hours_changed(request, hours)


async def delete_day(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    app = request.app
    async with app[keys.DB_SESSIONS].begin() as db:
        hours = await service.clear_day(db, app[keys.CLOCK], actor, request.match_info["date"], tz=app[keys.SETTINGS].timezone)
    return await _hours_changed(request, hours)


async def list_messages(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS]() as db:
        found = await service.list_messages(db, actor, request.query.get("state", "open"))
    return no_store({"messages": found})


async def mark_handled(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, HandledBody)
    async with request.app[keys.DB_SESSIONS].begin() as db:
        outcome = await service.mark_handled(db, request.app[keys.CLOCK], actor, request.match_info["message_id"], body.reply)
    await send_desk_emits(request.app, outcome.emits)
    return no_store({"message": outcome.value})


# --- anyone who entered (guests too) ---------------------------------------------------------

async def leave_message(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, MessageBody)
    # Per address as well as per account: one address creating guest after guest must not
    # bury the staff's list. Only messages actually left count: the token taken before the
    # work (so a burst cannot pass the check all at once) is given back if none was left.
    limiter, address = request.app[keys.DESK_MESSAGE_LIMITER], client_key(request)
    if not limiter.try_acquire(address):
        raise DomainError(ErrorCode.RATE_LIMITED, detail={"reason": "address"})
    try:
        async with request.app[keys.DB_SESSIONS].begin() as db:
            outcome = await service.leave_message(db, request.app[keys.CLOCK], actor, body.text)
    except BaseException:
        limiter.give_back(address)
        raise
    await send_desk_emits(request.app, outcome.emits)
    return no_store({"message": outcome.value}, status=201)


async def my_messages(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS]() as db:
        found = await service.my_messages(db, actor)
    return no_store({"messages": found})


async def delete_my_message(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.DB_SESSIONS].begin() as db:
        await service.delete_my_message(db, actor, request.match_info["message_id"])
    return no_store({"ok": True})


TAG = "desk"
HOURS_ERRORS = ("FORBIDDEN", "INVALID")

ROUTES = (
    ApiRoute("GET", "/api/desk", desk_status,
             "The desk on duty now: open?, next opening (UTC and local), how many staff are on duty; no names", TAG),
    ApiRoute("GET", "/api/desk/hours", get_hours, "Opening hours of the desk: weekly, and dates that differ", TAG),
    ApiRoute("PUT", "/api/desk/hours", put_hours, "Replace the weekly opening hours (desk workers)", TAG,
             body=HoursBody, auth="staff", errors=HOURS_ERRORS),
    ApiRoute("PUT", "/api/desk/days/{date}", put_day,
             "Give one local date (YYYY-MM-DD) its own hours, or close it (desk workers)", TAG,
             body=DayBody, auth="staff", errors=HOURS_ERRORS),
    ApiRoute("DELETE", "/api/desk/days/{date}", delete_day, "That date follows the weekly hours again (desk workers)", TAG,
             auth="staff", errors=HOURS_ERRORS),
    ApiRoute("POST", "/api/desk/messages", leave_message,
             "Leave a message for the desk staff (anyone who entered, guests too)", TAG,
             body=MessageBody, auth="required", ok_status=201, errors=("INVALID", "NOTE_PERSONAL_INFO", "RATE_LIMITED"),
             capability=Capability.DESK),
    ApiRoute("GET", "/api/desk/messages/mine", my_messages, "The caller's own messages, with any reply", TAG,
             auth="required"),
    ApiRoute("DELETE", "/api/desk/messages/{message_id}", delete_my_message, "Delete one of the caller's own messages", TAG,
             auth="required", errors=("NOT_FOUND",)),
    ApiRoute("GET", "/api/desk/messages", list_messages, "Messages left at the desk (desk workers)", TAG,
             auth="staff", query=("state",), errors=("FORBIDDEN", "INVALID")),
    ApiRoute("POST", "/api/desk/messages/{message_id}/handled", mark_handled,
             "Mark a message handled, optionally with a reply the author sees (desk workers)", TAG,
             body=HandledBody, auth="staff", errors=("FORBIDDEN", "NOT_FOUND", "INVALID")),
)


def install_desk_pages(app: web.Application) -> None:
    """The standalone desk page (HTML, not part of the API): the shortest way to the desk."""
    app.router.add_get("/desk", page_handler("desk.html"))
