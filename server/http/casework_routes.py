"""REST for casework: letters, case records and the person's own view of their record.

Each handler is the call to ``rooms.casework``; ApiRoute checks auth, parses the body, opens
the session and sends the emits after commit. Case work runs through
``trail.run_keeping_refusals`` (tx="outside") so a refused attempt stays in the access log.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from moderation.sanctions.ladder import Capability
from avatars.models import Account
from rooms.casework import cases, letters, my_record, trail
from rooms.casework.models import Letter
from rooms.funnel.steps import Step
from server import funnel, keys
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Outcome
from server.core import text
from server.http.bodies import Command, text_field
from server.http.routing import ApiRoute, Call
from server import crisis



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


def _offset(call: Call) -> int:
    raw = call.request.query.get("offset", "0")
    if not raw.isdecimal() or len(raw) > 7:
        raise DomainError(ErrorCode.INVALID, field="offset")
    return int(raw)


# --- letters -----------------------------------------------------------------------------

async def letters_inbox(call: Call) -> dict:
    return await letters.inbox(call.db, call.actor, offset=_offset(call))


async def letters_sent(call: Call) -> dict:
    return await letters.sent(call.db, call.actor, offset=_offset(call))


async def letters_contacts(call: Call) -> list:
    return await letters.contacts(call.db, call.actor)


async def letters_send(call: Call) -> Outcome:
    body = call.body
    sent = await letters.send_letter(
        call.db, call.clock, call.actor, recipient_id=body.recipient_id, subject=body.subject, body=body.body
    )
    # The visitor's side of the exchange is counted: the writer, or the one written to.
    if call.actor.is_staff:
        call.after_commit(lambda: funnel.note_account(call.app, body.recipient_id, Step.LETTER))
    else:
        call.after_commit(lambda: funnel.note(call.app, call.actor, Step.LETTER))
    if call.actor.is_staff:
        return sent
    # Letters stay unfiltered; a crisis in one is heard (alert in the same transaction).
    written = await call.db.get(Letter, sent.value["id"])
    sender = await call.db.get(Account, call.actor.account_id)
    found = await crisis.crisis_part(
        call.app, call.db, call.app[keys.SHIELD].private(written.body), channel="letter", place=written.id,
        sender_id=sender.id, nickname=sender.nickname,
        context=[crisis.Line(sender.id, sender.nickname, written.body, written.created_at)])
    return Outcome({**sent.value, **found.value}, sent.emits + found.emits)


async def letters_get(call: Call) -> dict:
    return await letters.get_letter(call.db, call.actor, call.path("letter_id"))


async def letters_mark_read(call: Call) -> dict:
    return await letters.mark_read(call.db, call.clock, call.actor, call.path("letter_id"))


async def letters_delete(call: Call) -> dict:
    await letters.delete_letter(call.db, call.clock, call.actor, call.path("letter_id"))
    return {"ok": True}


# --- cases: through the trail, so a refused attempt stays in the person's access log --------

async def _kept(call: Call, work):
    return await trail.run_keeping_refusals(call.sessions, work)


async def cases_open(call: Call) -> Outcome:
    body = call.body
    return await _kept(call, lambda db: cases.open_case(
        db, call.clock, call.actor,
        person_id=body.person_id, person_nickname=body.person_nickname,
        contact_start=body.contact_start, referral_route=body.referral_route,
    ))


async def cases_mine(call: Call) -> list:
    return await cases.my_cases(call.db, call.actor)


async def cases_overview(call: Call) -> list:
    return await cases.overview(call.db, call.actor)


async def cases_caseworkers(call: Call) -> list:
    return await cases.caseworkers(call.db, call.actor)


async def cases_get(call: Call) -> dict:
    return await _kept(call, lambda db: cases.read_case(db, call.clock, call.actor, call.path("case_id")))


async def cases_update(call: Call) -> dict:
    changes = {name: getattr(call.body, name) for name in call.body.model_fields_set}
    return await _kept(call, lambda db: cases.update_fields(db, call.clock, call.actor, call.path("case_id"), changes))


async def cases_add_note(call: Call) -> dict:
    body = call.body
    return await _kept(
        call, lambda db: cases.add_note(db, call.clock, call.actor, call.path("case_id"), kind=body.kind, body=body.body)
    )


async def cases_assign(call: Call) -> Outcome:
    body = call.body
    return await _kept(call, lambda db: cases.assign(
        db, call.clock, call.actor, call.path("case_id"), specialist_id=body.specialist_id, reason=body.reason
    ))


async def cases_hand_over(call: Call) -> Outcome:
    body = call.body
    return await _kept(call, lambda db: cases.hand_over(
        db, call.clock, call.actor, call.path("case_id"),
        outgoing_id=body.outgoing_id, incoming_id=body.incoming_id, reason=body.reason,
    ))


# --- the person's own record ---------------------------------------------------------------

async def my_record_view(call: Call) -> dict:
    return await my_record.view(call.db, call.actor, offset=_offset(call))


async def my_record_grant(call: Call) -> Outcome:
    body = call.body
    return await my_record.grant_consent(
        call.db, call.clock, call.actor, organisation=body.organisation, purpose=body.purpose
    )


async def my_record_revoke(call: Call) -> Outcome:
    return await my_record.revoke_consent(call.db, call.clock, call.actor, call.path("consent_id"))


_GUEST = ("FORBIDDEN",)

# Fixed paths are declared before {id} paths: aiohttp matches in order.
ROUTES = (
    ApiRoute("GET", "/api/letters/inbox", letters_inbox, "Letters to me, newest first (50 a page), with the unread count",
             "letters", auth="required", query=("offset",), errors=_GUEST, tx="read"),
    ApiRoute("GET", "/api/letters/sent", letters_sent, "Letters I sent and still keep", "letters",
             auth="required", query=("offset",), errors=_GUEST, tx="read"),
    ApiRoute("GET", "/api/letters/contacts", letters_contacts,
             "Whom I may write to: my assigned specialists, or (for a specialist) the people of my cases",
             "letters", auth="required", errors=_GUEST, tx="read", answer="contacts"),
    ApiRoute("POST", "/api/letters", letters_send, "Send a letter (between a person and their assigned specialists only)",
             "letters", body=SendLetterBody, auth="required", ok_status=201, errors=("FORBIDDEN", "RATE_LIMITED"), tx="write", answer="letter",
             capability=Capability.CONSULT),
    ApiRoute("GET", "/api/letters/{letter_id}", letters_get, "Read one of my letters (does not mark it read)", "letters",
             auth="required", errors=("FORBIDDEN", "NOT_FOUND"), tx="read", answer="letter"),
    ApiRoute("POST", "/api/letters/{letter_id}/read", letters_mark_read, "Mark a letter to me as read", "letters",
             auth="required", errors=("FORBIDDEN", "NOT_FOUND"), tx="write"),
    ApiRoute("DELETE", "/api/letters/{letter_id}", letters_delete, "Delete my copy of a letter (the other side keeps theirs)",
             "letters", auth="required", errors=("FORBIDDEN", "NOT_FOUND"), tx="write"),
    ApiRoute("POST", "/api/cases", cases_open,
             "Open the case record of a person I have a relation with (a booking, an answered desk message); "
             "the opener becomes the first assignee. Any refusal is FORBIDDEN no_relation, whether or not a case exists",
             "cases", body=OpenCaseBody, auth="required", ok_status=201, errors=("FORBIDDEN", "CONFLICT"), tx="outside", answer="case"),
    ApiRoute("GET", "/api/cases/mine", cases_mine, "The cases I am assigned to (no contents)", "cases",
             auth="required", errors=_GUEST, tx="read", answer="cases"),
    ApiRoute("GET", "/api/cases/overview", cases_overview, "Every case and its assignees, for coordinators (no contents)",
             "cases", auth="required", errors=_GUEST, tx="read", answer="cases"),
    ApiRoute("GET", "/api/cases/caseworkers", cases_caseworkers, "Specialists and staff who can be assigned", "cases",
             auth="required", errors=_GUEST, tx="read", answer="caseworkers"),
    ApiRoute("GET", "/api/cases/{case_id}", cases_get, "Read a case record (assignees only; every attempt is logged)",
             "cases", auth="required", errors=("FORBIDDEN", "NOT_FOUND"), tx="outside", answer="case"),
    ApiRoute("PATCH", "/api/cases/{case_id}", cases_update, "Set how contact started, the referral route, the next step",
             "cases", body=UpdateCaseBody, auth="required", errors=("FORBIDDEN", "NOT_FOUND"), tx="outside", answer="fields"),
    ApiRoute("POST", "/api/cases/{case_id}/notes", cases_add_note, "Add a session or monitoring note (append-only)",
             "cases", body=NoteBody, auth="required", ok_status=201, errors=("FORBIDDEN", "NOT_FOUND"), tx="outside", answer="note"),
    ApiRoute("POST", "/api/cases/{case_id}/assignees", cases_assign, "Assign the second specialist (at most two)",
             "cases", body=AssignBody, auth="required", errors=("FORBIDDEN", "NOT_FOUND", "CONFLICT"), tx="outside"),
    ApiRoute("POST", "/api/cases/{case_id}/handover", cases_hand_over,
             "Hand one assignee's seat to another specialist; the history keeps who, when and why",
             "cases", body=HandOverBody, auth="required", errors=("FORBIDDEN", "NOT_FOUND", "CONFLICT"), tx="outside"),
    ApiRoute("GET", "/api/my-record", my_record_view,
             "My case record as I see it: who can read it, its access log, my consents, the next step",
             "my-record", auth="required", query=("offset",), errors=_GUEST, tx="read"),
    ApiRoute("POST", "/api/my-record/consents", my_record_grant, "Consent to share my record with an outside organisation",
             "my-record", body=ConsentBody, auth="required", ok_status=201, errors=("FORBIDDEN", "NOT_FOUND", "CONFLICT"), tx="write", answer="consent"),
    ApiRoute("POST", "/api/my-record/consents/{consent_id}/revoke", my_record_revoke, "Withdraw a consent to share",
             "my-record", auth="required", errors=("FORBIDDEN", "NOT_FOUND", "CONFLICT"), tx="write", answer="consent"),
)
