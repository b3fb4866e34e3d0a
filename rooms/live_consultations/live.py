"""Live consultation sessions: the waiting room, the knock, the private room. In memory.

One session per booking (the session id is the booking id). Its life:

    (none) --arrive--> waiting --admit--> admitted --end--> (gone; the booking is completed)
    waiting --leave_waiting, or the slot ends--> (gone; the booking is untouched)

- Arriving knocks: the specialist gets ``consult:knock`` and their console keeps calling
  until they answer it (``see``) or let the person in (``admit``).
- While waiting, the person sees their specialist's status and both may type; what was
  typed is shown in the specialist's waiting list and carried into the room.
- A colleague (a second specialist) gets a seat only after the person accepted the
  invitation; the person may withdraw that consent at any time, and the colleague leaves.
- Text is never written to disk: a session keeps its own conversation while it lasts, and
  the shared ``ChatLog`` keeps the usual short window for reports. Audio is not here at
  all (server.voice relays it and records nothing); who may speak is decided here alone
  (``voice_seats``), and the transport applies that to the voice rooms.
- A closed room hands back a ``Closed``; ``rooms.live_consultations.completion`` completes its booking.

Every method is synchronous, so each is atomic on the event loop. Methods that act on a
booking take its ``BookingFacts`` (the transport reads them from the live session or the
database) and return ``Outcome(value, emits)``; the transport sends the emits.
"""
from __future__ import annotations

from collections import deque
from typing import Any

from rooms.chat import ChatLog, ChatMessage, say_rate_limiter, to_ms, validate_text
from rooms.bookings.policy import require_publisher
from server.core.ratelimit import RateLimiter
from rooms.live_consultations import rules
from rooms.live_consultations.rules import Act, BookingFacts, Phase, Seat, iso
from rooms.live_consultations.session import (
    Closed, Colleague, Session, VoiceSeats, knock_rate_limiter, session_channel, voice_offer_limiter,
)
from rooms.live_consultations.status import Said, derive, parse_choice
from rooms.live_consultations.views import (
    colleague_json, consent_json, message_json, messages, nickname, participants, room_view, seat_of_sender, times,
    waiting_entry,
)
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount
from server.core.principal import Principal

# Events, server -> client.
KNOCK = "consult:knock"  # to the specialist: someone arrived (the console alerts until answered)
STATE = "consult:state"  # to a specialist (or colleague): their whole picture
WAITING = "consult:waiting"  # to the waiting person: their view changed (specialist's status, seen)
MESSAGE = "consult:message"  # to every seat of the session
ADMITTED = "consult:admitted"  # to the person and the specialist: the room is open
CONSENT_REQUEST = "consult:consent_request"  # to the person: may a colleague join?
CONSENT_ANSWER = "consult:consent_answer"  # to the specialist: given, declined or withdrawn
PARTICIPANTS = "consult:participants"  # to every seat: who is in the room now
INVITED = "consult:invited"  # to the colleague: the person agreed, the room is open to you
REMOVED = "consult:removed"  # to the colleague: consent withdrawn
ENDED = "consult:ended"  # to every seat (and a waiting person when the slot is over)


__all__ = ["Closed", "Colleague", "LiveSessions", "VoiceSeats"]


class LiveSessions:
    def __init__(
        self,
        clock: Clock,
        *,
        log: ChatLog | None = None,
        say_limiter: RateLimiter | None = None,
        knock_limiter: RateLimiter | None = None,
        offer_limiter: RateLimiter | None = None,
        max_messages: int = 300,
    ):
        self._clock = clock
        self.log = ChatLog() if log is None else log
        self._say_limiter = say_rate_limiter(clock) if say_limiter is None else say_limiter
        self._knock_limiter = knock_rate_limiter(clock) if knock_limiter is None else knock_limiter
        self._offer_limiter = voice_offer_limiter(clock) if offer_limiter is None else offer_limiter
        self._max_messages = max_messages
        self._sessions: dict[str, Session] = {}
        self._said: dict[str, Said] = {}  # specialist -> the status they chose
        self._present: set[str] = set()  # accounts with at least one connection

    # -- reading ----------------------------------------------------------------------------------

    def facts_of(self, session_id: object) -> BookingFacts | None:
        session = self._sessions.get(session_id) if isinstance(session_id, str) else None
        return session.facts if session is not None else None

    def phase_of(self, session_id: str) -> Phase:
        session = self._sessions.get(session_id)
        return session.phase if session is not None else Phase.NONE

    def seats(self, session_id: str) -> dict[Seat, str]:
        """Who sits in an open room now: seat -> account id (for voice)."""
        session = self._sessions.get(session_id)
        if session is None or session.phase != Phase.ADMITTED:
            return {}
        found = {Seat.PERSON: session.facts.person_id, Seat.SPECIALIST: session.facts.specialist_id}
        if session.colleague_id is not None:
            found[Seat.COLLEAGUE] = session.colleague_id
        return found

    def voice_seats(self, session_id: str) -> VoiceSeats:
        """Who may use the session's voice now. The voice rooms follow this, and nothing else."""
        return VoiceSeats(session_id, frozenset(self.seats(session_id).values()))

    def rooms_of(self, account_id: str) -> list[str]:
        """Open rooms where ``account_id`` has a seat."""
        return [s.id for s in self._sessions.values() if s.phase == Phase.ADMITTED and account_id in self.seats(s.id).values()]

    def status_for(self, account_id: str) -> dict[str, Any]:
        """What one connection needs to draw everything from scratch."""
        waiting_as_person = [
            self._person_view(s) for s in self._sessions.values() if s.facts.person_id == account_id
        ]
        rooms_as_colleague = [
            room_view(s, Seat.COLLEAGUE) for s in self._sessions.values()
            if s.phase == Phase.ADMITTED and s.colleague_id == account_id
        ]
        pending = [
            s.id for s in self._sessions.values()
            if s.colleague is not None and s.colleague.account_id == account_id and not s.consented
        ]
        return {
            "as_person": waiting_as_person,
            "as_specialist": self.specialist_view(account_id),
            "as_colleague": rooms_as_colleague,
            "invitations_pending": pending,
        }

    def specialist_view(self, account_id: str) -> dict[str, Any]:
        said = self._said.get(account_id)
        mine = sorted((s for s in self._sessions.values() if s.facts.specialist_id == account_id), key=lambda s: s.facts.starts_at)
        return {
            "status": {"chosen": said.status.value if said else None, "minutes": said.minutes if said else None},
            "waiting": [waiting_entry(s) for s in mine if s.phase == Phase.WAITING],
            "rooms": [room_view(s, Seat.SPECIALIST) for s in mine if s.phase == Phase.ADMITTED],
        }

    # -- the person ---------------------------------------------------------------------------------

    def arrive(self, account_id: str, facts: BookingFacts) -> Outcome[dict[str, Any]]:
        """Come to the waiting room; the first arrival knocks. Arriving again (a reload, a
        second tab) answers with the current view, or the room if already admitted."""
        session = self._sessions.get(facts.booking_id)
        phase = session.phase if session is not None else Phase.NONE
        rules.require(Act.WAIT, account_id, facts, phase)
        if session is not None:
            session.person_present = True
            return Outcome(self._person_view(session))
        now = self._clock.now()
        rules.require_open(facts, now)
        session = Session(facts, Phase.WAITING, arrived_at=now, knocked_at=now, messages=deque(maxlen=self._max_messages))
        self._sessions[facts.booking_id] = session
        emits = [self._state_emit(facts.specialist_id)]
        if self._knock_limiter.try_acquire(f"knock:{facts.booking_id}"):
            emits.insert(0, Emit(ToAccount(facts.specialist_id), KNOCK, waiting_entry(session)))
        return Outcome(self._person_view(session), tuple(emits))

    def leave_waiting(self, account_id: str, facts: BookingFacts) -> Outcome[dict[str, Any]]:
        """Quietly leave the waiting room; the specialist's list gets shorter. The booking stays."""
        session = self._sessions.get(facts.booking_id)
        rules.require(Act.LEAVE_WAITING, account_id, facts, self.phase_of(facts.booking_id))
        del self._sessions[session.id]
        return Outcome({"left": True}, (self._state_emit(facts.specialist_id),))

    def consent(self, account_id: str, facts: BookingFacts, accept: bool) -> Outcome[dict[str, Any]]:
        """The person's answer to a colleague joining: yes, no, or (later) "please leave"."""
        session = self._sessions.get(facts.booking_id)
        rules.require(Act.CONSENT, account_id, facts, self.phase_of(facts.booking_id))
        colleague = session.colleague
        if colleague is None:
            raise DomainError(ErrorCode.NO_SUCH_REQUEST)
        if accept and session.consented:
            return Outcome({"consent": "given"})
        emits: list[Emit] = []
        if accept:
            session.consented = True
            answer = "given"
            emits.append(Emit(ToAccount(colleague.account_id), INVITED, room_view(session, Seat.COLLEAGUE)))
        else:
            answer = "withdrawn" if session.consented else "declined"
            if session.consented:
                emits.append(Emit(ToAccount(colleague.account_id), REMOVED, {"session_id": session.id, "reason": "consent_withdrawn"}))
            session.colleague, session.consented = None, False
        data = {"session_id": session.id, "answer": answer, "colleague": colleague_json(colleague)}
        emits.append(Emit(ToAccount(facts.specialist_id), CONSENT_ANSWER, data))
        emits.extend(self._participants_emits(session))
        emits.append(self._state_emit(facts.specialist_id))
        if answer == "given":
            emits.append(self._state_emit(colleague.account_id))
        return Outcome({"consent": answer}, tuple(emits))

    # -- the specialist -----------------------------------------------------------------------------

    def set_status(self, principal: Principal, status: object, minutes: object = None) -> Outcome[dict[str, Any]]:
        """The status the people waiting for this specialist see (those who hold
        consultations only; ``None`` or "auto" lets the server derive it)."""
        account_id = require_publisher(principal).account_id
        chosen, late = parse_choice(status, minutes)
        if chosen is None:
            self._said.pop(account_id, None)
        else:
            self._said[account_id] = Said(chosen, late, self._clock.now())
        emits = [*self._waiting_emits_for(account_id), self._state_emit(account_id)]
        return Outcome({"chosen": chosen.value if chosen else None, "minutes": late}, tuple(emits))

    def see(self, account_id: str, facts: BookingFacts) -> Outcome[dict[str, Any]]:
        """Answer the knock without letting in yet: the alert stops, the person is told."""
        session = self._sessions.get(facts.booking_id)
        rules.require(Act.SEE, account_id, facts, self.phase_of(facts.booking_id))
        if session.seen_at is None:
            session.seen_at = self._clock.now()
        return Outcome({"seen": True}, (
            Emit(ToAccount(facts.person_id), WAITING, self._person_view(session)),
            self._state_emit(account_id),
        ))

    def admit(self, account_id: str, facts: BookingFacts) -> Outcome[dict[str, Any]]:
        """Let the waiting person in. ``facts`` should be fresh from the database: a booking
        cancelled meanwhile is refused."""
        session = self._sessions.get(facts.booking_id)
        rules.require(Act.ADMIT, account_id, facts, self.phase_of(facts.booking_id))
        now = self._clock.now()
        rules.require_open(facts, now)
        session.facts = facts
        session.phase, session.admitted_at = Phase.ADMITTED, now
        session.seen_at = session.seen_at or now
        emits = [
            Emit(ToAccount(facts.person_id), ADMITTED, room_view(session, Seat.PERSON)),
            Emit(ToAccount(facts.specialist_id), ADMITTED, room_view(session, Seat.SPECIALIST)),
            self._state_emit(account_id),
            *self._waiting_emits_for(account_id),  # others waiting: "finishing a previous session"
        ]
        return Outcome(room_view(session, Seat.SPECIALIST), tuple(emits))

    def require_invite(self, account_id: str, facts: BookingFacts) -> None:
        rules.require(Act.INVITE, account_id, facts, self.phase_of(facts.booking_id))

    def invite(self, account_id: str, facts: BookingFacts, colleague: Colleague) -> Outcome[dict[str, Any]]:
        """Ask the person whether a colleague may join. Nothing changes for the colleague
        until the person says yes. A new invitation replaces one not yet answered."""
        session = self._sessions.get(facts.booking_id)
        rules.require(Act.INVITE, account_id, facts, self.phase_of(facts.booking_id))
        if session.consented:
            raise DomainError(ErrorCode.CONFLICT, detail={"reason": "colleague_present"})
        session.colleague = colleague
        data = {"session_id": session.id, "colleague": colleague_json(colleague)}
        return Outcome({"consent": "pending", **data}, (
            Emit(ToAccount(facts.person_id), CONSENT_REQUEST, data),
            self._state_emit(account_id),
        ))

    # -- anyone seated --------------------------------------------------------------------------------

    def enter(self, account_id: str, facts: BookingFacts) -> Outcome[dict[str, Any]]:
        """The room as the caller's seat sees it (after a reload, or the colleague's first entry)."""
        session = self._sessions.get(facts.booking_id)
        seat = rules.require(Act.ENTER, account_id, facts, self.phase_of(facts.booking_id), colleague_id=self._colleague_of(facts))
        if seat == Seat.PERSON:
            session.person_present = True
        return Outcome(room_view(session, seat))

    def require_voice(self, account_id: str, facts: BookingFacts) -> Seat:
        """The seat of someone allowed to use this room's voice right now (or a refusal)."""
        return rules.require(Act.VOICE, account_id, facts, self.phase_of(facts.booking_id), colleague_id=self._colleague_of(facts))

    def require_voice_offer(self, account_id: str, facts: BookingFacts) -> Seat:
        """``require_voice``, and a voice offer within its rate: each opens a peer connection."""
        seat = self.require_voice(account_id, facts)
        self._offer_limiter.acquire(f"offer:{account_id}")
        return seat

    def say(self, account_id: str, facts: BookingFacts, text: object) -> Outcome[dict[str, Any]]:
        session = self._sessions.get(facts.booking_id)
        seat = rules.require(Act.SAY, account_id, facts, self.phase_of(facts.booking_id), colleague_id=self._colleague_of(facts))
        clean = validate_text(text)
        self._say_limiter.acquire(f"consult-say:{account_id}")
        message = ChatMessage(
            id=new_id(), channel=session_channel(session.id), sender_id=account_id,
            sender_nickname=nickname(session, seat), text=clean, sent_at_ms=to_ms(self._clock.now()),
        )
        session.messages.append(message)
        self.log.append(message)
        data = message_json(session, message)
        emits = [Emit(ToAccount(who), MESSAGE, data) for who in self._audience(session)]
        if session.phase == Phase.WAITING:
            emits.append(self._state_emit(facts.specialist_id))  # the waiting list shows it
        return Outcome(data, tuple(emits))

    def step_out(self, account_id: str, facts: BookingFacts) -> Outcome[dict[str, Any]]:
        """The colleague leaves; the person and the specialist go on."""
        session = self._sessions.get(facts.booking_id)
        rules.require(Act.STEP_OUT, account_id, facts, self.phase_of(facts.booking_id), colleague_id=self._colleague_of(facts))
        session.colleague, session.consented = None, False
        emits = [*self._participants_emits(session), self._state_emit(facts.specialist_id), self._state_emit(account_id)]
        return Outcome({"left": True}, tuple(emits))

    def end(self, account_id: str, facts: BookingFacts) -> Outcome[Closed]:
        """Either side ends the session; the room closes for everyone in it. The caller then
        completes the booking (rooms.live_consultations.completion) and applies the voice seats (none)."""
        session = self._sessions.get(facts.booking_id)
        seat = rules.require(Act.END, account_id, facts, self.phase_of(facts.booking_id))
        return self._close(session, seat.value)

    # -- connections and time -------------------------------------------------------------------

    def present(self, account_id: str) -> Outcome[None]:
        """The first connection of ``account_id`` opened."""
        return self._presence(account_id, True)

    def absent(self, account_id: str) -> Outcome[None]:
        """The last connection of ``account_id`` closed. Nobody loses their place: a waiting
        person stays in the list (shown as disconnected) until the slot ends."""
        return self._presence(account_id, False)

    def expire(self) -> Outcome[list[Closed]]:
        """Waiting after the slot ended: let go, gently. Rooms long past their end: closed.
        Returns the rooms closed, so the caller completes those bookings."""
        now = self._clock.now()
        emits: list[Emit] = []
        closed: list[Closed] = []
        for session in list(self._sessions.values()):
            if session.phase == Phase.WAITING and now >= session.facts.ends_at:
                del self._sessions[session.id]
                emits.append(Emit(ToAccount(session.facts.person_id), ENDED, {"session_id": session.id, "by": "time", "admitted": False}))
                emits.append(self._state_emit(session.facts.specialist_id))
            elif session.phase == Phase.ADMITTED and rules.room_expired(session.facts, now):
                outcome = self._close(session, "time")
                emits.extend(outcome.emits)
                closed.append(outcome.value)
        return Outcome(closed, tuple(emits))

    # -- inside -------------------------------------------------------------------------------------

    def _close(self, session: Session, by: str) -> Outcome[Closed]:
        audience = self._audience(session)
        del self._sessions[session.id]
        data = {"session_id": session.id, "by": by, "admitted": True}
        emits = [Emit(ToAccount(who), ENDED, data) for who in audience]
        emits.extend(self._state_emit(who) for who in audience if who != session.facts.person_id)
        emits.extend(self._waiting_emits_for(session.facts.specialist_id))  # next person: "ready" again
        return Outcome(Closed(session.facts, session.admitted_at, by, data), tuple(emits))

    def _presence(self, account_id: str, here: bool) -> Outcome[None]:
        if here:
            self._present.add(account_id)
        else:
            self._present.discard(account_id)
        emits: list[Emit] = []
        for session in self._sessions.values():
            if session.facts.person_id == account_id and session.person_present != here:
                session.person_present = here
                emits.append(self._state_emit(session.facts.specialist_id))
        emits.extend(self._waiting_emits_for(account_id))  # "on the way" <-> "ready"
        return Outcome(None, tuple(emits))

    def _colleague_of(self, facts: BookingFacts) -> str | None:
        session = self._sessions.get(facts.booking_id)
        return session.colleague_id if session is not None else None

    def _audience(self, session: Session) -> list[str]:
        people = [session.facts.person_id, session.facts.specialist_id]
        if session.colleague_id is not None:
            people.append(session.colleague_id)
        return people

    def _specialist_status(self, session: Session) -> dict[str, Any]:
        specialist_id = session.facts.specialist_id
        said = self._said.get(specialist_id)
        busy = any(
            s.phase == Phase.ADMITTED and s.id != session.id and specialist_id in (s.facts.specialist_id, s.colleague_id)
            for s in self._sessions.values()
        )
        status, minutes = derive(said, in_another_room=busy, present=specialist_id in self._present)
        return {"status": status.value, "minutes": minutes, "since": iso(said.since) if said else None}

    def _person_view(self, session: Session) -> dict[str, Any]:
        if session.phase == Phase.ADMITTED:
            return room_view(session, Seat.PERSON)
        facts = session.facts
        return {
            "session_id": session.id, "phase": session.phase.value, **times(session),
            "specialist": {"nickname": facts.specialist_nickname, "profession": facts.specialist_profession},
            "specialist_status": self._specialist_status(session),
            "seen": session.seen_at is not None,
            "messages": messages(session),
        }

    def _participants_emits(self, session: Session) -> list[Emit]:
        return [
            Emit(ToAccount(who), PARTICIPANTS, {
                "session_id": session.id, "participants": participants(session, Seat(seat_of_sender(session, who))),
                "consent": consent_json(session),
            })
            for who in self._audience(session)
        ]

    def _waiting_emits_for(self, specialist_id: str) -> list[Emit]:
        return [
            Emit(ToAccount(s.facts.person_id), WAITING, self._person_view(s))
            for s in self._sessions.values()
            if s.phase == Phase.WAITING and s.facts.specialist_id == specialist_id
        ]

    def _state_emit(self, account_id: str) -> Emit:
        data = self.specialist_view(account_id)
        data["as_colleague"] = [
            room_view(s, Seat.COLLEAGUE) for s in self._sessions.values()
            if s.phase == Phase.ADMITTED and s.colleague_id == account_id
        ]
        return Emit(ToAccount(account_id), STATE, data)
