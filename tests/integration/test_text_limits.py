"""Text limits are declared once (server/core/text.py): the OpenAPI document and the request
models read them, and a text over a limit is refused the same way at either layer."""
from __future__ import annotations

from server.core import text

# Every free-text field of the REST API, by request schema: (schema, property) -> kind.
FREE_TEXT = {
    ("BookBody", "note"): text.BOOKING_NOTE,  # the document used to say 2,000 while the domain kept 500
    ("CancelBody", "message"): text.BOOKING_MESSAGE,
    ("RescheduleBody", "message"): text.BOOKING_MESSAGE,
    ("SendLetterBody", "subject"): text.LETTER_SUBJECT,
    ("SendLetterBody", "body"): text.LETTER_BODY,
    ("ReportBody", "comment"): text.REPORT_COMMENT,
    ("ReportNoteBody", "body"): text.REPORT_NOTE,
    ("OpenCaseBody", "contact_start"): text.CASE_CONTACT_START,
    ("OpenCaseBody", "referral_route"): text.CASE_REFERRAL_ROUTE,
    ("UpdateCaseBody", "contact_start"): text.CASE_CONTACT_START,
    ("UpdateCaseBody", "referral_route"): text.CASE_REFERRAL_ROUTE,
    ("UpdateCaseBody", "next_step"): text.CASE_NEXT_STEP,
    ("NoteBody", "body"): text.CASE_NOTE,
    ("AssignBody", "reason"): text.CASE_REASON,
    ("HandOverBody", "reason"): text.CASE_REASON,
    ("ConsentBody", "organisation"): text.CONSENT_ORGANISATION,
    ("ConsentBody", "purpose"): text.CONSENT_PURPOSE,
    ("DayBody", "note"): text.DESK_DAY_NOTE,
    ("MessageBody", "text"): text.DESK_MESSAGE,
    ("HandledBody", "reply"): text.DESK_REPLY,
    ("AcknowledgeBody", "action"): text.CRISIS_ACTION,
    ("WordBody", "phrase"): text.WORD_PHRASE,
    ("ScreenTestBody", "text"): text.SCREEN_TEST,
    ("PostBody", "title_ja"): text.BOARD_TITLE,
    ("PostBody", "title_en"): text.BOARD_TITLE,
    ("PostBody", "body_ja"): text.BOARD_BODY,
    ("PostBody", "body_en"): text.BOARD_BODY,
    ("PostPatch", "title_ja"): text.BOARD_TITLE,
    ("PostPatch", "title_en"): text.BOARD_TITLE,
    ("PostPatch", "body_ja"): text.BOARD_BODY,
    ("PostPatch", "body_en"): text.BOARD_BODY,
    ("PreviewBody", "body_ja"): text.BOARD_BODY,
    ("PreviewBody", "body_en"): text.BOARD_BODY,
    ("KeepBody", "nickname"): text.NICKNAME,
    ("CreateUserBody", "nickname"): text.NICKNAME,
    ("EventFields", "title_ja"): text.EVENT_TITLE,
    ("EventFields", "title_en"): text.EVENT_TITLE,
    ("EventFields", "description_ja"): text.EVENT_DESCRIPTION,
    ("EventFields", "description_en"): text.EVENT_DESCRIPTION,
    ("HostBody", "nickname"): text.NICKNAME,
    ("QuestionBody", "prompt_ja"): text.EVENT_QUESTION,
    ("QuestionBody", "prompt_en"): text.EVENT_QUESTION,
    ("ChoiceBody", "ja"): text.EVENT_CHOICE,
    ("ChoiceBody", "en"): text.EVENT_CHOICE,
    ("GiveSanctionBody", "reason_ja"): text.SANCTION_REASON,
    ("GiveSanctionBody", "reason_en"): text.SANCTION_REASON,
    ("GiveSanctionBody", "note"): text.SANCTION_NOTE,
    ("LiftSanctionBody", "reason"): text.MODERATION_REASON,
    ("DecideAppealBody", "answer_ja"): text.APPEAL_ANSWER,
    ("DecideAppealBody", "answer_en"): text.APPEAL_ANSWER,
    ("SanctionAppealBody", "text"): text.APPEAL_TEXT,
    ("TokenAppealBody", "text"): text.APPEAL_TEXT,
    ("SurveyBody", "title_ja"): text.SURVEY_TITLE,
    ("SurveyBody", "title_en"): text.SURVEY_TITLE,
    ("SurveyBody", "description_ja"): text.SURVEY_DESCRIPTION,
    ("SurveyBody", "description_en"): text.SURVEY_DESCRIPTION,
    ("SurveyQuestionBody", "prompt_ja"): text.SURVEY_QUESTION,
    ("SurveyQuestionBody", "prompt_en"): text.SURVEY_QUESTION,
    ("SurveyOptionBody", "ja"): text.SURVEY_OPTION,
    ("SurveyOptionBody", "en"): text.SURVEY_OPTION,
}


def max_length(prop: dict) -> int | None:
    """maxLength of a string property, also when it is optional (``anyOf`` with null)."""
    if "maxLength" in prop:
        return prop["maxLength"]
    lengths = [alt["maxLength"] for alt in prop.get("anyOf", ()) if "maxLength" in alt]
    return lengths[0] if len(lengths) == 1 else None


async def test_openapi_max_length_is_the_domain_limit_for_every_text_field(running):
    status, doc = await running.api.call("GET", "/api/openapi.json")
    assert status == 200
    schemas = doc["components"]["schemas"]
    tagged = {}
    for schema_name, schema in schemas.items():
        for prop_name, prop in schema.get("properties", {}).items():
            if "x-text-kind" in prop:
                tagged[(schema_name, prop_name)] = prop["x-text-kind"]
                kind = text.KINDS[prop["x-text-kind"]]
                assert max_length(prop) == kind.max_length, (schema_name, prop_name)
    assert tagged == {key: kind.name for key, kind in FREE_TEXT.items()}
    assert max_length(schemas["BookBody"]["properties"]["note"]) == 500


async def test_a_text_over_its_limit_is_refused_as_the_domain_refuses_it(running):
    """The body model holds the domain's limit; one character over gets the domain's own code
    and detail (for a nickname: NICKNAME_INVALID, not a generic INVALID)."""
    status, body = await running.api.call("POST", "/api/auth/keep", json={"nickname": "な" * 21, "passphrase": "a long passphrase"})
    assert status == 400 and body["error"]["code"] == "NICKNAME_INVALID" and body["error"]["field"] == "nickname"
    assert body["error"]["detail"] == {"reason": "too_long", "max_length": 20}
    status, body = await running.api.call("POST", "/api/auth/keep", json={"nickname": "な" * 20, "passphrase": "a long passphrase"})
    assert status == 201, body
