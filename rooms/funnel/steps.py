"""The steps of the funnel, the kinds of account they are counted by, and the local day."""
from __future__ import annotations

import enum
from datetime import date, datetime
from zoneinfo import ZoneInfo

from server.core.principal import Principal

TZ = ZoneInfo("Asia/Tokyo")  # the day a municipality reports by


class Step(str, enum.Enum):
    VISIT = "visit"  # entered the space that day
    FIRST_VISIT = "first_visit"  # entered on the day the account was made (a newcomer)
    FIRST_STAMP = "first_stamp"  # sent a stamp that day
    FIRST_TEXT = "first_text"  # wrote in a zone or a conversation that day
    DESK_CONTACT = "desk_contact"  # knocked at the desk
    DESK_MESSAGE = "desk_message"  # left a message outside opening hours
    BOOKING_MADE = "booking_made"
    CONSULT_TEXT = "consult_text"  # a consultation held in text only
    CONSULT_VOICE = "consult_voice"  # a consultation held with voice
    LETTER = "letter"  # sent or received a letter
    EVENT_ATTENDED = "event_attended"


STEPS = tuple(Step)
KINDS = ("guest", "individual", "family", "supporter", "unspecified")
# Steps whose day is also kept per new account, for the median days from the first visit.
LATENCY_STEPS = (Step.DESK_CONTACT, Step.BOOKING_MADE)


def kind_of_account(is_guest: bool, kind: str) -> str:
    """The kind the person chose, else guest or unspecified (as event attendance counts)."""
    if kind in KINDS and kind != "unspecified":
        return kind
    return "guest" if is_guest else "unspecified"


def kind_of(principal: Principal) -> str:
    return kind_of_account(principal.is_guest, principal.kind.value)


def counts(principal: Principal) -> bool:
    """Only visitors make the funnel: staff walking the space are not its numbers."""
    return not principal.is_staff


def local_day(moment: datetime) -> date:
    return moment.astimezone(TZ).date()
