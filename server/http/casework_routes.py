"""REST for casework: letters, case records and the person's own view of their record.

Thin: parse, call ``rooms.casework``, send the emits after commit. Case work runs through
``trail.run_keeping_refusals`` so a refused attempt stays in the access log.
"""
from __future__ import annotations

from typing import Literal

from aiohttp import web
from pydantic import Field

from rooms.casework import cases, letters, my_record, trail
from server import keys
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Outcome
from server.http.account_routes import no_store
from server.core import text
from server.http.bodies import Command, read_json, text_field
from server.http.principal import current_principal
from server.http.routing import ApiRoute
from server.realtime.broadcaster import send_emits



class SendLetterBody(Command):
    recipient_id: str = Field(max_length=64)
    subject: str | None = text_field(text.LETTER_SUBJECT, None)
    body: str = text_field(text.LETTER_BODY)


class OpenCaseBody(Command):
    person_id: str | None = Field(default=None, max_length=64)
    person_nickname: str | None = Field(default=None, max_length=200)
    contact_start: str | None = text_field(text.CASE_CONTACT_START, None)
    referral_route: str | None = text_field(text.CASE_REFERRAL_ROUTE, None)


class UpdateCaseBody(Command):
    contact_start: str | None = text_field(text.CASE_CONTACT_START, None)
    referral_route: str | None = text_field(text.CASE_REFERRAL_ROUTE, None)
    next_step: str | None = text_field(text.CASE_NEXT_STEP, None)


class NoteBody(Command):
    kind: Literal["session", "monitoring"]
    body: str = text_field(text.CASE_NOTE)


class AssignBody(Command):
    specialist_id: str = Field(max_length=64)
    # The longer of the two reasons: seating oneself allows 200 characters (the domain says so).
    reason: str | None = text_field(
        text.CASE_REASON, None, description="required (1-200 characters) when seating oneself; the person reads it"
    )


class HandOverBody(Command):
    outgoing_id: str = Field(max_length=64)
    incoming_id: str = Field(max_length=64)
    reason: str = text_field(text.CASE_REASON)


class ConsentBody(Command):
    organisation: str = text_field(text.CONSENT_ORGANISATION)
    purpose: str = text_field(text.CONSENT_PURPOSE)


def _offset(request: web.Request) -> int:
    raw = request.query.get("offset", "0")
    if not raw.isdecimal() or len(raw) > 7:
        raise DomainError(ErrorCode.INVALID, field="offset")
    return int(raw)


async def _deliver(request: web.Request, outcome: Outcome) -> None:
    await send_emits(request.app[keys.SIO], outcome.emits)


# --- letters -----------------------------------------------------------------------------

async def letters_inbox(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    offset = _offset(request)
    async with request.app[keys.SESSIONS]() as db:
        return no_store(await letters.inbox(db, actor, offset=offset))


async def letters_sent(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    offset = _offset(request)
    async with request.app[keys.SESSIONS]() as db:
        return no_store(await letters.sent(db, actor, offset=offset))


async def letters_contacts(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS]() as db:
        return no_store({"contacts": await letters.contacts(db, actor)})


async def letters_send(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, SendLetterBody)
    async with request.app[keys.SESSIONS].begin() as db:
        outcome = await letters.send_letter(
            db, request.app[keys.CLOCK], actor, recipient_id=body.recipient_id, subject=body.subject, body=body.body
        )
    await _deliver(request, outcome)
    return no_store({"letter": outcome.value}, status=201)


async def letters_get(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS]() as db:
        return no_store({"letter": await letters.get_letter(db, actor, request.match_info["letter_id"])})


async def letters_mark_read(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS].begin() as db:
        result = await letters.mark_read(db, request.app[keys.CLOCK], actor, request.match_info["letter_id"])
    return no_store(result)


async def letters_delete(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS].begin() as db:
        await letters.delete_letter(db, request.app[keys.CLOCK], actor, request.match_info["letter_id"])
    return no_store({"ok": True})


# --- cases -------------------------------------------------------------------------------

async def cases_open(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, OpenCaseBody)
    clock = request.app[keys.CLOCK]
    # A refused attempt on someone's existing case stays in their log.
    outcome = await trail.run_keeping_refusals(request.app[keys.SESSIONS], lambda db: cases.open_case(
        db, clock, actor,
        person_id=body.person_id, person_nickname=body.person_nickname,
        contact_start=body.contact_start, referral_route=body.referral_route,
    ))
    await _deliver(request, outcome)
    return no_store({"case": outcome.value}, status=201)


async def cases_mine(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS]() as db:
        return no_store({"cases": await cases.my_cases(db, actor)})


async def cases_overview(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS]() as db:
        return no_store({"cases": await cases.overview(db, actor)})


async def cases_caseworkers(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS]() as db:
        return no_store({"caseworkers": await cases.caseworkers(db, actor)})


async def cases_get(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    case_id, clock = request.match_info["case_id"], request.app[keys.CLOCK]
    view = await trail.run_keeping_refusals(
        request.app[keys.SESSIONS], lambda db: cases.read_case(db, clock, actor, case_id)
    )
    return no_store({"case": view})


async def cases_update(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, UpdateCaseBody)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    case_id, clock = request.match_info["case_id"], request.app[keys.CLOCK]
    fields = await trail.run_keeping_refusals(
        request.app[keys.SESSIONS], lambda db: cases.update_fields(db, clock, actor, case_id, changes)
    )
    return no_store({"fields": fields})


async def cases_add_note(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, NoteBody)
    case_id, clock = request.match_info["case_id"], request.app[keys.CLOCK]
    note = await trail.run_keeping_refusals(
        request.app[keys.SESSIONS], lambda db: cases.add_note(db, clock, actor, case_id, kind=body.kind, body=body.body)
    )
    return no_store({"note": note}, status=201)


async def cases_assign(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, AssignBody)
    case_id, clock = request.match_info["case_id"], request.app[keys.CLOCK]
    outcome = await trail.run_keeping_refusals(
        request.app[keys.SESSIONS],
        lambda db: cases.assign(db, clock, actor, case_id, specialist_id=body.specialist_id, reason=body.reason),
    )
    await _deliver(request, outcome)
    return no_store(outcome.value)


async def cases_hand_over(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, HandOverBody)
    case_id, clock = request.match_info["case_id"], request.app[keys.CLOCK]
    outcome = await trail.run_keeping_refusals(
        request.app[keys.SESSIONS],
        lambda db: cases.hand_over(
            db, clock, actor, case_id, outgoing_id=body.outgoing_id, incoming_id=body.incoming_id, reason=body.reason
        ),
    )
    await _deliver(request, outcome)
    return no_store(outcome.value)


# --- the person's own record ---------------------------------------------------------------

async def my_record_view(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    offset = _offset(request)
    async with request.app[keys.SESSIONS]() as db:
        return no_store(await my_record.view(db, actor, offset=offset))


async def my_record_grant(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    body = await read_json(request, ConsentBody)
    async with request.app[keys.SESSIONS].begin() as db:
        outcome = await my_record.grant_consent(
            db, request.app[keys.CLOCK], actor, organisation=body.organisation, purpose=body.purpose
        )
    await _deliver(request, outcome)
    return no_store({"consent": outcome.value}, status=201)


async def my_record_revoke(request: web.Request) -> web.Response:
    actor = await current_principal(request)
    async with request.app[keys.SESSIONS].begin() as db:
        outcome = await my_record.revoke_consent(db, request.app[keys.CLOCK], actor, request.match_info["consent_id"])
    await _deliver(request, outcome)
    return no_store({"consent": outcome.value})


_GUEST = ("FORBIDDEN",)

# Fixed paths are declared before {id} paths: aiohttp matches in order.
ROUTES = (
    ApiRoute("GET", "/api/letters/inbox", letters_inbox, "Letters to me, newest first (50 a page), with the unread count",
             "letters", auth="required", query=("offset",), errors=_GUEST),
    ApiRoute("GET", "/api/letters/sent", letters_sent, "Letters I sent and still keep", "letters",
             auth="required", query=("offset",), errors=_GUEST),
    ApiRoute("GET", "/api/letters/contacts", letters_contacts,
             "Whom I may write to: my assigned specialists, or (for a specialist) the people of my cases",
             "letters", auth="required", errors=_GUEST),
    ApiRoute("POST", "/api/letters", letters_send, "Send a letter (between a person and their assigned specialists only)",
             "letters", body=SendLetterBody, auth="required", ok_status=201, errors=("FORBIDDEN", "RATE_LIMITED")),
    ApiRoute("GET", "/api/letters/{letter_id}", letters_get, "Read one of my letters (does not mark it read)", "letters",
             auth="required", errors=("FORBIDDEN", "NOT_FOUND")),
    ApiRoute("POST", "/api/letters/{letter_id}/read", letters_mark_read, "Mark a letter to me as read", "letters",
             auth="required", errors=("FORBIDDEN", "NOT_FOUND")),
    ApiRoute("DELETE", "/api/letters/{letter_id}", letters_delete, "Delete my copy of a letter (the other side keeps theirs)",
             "letters", auth="required", errors=("FORBIDDEN", "NOT_FOUND")),
    ApiRoute("POST", "/api/cases", cases_open,
             "Open the case record of a person I have a relation with (a booking, an answered desk message); "
             "the opener becomes the first assignee. Any refusal is FORBIDDEN no_relation, whether or not a case exists",
             "cases", body=OpenCaseBody, auth="required", ok_status=201, errors=("FORBIDDEN", "CONFLICT")),
    ApiRoute("GET", "/api/cases/mine", cases_mine, "The cases I am assigned to (no contents)", "cases",
             auth="required", errors=_GUEST),
    ApiRoute("GET", "/api/cases/overview", cases_overview, "Every case and its assignees, for coordinators (no contents)",
             "cases", auth="required", errors=_GUEST),
    ApiRoute("GET", "/api/cases/caseworkers", cases_caseworkers, "Specialists and staff who can be assigned", "cases",
             auth="required", errors=_GUEST),
    ApiRoute("GET", "/api/cases/{case_id}", cases_get, "Read a case record (assignees only; every attempt is logged)",
             "cases", auth="required", errors=("FORBIDDEN", "NOT_FOUND")),
    ApiRoute("PATCH", "/api/cases/{case_id}", cases_update, "Set how contact started, the referral route, the next step",
             "cases", body=UpdateCaseBody, auth="required", errors=("FORBIDDEN", "NOT_FOUND")),
    ApiRoute("POST", "/api/cases/{case_id}/notes", cases_add_note, "Add a session or monitoring note (append-only)",
             "cases", body=NoteBody, auth="required", ok_status=201, errors=("FORBIDDEN", "NOT_FOUND")),
    ApiRoute("POST", "/api/cases/{case_id}/assignees", cases_assign, "Assign the second specialist (at most two)",
             "cases", body=AssignBody, auth="required", errors=("FORBIDDEN", "NOT_FOUND", "CONFLICT")),
    ApiRoute("POST", "/api/cases/{case_id}/handover", cases_hand_over,
             "Hand one assignee's seat to another specialist; the history keeps who, when and why",
             "cases", body=HandOverBody, auth="required", errors=("FORBIDDEN", "NOT_FOUND", "CONFLICT")),
    ApiRoute("GET", "/api/my-record", my_record_view,
             "My case record as I see it: who can read it, its access log, my consents, the next step",
             "my-record", auth="required", query=("offset",), errors=_GUEST),
    ApiRoute("POST", "/api/my-record/consents", my_record_grant, "Consent to share my record with an outside organisation",
             "my-record", body=ConsentBody, auth="required", ok_status=201, errors=("FORBIDDEN", "NOT_FOUND", "CONFLICT")),
    ApiRoute("POST", "/api/my-record/consents/{consent_id}/revoke", my_record_revoke, "Withdraw a consent to share",
             "my-record", auth="required", errors=("FORBIDDEN", "NOT_FOUND", "CONFLICT")),
)
