"""Every free text people write: one set of rules, one place for the limits.

``clean(kind, raw)`` is the one function every text passes through (chat, notes, letters,
board fields, nicknames, reasons). The moderation work adds its personal-information shield
and crisis screening here, behind the same call.

Rules, in order: a ``str``; line breaks unified to ``\\n`` (multi-line kinds); Unicode
normalisation; surrounding whitespace trimmed; no forbidden character; 1..max_length
characters (blank is "no value" where the caller allows it).

Normalisation per kind: NFC for everything people read as written (it only merges
precomposed and combining forms, so the text looks the same), NFKC for nicknames, which are
also handles: full-width letters and half-width kana fold to one form, so look-alike
names collide instead of impersonating each other.

Forbidden: C0/C1 control characters (multi-line kinds allow ``\\n`` and ``\\t``), line and
paragraph separators, lone surrogates, bidi embeddings/overrides/isolates (they make text
read differently from what was stored) and invisible zero-width characters (U+200B, U+2060,
U+FEFF). The zero-width joiner and non-joiner stay allowed in ordinary texts: emoji sequences
and some scripts need them; nicknames refuse every format character.

Refusals: ``DomainError(kind.error, field=..., detail={"reason": ...})`` with reason one of
``not_text``, ``empty``, ``too_long`` (plus ``max_length``) or ``forbidden_character``.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Literal

from server.core.errors import DomainError, ErrorCode

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff")
MULTILINE_ALLOWED = frozenset("\n\t")
# Trimmed from both ends: spaces (the ideographic one included), tabs and line breaks. Other
# controls that str.strip() would also drop (e.g. U+0085) are refused instead.
TRIMMED = " \t\n\r\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"


@dataclass(frozen=True, slots=True)
class TextKind:
    """One kind of free text and its limit (in characters, after normalisation)."""

    name: str  # the key the web client reads the limit by
    max_length: int
    multiline: bool = False
    form: Literal["NFC", "NFKC"] = "NFC"
    error: ErrorCode = ErrorCode.INVALID


KINDS: dict[str, TextKind] = {}


def _kind(name: str, max_length: int, **options) -> TextKind:
    kind = TextKind(name, max_length, **options)
    KINDS[name] = kind
    return kind


# Talk (Socket.IO)
CHAT = _kind("chat", 500)
DESK_QUEUE_NOTE = _kind("desk_queue_note", 200)
# Bookings
BOOKING_NOTE = _kind("booking_note", 500, multiline=True)
BOOKING_MESSAGE = _kind("booking_message", 200)
# Casework
LETTER_BODY = _kind("letter_body", 2000, multiline=True)
LETTER_SUBJECT = _kind("letter_subject", 80)
CASE_NOTE = _kind("case_note", 4000, multiline=True)
CASE_REASON = _kind("case_reason", 300)
SELF_SEAT_REASON = _kind("self_seat_reason", 200)
CASE_CONTACT_START = _kind("case_contact_start", 1000, multiline=True)
CASE_REFERRAL_ROUTE = _kind("case_referral_route", 300, multiline=True)
CASE_NEXT_STEP = _kind("case_next_step", 1000, multiline=True)
CONSENT_ORGANISATION = _kind("consent_organisation", 100)
CONSENT_PURPOSE = _kind("consent_purpose", 300, multiline=True)
# Desk (REST)
DESK_MESSAGE = _kind("desk_message", 1000, multiline=True)
DESK_REPLY = _kind("desk_reply", 1000, multiline=True)
DESK_DAY_NOTE = _kind("desk_day_note", 80)
# Boards
BOARD_TITLE = _kind("board_title", 120)
BOARD_BODY = _kind("board_body", 8000, multiline=True)
BOARD_ALT = _kind("board_alt", 200)
BOARD_QUERY = _kind("board_query", 100)
# People
NICKNAME = _kind("nickname", 20, form="NFKC", error=ErrorCode.NICKNAME_INVALID)
HIDDEN_LOOK_REASON = _kind("hidden_look_reason", 200)
# Exchange events and moderation (declared here so their limits start in the same place)
SANCTION_REASON = _kind("sanction_reason", 1000, multiline=True)  # shown to the person
SANCTION_NOTE = _kind("sanction_note", 2000, multiline=True)  # internal, moderators only
APPEAL_TEXT = _kind("appeal_text", 2000, multiline=True)
APPEAL_ANSWER = _kind("appeal_answer", 1000, multiline=True)
MODERATION_REASON = _kind("moderation_reason", 200)  # lifting, hiding, asking to leave
REPORT_COMMENT = _kind("report_comment", 1000, multiline=True)
REPORT_NOTE = _kind("report_note", 2000, multiline=True)
EVENT_DESCRIPTION = _kind("event_description", 2000, multiline=True)
EVENT_TITLE = _kind("event_title", 80)
EVENT_QUESTION = _kind("event_question", 200)
EVENT_CHOICE = _kind("event_choice", 60)
SURVEY_ANSWER = _kind("survey_answer", 1000, multiline=True)
# Anonymous surveys (rooms/surveys): what staff write, and the short free-text answer
SURVEY_TITLE = _kind("survey_title", 80)
SURVEY_DESCRIPTION = _kind("survey_description", 600, multiline=True)
SURVEY_QUESTION = _kind("survey_question", 200)
SURVEY_OPTION = _kind("survey_option", 60)
SURVEY_TEXT = _kind("survey_text", 400, multiline=True)
# moderation: what a staff member did about a crisis alert (issue 12)
CRISIS_ACTION = _kind("crisis_action", 1000, multiline=True)
WORD_PHRASE = _kind("word_phrase", 100)  # a moderators' word-list phrase
SCREEN_TEST = _kind("screen_test", 2000, multiline=True)  # a sentence tried against the shield
EVENT_LABEL = _kind("event_label", 20, form="NFKC")  # the name an attendee chooses to show in a live event


def forbidden_character(ch: str, kind: TextKind) -> bool:
    if kind.multiline and ch in MULTILINE_ALLOWED:
        return False
    if ch in BIDI_CONTROLS or ch in ZERO_WIDTH:
        return True
    category = unicodedata.category(ch)
    if kind.form == "NFKC" and category == "Cf":
        return True
    return category in ("Cc", "Cs", "Zl", "Zp")


def refusal(kind: TextKind, field: str, reason: str, **extra) -> DomainError:
    return DomainError(kind.error, field=field, detail={"reason": reason, **extra})


def clean(kind: TextKind, raw: object, *, field: str | None = None, optional: bool = False) -> str | None:
    """The text as stored, None for absent or blank text when ``optional``, else a refusal.

    The one seam every free text passes through."""
    name = field or kind.name
    if raw is None and optional:
        return None
    if not isinstance(raw, str):
        raise refusal(kind, name, "not_text")
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if kind.multiline else raw
    text = unicodedata.normalize(kind.form, text).strip(TRIMMED)
    if not text:
        if optional:
            return None
        raise refusal(kind, name, "empty")
    if len(text) > kind.max_length:
        raise refusal(kind, name, "too_long", max_length=kind.max_length)
    if any(forbidden_character(ch, kind) for ch in text):
        raise refusal(kind, name, "forbidden_character")
    return text


def required(kind: TextKind, raw: object, *, field: str | None = None) -> str:
    text = clean(kind, raw, field=field)
    assert text is not None  # clean() refuses blank text unless optional
    return text


def client_limits() -> dict[str, int]:
    """What the web client needs for its inputs' maxlength, by kind name."""
    return {name: kind.max_length for name, kind in sorted(KINDS.items())}


def client_module() -> str:
    """web_client/src/text_limits.js, generated (``python -m server.core.text > ...``)."""
    body = json.dumps(client_limits(), indent=2)
    return (
        "// Generated from server/core/text.py by `python -m server.core.text`: do not edit.\n"
        "// The longest text, in characters, the server accepts for each kind of free text.\n"
        f"export const TEXT_LIMITS = Object.freeze({body});\n"
    )


if __name__ == "__main__":
    print(client_module(), end="")
