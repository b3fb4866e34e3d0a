"""Conversations that start only with consent.

One person invites one to three others; each invitee answers for themself. The first
"yes" opens a conversation (2-4 people), later "yes"es join it. Nobody is told "no":
a decline is silent and the inviter only ever sees the invitation lapse at its expiry,
the same message as when nobody answered. Every refusal that could reveal a block,
a status hidden by a block, or someone's absence gives the same answer, NOT_ACCEPTING.

Privacy decisions, in one place:
- unknown, absent, invisible (other map instance) and blocked invitees all answer
  NOT_ACCEPTING, exactly like someone whose status is "just_here" or "dnd";
- a person standing in a zone where requests are not allowed answers NOT_ALLOWED_HERE
  (only reachable for people the inviter can see, so it reveals nothing new);
- while an invitation is live the same pair can't be invited again (CONFLICT), and after
  it ends unaccepted there is a cool-down (NOT_ACCEPTING), whether it was declined or
  simply not answered; so repeated tries learn nothing and nobody can be pestered;
- an inviter's pending slot stays taken until expiry even if everyone declined;
- when someone blocks a person they share a conversation with, the blocker leaves it
  with the ordinary "left" message; invitations between the two vanish: for the blocked
  invitee it looks like a withdrawal, for a blocked inviter like a silent decline.

State lives in memory (it is live presence, not history) and each method is synchronous,
so it is atomic on the event loop. The transport calls ``expire()`` about once a second
and ``forget()`` when someone leaves the space.
"""
from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rooms.chat import ChatLog, ChatMessage, conversation_channel, say_rate_limiter, to_ms, validate_text
from rooms.presence import ContactFacts, accepts_requests
from server.core.ratelimit import RateLimiter
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.ids import new_id
from server.core.outcome import Emit, Outcome, ToAccount

# Event names (server -> client).
REQUEST = "contact:request"
OPENED = "contact:opened"
JOINED = "contact:joined"
LEFT = "contact:left"
CLOSED = "contact:closed"
LAPSED = "contact:lapsed"
CHAT_MESSAGE = "chat:message"

MAX_MEMBERS = 4
MAX_INVITEES = MAX_MEMBERS - 1
MAX_ID_LENGTH = 64


class _Answer(enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"  # also: gone for that person (left the space, block)


@dataclass(slots=True)
class _Request:
    id: str
    inviter_id: str
    answers: dict[str, _Answer]  # invitee -> answer, in invitation order
    nicknames: dict[str, str]  # captured when inviting, for everyone named in it
    apart: set[frozenset[str]]  # pairs with a block between them: never in one conversation
    deadline: float  # clock.monotonic()
    expires_at_ms: int
    conversation_id: str | None = None


@dataclass(slots=True)
class _Conversation:
    id: str
    members: list[str]
    nicknames: dict[str, str]
    request_id: str | None  # the invitation still able to add people, if any


def invite_rate_limiter(clock: Clock) -> RateLimiter:
    """Default invitation budget: 3 in a row, then one every 10 s."""
    return RateLimiter(clock, rate=0.1, burst=3)


def _parse_invitees(inviter_id: str, invitee_ids: object) -> list[str]:
    if not isinstance(invitee_ids, (list, tuple)) or not invitee_ids:
        raise DomainError(ErrorCode.INVALID, field="invitee_ids", detail={"reason": "empty"})
    if len(invitee_ids) > MAX_INVITEES:
        raise DomainError(
            ErrorCode.INVALID, field="invitee_ids", detail={"reason": "too_many", "max": MAX_INVITEES}
        )
    if not all(isinstance(i, str) and 0 < len(i) <= MAX_ID_LENGTH for i in invitee_ids):
        raise DomainError(ErrorCode.INVALID, field="invitee_ids", detail={"reason": "not_ids"})
    if len(set(invitee_ids)) != len(invitee_ids):
        raise DomainError(ErrorCode.INVALID, field="invitee_ids", detail={"reason": "duplicate"})
    if inviter_id in invitee_ids:
        raise DomainError(ErrorCode.INVALID, field="invitee_ids", detail={"reason": "self"})
    return list(invitee_ids)


def _member(account_id: str, nicknames: dict[str, str]) -> dict[str, str]:
    return {"account_id": account_id, "nickname": nicknames.get(account_id, "")}


class Conversations:
    def __init__(
        self,
        clock: Clock,
        *,
        invite_limiter: RateLimiter | None = None,
        say_limiter: RateLimiter | None = None,
        log: ChatLog | None = None,
        request_ttl: float = 60.0,
        max_pending: int = 3,
        reinvite_cooldown: float = 300.0,
    ):
        self._clock = clock
        self._invite_limiter = invite_rate_limiter(clock) if invite_limiter is None else invite_limiter
        self._say_limiter = say_rate_limiter(clock) if say_limiter is None else say_limiter
        self.log = ChatLog() if log is None else log
        self._ttl = request_ttl
        self._max_pending = max_pending
        self._cooldown = reinvite_cooldown
        self._requests: dict[str, _Request] = {}
        self._conversations: dict[str, _Conversation] = {}
        self._cooldowns: dict[tuple[str, str], float] = {}  # (inviter, invitee) -> until

    # -- invitations -------------------------------------------------------------------

    def invite(self, inviter_id: str, invitee_ids: object, facts: ContactFacts) -> Outcome[dict[str, Any]]:
        """Send one invitation to 1..3 people; all of them must be reachable or none is asked.

        Refusals, in the order checked: INVALID (shape, self, duplicates, more than 3),
        RATE_LIMITED (too fast, or too many invitations still live), NOT_FOUND (inviter
        not in ``facts``), NOT_ALLOWED_HERE (inviter or an invitee stands where requests
        are not allowed), NOT_ACCEPTING (unknown, invisible, blocked, not "open", or in
        cool-down), CONFLICT (already invited by this person and still live).
        Refusals about one invitee carry ``detail={"account_id": ...}``.
        """
        ids = _parse_invitees(inviter_id, invitee_ids)
        self._invite_limiter.acquire(f"invite:{inviter_id}")
        inviter = facts.person(inviter_id)
        if inviter is None:
            raise DomainError(ErrorCode.NOT_FOUND, field="inviter")
        if not inviter.place.requests_allowed:
            raise DomainError(ErrorCode.NOT_ALLOWED_HERE, field="inviter")
        mine = [r for r in self._requests.values() if r.inviter_id == inviter_id]
        if len(mine) >= self._max_pending:
            raise DomainError(ErrorCode.RATE_LIMITED, detail={"reason": "too_many_pending"})
        now = self._clock.monotonic()
        for invitee_id in ids:
            self._check_invitee(inviter_id, invitee_id, facts, now, mine)

        nicknames = {inviter_id: inviter.nickname}
        for invitee_id in ids:
            nicknames[invitee_id] = facts.people[invitee_id].nickname
        apart = {
            frozenset((a, b)) for i, a in enumerate(ids) for b in ids[i + 1:] if facts.blocked_between(a, b)
        }
        request = _Request(
            id=new_id(),
            inviter_id=inviter_id,
            answers={i: _Answer.PENDING for i in ids},
            nicknames=nicknames,
            apart=apart,
            deadline=now + self._ttl,
            expires_at_ms=to_ms(self._clock.now()) + int(self._ttl * 1000),
        )
        self._requests[request.id] = request
        emits = tuple(Emit(ToAccount(i), REQUEST, self._invitation_payload(request, i)) for i in ids)
        value = {"request_id": request.id, "invitee_ids": ids, "expires_at": request.expires_at_ms}
        return Outcome(value, emits)

    def _check_invitee(
        self, inviter_id: str, invitee_id: str, facts: ContactFacts, now: float, mine: Sequence[_Request]
    ) -> None:
        detail = {"account_id": invitee_id}
        invitee = facts.person(invitee_id)
        # Absent, elsewhere and blocked (either way) all look like "not accepting".
        if invitee is None or not facts.can_see(inviter_id, invitee_id):
            raise DomainError(ErrorCode.NOT_ACCEPTING, detail=detail)
        if not invitee.place.requests_allowed:
            raise DomainError(ErrorCode.NOT_ALLOWED_HERE, detail=detail)
        if not accepts_requests(invitee.status):
            raise DomainError(ErrorCode.NOT_ACCEPTING, detail=detail)
        if self._cooldowns.get((inviter_id, invitee_id), 0.0) > now:
            raise DomainError(ErrorCode.NOT_ACCEPTING, detail=detail)
        if any(invitee_id in r.answers for r in mine):
            raise DomainError(ErrorCode.CONFLICT, detail=detail)

    def accept(self, request_id: str, invitee_id: str) -> Outcome[dict[str, Any]]:
        """Say yes. Opens the conversation on the first yes, joins it on later ones.

        NO_SUCH_REQUEST for anything but a live invitation still waiting for this very
        invitee's answer (unknown, someone else's, expired, already answered), and when
        a block now stands between the invitee and someone in the conversation.
        """
        request = self._waiting(request_id, invitee_id)
        conversation = self._conversations.get(request.conversation_id or "")
        present = conversation.members if conversation else [request.inviter_id]
        if any(frozenset((invitee_id, m)) in request.apart for m in present):
            raise DomainError(ErrorCode.NO_SUCH_REQUEST)
        if len(present) >= MAX_MEMBERS:  # cannot happen with <= 3 invitees; kept as a guard
            raise DomainError(ErrorCode.CONFLICT)

        request.answers[invitee_id] = _Answer.ACCEPTED
        emits: list[Emit] = []
        if conversation is None:
            conversation = _Conversation(
                id=new_id(),
                members=[request.inviter_id, invitee_id],
                nicknames={k: request.nicknames[k] for k in (request.inviter_id, invitee_id)},
                request_id=request.id,
            )
            self._conversations[conversation.id] = conversation
            request.conversation_id = conversation.id
            payload = self._conversation_payload(conversation)
            emits += [Emit(ToAccount(m), OPENED, payload) for m in conversation.members]
        else:
            joined = {"conversation_id": conversation.id, "member": _member(invitee_id, request.nicknames)}
            emits += [Emit(ToAccount(m), JOINED, joined) for m in conversation.members]
            conversation.members.append(invitee_id)
            conversation.nicknames[invitee_id] = request.nicknames[invitee_id]
            payload = self._conversation_payload(conversation)
            emits.append(Emit(ToAccount(invitee_id), OPENED, payload))
        if all(a is _Answer.ACCEPTED for a in request.answers.values()):
            # Everyone said yes: nothing is left to lapse.
            del self._requests[request.id]
            conversation.request_id = None
        return Outcome(payload, tuple(emits))

    def decline(self, request_id: str, invitee_id: str) -> Outcome[dict[str, Any]]:
        """Say no, silently: nobody else hears of it, now or later."""
        request = self._waiting(request_id, invitee_id)
        request.answers[invitee_id] = _Answer.DECLINED
        return Outcome({}, ())

    def withdraw(self, request_id: str, inviter_id: str) -> Outcome[dict[str, Any]]:
        """The inviter takes the invitation back; those still deciding see it lapse."""
        request = self._requests.get(request_id)
        if request is None or request.inviter_id != inviter_id:
            raise DomainError(ErrorCode.NO_SUCH_REQUEST)
        return Outcome({}, tuple(self._end_request(request, tell_inviter=False)))

    def expire(self) -> Outcome[int]:
        """Let invitations past their time lapse; the value is how many lapsed."""
        now = self._clock.monotonic()
        emits: list[Emit] = []
        due = [r for r in self._requests.values() if r.deadline <= now]
        for request in due:
            emits += self._end_request(request, tell_inviter=True)
        for pair in [p for p, until in self._cooldowns.items() if until <= now]:
            del self._cooldowns[pair]
        return Outcome(len(due), tuple(emits))

    def _waiting(self, request_id: str, invitee_id: str) -> _Request:
        request = self._requests.get(request_id) if isinstance(request_id, str) else None
        if (
            request is None
            or request.deadline <= self._clock.monotonic()
            or request.answers.get(invitee_id) is not _Answer.PENDING
        ):
            raise DomainError(ErrorCode.NO_SUCH_REQUEST)
        return request

    def _end_request(self, request: _Request, *, tell_inviter: bool) -> list[Emit]:
        """Close an invitation that was not fully accepted: one lapse message for everyone
        still waiting on it, and a cool-down for each person who did not say yes."""
        del self._requests[request.id]
        conversation = self._conversations.get(request.conversation_id or "")
        if conversation is not None:
            conversation.request_id = None
        until = self._clock.monotonic() + self._cooldown
        lapsed = {"request_id": request.id}
        emits = [Emit(ToAccount(request.inviter_id), LAPSED, lapsed)] if tell_inviter else []
        for invitee_id, answer in request.answers.items():
            if answer is _Answer.ACCEPTED:
                continue
            self._cooldowns[(request.inviter_id, invitee_id)] = until
            if answer is _Answer.PENDING:
                emits.append(Emit(ToAccount(invitee_id), LAPSED, lapsed))
        return emits

    # -- conversations -----------------------------------------------------------------

    def leave(self, conversation_id: str, member_id: str) -> Outcome[dict[str, Any]]:
        conversation = self._conversations.get(conversation_id) if isinstance(conversation_id, str) else None
        if conversation is None or member_id not in conversation.members:
            raise DomainError(ErrorCode.NOT_FOUND, field="conversation_id")
        return Outcome({}, tuple(self._remove_member(conversation, member_id)))

    def _remove_member(self, conversation: _Conversation, member_id: str) -> list[Emit]:
        """Everyone who was in it (the leaver too) hears "left"; with fewer than two left
        the conversation closes. An inviter who leaves takes their invitation along."""
        left = {"conversation_id": conversation.id, "account_id": member_id}
        emits = [Emit(ToAccount(m), LEFT, left) for m in conversation.members]
        conversation.members.remove(member_id)
        closing = len(conversation.members) < 2
        if closing:
            closed = {"conversation_id": conversation.id}
            emits += [Emit(ToAccount(m), CLOSED, closed) for m in conversation.members]
            del self._conversations[conversation.id]
        request = self._requests.get(conversation.request_id or "")
        if request is not None and (closing or member_id == request.inviter_id):
            emits += self._end_request(request, tell_inviter=True)
        return emits

    def say(self, conversation_id: str, member_id: str, text: object) -> Outcome[dict[str, Any]]:
        """Type to the conversation. Only members may; others get NOT_FOUND, as if it
        did not exist. Text is checked by ``validate_text``; 5 per 10 s by default."""
        conversation = self._conversations.get(conversation_id) if isinstance(conversation_id, str) else None
        if conversation is None or member_id not in conversation.members:
            raise DomainError(ErrorCode.NOT_FOUND, field="conversation_id")
        clean = validate_text(text)
        self._say_limiter.acquire(f"say:{member_id}")
        message = ChatMessage(
            id=new_id(),
            channel=conversation_channel(conversation.id),
            sender_id=member_id,
            sender_nickname=conversation.nicknames.get(member_id, ""),
            text=clean,
            sent_at_ms=to_ms(self._clock.now()),
        )
        self.log.append(message)
        data = {"conversation_id": conversation.id, **message.payload()}
        return Outcome(data, tuple(Emit(ToAccount(m), CHAT_MESSAGE, data) for m in conversation.members))

    # -- people leaving, people blocking -----------------------------------------------

    def forget(self, account_id: str) -> Outcome[None]:
        """Someone left the space: they leave every conversation, their invitations are
        withdrawn, and invitations waiting for them quietly drop (a silent decline)."""
        emits: list[Emit] = []
        for conversation in [c for c in self._conversations.values() if account_id in c.members]:
            emits += self._remove_member(conversation, account_id)
        for request in list(self._requests.values()):
            if request.id not in self._requests:
                continue
            if request.inviter_id == account_id:
                emits += self._end_request(request, tell_inviter=False)
            elif request.answers.get(account_id) is _Answer.PENDING:
                request.answers[account_id] = _Answer.DECLINED
        return Outcome(None, tuple(emits))

    def on_block(self, blocker_id: str, blocked_id: str) -> Outcome[None]:
        """Keep two people apart from the moment one blocks the other. Nothing here says
        "block": the blocker simply leaves shared conversations; see the module notes."""
        emits: list[Emit] = []
        if blocker_id == blocked_id:
            return Outcome(None, ())
        shared = [c for c in self._conversations.values() if {blocker_id, blocked_id} <= set(c.members)]
        for conversation in shared:
            emits += self._remove_member(conversation, blocker_id)
        pair = frozenset((blocker_id, blocked_id))
        for request in list(self._requests.values()):
            if request.id not in self._requests:
                continue
            named = {request.inviter_id, *request.answers}
            if not pair <= named:
                continue
            request.apart.add(pair)
            if request.inviter_id == blocker_id and request.answers[blocked_id] is _Answer.PENDING:
                request.answers[blocked_id] = _Answer.DECLINED
                emits.append(Emit(ToAccount(blocked_id), LAPSED, {"request_id": request.id}))
            elif request.inviter_id == blocked_id and request.answers[blocker_id] is _Answer.PENDING:
                request.answers[blocker_id] = _Answer.DECLINED
        return Outcome(None, tuple(emits))

    # -- views -------------------------------------------------------------------------

    def members(self, conversation_id: str) -> tuple[str, ...]:
        conversation = self._conversations.get(conversation_id)
        return tuple(conversation.members) if conversation else ()

    def snapshot_for(self, account_id: str) -> dict[str, Any]:
        """What a (re)connecting client needs: its conversations, the invitations waiting
        for its answer, and the invitations it sent that are still live."""
        now = self._clock.monotonic()
        live = [r for r in self._requests.values() if r.deadline > now]
        return {
            "conversations": [
                self._conversation_payload(c) for c in self._conversations.values() if account_id in c.members
            ],
            "invitations": [
                self._invitation_payload(r, account_id)
                for r in live
                if r.answers.get(account_id) is _Answer.PENDING
            ],
            "sent": [
                {"request_id": r.id, "invitee_ids": list(r.answers), "expires_at": r.expires_at_ms}
                for r in live
                if r.inviter_id == account_id
            ],
        }

    def _invitation_payload(self, request: _Request, invitee_id: str) -> dict[str, Any]:
        # Co-invitees the invitee has a block with are left out: blocks hide both ways.
        others = [
            _member(i, request.nicknames)
            for i in request.answers
            if i != invitee_id and frozenset((i, invitee_id)) not in request.apart
        ]
        return {
            "request_id": request.id,
            "from": _member(request.inviter_id, request.nicknames),
            "others": others,
            "expires_at": request.expires_at_ms,
        }

    @staticmethod
    def _conversation_payload(conversation: _Conversation) -> dict[str, Any]:
        return {
            "conversation_id": conversation.id,
            "request_id": conversation.request_id,
            "members": [_member(m, conversation.nicknames) for m in conversation.members],
        }
