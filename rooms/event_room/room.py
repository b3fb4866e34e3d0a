"""One live event room: the rules of who may do what, and what everyone is then shown.

Every method either raises ``DomainError`` (nothing changed) or changes the room and returns
an ``Outcome`` whose emits are addressed per account (``ToAccount``) with a payload made for
that reader by ``views``: hosts see names, attendees never see another attendee's nickname or
account id (tests/integration/test_event_live.py records every frame and answer to prove it).
Reactions and the calm pause screen go to the whole room (``ToEvent``): they name nobody.
"""
from __future__ import annotations

import itertools
from collections import Counter, deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from rooms.event_room import views
from rooms.event_room.hands import HandQueue
from rooms.event_room.members import Entrant, EventFacts, Member
from rooms.event_room.tables import TABLE_VOICES, Tables
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import Emit, Outcome, ToAccount, ToEvent

ChatMode = Literal["off", "hosts", "everyone"]
Via = Literal["text", "voice"]
REACTIONS = ("clap", "heart", "nod", "smile")
PAUSE_HIDES = timedelta(minutes=2)  # pausing hides the messages of the last two minutes for review
KEPT_MESSAGES = 200
REMOVAL_REASONS = ("not_for_audience", "safety", "disruption", "other")
BY_MODERATOR = "moderation"  # a moderator's removal (the ladder's event_removal), never a host's choice
ENDS_GRACE = timedelta(minutes=30)  # a room left open closes this long after the scheduled end


@dataclass
class Message:
    id: str
    sender: Member
    text: str
    sent_at: datetime
    to: str  # "everyone" | "hosts" | "table"
    table_id: str | None = None
    hidden: bool = False


class LiveEvent:
    def __init__(self, facts: EventFacts) -> None:
        self.facts = facts
        self.members: dict[str, Member] = {}
        self.removed: dict[str, str] = {}  # account -> reason
        self.door_locked = False
        self.paused = False
        self.ended = False
        self.chat_mode: ChatMode = "hosts"
        self.quiet_first = False
        self.hands = HandQueue()
        self.floor: dict[str, Via] = {}
        self.asked: dict[str, Via] = {}
        self.muted: set[str] = set()
        self.reactions: Counter[str] = Counter()
        self.messages: deque[Message] = deque(maxlen=KEPT_MESSAGES)
        self.tables = Tables()
        self._ids = itertools.count(1)
        self._visited: set[str] = set()  # who entered before: attendance is counted once each

    # -- reading ----------------------------------------------------------------------------

    @property
    def occurrence_id(self) -> str:
        return self.facts.occurrence_id

    def attendees(self) -> list[Member]:
        return [m for m in self.members.values() if not m.hosting]

    def hosting(self) -> list[Member]:
        return [m for m in self.members.values() if m.hosting]

    def spoken(self) -> set[str]:
        return {a for a, m in self.members.items() if m.spoken}

    def queue(self) -> list[str]:
        return self.hands.order(quiet_first=self.quiet_first, spoken=self.spoken())

    def member(self, account_id: str) -> Member:
        member = self.members.get(account_id)
        if member is None:
            raise DomainError(ErrorCode.LIVE_NOT_IN_ROOM)
        return member

    def by_seat(self, seat: str) -> Member:
        for member in self.members.values():
            if member.seat == seat:
                return member
        raise DomainError(ErrorCode.NOT_FOUND, field="seat")

    def mics(self) -> set[str]:
        """Attendees whose own microphone is on (seated at an open-mic table)."""
        return {a for table in self.tables.tables.values() for a in table.mics}

    def speakers(self) -> frozenset[str]:
        """Whose voice the server forwards: hosts, voice floor holders and attendees with their
        own microphone on at a table, unless muted; nobody while paused."""
        if self.paused or self.ended:
            return frozenset()
        voices = ({m.account_id for m in self.hosting()} | {a for a, via in self.floor.items() if via == "voice"}
                  | self.mics())
        return frozenset(voices - self.muted)

    def voice_audiences(self) -> dict[str, frozenset[str]]:
        """Who hears each speaker while tables are open (a table's voice stays at its table);
        a speaker not named is heard by everyone."""
        hosts = {m.account_id for m in self.hosting()}
        return self.tables.voice_audiences(self.speakers(), set(self.members), hosts)

    def may_hold_voice(self, account_id: str) -> bool:
        """May send audio at all (a host, the voice floor accepted, or one's own microphone
        turned on at a table); muting is separate."""
        member = self.members.get(account_id)
        return member is not None and (member.hosting or self.floor.get(account_id) == "voice"
                                       or self.tables.mic_table(account_id) is not None)

    def table_voices(self, table_id: str) -> set[str]:
        """The attendees' own voices at a table: microphones on, and voice floors seated there."""
        table = self.tables.table(table_id)
        floors = {a for a in table.seated if self.floor.get(a) == "voice"}
        return (table.mics | floors) - self.muted

    def has_been_in(self, account_id: str) -> bool:
        return account_id in self.members or account_id in self._visited

    def first_visit(self, account_id: str) -> bool:
        first = account_id not in self._visited
        self._visited.add(account_id)
        return first

    def view_for(self, account_id: str) -> dict:
        member = self.member(account_id)
        return views.host_view(self) if member.hosting else views.attendee_view(self, member)

    # -- everyone ---------------------------------------------------------------------------

    def enter(self, who: Entrant, label: str | None) -> Outcome[dict]:
        if self.ended:
            raise DomainError(ErrorCode.LIVE_ENDED)
        hosting = who.is_host or who.is_cohost
        if who.account_id in self.removed and not hosting:
            raise DomainError(ErrorCode.EVENT_REMOVED)
        if self.door_locked and not hosting and who.account_id not in self.members:
            raise DomainError(ErrorCode.LIVE_DOOR_LOCKED)
        member = self.members.get(who.account_id)
        if member is None:
            member = Member(who.account_id, who.nickname, who.account_kind, who.is_host, who.is_cohost, label)
            self.members[who.account_id] = member
        elif not hosting:
            member.label = label  # another tab may choose again
        # No announcement to attendees: only the count in their view changes.
        return Outcome(self.view_for(who.account_id), self._refresh())

    def leave(self, account_id: str) -> Outcome[dict]:
        member = self.members.pop(account_id, None)
        if member is None:
            return Outcome({"left": False})
        self._forget_turns(account_id)
        self.tables.unseat(account_id)
        return Outcome({"left": True}, self._refresh())

    def react(self, account_id: str, reaction: str) -> Outcome[dict]:
        self.member(account_id)
        self._require_running()
        if reaction not in REACTIONS:
            raise DomainError(ErrorCode.INVALID, field="reaction")
        self.reactions[reaction] += 1
        counts = dict(self.reactions)
        return Outcome({"reactions": counts},
                       (Emit(ToEvent(self.occurrence_id), "event:reactions", {"occurrence_id": self.occurrence_id, "reactions": counts}),))

    def say(self, account_id: str, text: str, now: datetime) -> Outcome[dict]:
        sender = self.member(account_id)
        self._require_running()
        table_id = self.tables.table_of.get(account_id) or self.tables.visiting.get(account_id)
        if table_id is not None:
            to, readers = "table", self.tables.at_table(table_id)
        elif sender.hosting or self.floor.get(account_id) == "text" or self.chat_mode == "everyone":
            to, readers = "everyone", set(self.members)
        elif self.chat_mode == "hosts":
            to, readers = "hosts", {m.account_id for m in self.hosting()} | {account_id}
        else:
            raise DomainError(ErrorCode.LIVE_CHAT_OFF)
        message = Message(f"m{next(self._ids)}", sender, text, now, to, table_id)
        self.messages.append(message)
        emits = tuple(Emit(ToAccount(reader), "event:message", views.message_for(self, message, self.members[reader]))
                      for reader in sorted(readers) if reader in self.members)
        return Outcome({"id": message.id, "to": to}, emits)

    def hand(self, account_id: str, raised: bool) -> Outcome[dict]:
        member = self.member(account_id)
        self._require_running()
        if member.hosting:
            raise DomainError(ErrorCode.INVALID, field="raised")  # hosts have the floor already
        changed = self.hands.raise_hand(account_id) if raised else self.hands.lower(account_id)
        place = self.hands.place_of(account_id, quiet_first=self.quiet_first, spoken=self.spoken())
        return Outcome({"place": place}, self._refresh() if changed else ())

    def answer_ask(self, account_id: str, accept: bool) -> Outcome[dict]:
        """The attendee answers the host's "would you like to speak?": only they can say yes."""
        self.member(account_id)
        via = self.asked.pop(account_id, None)
        if via is None:
            raise DomainError(ErrorCode.LIVE_NOT_ASKED)
        if accept:
            self._require_running()
            self.floor[account_id] = via
            self.muted.discard(account_id)
            self.hands.lower(account_id)
            self.members[account_id].spoken = True
        return Outcome({"floor": via if accept else None}, self._refresh())

    def yield_floor(self, account_id: str) -> Outcome[dict]:
        self.member(account_id)
        had = self.floor.pop(account_id, None) is not None
        self.muted.discard(account_id)
        return Outcome({"floor": None}, self._refresh() if had else ())

    def pick_table(self, account_id: str, table_id: str | None) -> Outcome[dict]:
        member = self.member(account_id)
        self._require_running()
        if member.hosting:
            self.tables.visit(account_id, table_id)
        else:
            self.tables.seat(account_id, table_id)
        return Outcome({"table": table_id}, self._refresh())

    def mic(self, account_id: str, on: bool) -> Outcome[dict]:
        """The attendee turns their own microphone on or off at an open-mic table. Only they can
        turn it on (nothing starts their voice without their own action); turning it off always
        works. The voice reaches that table only (``voice_audiences``)."""
        member = self.member(account_id)
        if member.hosting:
            raise DomainError(ErrorCode.INVALID, field="on")  # hosts are heard already
        table = self.tables.mic_table(account_id)
        if not on:
            if table is not None:
                table.mics.discard(account_id)
            return Outcome({"mic": False}, self._refresh() if table is not None else ())
        self._require_running()
        table_id = self.tables.table_of.get(account_id)
        if table_id is None:
            raise DomainError(ErrorCode.LIVE_NOT_AT_TABLE)
        seated_at = self.tables.table(table_id)
        if not seated_at.open_mic:
            raise DomainError(ErrorCode.LIVE_MIC_CLOSED)
        if account_id in self.muted:
            raise DomainError(ErrorCode.LIVE_MUTED)  # a host's mute holds until a floor is accepted
        if table is None:
            if len(self.table_voices(table_id)) >= TABLE_VOICES:
                raise DomainError(ErrorCode.LIVE_TABLE_VOICES_FULL, detail={"most": TABLE_VOICES})
            seated_at.mics.add(account_id)
        return Outcome({"mic": True}, self._refresh() if table is None else ())

    # -- hosts --------------------------------------------------------------------------------

    def require_host(self, account_id: str) -> Member:
        member = self.members.get(account_id)
        if member is None or not member.hosting:
            raise DomainError(ErrorCode.EVENT_NOT_HOST)
        return member

    def ask_to_speak(self, host_id: str, seat: str, via: Via) -> Outcome[dict]:
        """Giving the floor to an attendee is a request they must accept (never forced)."""
        self.require_host(host_id)
        self._require_running()
        target = self._attendee(seat)
        self.asked[target.account_id] = via
        ask = {"occurrence_id": self.occurrence_id, "via": via}
        return Outcome({"asked": True}, (Emit(ToAccount(target.account_id), "event:asked", ask), *self._refresh()))

    def take_floor(self, host_id: str, seat: str) -> Outcome[dict]:
        self.require_host(host_id)
        target = self._attendee(seat)
        self._forget_turns(target.account_id, keep_hand=True)
        return Outcome({"floor": None}, self._refresh())

    def mute(self, host_id: str, seat: str) -> Outcome[dict]:
        """The server stops forwarding the speaker's voice; only a new floor (accepted) lifts it."""
        self.require_host(host_id)
        target = self.by_seat(seat)
        if target.host and not self.members[host_id].host:
            raise DomainError(ErrorCode.LIVE_HOST_PROTECTED)
        self.muted.add(target.account_id)
        table = self.tables.mic_table(target.account_id)
        if table is not None:
            table.mics.discard(target.account_id)  # and their own microphone is off
        return Outcome({"muted": True}, self._refresh())

    def remove(self, host_id: str, seat: str, reason: str) -> Outcome[dict]:
        actor = self.require_host(host_id)
        if reason not in REMOVAL_REASONS:
            raise DomainError(ErrorCode.INVALID, field="reason")
        target = self.by_seat(seat)
        if target.host or (target.cohost and not actor.host) or target.account_id == host_id:
            raise DomainError(ErrorCode.LIVE_HOST_PROTECTED)
        self.removed[target.account_id] = reason
        del self.members[target.account_id]
        self._forget_turns(target.account_id)
        self.tables.unseat(target.account_id)
        told = Emit(ToAccount(target.account_id), "event:removed", {"occurrence_id": self.occurrence_id, "reason": reason})
        return Outcome({"removed": True, "account_id": target.account_id}, (told, *self._refresh()))

    def expel(self, account_id: str, reason_ja: str, reason_en: str) -> Outcome[dict]:
        """A moderator's removal, decided and recorded by the moderation ladder: out now and
        not back in. The person is told in the moderator's words, whether inside or at the door."""
        self.removed.setdefault(account_id, BY_MODERATOR)  # a host's removal stays theirs
        member = self.members.pop(account_id, None)
        if member is not None:
            self._forget_turns(account_id)
            self.tables.unseat(account_id)
        told = Emit(ToAccount(account_id), "event:removed", {"occurrence_id": self.occurrence_id, "reason": BY_MODERATOR,
                                                             "reason_ja": reason_ja, "reason_en": reason_en})
        return Outcome({"removed": member is not None}, (told, *(self._refresh() if member is not None else ())))

    def readmit(self, account_id: str) -> None:
        """A moderator's removal lifted: the door opens again (a host's removal stays)."""
        if self.removed.get(account_id) == BY_MODERATOR:
            del self.removed[account_id]

    def lock(self, host_id: str, locked: bool) -> Outcome[dict]:
        self.require_host(host_id)
        self.door_locked = locked
        return Outcome({"door_locked": locked}, self._refresh())

    def set_chat_mode(self, host_id: str, mode: ChatMode) -> Outcome[dict]:
        self.require_host(host_id)
        self.chat_mode = mode
        return Outcome({"chat_mode": mode}, self._refresh())

    def set_quiet_first(self, host_id: str, on: bool) -> Outcome[dict]:
        self.require_host(host_id)
        self.quiet_first = on
        return Outcome({"quiet_first": on}, self._refresh())

    def pause(self, host_id: str, now: datetime) -> Outcome[dict]:
        """One action stops everything: voice (no speakers), chat, reactions, hands; the last
        messages are hidden from attendees for review."""
        self.require_host(host_id)
        self.paused = True
        self.tables.mics_off()  # after the pause each person turns their own microphone on again
        hidden = [m for m in self.messages if not m.hidden and now - m.sent_at <= PAUSE_HIDES]
        for message in hidden:
            message.hidden = True
        note = {"occurrence_id": self.occurrence_id, "ids": [m.id for m in hidden]}
        emits = [Emit(ToAccount(a.account_id), "event:hidden", note) for a in self.attendees()] if hidden else []
        return Outcome({"paused": True, "hidden": len(hidden)}, (*emits, *self._refresh()))

    def resume(self, host_id: str) -> Outcome[dict]:
        self.require_host(host_id)
        self.paused = False
        return Outcome({"paused": False}, self._refresh())

    def end(self, host_id: str) -> Outcome[dict]:
        self.require_host(host_id)
        return self._close()

    def close_if_over(self, now: datetime) -> Outcome[dict] | None:
        """The clock ends a room its hosts left open: ``ENDS_GRACE`` after the occurrence's end."""
        ends_at = self.facts.ends_at
        if self.ended or ends_at is None or now < ends_at + ENDS_GRACE:
            return None
        return self._close()

    def _close(self) -> Outcome[dict]:
        self.ended = True
        readers = sorted(self.members)
        counts = Counter(m.account_kind for m in self.attendees())
        self.members.clear()
        self.floor.clear()
        self.asked.clear()
        self.tables.call_back()
        note = {"occurrence_id": self.occurrence_id}
        return Outcome({"ended": True, "attended_by_kind": dict(counts)},
                       tuple(Emit(ToAccount(a), "event:ended", note) for a in readers))

    def open_tables(self, host_id: str, names: list[str], cap: int,
                    open_mic: list[bool] | None = None) -> Outcome[dict]:
        self.require_host(host_id)
        self.tables.open_tables(names, cap, open_mic)
        return Outcome({"tables": self.tables.summary()}, self._refresh())

    def set_table_mic(self, host_id: str, table_id: str, open_mic: bool) -> Outcome[dict]:
        """Open mic at a table, or only the floor there (every microphone at it turned off)."""
        self.require_host(host_id)
        self.tables.set_open_mic(table_id, open_mic)
        return Outcome({"table": table_id, "open_mic": open_mic}, self._refresh())

    def place(self, host_id: str, seat: str, table_id: str | None) -> Outcome[dict]:
        self.require_host(host_id)
        self.tables.seat(self._attendee(seat).account_id, table_id)
        return Outcome({"table": table_id}, self._refresh())

    def call_back(self, host_id: str) -> Outcome[dict]:
        self.require_host(host_id)
        self.tables.call_back()
        return Outcome({"tables": []}, self._refresh())

    # -- internals ------------------------------------------------------------------------------

    def _attendee(self, seat: str) -> Member:
        target = self.by_seat(seat)
        if target.hosting:
            raise DomainError(ErrorCode.INVALID, field="seat")  # hosts hold the floor already
        return target

    def _require_running(self) -> None:
        if self.ended:
            raise DomainError(ErrorCode.LIVE_ENDED)
        if self.paused:
            raise DomainError(ErrorCode.LIVE_PAUSED)

    def _forget_turns(self, account_id: str, *, keep_hand: bool = False) -> None:
        self.floor.pop(account_id, None)
        self.asked.pop(account_id, None)
        self.muted.discard(account_id)
        if not keep_hand:
            self.hands.lower(account_id)

    def _refresh(self) -> tuple[Emit, ...]:
        """Everyone's view again, each made for its reader."""
        host_view = views.host_view(self)
        return tuple(Emit(ToAccount(m.account_id), "event:view",
                          host_view if m.hosting else views.attendee_view(self, m))
                     for m in self.members.values())
