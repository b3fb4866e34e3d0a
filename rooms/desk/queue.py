"""The desk on duty, live: who is on duty, who is waiting, and the chats in progress.

The lowest step into support, so the rules lean towards the person knocking:
- nobody needs a booking or a kept account; a knock joins a first-come queue and each
  waiting person sees their place and how the staff are doing (never their names);
- leaving the queue is always possible and silent; a dropped connection keeps the place
  for a grace period;
- a hand-over moves the whole conversation to the colleague and the person is told, calmly,
  that a colleague will continue; if the person on duty vanishes, the visitor goes back to
  the front of the queue with their conversation, rather than being dropped;
- closing time turns away new knocks only: people already waiting keep their place.

State lives in memory (live presence, not history) and every method is synchronous, so
each is atomic on the event loop. Chat text is never written to disk: a session keeps its
own conversation while it lasts (so a hand-over carries it), and the shared ``ChatLog``
keeps the usual short window for reports. Methods return ``Outcome(value, emits)``; the
transport sends the emits. ``expire()`` is called about once a second. The records it
holds (duty, waiting, chats) are in ``rooms.desk.records``.
"""
from __future__ import annotations

from collections import deque
from datetime import datetime
from typing import Any

from rooms.chat import ChatLog, ChatMessage, say_rate_limiter, to_ms, validate_text
from rooms.desk.hours import OpeningHours
from rooms.desk.policy import is_desk_worker, require_can_knock, require_desk_worker
from rooms.desk.records import Chat, Duty, EndedBy, Person, Waiting, Worker, desk_channel, iso
from server.core import text as text_rules
from server.core.ratelimit import RateLimiter
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount, ToEveryone, ToStaff
from server.core.principal import Principal
from server.core.dates import iso

# Events, server -> client.
STATUS = "desk:status"  # the public summary, to everyone connected, when it changes
QUEUE = "desk:queue"  # to one waiting visitor: their place and how the staff are doing
OPENED = "desk:opened"  # a chat opened (to both sides; to a colleague after a hand-over)
MESSAGE = "desk:message"
HANDED_OVER = "desk:handed_over"  # to the visitor and to the worker who handed over
ENDED = "desk:ended"
STATE = "desk:state"  # to desk workers: duty, queue (with nicknames), sessions

MAX_NOTE_LENGTH = text_rules.DESK_QUEUE_NOTE.max_length


def _clean_note(note: object) -> str | None:
    return text_rules.clean(text_rules.DESK_QUEUE_NOTE, note, field="note", optional=True)


def knock_rate_limiter(clock: Clock) -> RateLimiter:
    """Three knocks in a row, then one a minute: enough to change one's mind a few times,
    too few to ring the staff's alert over and over."""
    return RateLimiter(clock, rate=1 / 60, burst=3)


class Desk:
    def __init__(
        self,
        clock: Clock,
        hours: OpeningHours,
        *,
        log: ChatLog | None = None,
        say_limiter: RateLimiter | None = None,
        knock_limiter: RateLimiter | None = None,
        max_queue: int = 50,
        grace_seconds: float = 60.0,
        max_history: int = 300,
    ):
        self._clock = clock
        self.hours = hours
        self.log = ChatLog() if log is None else log
        self._say_limiter = say_rate_limiter(clock) if say_limiter is None else say_limiter
        self._knock_limiter = knock_rate_limiter(clock) if knock_limiter is None else knock_limiter
        self._max_queue = max_queue
        self.grace_seconds = grace_seconds  # how long a lost connection keeps its place
        self._max_history = max_history
        self._workers: dict[str, Worker] = {}
        self._queue: list[Waiting] = []
        self._sessions: dict[str, Chat] = {}
        self._last_public: dict[str, Any] | None = None

    # -- what people see ------------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """The public face of the desk: no names, only counts and times."""
        now = self._clock.now()
        within = self.hours.is_open(now)
        next_opening = self.hours.next_opening(now)
        today = self.hours.days.get(self.hours.local_date(now))
        return {
            "open": within and bool(self._workers),
            "within_hours": within,
            "next_opening": iso(next_opening),
            "next_opening_local": next_opening.astimezone(self.hours.zone).isoformat() if next_opening else None,
            "closes_at": iso(self.hours.closes_at(now)) if within else None,
            "on_duty": len(self._workers),
            "staff": self._staff_counts(),
            "waiting": len(self._queue),
            "timezone": self.hours.tz,
            "note": today.note if today is not None else None,  # e.g. why the desk is closed today
        }

    def status_for(self, principal: Principal) -> dict[str, Any]:
        """What one connection needs to draw the desk from scratch (after (re)connecting)."""
        data = self.summary()
        account_id = principal.account_id
        if is_desk_worker(principal):
            worker = self._workers.get(account_id)
            data["you"] = {
                "state": "worker",
                "duty": worker.status.value if worker else Duty.OFF.value,
                "sessions": [self._opened_for_worker(s) for s in self._sessions.values() if s.worker.account_id == account_id],
            }
            data["desk"] = self.staff_view()
            return data
        index = self._index_of(account_id)
        session = self._session_of_visitor(account_id)
        if index is not None:
            data["you"] = {"state": "waiting", **self._place_json(index)}
        elif session is not None:
            data["you"] = {"state": "chatting", **self._opened_for_visitor(session)}
        else:
            data["you"] = {"state": "idle"}
        return data

    def staff_view(self) -> dict[str, Any]:
        return {
            "duty": [
                {**w.person.json(), "status": w.status.value, "since": iso(w.since), "connected": w.gone_at is None}
                for w in self._workers.values()
            ],
            "queue": [
                {
                    **entry.person.json(), "place": i + 1, "note": entry.note, "knocked_at": iso(entry.knocked_at),
                    "connected": entry.gone_at is None, "returning": bool(entry.history),
                }
                for i, entry in enumerate(self._queue)
            ],
            "sessions": [
                {
                    "session_id": s.id, "visitor": s.visitor.json(), "staff": {"account_id": s.worker.account_id,
                    "nickname": s.worker.nickname}, "opened_at": iso(s.opened_at), "visitor_connected": s.visitor_gone_at is None,
                }
                for s in self._sessions.values()
            ],
        }

    def on_duty_ids(self) -> list[str]:
        """Who is on duty now (any status but off): the first to hear a crisis alert."""
        return [account_id for account_id, w in self._workers.items() if w.status != Duty.OFF]

    def duty_of(self, account_id: str) -> Duty:
        worker = self._workers.get(account_id)
        return worker.status if worker else Duty.OFF

    # -- visitors -------------------------------------------------------------------------------

    def knock(self, principal: Principal, note: object = None) -> Outcome[dict[str, Any]]:
        """Join the queue. Knocking again while waiting just answers with the place.

        Refusals, in order: FORBIDDEN (desk workers), INVALID (note), CONFLICT (already in a
        chat), NOT_ACCEPTING with ``detail.reason`` "closed" (outside hours, with
        ``next_opening``), "nobody_on_duty" or "full", RATE_LIMITED.
        """
        require_can_knock(principal)
        clean = _clean_note(note)
        account_id = principal.account_id
        if self._session_of_visitor(account_id) is not None:
            raise DomainError(ErrorCode.CONFLICT, detail={"reason": "in_session"})
        index = self._index_of(account_id)
        if index is not None:
            self._queue[index].gone_at = None
            return Outcome({"place": index + 1}, (Emit(ToAccount(account_id), QUEUE, self._place_json(index)),))
        now = self._clock.now()
        if not self.hours.is_open(now):
            raise DomainError(ErrorCode.NOT_ACCEPTING, detail={"reason": "closed", **self._next_opening_detail(now)})
        if not self._workers:
            raise DomainError(ErrorCode.NOT_ACCEPTING, detail={"reason": "nobody_on_duty", **self._next_opening_detail(now)})
        if len(self._queue) >= self._max_queue:
            raise DomainError(ErrorCode.NOT_ACCEPTING, detail={"reason": "full"})
        self._knock_limiter.acquire(f"knock:{account_id}")
        self._queue.append(Waiting(Person.of(principal), clean, now))
        return Outcome({"place": len(self._queue)}, tuple(self._broadcast()))

    def leave_queue(self, account_id: str) -> Outcome[dict[str, Any]]:
        """Silent: staff only see the queue get shorter. Not waiting is not an error."""
        index = self._index_of(account_id)
        if index is None:
            return Outcome({"left": False})
        del self._queue[index]
        return Outcome({"left": True}, tuple(self._broadcast()))

    # -- desk workers ---------------------------------------------------------------------------

    def set_duty(self, principal: Principal, status: object) -> Outcome[dict[str, Any]]:
        require_desk_worker(principal)
        try:
            duty = Duty(status)
        except ValueError:
            raise DomainError(ErrorCode.INVALID, field="status") from None
        account_id = principal.account_id
        worker = self._workers.get(account_id)
        if duty == Duty.OFF:
            if any(s.worker.account_id == account_id for s in self._sessions.values()):
                raise DomainError(ErrorCode.CONFLICT, detail={"reason": "sessions_open"})
            if worker is None:
                return Outcome({"status": duty.value})
            del self._workers[account_id]
        elif worker is None:
            self._workers[account_id] = Worker(Person.of(principal), duty, self._clock.now())
        else:
            worker.gone_at = None
            if worker.status != duty:
                worker.status, worker.since = duty, self._clock.now()
        return Outcome({"status": duty.value}, tuple(self._broadcast()))

    def take_next(self, principal: Principal) -> Outcome[dict[str, Any]]:
        """Open a chat with the first person in the queue whose connection is there (someone
        briefly disconnected keeps their place and is taken once back)."""
        require_desk_worker(principal)
        worker = self._workers.get(principal.account_id)
        if worker is None:
            raise DomainError(ErrorCode.FORBIDDEN, detail={"reason": "not_on_duty"})
        index = next((i for i, e in enumerate(self._queue) if e.gone_at is None), None)
        if index is None:
            raise DomainError(ErrorCode.NOT_FOUND, detail={"reason": "queue_empty"})
        entry = self._queue.pop(index)
        session = Chat(
            id=new_id(), visitor=entry.person, worker=worker.person, opened_at=self._clock.now(), note=entry.note,
            messages=deque(entry.history, maxlen=self._max_history),
        )
        self._sessions[session.id] = session
        self._set_busy(worker)
        emits = [
            Emit(ToAccount(session.visitor.account_id), OPENED, self._opened_for_visitor(session)),
            Emit(ToAccount(worker.person.account_id), OPENED, self._opened_for_worker(session)),
            *self._broadcast(),
        ]
        return Outcome(self._opened_for_worker(session), tuple(emits))

    def hand_over(self, principal: Principal, session_id: object, to_account_id: object) -> Outcome[dict[str, Any]]:
        """Pass a chat to a colleague who is on duty; the conversation goes with it."""
        require_desk_worker(principal)
        session = self._session_for(session_id, principal.account_id, workers_only=True)
        if to_account_id == principal.account_id:
            raise DomainError(ErrorCode.INVALID, field="to_account_id", detail={"reason": "self"})
        target = self._workers.get(to_account_id) if isinstance(to_account_id, str) else None
        if target is None or target.gone_at is not None:
            raise DomainError(ErrorCode.NOT_ACCEPTING, field="to_account_id", detail={"reason": "off_duty"})
        previous = session.worker
        session.worker = target.person
        self._set_busy(target)
        self._release(previous.account_id)
        handed = {"session_id": session.id, "staff_nickname": target.person.nickname}
        emits = [
            Emit(ToAccount(session.visitor.account_id), HANDED_OVER, handed),
            Emit(ToAccount(previous.account_id), HANDED_OVER, handed),
            Emit(ToAccount(target.person.account_id), OPENED,
                 {**self._opened_for_worker(session), "handed_over_by": previous.nickname}),
            *self._broadcast(),
        ]
        return Outcome(handed, tuple(emits))

    # -- both sides -----------------------------------------------------------------------------

    def say(self, session_id: object, account_id: str, text: object) -> Outcome[dict[str, Any]]:
        """Only the two people in a chat can write in it; to anyone else it does not exist."""
        session = self._session_for(session_id, account_id)
        clean = validate_text(text)
        self._say_limiter.acquire(f"desk-say:{account_id}")
        from_visitor = account_id == session.visitor.account_id
        sender = session.visitor if from_visitor else session.worker
        message = ChatMessage(
            id=new_id(), channel=desk_channel(session.id), sender_id=account_id, sender_nickname=sender.nickname,
            text=clean, sent_at_ms=to_ms(self._clock.now()),
        )
        session.messages.append(message)
        self.log.append(message)
        data = self._message_json(session, message)
        emits = (
            Emit(ToAccount(session.visitor.account_id), MESSAGE, data),
            Emit(ToAccount(session.worker.account_id), MESSAGE, data),
        )
        return Outcome(data, emits)

    def end(self, session_id: object, account_id: str) -> Outcome[dict[str, Any]]:
        """Either side may end a chat at any time."""
        session = self._session_for(session_id, account_id)
        by = EndedBy.VISITOR if account_id == session.visitor.account_id else EndedBy.STAFF
        return self._close(session, by)

    # -- connections ----------------------------------------------------------------------------

    def disconnected(self, account_id: str) -> Outcome[dict[str, Any]]:
        """The last connection of ``account_id`` closed: hold everything for the grace period."""
        deadline = self._clock.monotonic() + self.grace_seconds
        changed = False
        index = self._index_of(account_id)
        if index is not None:
            self._queue[index].gone_at = deadline
            changed = True
        for session in self._sessions.values():
            if session.visitor.account_id == account_id:
                session.visitor_gone_at = deadline
                changed = True
        worker = self._workers.get(account_id)
        if worker is not None:
            worker.gone_at = deadline
            changed = True
        return Outcome({"held": changed}, tuple(self._broadcast()) if changed else ())

    def reconnected(self, account_id: str) -> Outcome[dict[str, Any]]:
        changed = False
        index = self._index_of(account_id)
        if index is not None and self._queue[index].gone_at is not None:
            self._queue[index].gone_at = None
            changed = True
        for session in self._sessions.values():
            if session.visitor.account_id == account_id and session.visitor_gone_at is not None:
                session.visitor_gone_at = None
                changed = True
        worker = self._workers.get(account_id)
        if worker is not None and worker.gone_at is not None:
            worker.gone_at = None
            changed = True
        return Outcome({"back": changed}, tuple(self._broadcast()) if changed else ())

    def set_hours(self, hours: OpeningHours) -> Outcome[None]:
        self.hours = hours
        return Outcome(None, tuple(self._public_if_changed()))

    def expire(self) -> Outcome[dict[str, int]]:
        """Let go of whoever did not come back within the grace period, and tell everyone
        when the public summary changed (an opening hour began or ended)."""
        now = self._clock.monotonic()
        emits: list[Emit] = []
        gone_waiting = [e for e in self._queue if e.gone_at is not None and e.gone_at <= now]
        for entry in gone_waiting:
            self._queue.remove(entry)
        gone_visitors = [s for s in self._sessions.values() if s.visitor_gone_at is not None and s.visitor_gone_at <= now]
        for session in gone_visitors:
            emits.extend(self._close(session, EndedBy.VISITOR_GONE, broadcast=False).emits)
        gone_workers = [w for w in self._workers.values() if w.gone_at is not None and w.gone_at <= now]
        for worker in gone_workers:
            emits.extend(self._worker_gone(worker))
        changed = bool(gone_waiting or gone_visitors or gone_workers)
        emits.extend(self._broadcast() if changed else self._public_if_changed())
        counts = {"waiting": len(gone_waiting), "sessions": len(gone_visitors), "workers": len(gone_workers)}
        return Outcome(counts, tuple(emits))

    # -- inside -----------------------------------------------------------------------------------

    def _worker_gone(self, worker: Worker) -> list[Emit]:
        """A worker's connection did not come back: off duty, and each of their visitors goes
        back to the front of the queue with the conversation so far."""
        emits: list[Emit] = []
        del self._workers[worker.person.account_id]
        mine = [s for s in self._sessions.values() if s.worker.account_id == worker.person.account_id]
        for session in reversed(mine):  # reversed: the oldest chat ends up first
            del self._sessions[session.id]
            self._queue.insert(0, Waiting(
                session.visitor, session.note, session.opened_at, tuple(session.messages), session.visitor_gone_at,
            ))
            emits.append(Emit(ToAccount(session.visitor.account_id), ENDED,
                              {"session_id": session.id, "by": EndedBy.STAFF_GONE.value, "requeued": True}))
        return emits

    def _close(self, session: Chat, by: EndedBy, *, broadcast: bool = True) -> Outcome[dict[str, Any]]:
        del self._sessions[session.id]
        self._release(session.worker.account_id)
        data = {"session_id": session.id, "by": by.value}
        emits = [Emit(ToAccount(session.visitor.account_id), ENDED, data), Emit(ToAccount(session.worker.account_id), ENDED, data)]
        if broadcast:
            emits.extend(self._broadcast())
        return Outcome(data, tuple(emits))

    def _set_busy(self, worker: Worker) -> None:
        if worker.status != Duty.BUSY:
            worker.status, worker.since = Duty.BUSY, self._clock.now()

    def _release(self, account_id: str) -> None:
        """A worker with no chat left is available again, unless they chose "away"."""
        worker = self._workers.get(account_id)
        if worker is None or worker.status != Duty.BUSY:
            return
        if not any(s.worker.account_id == account_id for s in self._sessions.values()):
            worker.status, worker.since = Duty.AVAILABLE, self._clock.now()

    def _session_for(self, session_id: object, account_id: str, *, workers_only: bool = False) -> Chat:
        session = self._sessions.get(session_id) if isinstance(session_id, str) else None
        if session is None:
            raise DomainError(ErrorCode.NOT_FOUND, field="session_id")
        participants = (session.worker.account_id,) if workers_only else (session.worker.account_id, session.visitor.account_id)
        if account_id not in participants:
            raise DomainError(ErrorCode.NOT_FOUND, field="session_id")  # same answer: nothing to learn
        return session

    def _index_of(self, account_id: str) -> int | None:
        return next((i for i, e in enumerate(self._queue) if e.person.account_id == account_id), None)

    def _session_of_visitor(self, account_id: str) -> Chat | None:
        return next((s for s in self._sessions.values() if s.visitor.account_id == account_id), None)

    def _next_opening_detail(self, now: datetime) -> dict[str, Any]:
        upcoming = self.hours.next_opening(now)
        return {
            "next_opening": iso(upcoming),
            "next_opening_local": upcoming.astimezone(self.hours.zone).isoformat() if upcoming else None,
        }

    def _staff_counts(self) -> dict[str, int]:
        counts = {d.value: 0 for d in (Duty.AVAILABLE, Duty.BUSY, Duty.AWAY)}
        for worker in self._workers.values():
            counts[worker.status.value] += 1
        return counts

    def _place_json(self, index: int) -> dict[str, Any]:
        return {"place": index + 1, "waiting": len(self._queue), "on_duty": len(self._workers), "staff": self._staff_counts()}

    def _message_json(self, session: Chat, message: ChatMessage) -> dict[str, Any]:
        side = "visitor" if message.sender_id == session.visitor.account_id else "staff"
        return {"session_id": session.id, "from": side, **message.payload()}

    def _opened_for_visitor(self, session: Chat) -> dict[str, Any]:
        return {
            "session_id": session.id,
            "staff_nickname": session.worker.nickname,
            "messages": [self._message_json(session, m) for m in session.messages],
        }

    def _opened_for_worker(self, session: Chat) -> dict[str, Any]:
        return {
            "session_id": session.id,
            "visitor": session.visitor.json(),
            "note": session.note,
            "opened_at": iso(session.opened_at),
            "messages": [self._message_json(session, m) for m in session.messages],
        }

    def _public_if_changed(self) -> list[Emit]:
        public = self.summary()
        if public == self._last_public:
            return []
        self._last_public = public
        return [Emit(ToEveryone(), STATUS, public)]

    def _broadcast(self) -> list[Emit]:
        """After any change to the queue, duty or sessions: each waiting person their place,
        desk workers the whole picture, everyone the public summary if it moved."""
        emits = [Emit(ToAccount(e.person.account_id), QUEUE, self._place_json(i)) for i, e in enumerate(self._queue)]
        emits.append(Emit(ToStaff(), STATE, self.staff_view()))
        emits.extend(self._public_if_changed())
        return emits
