"""Live consultation rules (pure) and the in-memory session lifecycle, with a fake clock:
who may wait, admit, enter, talk, invite, consent and end; when the waiting room is open;
what each side is shown; and that refusals change nothing."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from rooms.live_consultations import rules
from rooms.live_consultations.live import (
    ADMITTED, CONSENT_ANSWER, CONSENT_REQUEST, ENDED, INVITED, KNOCK, MESSAGE, REMOVED, STATE, WAITING,
    Colleague, LiveSessions,
)
from rooms.live_consultations.rules import Act, BookingFacts, Phase, Seat
from rooms.live_consultations.status import SpecialistStatus, derive, parse_choice
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import ToAccount
from server.core.principal import Principal, Role

START = datetime(2026, 4, 6, 1, 0, tzinfo=timezone.utc)  # 10:00 in Tokyo
END = START + timedelta(minutes=50)
PERSON, SPECIALIST, COLLEAGUE, STRANGER = "p" * 32, "s" * 32, "c" * 32, "x" * 32


def facts(status: str = "booked", booking_id: str = "b1", person: str = PERSON, specialist: str = SPECIALIST) -> BookingFacts:
    return BookingFacts(
        booking_id=booking_id, specialist_id=specialist, person_id=person, starts_at=START, ends_at=END, status=status,
        specialist_nickname="みどり", specialist_profession="psychologist",
        person_nickname="そら", person_kind="family", person_is_guest=True,
    )


def refused(call, code: ErrorCode, **detail) -> DomainError:
    with pytest.raises(DomainError) as err:
        call()
    assert err.value.code is code, err.value.detail
    for key, value in detail.items():
        assert err.value.detail.get(key) == value, err.value.detail
    return err.value


# -- the pure rules -----------------------------------------------------------------------------

SEATS = {PERSON: Seat.PERSON, SPECIALIST: Seat.SPECIALIST, COLLEAGUE: Seat.COLLEAGUE, STRANGER: None}

# (act, who, phase, colleague consented?, expected: a Seat or (code, reason))
TABLE = [
    (Act.WAIT, PERSON, Phase.NONE, False, Seat.PERSON),
    (Act.WAIT, PERSON, Phase.WAITING, False, Seat.PERSON),  # arriving again
    (Act.WAIT, PERSON, Phase.ADMITTED, False, Seat.PERSON),  # back after a reload: the room
    (Act.WAIT, SPECIALIST, Phase.NONE, False, (ErrorCode.FORBIDDEN, "other_seat")),
    (Act.WAIT, STRANGER, Phase.NONE, False, (ErrorCode.FORBIDDEN, "not_a_participant")),
    (Act.WAIT, COLLEAGUE, Phase.ADMITTED, True, (ErrorCode.FORBIDDEN, "other_seat")),
    (Act.LEAVE_WAITING, PERSON, Phase.WAITING, False, Seat.PERSON),
    (Act.LEAVE_WAITING, PERSON, Phase.ADMITTED, False, (ErrorCode.NOT_ALLOWED_HERE, "in_room")),
    (Act.LEAVE_WAITING, STRANGER, Phase.WAITING, False, (ErrorCode.FORBIDDEN, "not_a_participant")),
    (Act.SEE, SPECIALIST, Phase.WAITING, False, Seat.SPECIALIST),
    (Act.SEE, PERSON, Phase.WAITING, False, (ErrorCode.FORBIDDEN, "other_seat")),
    (Act.SEE, SPECIALIST, Phase.NONE, False, (ErrorCode.NOT_ALLOWED_HERE, "not_waiting")),
    (Act.ADMIT, SPECIALIST, Phase.WAITING, False, Seat.SPECIALIST),
    (Act.ADMIT, SPECIALIST, Phase.NONE, False, (ErrorCode.NOT_ALLOWED_HERE, "not_waiting")),
    (Act.ADMIT, SPECIALIST, Phase.ADMITTED, False, (ErrorCode.NOT_ALLOWED_HERE, "in_room")),
    (Act.ADMIT, PERSON, Phase.WAITING, False, (ErrorCode.FORBIDDEN, "other_seat")),
    (Act.ADMIT, STRANGER, Phase.WAITING, False, (ErrorCode.FORBIDDEN, "not_a_participant")),
    (Act.ADMIT, COLLEAGUE, Phase.WAITING, False, (ErrorCode.FORBIDDEN, "not_a_participant")),
    (Act.ENTER, PERSON, Phase.ADMITTED, False, Seat.PERSON),
    (Act.ENTER, SPECIALIST, Phase.ADMITTED, False, Seat.SPECIALIST),
    (Act.ENTER, COLLEAGUE, Phase.ADMITTED, True, Seat.COLLEAGUE),
    (Act.ENTER, COLLEAGUE, Phase.ADMITTED, False, (ErrorCode.FORBIDDEN, "not_a_participant")),  # invited, no consent
    (Act.ENTER, STRANGER, Phase.ADMITTED, True, (ErrorCode.FORBIDDEN, "not_a_participant")),
    (Act.ENTER, PERSON, Phase.WAITING, False, (ErrorCode.NOT_ALLOWED_HERE, "not_admitted")),
    (Act.SAY, PERSON, Phase.WAITING, False, Seat.PERSON),
    (Act.SAY, SPECIALIST, Phase.WAITING, False, Seat.SPECIALIST),
    (Act.SAY, COLLEAGUE, Phase.ADMITTED, True, Seat.COLLEAGUE),
    (Act.SAY, STRANGER, Phase.ADMITTED, False, (ErrorCode.FORBIDDEN, "not_a_participant")),
    (Act.SAY, PERSON, Phase.NONE, False, (ErrorCode.NOT_ALLOWED_HERE, "not_waiting")),
    (Act.VOICE, PERSON, Phase.ADMITTED, False, Seat.PERSON),
    (Act.VOICE, COLLEAGUE, Phase.ADMITTED, True, Seat.COLLEAGUE),
    (Act.VOICE, PERSON, Phase.WAITING, False, (ErrorCode.FORBIDDEN, "not_admitted")),  # voice: refused like a stranger
    (Act.VOICE, STRANGER, Phase.ADMITTED, False, (ErrorCode.FORBIDDEN, "not_a_participant")),
    (Act.VOICE, COLLEAGUE, Phase.ADMITTED, False, (ErrorCode.FORBIDDEN, "not_a_participant")),
    (Act.INVITE, SPECIALIST, Phase.ADMITTED, False, Seat.SPECIALIST),
    (Act.INVITE, PERSON, Phase.ADMITTED, False, (ErrorCode.FORBIDDEN, "other_seat")),
    (Act.INVITE, SPECIALIST, Phase.WAITING, False, (ErrorCode.NOT_ALLOWED_HERE, "not_admitted")),
    (Act.CONSENT, PERSON, Phase.ADMITTED, False, Seat.PERSON),
    (Act.CONSENT, SPECIALIST, Phase.ADMITTED, False, (ErrorCode.FORBIDDEN, "other_seat")),
    (Act.CONSENT, COLLEAGUE, Phase.ADMITTED, True, (ErrorCode.FORBIDDEN, "other_seat")),
    (Act.STEP_OUT, COLLEAGUE, Phase.ADMITTED, True, Seat.COLLEAGUE),
    (Act.STEP_OUT, SPECIALIST, Phase.ADMITTED, False, (ErrorCode.FORBIDDEN, "other_seat")),
    (Act.END, PERSON, Phase.ADMITTED, False, Seat.PERSON),
    (Act.END, SPECIALIST, Phase.ADMITTED, False, Seat.SPECIALIST),
    (Act.END, COLLEAGUE, Phase.ADMITTED, True, (ErrorCode.FORBIDDEN, "other_seat")),
    (Act.END, STRANGER, Phase.ADMITTED, False, (ErrorCode.FORBIDDEN, "not_a_participant")),
    (Act.END, SPECIALIST, Phase.WAITING, False, (ErrorCode.NOT_ALLOWED_HERE, "not_admitted")),
]


@pytest.mark.parametrize("act, who, phase, consented, expected", TABLE)
def test_who_may_do_what_in_which_phase(act, who, phase, consented, expected):
    colleague = COLLEAGUE if consented else None
    if isinstance(expected, Seat):
        assert rules.require(act, who, facts(), phase, colleague_id=colleague) is expected
    else:
        code, reason = expected
        refused(lambda: rules.require(act, who, facts(), phase, colleague_id=colleague), code, reason=reason)


def test_every_act_has_seats_and_phases():
    assert set(rules.ALLOWED) == set(Act) == set(rules.PHASES)


# (minutes relative to the start, booking status, expected: None = open, or (reason, detail key, value))
WINDOW = [
    (-16, "booked", ("too_early", "opens_at", "2026-04-06T00:45:00Z")),
    (-15.01, "booked", ("too_early", "opens_at", "2026-04-06T00:45:00Z")),
    (-15, "booked", None),
    (-1, "booked", None),
    (0, "booked", None),
    (49.9, "booked", None),
    (50, "booked", ("too_late", "ended_at", "2026-04-06T01:50:00Z")),
    (120, "booked", ("too_late", "ended_at", "2026-04-06T01:50:00Z")),
    (10, "no_show", None),  # marked no-show, then they came after all: welcome
    (10, "cancelled", ("cancelled", None, None)),
    (10, "completed", ("completed", None, None)),
]


@pytest.mark.parametrize("minutes, status, expected", WINDOW)
def test_the_waiting_room_opens_fifteen_minutes_early_and_closes_at_the_end(minutes, status, expected):
    now = START + timedelta(minutes=minutes)
    if expected is None:
        rules.require_open(facts(status), now)
        return
    reason, key, value = expected
    error = refused(lambda: rules.require_open(facts(status), now), ErrorCode.NOT_ALLOWED_HERE, reason=reason)
    if key:
        assert error.detail[key] == value


@pytest.mark.parametrize("colleague, role_ok, disabled, reason", [
    (PERSON, True, False, "already_here"),
    (SPECIALIST, True, False, "already_here"),
    (COLLEAGUE, False, False, "not_a_colleague"),  # a visitor or peer supporter is no specialist
    (COLLEAGUE, True, True, "not_a_colleague"),
])
def test_a_colleague_must_hold_consultations_and_be_someone_new(colleague, role_ok, disabled, reason):
    refused(lambda: rules.require_colleague(facts(), colleague, role_allowed=role_ok, disabled=disabled),
            ErrorCode.INVALID, reason=reason)
    rules.require_colleague(facts(), COLLEAGUE, role_allowed=True, disabled=False)


@pytest.mark.parametrize("status, minutes, expected", [
    ("ready", None, (SpecialistStatus.READY, None)),
    ("finishing_previous", None, (SpecialistStatus.FINISHING_PREVIOUS, None)),
    ("running_late", None, (SpecialistStatus.RUNNING_LATE, None)),
    ("running_late", 10, (SpecialistStatus.RUNNING_LATE, 10)),
    ("auto", None, (None, None)),
    (None, None, (None, None)),
])
def test_status_choices(status, minutes, expected):
    assert parse_choice(status, minutes) == expected


@pytest.mark.parametrize("status, minutes, field", [
    ("on_the_way", None, "status"),  # derived only
    ("asleep", None, "status"),
    ("ready", 5, "minutes"),
    ("running_late", 0, "minutes"),
    ("running_late", 121, "minutes"),
    ("running_late", True, "minutes"),
])
def test_bad_status_choices(status, minutes, field):
    error = refused(lambda: parse_choice(status, minutes), ErrorCode.INVALID)
    assert error.field == field


@pytest.mark.parametrize("chosen, busy, present, expected", [
    (None, False, False, SpecialistStatus.ON_THE_WAY),
    (None, False, True, SpecialistStatus.READY),
    (None, True, True, SpecialistStatus.FINISHING_PREVIOUS),
    (SpecialistStatus.RUNNING_LATE, True, True, SpecialistStatus.RUNNING_LATE),  # their own words win
])
def test_derived_status(chosen, busy, present, expected):
    from rooms.live_consultations.status import Said
    said = Said(chosen, None, START) if chosen else None
    assert derive(said, in_another_room=busy, present=present)[0] is expected


# -- the live sessions ----------------------------------------------------------------------------

@pytest.fixture
def clock():
    return FakeClock(START - timedelta(minutes=5))


@pytest.fixture
def live(clock):
    return LiveSessions(clock)


def emitted(outcome, event: str, to: str | None = None) -> list[dict]:
    return [e.data for e in outcome.emits if e.event == event and (to is None or e.target == ToAccount(to))]


def specialist_principal(account_id: str = SPECIALIST, role: Role = Role.SPECIALIST) -> Principal:
    return Principal(account_id=account_id, role=role, nickname="みどり")


def admitted(live: LiveSessions, booking: BookingFacts | None = None) -> BookingFacts:
    booking = booking or facts()
    live.arrive(booking.person_id, booking)
    live.admit(booking.specialist_id, booking)
    return booking


def test_arrival_knocks_once_and_reaches_only_the_specialist(live):
    outcome = live.arrive(PERSON, facts())
    knock = emitted(outcome, KNOCK, SPECIALIST)
    assert len(knock) == 1 and knock[0]["person"] == {"nickname": "そら", "kind": "family", "is_guest": True}
    assert PERSON not in str(knock[0]) and PERSON not in str(emitted(outcome, STATE))  # never the person's account id
    assert {e.target for e in outcome.emits} == {ToAccount(SPECIALIST)}
    view = outcome.value
    assert view["phase"] == "waiting" and view["specialist"] == {"nickname": "みどり", "profession": "psychologist"}
    assert view["specialist_status"]["status"] == "on_the_way" and view["seen"] is False
    assert view["opens_at"] == "2026-04-06T00:45:00Z"

    again = live.arrive(PERSON, facts())  # a reload: the same view, no second knock
    assert not again.emits and again.value["session_id"] == "b1"


def test_leaving_and_coming_back_knocks_again_but_not_forever(live):
    for _ in range(3):
        assert emitted(live.arrive(PERSON, facts()), KNOCK)
        live.leave_waiting(PERSON, facts())
    quiet = live.arrive(PERSON, facts())
    assert not emitted(quiet, KNOCK) and quiet.value["phase"] == "waiting"  # still waiting, just no new alarm
    assert live.specialist_view(SPECIALIST)["waiting"][0]["session_id"] == "b1"


def test_messages_typed_while_waiting_are_shown_and_carried_into_the_room(live):
    live.arrive(PERSON, facts())
    said = live.say(PERSON, facts(), "  少し早く着きました  ")
    assert said.value["text"] == "少し早く着きました" and said.value["from"] == "person"
    assert {e.target for e in said.emits if e.event == MESSAGE} == {ToAccount(PERSON), ToAccount(SPECIALIST)}
    waiting = emitted(said, STATE, SPECIALIST)[0]["waiting"][0]
    assert [m["text"] for m in waiting["messages"]] == ["少し早く着きました"]
    assert "sender_id" not in waiting["messages"][0]
    room = live.admit(SPECIALIST, facts())
    for seat_view in (emitted(room, ADMITTED, PERSON)[0], emitted(room, ADMITTED, SPECIALIST)[0]):
        assert [m["text"] for m in seat_view["messages"]] == ["少し早く着きました"]
    assert emitted(room, ADMITTED, PERSON)[0]["seat"] == "person"
    assert "person" not in emitted(room, ADMITTED, PERSON)[0]  # the person's own card is the specialist's view


def test_the_specialist_status_reaches_those_waiting_for_them_only(live):
    other = facts(booking_id="b2", person="q" * 32, specialist="t" * 32)
    live.arrive(PERSON, facts())
    live.arrive(other.person_id, other)
    outcome = live.set_status(specialist_principal(), "running_late", 10)
    assert outcome.value == {"chosen": "running_late", "minutes": 10}
    to_person = emitted(outcome, WAITING, PERSON)
    assert to_person[0]["specialist_status"] == {"status": "running_late", "minutes": 10, "since": "2026-04-06T00:55:00Z"}
    assert not emitted(outcome, WAITING, other.person_id)
    back = live.set_status(specialist_principal(), "auto")
    assert emitted(back, WAITING, PERSON)[0]["specialist_status"]["status"] == "on_the_way"
    present = live.present(SPECIALIST)
    assert emitted(present, WAITING, PERSON)[0]["specialist_status"]["status"] == "ready"


def test_only_those_who_hold_consultations_set_a_status(live):
    refused(lambda: live.set_status(Principal(account_id=PERSON, role=Role.VISITOR), "ready"), ErrorCode.FORBIDDEN)
    refused(lambda: live.set_status(specialist_principal(role=Role.PEER_SUPPORTER), "ready"), ErrorCode.FORBIDDEN)


def test_a_specialist_in_another_room_is_finishing_a_previous_session(live, clock):
    first = facts(booking_id="b0", person="q" * 32)
    clock.advance(60)
    admitted(live, first)
    outcome = live.arrive(PERSON, facts())
    assert outcome.value["specialist_status"]["status"] == "finishing_previous"
    ended = live.end(SPECIALIST, first)
    assert emitted(ended, WAITING, PERSON)[0]["specialist_status"]["status"] == "on_the_way"


def test_seeing_the_knock_tells_the_person_and_stops_the_alert(live):
    live.arrive(PERSON, facts())
    outcome = live.see(SPECIALIST, facts())
    assert emitted(outcome, WAITING, PERSON)[0]["seen"] is True
    assert emitted(outcome, STATE, SPECIALIST)[0]["waiting"][0]["seen"] is True
    refused(lambda: live.see(PERSON, facts()), ErrorCode.FORBIDDEN)


def test_admit_is_refused_for_strangers_the_person_and_cancelled_bookings(live, clock):
    live.arrive(PERSON, facts())
    refused(lambda: live.admit(STRANGER, facts()), ErrorCode.FORBIDDEN)
    refused(lambda: live.admit(PERSON, facts()), ErrorCode.FORBIDDEN)
    refused(lambda: live.admit(SPECIALIST, facts("cancelled")), ErrorCode.NOT_ALLOWED_HERE, reason="cancelled")
    assert live.phase_of("b1") is Phase.WAITING  # nothing changed
    clock.advance(60 * 60)
    refused(lambda: live.admit(SPECIALIST, facts()), ErrorCode.NOT_ALLOWED_HERE, reason="too_late")
    assert live.phase_of("b1") is Phase.WAITING


def test_refusals_before_anyone_arrives_change_nothing(live, clock):
    early = FakeClock(START - timedelta(minutes=20))
    sessions = LiveSessions(early)
    refused(lambda: sessions.arrive(PERSON, facts()), ErrorCode.NOT_ALLOWED_HERE, reason="too_early")
    refused(lambda: sessions.arrive(STRANGER, facts()), ErrorCode.FORBIDDEN)
    refused(lambda: live.arrive(SPECIALIST, facts()), ErrorCode.FORBIDDEN, reason="other_seat")
    refused(lambda: live.say(PERSON, facts(), "hello"), ErrorCode.NOT_ALLOWED_HERE, reason="not_waiting")
    assert sessions.phase_of("b1") is Phase.NONE and live.phase_of("b1") is Phase.NONE
    assert live.specialist_view(SPECIALIST)["waiting"] == []


def test_a_colleague_joins_only_with_the_persons_consent_and_leaves_when_it_is_withdrawn(live):
    booking = admitted(live)
    colleague = Colleague(COLLEAGUE, "あおい", "lawyer")
    asked = live.invite(SPECIALIST, booking, colleague)
    assert emitted(asked, CONSENT_REQUEST, PERSON) == [{"session_id": "b1", "colleague": {"nickname": "あおい", "profession": "lawyer"}}]
    assert not [e for e in asked.emits if e.target == ToAccount(COLLEAGUE)]  # nothing reaches them yet
    refused(lambda: live.enter(COLLEAGUE, booking), ErrorCode.FORBIDDEN)
    refused(lambda: live.require_voice(COLLEAGUE, booking), ErrorCode.FORBIDDEN)
    refused(lambda: live.consent(SPECIALIST, booking, True), ErrorCode.FORBIDDEN)
    assert live.seats("b1") == {Seat.PERSON: PERSON, Seat.SPECIALIST: SPECIALIST}

    yes = live.consent(PERSON, booking, True)
    assert yes.value == {"consent": "given"}
    assert emitted(yes, INVITED, COLLEAGUE)[0]["seat"] == "colleague"
    assert emitted(yes, CONSENT_ANSWER, SPECIALIST)[0]["answer"] == "given"
    assert live.seats("b1")[Seat.COLLEAGUE] == COLLEAGUE
    assert live.enter(COLLEAGUE, booking).value["person"]["nickname"] == "そら"
    said = live.say(COLLEAGUE, booking, "はじめまして")
    assert said.value["from"] == "colleague"
    assert {e.target for e in said.emits} == {ToAccount(PERSON), ToAccount(SPECIALIST), ToAccount(COLLEAGUE)}
    refused(lambda: live.invite(SPECIALIST, booking, Colleague("d" * 32, "もう一人")), ErrorCode.CONFLICT)
    refused(lambda: live.end(COLLEAGUE, booking), ErrorCode.FORBIDDEN)

    withdrawn = live.consent(PERSON, booking, False)
    assert withdrawn.value == {"consent": "withdrawn"}
    assert emitted(withdrawn, REMOVED, COLLEAGUE) == [{"session_id": "b1", "reason": "consent_withdrawn"}]
    assert Seat.COLLEAGUE not in live.seats("b1")
    refused(lambda: live.say(COLLEAGUE, booking, "まだいます"), ErrorCode.FORBIDDEN)


def test_declining_and_answering_with_no_question(live):
    booking = admitted(live)
    refused(lambda: live.consent(PERSON, booking, True), ErrorCode.NO_SUCH_REQUEST)
    live.invite(SPECIALIST, booking, Colleague(COLLEAGUE, "あおい"))
    no = live.consent(PERSON, booking, False)
    assert no.value == {"consent": "declined"} and emitted(no, CONSENT_ANSWER, SPECIALIST)[0]["answer"] == "declined"
    assert not [e for e in no.emits if e.target == ToAccount(COLLEAGUE)]
    refused(lambda: live.consent(PERSON, booking, True), ErrorCode.NO_SUCH_REQUEST)


def test_the_colleague_can_step_out(live):
    booking = admitted(live)
    live.invite(SPECIALIST, booking, Colleague(COLLEAGUE, "あおい"))
    live.consent(PERSON, booking, True)
    out = live.step_out(COLLEAGUE, booking)
    assert out.value == {"left": True} and Seat.COLLEAGUE not in live.seats("b1")


@pytest.mark.parametrize("who, by", [(PERSON, "person"), (SPECIALIST, "specialist")])
def test_either_side_ends_and_the_room_closes_for_everyone(live, who, by):
    booking = admitted(live)
    live.invite(SPECIALIST, booking, Colleague(COLLEAGUE, "あおい"))
    live.consent(PERSON, booking, True)
    assert live.voice_seats("b1").participants == {PERSON, SPECIALIST, COLLEAGUE}
    outcome = live.end(who, booking)
    assert outcome.value.ack == {"session_id": "b1", "by": by, "admitted": True}
    assert (outcome.value.facts, outcome.value.by) == (booking, by)  # what completing the booking needs
    assert live.voice_seats("b1").participants == frozenset()  # voice off for everyone
    assert {e.target for e in outcome.emits if e.event == ENDED} == {ToAccount(PERSON), ToAccount(SPECIALIST), ToAccount(COLLEAGUE)}
    assert live.phase_of("b1") is Phase.NONE and live.seats("b1") == {}
    refused(lambda: live.say(who, booking, "まだ"), ErrorCode.NOT_ALLOWED_HERE)


def test_time_lets_go_of_waiting_people_after_the_slot_and_closes_forgotten_rooms(live, clock):
    live.arrive(PERSON, facts())
    other = admitted(live, facts(booking_id="b2", person="q" * 32))
    clock.advance(55 * 60)  # past the end of the slot
    outcome = live.expire()
    assert emitted(outcome, ENDED, PERSON) == [{"session_id": "b1", "by": "time", "admitted": False}]
    assert outcome.value == [] and live.phase_of("b2") is Phase.ADMITTED  # a room may run over
    clock.advance(60 * 60)
    closed = live.expire()
    assert [c.facts for c in closed.value] == [other] and live.phase_of("b2") is Phase.NONE
    assert closed.value[0].by == "time"
    assert emitted(closed, ENDED, other.person_id)[0]["by"] == "time"


def test_presence_is_shown_to_the_specialist(live):
    live.present(PERSON)
    live.arrive(PERSON, facts())
    gone = live.absent(PERSON)
    assert emitted(gone, STATE, SPECIALIST)[0]["waiting"][0]["connected"] is False
    back = live.present(PERSON)
    assert emitted(back, STATE, SPECIALIST)[0]["waiting"][0]["connected"] is True


def test_status_for_a_person_and_a_specialist(live):
    live.arrive(PERSON, facts())
    mine = live.status_for(PERSON)
    assert [s["session_id"] for s in mine["as_person"]] == ["b1"] and mine["as_specialist"]["waiting"] == []
    theirs = live.status_for(SPECIALIST)
    assert theirs["as_person"] == [] and [w["session_id"] for w in theirs["as_specialist"]["waiting"]] == ["b1"]
    assert live.status_for(STRANGER)["as_specialist"] == {"status": {"chosen": None, "minutes": None}, "waiting": [], "rooms": []}


def test_chat_text_is_validated_and_rate_limited(live):
    booking = admitted(live)
    refused(lambda: live.say(PERSON, booking, "   "), ErrorCode.INVALID)
    refused(lambda: live.say(PERSON, booking, "x" * 501), ErrorCode.INVALID)
    refused(lambda: live.say(PERSON, booking, "a\u202eb"), ErrorCode.INVALID)
    for _ in range(5):
        live.say(PERSON, booking, "はい")
    refused(lambda: live.say(PERSON, booking, "はい"), ErrorCode.RATE_LIMITED)


def test_the_voice_seats_follow_the_room_and_nothing_else(live):
    """One owner of "who may speak": the seats of the open room, applied to the voice rooms."""
    booking = facts()
    live.arrive(PERSON, booking)
    assert live.voice_seats("b1").participants == frozenset()  # waiting: no voice yet
    live.admit(SPECIALIST, booking)
    assert live.voice_seats("b1").participants == {PERSON, SPECIALIST} and live.voice_seats("b1").capacity == 2
    live.invite(SPECIALIST, booking, Colleague(COLLEAGUE, "あおい"))
    assert live.voice_seats("b1").participants == {PERSON, SPECIALIST}  # invited is not seated
    live.consent(PERSON, booking, True)
    assert live.voice_seats("b1").participants == {PERSON, SPECIALIST, COLLEAGUE} and live.voice_seats("b1").capacity == 3
    live.consent(PERSON, booking, False)  # consent withdrawn: the colleague's voice goes
    assert live.voice_seats("b1").participants == {PERSON, SPECIALIST}


def test_voice_offers_are_rate_limited_per_account_in_the_domain(live, clock):
    booking = admitted(live)
    refused(lambda: live.require_voice_offer(STRANGER, booking), ErrorCode.FORBIDDEN)  # refused before the limit
    for _ in range(5):  # voice on, off, on again, a reload...
        assert live.require_voice_offer(PERSON, booking) is Seat.PERSON
    refused(lambda: live.require_voice_offer(PERSON, booking), ErrorCode.RATE_LIMITED)
    assert live.require_voice_offer(SPECIALIST, booking) is Seat.SPECIALIST  # one's own allowance only
    clock.advance(5)
    assert live.require_voice_offer(PERSON, booking) is Seat.PERSON  # then one every five seconds
    refused(lambda: live.require_voice_offer(PERSON, booking), ErrorCode.RATE_LIMITED)
