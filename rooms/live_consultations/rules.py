"""Who may do what in a live consultation, and when. Pure functions, deny by default.

A session belongs to one booking and has three seats: the booking's person, the booking's
specialist, and, only while the person has consented, one colleague (a second specialist).
Everyone else is refused with FORBIDDEN, whatever they ask for.

- The waiting room opens ``WAIT_OPENS_BEFORE`` before the booked start and closes at the
  booked end. Outside it: NOT_ALLOWED_HERE, with ``opens_at`` or ``ended_at`` in the detail.
- Only the person waits; only the specialist sees the knock, admits, invites a colleague;
  only the person consents to a colleague; the person or the specialist ends the session.
- Inside the room (text and voice) only the seats above, and only once admitted.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from server.core.errors import DomainError, ErrorCode
from server.core.dates import iso

WAIT_OPENS_BEFORE = timedelta(minutes=15)
# A room left open long after its booked end (both sides forgot, a tab left behind) closes.
ROOM_OVERRUN = timedelta(minutes=60)
OPEN_STATUSES = frozenset({"booked", "no_show"})  # a late arrival after "no-show" is still welcome


class Seat(str, enum.Enum):
    PERSON = "person"
    SPECIALIST = "specialist"
    COLLEAGUE = "colleague"


class Phase(str, enum.Enum):
    NONE = "none"  # nobody has arrived yet
    WAITING = "waiting"
    ADMITTED = "admitted"


class Act(str, enum.Enum):
    WAIT = "wait"
    LEAVE_WAITING = "leave_waiting"
    SAY = "say"
    SEE = "see"  # the specialist answers the knock ("I have seen you're here")
    ADMIT = "admit"
    ENTER = "enter"
    VOICE = "voice"
    INVITE = "invite"
    CONSENT = "consent"
    STEP_OUT = "step_out"
    END = "end"


ALLOWED: dict[Act, frozenset[Seat]] = {
    Act.WAIT: frozenset({Seat.PERSON}),
    Act.LEAVE_WAITING: frozenset({Seat.PERSON}),
    Act.SAY: frozenset({Seat.PERSON, Seat.SPECIALIST, Seat.COLLEAGUE}),
    Act.SEE: frozenset({Seat.SPECIALIST}),
    Act.ADMIT: frozenset({Seat.SPECIALIST}),
    Act.ENTER: frozenset({Seat.PERSON, Seat.SPECIALIST, Seat.COLLEAGUE}),
    Act.VOICE: frozenset({Seat.PERSON, Seat.SPECIALIST, Seat.COLLEAGUE}),
    Act.INVITE: frozenset({Seat.SPECIALIST}),
    Act.CONSENT: frozenset({Seat.PERSON}),
    Act.STEP_OUT: frozenset({Seat.COLLEAGUE}),
    Act.END: frozenset({Seat.PERSON, Seat.SPECIALIST}),
}

# The phases an act makes sense in. (The colleague's seat exists only once admitted.)
PHASES: dict[Act, frozenset[Phase]] = {
    Act.WAIT: frozenset({Phase.NONE, Phase.WAITING, Phase.ADMITTED}),  # arriving again is fine
    Act.LEAVE_WAITING: frozenset({Phase.WAITING}),
    Act.SAY: frozenset({Phase.WAITING, Phase.ADMITTED}),
    Act.SEE: frozenset({Phase.WAITING}),
    Act.ADMIT: frozenset({Phase.WAITING}),
    Act.ENTER: frozenset({Phase.ADMITTED}),
    Act.VOICE: frozenset({Phase.ADMITTED}),
    Act.INVITE: frozenset({Phase.ADMITTED}),
    Act.CONSENT: frozenset({Phase.ADMITTED}),
    Act.STEP_OUT: frozenset({Phase.ADMITTED}),
    Act.END: frozenset({Phase.ADMITTED}),  # a person waiting leaves with LEAVE_WAITING
}

# Voice is refused like a stranger until the door is open; other acts say "not yet / not now".
WRONG_PHASE_CODE: dict[Act, ErrorCode] = {Act.VOICE: ErrorCode.FORBIDDEN}


@dataclass(frozen=True, slots=True)
class BookingFacts:
    """What a live session needs to know about its booking (read once from the database)."""

    booking_id: str
    specialist_id: str
    person_id: str
    starts_at: datetime
    ends_at: datetime
    status: str
    specialist_nickname: str = ""
    specialist_profession: str | None = None
    person_nickname: str = ""
    person_kind: str = "unspecified"
    person_is_guest: bool = False


def waiting_window(facts: BookingFacts) -> tuple[datetime, datetime]:
    return facts.starts_at - WAIT_OPENS_BEFORE, facts.ends_at


def seat_of(account_id: str, facts: BookingFacts, colleague_id: str | None = None) -> Seat | None:
    """``colleague_id`` is the consented colleague only: an invitation alone gives no seat."""
    if account_id == facts.person_id:
        return Seat.PERSON
    if account_id == facts.specialist_id:
        return Seat.SPECIALIST
    if colleague_id is not None and account_id == colleague_id:
        return Seat.COLLEAGUE
    return None


def require(act: Act, account_id: str, facts: BookingFacts, phase: Phase, *, colleague_id: str | None = None) -> Seat:
    """The caller's seat if it may do ``act`` in ``phase``; otherwise a refusal.

    FORBIDDEN (``detail.reason``): ``not_a_participant`` (no seat) or ``other_seat`` (a seat
    that may not do this). A wrong phase: NOT_ALLOWED_HERE (FORBIDDEN for voice) with
    ``reason`` ``not_admitted`` (still waiting or not arrived), ``not_waiting`` or ``in_room``.
    """
    seat = seat_of(account_id, facts, colleague_id)
    if seat is None:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "not_a_participant"})
    if seat not in ALLOWED[act]:
        raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "other_seat"})
    if phase not in PHASES[act]:
        raise DomainError(WRONG_PHASE_CODE.get(act, ErrorCode.NOT_ALLOWED_HERE), detail={"reason": _phase_reason(phase)})
    return seat


def _phase_reason(phase: Phase) -> str:
    if phase == Phase.ADMITTED:
        return "in_room"
    if phase == Phase.WAITING:
        return "not_admitted"
    return "not_waiting"


def require_open(facts: BookingFacts, now: datetime) -> None:
    """The booking still stands and its waiting room is open now."""
    if facts.status not in OPEN_STATUSES:
        raise DomainError(ErrorCode.NOT_ALLOWED_HERE, detail={"reason": facts.status})
    opens_at, closes_at = waiting_window(facts)
    if now < opens_at:
        raise DomainError(ErrorCode.NOT_ALLOWED_HERE, detail={"reason": "too_early", "opens_at": iso(opens_at)})
    if now >= closes_at:
        raise DomainError(ErrorCode.NOT_ALLOWED_HERE, detail={"reason": "too_late", "ended_at": iso(closes_at)})


def require_colleague(facts: BookingFacts, colleague_id: str, *, role_allowed: bool, disabled: bool) -> None:
    """A second specialist is someone who holds consultations, and not already one of the two."""
    if colleague_id in (facts.person_id, facts.specialist_id):
        raise DomainError(ErrorCode.INVALID, field="colleague_id", detail={"reason": "already_here"})
    if not role_allowed or disabled:
        raise DomainError(ErrorCode.INVALID, field="colleague_id", detail={"reason": "not_a_colleague"})


def room_closes_at(facts: BookingFacts) -> datetime:
    """When an admitted room closes by itself (and its voice with it)."""
    return facts.ends_at + ROOM_OVERRUN


def room_expired(facts: BookingFacts, now: datetime) -> bool:
    return now >= room_closes_at(facts)
