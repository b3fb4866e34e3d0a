"""The live event room's rules without a network: the hand queue (first-raised order, pass,
quiet voices first), the floor as a request the attendee accepts, chat modes, pause, host
powers, tables, and what each reader is shown."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from rooms.event_room.hands import HandQueue
from rooms.event_room.members import Entrant, EventFacts
from rooms.event_room.room import LiveEvent
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import ToAccount, ToEvent

NOW = datetime(2026, 4, 1, 10, 0, tzinfo=timezone.utc)
HOST = Entrant("host", "ほすと", "unspecified", is_host=True)
COHOST = Entrant("cohost", "こほすと", "unspecified", is_cohost=True)
A, B, C = (Entrant(f"att{i}", f"なまえ{i}", kind) for i, kind in ((1, "family"), (2, "individual"), (3, "family")))


def code(exc: pytest.ExceptionInfo) -> ErrorCode:
    return exc.value.code


@pytest.fixture
def room() -> LiveEvent:
    room = LiveEvent(EventFacts("occ1", "ev1", "家族教室", "Family class", 20, (("host", "ほすと"), ("cohost", "こほすと"))))
    room.enter(HOST, None)
    room.enter(COHOST, None)
    room.enter(A, "ひまわり")
    room.enter(B, None)
    room.enter(C, None)
    return room


def seat(room, who: Entrant) -> str:
    return room.members[who.account_id].seat


# -- the hand queue ----------------------------------------------------------------------------

@pytest.mark.parametrize("raised, passed, spoken, quiet_first, expected", [
    ("abc", "", "", False, "abc"),
    ("abc", "b", "", False, "ac"),
    ("cab", "", "", False, "cab"),
    ("abc", "", "a", False, "abc"),
    ("abc", "", "a", True, "bca"),
    ("abc", "", "ac", True, "bac"),
    ("abcd", "c", "bd", True, "abd"),
    ("abc", "", "abc", True, "abc"),
])
def test_hand_queue_order(raised, passed, spoken, quiet_first, expected):
    queue = HandQueue()
    for who in raised:
        queue.raise_hand(who)
    for who in passed:
        assert queue.lower(who)
    assert "".join(queue.order(quiet_first=quiet_first, spoken=set(spoken))) == expected
    for place, who in enumerate(expected, 1):
        assert queue.place_of(who, quiet_first=quiet_first, spoken=set(spoken)) == place


def test_raising_twice_keeps_the_place_and_raising_after_pass_goes_to_the_back():
    queue = HandQueue()
    for who in "abc":
        queue.raise_hand(who)
    assert queue.raise_hand("a") is False
    assert queue.order(quiet_first=False) == ["a", "b", "c"]
    queue.lower("a")
    queue.raise_hand("a")
    assert queue.order(quiet_first=False) == ["b", "c", "a"]
    assert queue.place_of("zzz", quiet_first=False) is None
    assert queue.lower("zzz") is False


def test_each_attendee_sees_their_own_place_and_hosts_see_the_queue_with_names(room):
    room.hand(B.account_id, True)
    room.hand(A.account_id, True)
    assert room.view_for(B.account_id)["you"]["hand"] == 1
    assert room.view_for(A.account_id)["you"]["hand"] == 2
    assert room.view_for(C.account_id)["you"]["hand"] is None
    assert "queue" not in room.view_for(C.account_id)
    assert [q["nickname"] for q in room.view_for(HOST.account_id)["queue"]] == ["なまえ2", "なまえ1"]
    # B spoke once; with quiet voices first, A moves ahead.
    room.ask_to_speak(HOST.account_id, seat(room, B), "text")
    room.answer_ask(B.account_id, True)
    room.yield_floor(B.account_id)
    room.hand(B.account_id, True)
    room.set_quiet_first(COHOST.account_id, True)
    assert [q["nickname"] for q in room.view_for(HOST.account_id)["queue"]] == ["なまえ1", "なまえ2"]
    room.hand(A.account_id, False)  # pass
    assert room.view_for(A.account_id)["you"]["hand"] is None
    assert room.view_for(B.account_id)["you"]["hand"] == 1


def test_hosts_do_not_raise_hands(room):
    with pytest.raises(DomainError) as exc:
        room.hand(HOST.account_id, True)
    assert code(exc) is ErrorCode.INVALID


# -- the floor -------------------------------------------------------------------------------

def test_the_floor_is_a_request_the_attendee_must_accept(room):
    room.hand(A.account_id, True)
    outcome = room.ask_to_speak(HOST.account_id, seat(room, A), "voice")
    assert any(e.event == "event:asked" and e.target == ToAccount(A.account_id) for e in outcome.emits)
    assert A.account_id not in room.speakers()  # asked is not speaking
    room.answer_ask(A.account_id, False)
    assert A.account_id not in room.floor and A.account_id in room.hands  # declining keeps the hand
    with pytest.raises(DomainError) as exc:
        room.answer_ask(A.account_id, True)
    assert code(exc) is ErrorCode.LIVE_NOT_ASKED
    room.ask_to_speak(HOST.account_id, seat(room, A), "voice")
    room.answer_ask(A.account_id, True)
    assert room.speakers() == {HOST.account_id, COHOST.account_id, A.account_id}
    assert A.account_id not in room.hands
    room.mute(COHOST.account_id, seat(room, A))
    assert A.account_id not in room.speakers()
    room.take_floor(HOST.account_id, seat(room, A))
    assert A.account_id not in room.floor and A.account_id not in room.muted


def test_attendees_see_floor_holders_by_label_only(room):
    for who in (A, B):
        room.ask_to_speak(HOST.account_id, seat(room, who), "text")
        room.answer_ask(who.account_id, True)
    view = room.view_for(C.account_id)
    assert view["floor"] == [{"label": "ひまわり", "via": "text", "you": False, "muted": False},
                             {"label": None, "via": "text", "you": False, "muted": False}]
    assert view["count"] == 3 and [h["nickname"] for h in view["hosts"]] == ["ほすと", "こほすと"]
    text = json.dumps(view, ensure_ascii=False)
    for other in (A, B):
        assert other.nickname not in text and other.account_id not in text
        assert room.members[other.account_id].seat not in text


# -- chat modes ------------------------------------------------------------------------------

def _readers(outcome) -> set[str]:
    return {e.target.account_id for e in outcome.emits if e.event == "event:message"}


def test_chat_modes(room):
    everyone = {HOST.account_id, COHOST.account_id, A.account_id, B.account_id, C.account_id}
    assert room.chat_mode == "hosts"
    assert _readers(room.say(A.account_id, "質問です", NOW)) == {HOST.account_id, COHOST.account_id, A.account_id}
    room.set_chat_mode(HOST.account_id, "everyone")
    outcome = room.say(A.account_id, "こんにちは", NOW)
    assert _readers(outcome) == everyone
    to_b = next(e.data for e in outcome.emits if e.target == ToAccount(B.account_id))
    assert to_b["label"] == "ひまわり" and "nickname" not in to_b and "seat" not in to_b
    to_host = next(e.data for e in outcome.emits if e.target == ToAccount(HOST.account_id))
    assert to_host["nickname"] == "なまえ1"
    room.set_chat_mode(HOST.account_id, "off")
    with pytest.raises(DomainError) as exc:
        room.say(B.account_id, "こんにちは", NOW)
    assert code(exc) is ErrorCode.LIVE_CHAT_OFF
    assert _readers(room.say(HOST.account_id, "ようこそ", NOW)) == everyone
    room.ask_to_speak(HOST.account_id, seat(room, B), "text")
    room.answer_ask(B.account_id, True)
    assert _readers(room.say(B.account_id, "話します", NOW)) == everyone  # the text floor speaks to all


# -- pause, lock, remove, end ---------------------------------------------------------------------

def test_pause_stops_everything_and_hides_the_last_messages(room):
    room.set_chat_mode(HOST.account_id, "everyone")
    room.say(A.account_id, "古い", NOW - timedelta(minutes=5))
    recent = room.say(B.account_id, "新しい", NOW - timedelta(seconds=30)).value["id"]
    room.ask_to_speak(HOST.account_id, seat(room, A), "voice")
    room.answer_ask(A.account_id, True)
    outcome = room.pause(COHOST.account_id, NOW)
    assert outcome.value == {"paused": True, "hidden": 1}
    hidden = [e for e in outcome.emits if e.event == "event:hidden"]
    assert {e.target.account_id for e in hidden} == {A.account_id, B.account_id, C.account_id}
    assert hidden[0].data["ids"] == [recent]
    assert room.speakers() == frozenset()
    for act in (lambda: room.say(A.account_id, "x", NOW), lambda: room.react(A.account_id, "clap"),
                lambda: room.hand(C.account_id, True), lambda: room.say(HOST.account_id, "x", NOW)):
        with pytest.raises(DomainError) as exc:
            act()
        assert code(exc) is ErrorCode.LIVE_PAUSED
    assert room.view_for(C.account_id)["paused"] is True
    assert [m["id"] for m in room.view_for(HOST.account_id)["hidden_messages"]] == [recent]
    room.resume(HOST.account_id)
    assert A.account_id in room.speakers()
    room.react(A.account_id, "clap")


def test_host_actions_need_a_host(room):
    acts = [lambda: room.pause(A.account_id, NOW), lambda: room.resume(A.account_id), lambda: room.end(A.account_id),
            lambda: room.lock(A.account_id, True), lambda: room.set_chat_mode(A.account_id, "everyone"),
            lambda: room.ask_to_speak(A.account_id, seat(room, B), "voice"),
            lambda: room.take_floor(A.account_id, seat(room, B)), lambda: room.mute(A.account_id, seat(room, B)),
            lambda: room.remove(A.account_id, seat(room, B), "other"), lambda: room.open_tables(A.account_id, ["x"], 4),
            lambda: room.call_back(A.account_id), lambda: room.remove("outsider", seat(room, B), "other")]
    for act in acts:
        with pytest.raises(DomainError) as exc:
            act()
        assert code(exc) is ErrorCode.EVENT_NOT_HOST
    assert not room.paused and not room.door_locked and room.chat_mode == "hosts" and B.account_id in room.members


def test_removal_is_final_for_this_event_and_cohosts_cannot_remove_a_host(room):
    with pytest.raises(DomainError) as exc:
        room.remove(COHOST.account_id, seat(room, HOST), "other")
    assert code(exc) is ErrorCode.LIVE_HOST_PROTECTED
    with pytest.raises(DomainError) as exc:
        room.remove(HOST.account_id, seat(room, B), "rude")
    assert code(exc) is ErrorCode.INVALID
    outcome = room.remove(COHOST.account_id, seat(room, B), "disruption")
    told = next(e for e in outcome.emits if e.event == "event:removed")
    assert told.target == ToAccount(B.account_id) and told.data["reason"] == "disruption"
    assert B.account_id not in room.members
    with pytest.raises(DomainError) as exc:
        room.enter(B, None)
    assert code(exc) is ErrorCode.EVENT_REMOVED
    room.remove(HOST.account_id, seat(room, COHOST), "other")  # the host may remove a co-host


def test_a_locked_door_keeps_newcomers_out_but_not_hosts(room):
    room.leave(C.account_id)
    room.lock(HOST.account_id, True)
    with pytest.raises(DomainError) as exc:
        room.enter(C, None)
    assert code(exc) is ErrorCode.LIVE_DOOR_LOCKED
    room.leave(COHOST.account_id)
    room.enter(COHOST, None)
    room.lock(HOST.account_id, False)
    room.enter(C, None)


def test_end_counts_attendance_by_kind_and_closes_the_room(room):
    outcome = room.end(HOST.account_id)
    assert outcome.value["attended_by_kind"] == {"family": 2, "individual": 1}
    assert {e.target.account_id for e in outcome.emits} == {"host", "cohost", "att1", "att2", "att3"}
    with pytest.raises(DomainError) as exc:
        room.enter(A, None)
    assert code(exc) is ErrorCode.LIVE_ENDED


def test_reactions_are_counted_not_named(room):
    outcome = room.react(A.account_id, "clap")
    room.react(B.account_id, "clap")
    assert outcome.emits[0].target == ToEvent("occ1")
    assert room.react(C.account_id, "heart").value == {"reactions": {"clap": 2, "heart": 1}}
    with pytest.raises(DomainError) as exc:
        room.react(C.account_id, "boo")
    assert code(exc) is ErrorCode.INVALID


# -- tables ------------------------------------------------------------------------------------

def test_tables_cap_their_size_keep_their_own_text_and_call_back(room):
    room.set_chat_mode(HOST.account_id, "everyone")
    room.open_tables(HOST.account_id, ["30代の親", "40代の親"], 2)
    with pytest.raises(DomainError) as exc:
        room.open_tables(HOST.account_id, ["again"], 2)
    assert code(exc) is ErrorCode.CONFLICT
    room.pick_table(A.account_id, "t1")
    room.place(COHOST.account_id, seat(room, B), "t1")
    with pytest.raises(DomainError) as exc:
        room.pick_table(C.account_id, "t1")
    assert code(exc) is ErrorCode.LIVE_TABLE_FULL
    room.pick_table(C.account_id, "t2")
    room.pick_table(HOST.account_id, "t1")  # a visit: not counted against the cap
    assert _readers(room.say(A.account_id, "テーブルで", NOW)) == {A.account_id, B.account_id, HOST.account_id}
    assert _readers(room.say(C.account_id, "ひとりです", NOW)) == {C.account_id}
    view = room.view_for(C.account_id)
    assert view["tables"] == [{"id": "t1", "name": "30代の親", "count": 2, "cap": 2, "open_mic": True, "mics": 0},
                              {"id": "t2", "name": "40代の親", "count": 1, "cap": 2, "open_mic": True, "mics": 0}]
    assert view["you"]["table"] == "t2"
    room.call_back(COHOST.account_id)
    assert room.view_for(C.account_id)["tables"] == []
    assert len(_readers(room.say(C.account_id, "戻りました", NOW))) == 5
    with pytest.raises(DomainError) as exc:
        room.pick_table(C.account_id, "t1")
    assert code(exc) is ErrorCode.NOT_FOUND


def test_each_table_has_its_own_voice_and_a_host_outside_the_tables_speaks_to_all(room):
    assert room.voice_audiences() == {}  # no tables: every speaker reaches everyone
    room.open_tables(HOST.account_id, ["30代の親", "40代の親"], 3)
    room.pick_table(A.account_id, "t1")
    room.pick_table(B.account_id, "t1")
    room.pick_table(C.account_id, "t2")
    for who in (A, C):
        room.ask_to_speak(HOST.account_id, seat(room, who), "voice")
        room.answer_ask(who.account_id, True)
    room.pick_table(COHOST.account_id, "t2")  # the co-host visits table 2
    audiences = room.voice_audiences()
    assert audiences == {A.account_id: {A.account_id, B.account_id},
                         C.account_id: {C.account_id, COHOST.account_id},
                         COHOST.account_id: {C.account_id, COHOST.account_id}}
    assert HOST.account_id in room.speakers() and HOST.account_id not in audiences  # speaks to all
    room.place(HOST.account_id, seat(room, A), None)  # back to the hall, the floor kept
    assert room.voice_audiences()[A.account_id] == {A.account_id, HOST.account_id}  # the hall hears
    room.mute(HOST.account_id, seat(room, C))
    assert C.account_id not in room.voice_audiences()  # muted: not a speaker at all
    room.call_back(HOST.account_id)
    assert room.voice_audiences() == {}


def test_the_clock_closes_a_room_left_open_after_its_end():
    ends = NOW + timedelta(hours=1)
    room = LiveEvent(EventFacts("occ2", "ev1", "会", "Meetup", 5, (("host", "ほすと"),), ends))
    room.enter(HOST, None)
    room.enter(A, None)
    room.leave(HOST.account_id)  # the host left without ending
    assert room.close_if_over(ends + timedelta(minutes=29)) is None
    outcome = room.close_if_over(ends + timedelta(minutes=30))
    assert room.ended and outcome.value["attended_by_kind"] == {"family": 1}
    assert [e.event for e in outcome.emits] == ["event:ended"]
    assert room.close_if_over(ends + timedelta(hours=2)) is None  # once
