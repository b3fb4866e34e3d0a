"""REST for exchange events: the public list, signing up and cancelling (no contact data),
the per-registration .ics, the self-declared audience attributes, feedback, and the planning
routes of the host console. Each handler is the call to rooms.events; ApiRoute checks auth,
parses the body, opens the transaction and sends the emits after the commit."""
from __future__ import annotations

from typing import Annotated, Literal

from aiohttp import web
from pydantic import Field, StringConstraints

from rooms.events import catalogue, declarations, feedback, planning, registration
from rooms.events.ics import registration_ics
from server import keys
from server.core import text
from server.core.outcome import Outcome
from server.core.principal import Role
from server.core.ratelimit import RateLimiter
from server.http.bodies import Command, text_field
from server.http.routing import ApiRoute, Call

SIGNUP_LIMITER = web.AppKey("event_signup_limiter", RateLimiter)
PLANNERS = (Role.PEER_SUPPORTER, Role.SPECIALIST, Role.STAFF, Role.MODERATOR, Role.ADMIN)
MANAGERS = (Role.STAFF, Role.ADMIN)


class HostBody(Command):
    nickname: str = text_field(text.NICKNAME)
    role: Literal["host", "cohost"]


class EventFields(Command):
    title_ja: str | None = text_field(text.EVENT_TITLE, None)
    title_en: str | None = text_field(text.EVENT_TITLE, None)
    description_ja: str | None = text_field(text.EVENT_DESCRIPTION, None, description="Markdown")
    description_en: str | None = text_field(text.EVENT_DESCRIPTION, None, description="Markdown")
    kind: Literal["exchange", "family_class", "peer_meetup", "talk"] | None = None
    audience: Literal["everyone", "individuals", "families", "supporters", "women"] | None = None
    registration: Literal["required", "drop_in"] | None = None
    place: Literal["hall", "room"] | None = None
    capacity: int | None = Field(None, ge=1, le=planning.MAX_CAPACITY)
    first_date: str | None = Field(None, max_length=10, description="local date YYYY-MM-DD")
    start_time: str | None = Field(None, max_length=5, description="local time HH:MM")
    duration_minutes: int | None = Field(None, ge=15, le=480)
    repeat: Literal["none", "weekly", "monthly"] | None = None
    until_date: str | None = Field(None, max_length=10, description="last local date of a repeating event")
    tz: str | None = Field(None, max_length=64, description="IANA zone; default Asia/Tokyo")
    hosts: list[HostBody] | None = Field(None, max_length=planning.MAX_HOSTS, description="staff and admins only")


class SignUpBody(Command):
    waitlist: bool = False


class AudienceBody(Command):
    woman: bool


class ChoiceBody(Command):
    ja: str = text_field(text.EVENT_CHOICE)
    en: str | None = text_field(text.EVENT_CHOICE, None)


class QuestionBody(Command):
    kind: Literal["scale", "choice", "text"]
    prompt_ja: str = text_field(text.EVENT_QUESTION)
    prompt_en: str | None = text_field(text.EVENT_QUESTION, None)
    choices: list[ChoiceBody] | None = Field(None, max_length=feedback.MAX_CHOICES)


class QuestionsBody(Command):
    questions: list[QuestionBody] = Field(max_length=feedback.MAX_QUESTIONS)


class AnswerBody(Command):
    question_id: str = Field(max_length=32)
    value: int | Annotated[str, StringConstraints(max_length=text.SURVEY_ANSWER.max_length)] = Field(
        description="1-5 (scale), the choice's index (choice) or a short text")


class AnswersBody(Command):
    answers: list[AnswerBody] = Field(max_length=feedback.MAX_QUESTIONS)


def _fields(body: EventFields) -> tuple[dict, list[planning.HostChoice] | None]:
    fields = body.model_dump(exclude_unset=True, exclude={"hosts"})
    hosts = None if body.hosts is None else [planning.HostChoice(h.nickname, h.role) for h in body.hosts]
    return fields, hosts


def _limit(call: Call) -> None:
    call.app[SIGNUP_LIMITER].acquire(call.actor.account_id)


def _secret(call: Call) -> str:
    return call.app[keys.SETTINGS].secret


# --- reading ------------------------------------------------------------------------------

async def list_events(call: Call) -> list:
    return await catalogue.upcoming(call.db, call.clock, account_id=call.actor.account_id if call.actor else None)


async def get_event(call: Call) -> dict:
    return await catalogue.one_event(call.db, call.clock, call.path("event_id"),
                                     account_id=call.actor.account_id if call.actor else None)


async def my_signups(call: Call) -> dict:
    return {"occurrences": await catalogue.my_signups(call.db, call.clock, call.actor),
            "feedback": await feedback.open_forms(call.db, call.clock, call.actor, secret=_secret(call))}


async def signup_calendar_file(call: Call) -> web.Response:
    body = await registration_ics(call.db, call.clock, call.actor, call.path("occurrence_id"),
                                  public_url=call.app[keys.SETTINGS].public_url)
    return web.Response(body=body, content_type="text/calendar", charset="utf-8", headers={
        "Content-Disposition": 'attachment; filename="ibasho-event.ics"', "Cache-Control": "no-store"})


# --- signing up ---------------------------------------------------------------------------

async def sign_up(call: Call):
    _limit(call)
    return await registration.register(call.db, call.clock, call.actor, call.path("occurrence_id"),
                                       waitlist=call.body.waitlist)


async def cancel_signup(call: Call):
    _limit(call)
    return await registration.cancel(call.db, call.clock, call.actor, call.path("occurrence_id"))


async def my_audience(call: Call) -> dict:
    return await declarations.mine(call.db, call.actor)


async def set_my_audience(call: Call) -> dict:
    return await declarations.set_mine(call.db, call.actor, woman=call.body.woman)


# --- feedback -----------------------------------------------------------------------------

async def feedback_form(call: Call) -> dict:
    return await feedback.form(call.db, call.clock, call.actor, call.path("occurrence_id"), secret=_secret(call))


async def answer_feedback(call: Call) -> dict:
    _limit(call)
    answers = [a.model_dump() for a in call.body.answers]
    return await feedback.answer(call.db, call.clock, call.actor, call.path("occurrence_id"), answers, secret=_secret(call))


# --- planning (the host console) ----------------------------------------------------------

async def managed_events(call: Call) -> list:
    return await catalogue.managed(call.db, call.clock, call.actor)


def _staff_warning(call: Call) -> dict:
    """Contact details in an event's texts: the planner is warned (a centre's own number may
    belong there), never blocked; answered beside the event as {warning}."""
    body = call.body
    return call.app[keys.SHIELD].warn_staff(
        [body.title_ja, body.title_en, body.description_ja, body.description_en])


async def create_event(call: Call) -> dict:
    fields, hosts = _fields(call.body)
    event = await planning.create(call.db, call.clock, call.actor, fields, hosts)
    return {"event": await catalogue.one_event(call.db, call.clock, event.id), **_staff_warning(call)}


async def update_event(call: Call):
    fields, hosts = _fields(call.body)
    outcome = await planning.update(call.db, call.clock, call.actor, call.path("event_id"), fields, hosts)
    shown = await catalogue.one_event(call.db, call.clock, outcome.value.id)
    return Outcome({"event": shown, **_staff_warning(call)}, outcome.emits)


async def cancel_occurrence(call: Call) -> dict:
    occ = await planning.cancel_occurrence(call.db, call.clock, call.actor, call.path("occurrence_id"))
    return {"id": occ.id, "cancelled": occ.cancelled}


async def occurrence_signups(call: Call) -> dict:
    return await catalogue.signups(call.db, call.actor, call.path("occurrence_id"))


async def set_questions(call: Call) -> list:
    raw = [q.model_dump() for q in call.body.questions]
    return await feedback.set_questions(call.db, call.actor, call.path("event_id"), raw)


async def get_questions(call: Call) -> list:
    from rooms.events import lookup
    event = await lookup.event(call.db, call.path("event_id"))
    await lookup.require_planner(call.db, event.id, call.actor.account_id, call.actor.role)
    return [feedback.question_json(q) for q in await feedback.questions(call.db, event.id)]


async def occurrence_report(call: Call) -> dict:
    return await feedback.results(call.db, call.actor, call.path("occurrence_id"))


SIGNUP_ERRORS = ("EVENT_NOT_FOUND", "EVENT_CANCELLED", "EVENT_REGISTRATION_CLOSED", "EVENT_NOT_FOR_YOU",
                 "EVENT_ALREADY_REGISTERED", "EVENT_REMOVED", "EVENT_FULL", "RATE_LIMITED")
PLAN_ERRORS = ("EVENT_NOT_FOUND", "EVENT_NOT_HOST", "INVALID")
O = "/api/events/occurrences/{occurrence_id}"

ROUTES = (
    ApiRoute("GET", "/api/events", list_events, "Upcoming event sessions (public); signed-in people see their own sign-ups",
             "events", auth="optional", tx="read", answer="occurrences"),
    ApiRoute("GET", "/api/events/manage", managed_events, "Events the caller may plan (all for staff and admins)",
             "events", auth=PLANNERS, tx="read", answer="events"),
    ApiRoute("POST", "/api/events", create_event, "Create an event (staff, admins); the schedule is local time",
             "events", body=EventFields, auth=MANAGERS, ok_status=201, errors=("INVALID", "FORBIDDEN"), tx="write"),  # {event, warning?}
    ApiRoute("GET", "/api/events/{event_id}", get_event, "One event with its sessions (public)", "events",
             auth="optional", errors=("EVENT_NOT_FOUND",), tx="read", answer="event"),
    ApiRoute("PATCH", "/api/events/{event_id}", update_event,
             "Change an event (its hosts; staff and admins); times only while nobody has signed up", "events",
             body=EventFields, auth=PLANNERS, errors=PLAN_ERRORS + ("EVENT_SCHEDULE_LOCKED", "EVENT_CANCELLED", "FORBIDDEN"),
             tx="write"),  # {event, warning?}
    ApiRoute("GET", "/api/events/{event_id}/questions", get_questions, "The event's feedback questions (its hosts, staff)",
             "events", auth=PLANNERS, errors=PLAN_ERRORS, tx="read", answer="questions"),
    ApiRoute("PUT", "/api/events/{event_id}/questions", set_questions,
             "Set the feedback questions (its hosts, staff); refused once answered", "events",
             body=QuestionsBody, auth=PLANNERS, errors=PLAN_ERRORS + ("CONFLICT",), tx="write", answer="questions"),
    ApiRoute("POST", O + "/signup", sign_up, "Sign up for a session, or join its waitlist when full; no contact data",
             "events", body=SignUpBody, auth="required", ok_status=201, errors=SIGNUP_ERRORS, tx="write", answer="signup"),
    ApiRoute("POST", O + "/cancel-signup", cancel_signup, "Cancel one's sign-up; the next on the waitlist moves up",
             "events", auth="required", errors=("EVENT_NOT_FOUND", "EVENT_NOT_REGISTERED", "RATE_LIMITED"), tx="write",
             answer="signup"),
    ApiRoute("GET", O + "/signup.ics", signup_calendar_file, "One's sign-up as a calendar file, without personal data",
             "events", auth="required", errors=("EVENT_NOT_FOUND", "EVENT_NOT_REGISTERED"), content="text/calendar", tx="read"),
    ApiRoute("POST", O + "/cancel", cancel_occurrence, "Cancel one session of an event (its hosts, staff)", "events",
             auth=PLANNERS, errors=PLAN_ERRORS + ("EVENT_CANCELLED", "EVENT_REGISTRATION_CLOSED"), tx="write",
             answer="occurrence"),
    ApiRoute("GET", O + "/signups", occurrence_signups, "Who signed up and who waits, by nickname (its hosts, staff)",
             "events", auth=PLANNERS, errors=PLAN_ERRORS, tx="read", answer="signups"),
    ApiRoute("GET", O + "/report", occurrence_report, "Attendance counts by kind and feedback tallies (its hosts, staff)",
             "events", auth=PLANNERS, errors=PLAN_ERRORS, tx="read", answer="report"),
    ApiRoute("GET", O + "/feedback", feedback_form, "The session's feedback questions, for someone who signed up",
             "events", auth="required", errors=("EVENT_NOT_FOUND", "EVENT_NOT_REGISTERED", "EVENT_FEEDBACK_CLOSED"),
             tx="read", answer="feedback"),
    ApiRoute("POST", O + "/feedback", answer_feedback, "Answer the feedback anonymously, once", "events",
             body=AnswersBody, auth="required", ok_status=201,
             errors=("EVENT_NOT_FOUND", "EVENT_NOT_REGISTERED", "EVENT_FEEDBACK_CLOSED", "EVENT_FEEDBACK_ANSWERED",
                     "INVALID", "RATE_LIMITED"), tx="write", answer="feedback"),
    ApiRoute("GET", "/api/me/event-signups", my_signups,
             "One's sign-ups and waitlist places for sessions to come, and the feedback forms open to one",
             "events", auth="required", tx="read"),
    ApiRoute("GET", "/api/me/event-audience", my_audience, "What one has declared for events' audiences (only to oneself)",
             "events", auth="required", tx="read", answer="audience"),
    ApiRoute("PUT", "/api/me/event-audience", set_my_audience,
             "Declare oneself a woman for women-only events, or stop; never shown to anyone", "events",
             body=AudienceBody, auth="required", tx="write", answer="audience"),
)


def install_event_limits(app: web.Application) -> None:
    """Sign-ups, cancellations and answers: 30 a minute per account is more than any person needs."""
    app[SIGNUP_LIMITER] = RateLimiter.per_window(app[keys.CLOCK], limit=30, window_s=60)
