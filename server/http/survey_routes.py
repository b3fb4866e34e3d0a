"""REST for anonymous surveys: the open surveys for the caller, one survey, answering once;
composing, publishing, closing and the results for staff and admins. Each handler is a call
to rooms.surveys; ApiRoute checks auth, parses the body and opens the transaction."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from moderation.shield import Shield
from rooms.surveys import policy, results, service
from server import keys
from server.core import text
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Role
from server.http.board_routes import IsoDateTime
from server.http.bodies import Command, text_field
from server.http.routing import ApiRoute, Call

COMPOSERS = (Role.STAFF, Role.ADMIN)


class SurveyOptionBody(Command):
    ja: str = text_field(text.SURVEY_OPTION)
    en: str | None = text_field(text.SURVEY_OPTION, None)


class SurveyQuestionBody(Command):
    kind: Literal["single", "multiple", "scale", "text"]
    prompt_ja: str = text_field(text.SURVEY_QUESTION)
    prompt_en: str | None = text_field(text.SURVEY_QUESTION, None)
    options: list[SurveyOptionBody] | None = Field(None, max_length=policy.MAX_OPTIONS)


class SurveyBody(Command):
    title_ja: str = text_field(text.SURVEY_TITLE)
    title_en: str | None = text_field(text.SURVEY_TITLE, None)
    description_ja: str | None = text_field(text.SURVEY_DESCRIPTION, None)
    description_en: str | None = text_field(text.SURVEY_DESCRIPTION, None)
    audience: Literal["everyone", "individuals", "families"] = "everyone"
    opens_at: IsoDateTime
    closes_at: IsoDateTime
    questions: list[SurveyQuestionBody] = Field(max_length=policy.MAX_QUESTIONS)


OptionId = Annotated[str, StringConstraints(max_length=8)]


class SurveyAnswerBody(Command):
    question_id: str = Field(max_length=32)
    value: int | Annotated[str, StringConstraints(max_length=text.SURVEY_TEXT.max_length)] | list[OptionId] = Field(
        description="1-5 (scale), an option id (single), option ids (multiple) or a short text")


class SurveyAnswersBody(Command):
    answers: list[SurveyAnswerBody] = Field(max_length=policy.MAX_QUESTIONS)


def _secret(call: Call) -> str:
    return call.settings.secret


def _raw(body: SurveyBody) -> dict:
    raw = body.model_dump()
    raw["questions"] = [q.model_dump() for q in body.questions]
    return raw


def contact_kinds(call: Call):
    return contact_kinds_with(call.app[keys.SHIELD])


def contact_kinds_with(shield: Shield):
    """The app's shield on one free-text answer: a moderators' "refuse" phrase refuses as it
    does everywhere; the kinds of contact details found are the domain's to refuse."""

    def kinds(value: str) -> list[str]:
        screening = shield.check(value)
        if screening.refused:
            raise DomainError(ErrorCode.WORD_REFUSED, field="answers")
        return [found.kind for found in screening.personal_info]
    return kinds


# --- people -----------------------------------------------------------------------------------

async def open_surveys(call: Call) -> list:
    return await service.open_for(call.db, call.clock, call.actor, secret=_secret(call))


async def one_survey(call: Call) -> dict:
    return await service.one_for(call.db, call.clock, call.actor, call.path("survey_id"), secret=_secret(call))


async def answer_survey(call: Call) -> dict:
    answers = [a.model_dump() for a in call.body.answers]
    return await service.answer(call.db, call.clock, call.actor, call.path("survey_id"), answers,
                                secret=_secret(call), contact_kinds=contact_kinds(call))


# --- staff and admins -------------------------------------------------------------------------

async def managed(call: Call) -> list:
    return await service.managed(call.db, call.clock)


async def managed_one(call: Call) -> dict:
    return await service.managed_one(call.db, call.clock, call.path("survey_id"))


async def create(call: Call) -> dict:
    made = await service.create(call.db, call.clock, call.actor, _raw(call.body))
    return {"survey": made, **call.app[keys.SHIELD].warn_staff(_texts(call.body))}


async def update(call: Call) -> dict:
    changed = await service.update(call.db, call.clock, call.actor, call.path("survey_id"), _raw(call.body))
    return {"survey": changed, **call.app[keys.SHIELD].warn_staff(_texts(call.body))}


def _texts(body: SurveyBody) -> list:
    return [body.title_ja, body.title_en, body.description_ja, body.description_en]


async def remove(call: Call) -> dict:
    return await service.remove(call.db, call.path("survey_id"))


async def publish(call: Call) -> dict:
    return await service.publish(call.db, call.clock, call.path("survey_id"))


async def close(call: Call) -> dict:
    return await service.close(call.db, call.clock, call.path("survey_id"))


async def survey_results(call: Call) -> dict:
    return await results.results(call.db, call.clock.now(), call.path("survey_id"))


S = "/api/surveys/{survey_id}"
COMPOSE_ERRORS = ("INVALID", "FORBIDDEN")

ROUTES = (
    ApiRoute("GET", "/api/surveys", open_surveys, "The surveys open now and meant for the caller", "surveys",
             auth="required", tx="read", answer="surveys"),
    ApiRoute("POST", "/api/surveys", create, "Compose a survey as a draft (staff, admins)", "surveys",
             body=SurveyBody, auth=COMPOSERS, ok_status=201, errors=COMPOSE_ERRORS, tx="write"),  # {survey, warning?}
    ApiRoute("GET", "/api/surveys/manage", managed, "Every survey, drafts included, with how many answered (staff, admins)",
             "surveys", auth=COMPOSERS, tx="read", answer="surveys"),
    ApiRoute("GET", "/api/surveys/manage/{survey_id}", managed_one, "One survey as composed (staff, admins)", "surveys",
             auth=COMPOSERS, errors=("SURVEY_NOT_FOUND",), tx="read", answer="survey"),
    ApiRoute("GET", S, one_survey, "One open survey with its questions, and whether the caller answered it", "surveys",
             auth="required", errors=("SURVEY_NOT_FOUND", "SURVEY_NOT_OPEN", "SURVEY_NOT_FOR_YOU"), tx="read",
             answer="survey"),
    ApiRoute("PUT", S, update, "Rewrite a draft survey (staff, admins)", "surveys", body=SurveyBody, auth=COMPOSERS,
             errors=COMPOSE_ERRORS + ("SURVEY_NOT_FOUND", "SURVEY_NOT_DRAFT"), tx="write"),  # {survey, warning?}
    ApiRoute("DELETE", S, remove, "Delete a draft survey (staff, admins)", "surveys", auth=COMPOSERS,
             errors=("SURVEY_NOT_FOUND", "SURVEY_NOT_DRAFT", "FORBIDDEN"), tx="write", answer="survey"),
    ApiRoute("POST", S + "/publish", publish, "Publish a draft: people see it from its opening date (staff, admins)",
             "surveys", auth=COMPOSERS, errors=("SURVEY_NOT_FOUND", "SURVEY_NOT_DRAFT", "INVALID", "FORBIDDEN"),
             tx="write", answer="survey"),
    ApiRoute("POST", S + "/close", close, "Close a published survey now (staff, admins)", "surveys", auth=COMPOSERS,
             errors=("SURVEY_NOT_FOUND", "SURVEY_NOT_OPEN", "FORBIDDEN"), tx="write", answer="survey"),
    ApiRoute("POST", S + "/answers", answer_survey,
             "Answer once, anonymously: the answer is stored without the account", "surveys", body=SurveyAnswersBody,
             auth="required", ok_status=201,
             errors=("SURVEY_NOT_FOUND", "SURVEY_NOT_OPEN", "SURVEY_NOT_FOR_YOU", "SURVEY_ANSWERED",
                     "SURVEY_PERSONAL_INFO", "WORD_REFUSED", "INVALID"), tx="write", answer="answer"),
    ApiRoute("GET", S + "/results", survey_results,
             "Counts, distribution, mean and free texts; any group under 5 shown only as fewer than 5 (staff, admins)",
             "surveys", auth=COMPOSERS, errors=("SURVEY_NOT_FOUND", "FORBIDDEN"), tx="read", answer="results"),
)
