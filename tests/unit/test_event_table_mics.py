"""A seated attendee's own microphone at a table, without a network: only they turn it on, at
an open-mic table only, up to ``TABLE_VOICES`` voices a table; heard at that table alone;
off when they leave the table, are placed elsewhere, muted, removed, paused, called back."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rooms.event_room.members import Entrant, EventFacts
from rooms.event_room.room import LiveEvent
from rooms.event_room.tables import TABLE_VOICES, VOICE_SLOTS
from server.core.errors import DomainError, ErrorCode

NOW = datetime(2026, 4, 1, 10, 0, tzinfo=timezone.utc)
HOST = Entrant("host", "ほすと", "unspecified", is_host=True)
COHOST = Entrant("cohost", "こほすと", "unspecified", is_cohost=True)
A, B, C, D, E = (Entrant(f"att{i}", f"なまえ{i}", "family") for i in range(1, 6))


@pytest.fixture
def room() -> LiveEvent:
    room = LiveEvent(EventFacts("occ1", "ev1", "家族教室", "Family class", 20, (("host", "ほすと"), ("cohost", "こほすと"))))
    for who, label in ((HOST, None), (COHOST, None), (A, "ひまわり"), (B, None), (C, "すみれ"), (D, None), (E, None)):
        room.enter(who, label)
    room.open_tables(HOST.account_id, ["30代の親", "40代の親"], 6)
    for who in (A, B, C, D):
        room.pick_table(who.account_id, "t1")
    room.pick_table(E.account_id, "t2")
    return room


def refused(call, *args) -> ErrorCode:
    with pytest.raises(DomainError) as exc:
        call(*args)
    return exc.value.code


def seat(room: LiveEvent, who: Entrant) -> str:
    return room.members[who.account_id].seat


def test_a_seated_attendee_turns_their_own_microphone_on_and_only_their_table_hears_it(room):
    assert A.account_id not in room.speakers() and not room.may_hold_voice(A.account_id)
    outcome = room.mic(A.account_id, True)
    assert outcome.value == {"mic": True}
    assert A.account_id in room.speakers() and room.may_hold_voice(A.account_id)
    assert room.voice_audiences()[A.account_id] == {A.account_id, B.account_id, C.account_id, D.account_id}
    room.pick_table(COHOST.account_id, "t1")  # a host visiting hears the table
    assert COHOST.account_id in room.voice_audiences()[A.account_id]
    assert E.account_id not in room.voice_audiences()[A.account_id]  # another table: never
    assert room.mic(A.account_id, True).emits == ()  # on again: nothing changes
    assert room.mic(A.account_id, False).value == {"mic": False}
    assert A.account_id not in room.speakers() and not room.may_hold_voice(A.account_id)
    assert room.mic(A.account_id, False).emits == ()  # off is always fine, even when already off


def test_what_the_table_and_the_hosts_are_shown(room):
    room.mic(A.account_id, True)
    mine = room.view_for(B.account_id)
    assert mine["table_voices"] == [{"label": "ひまわり", "you": False}]  # by the label A chose, as the floor
    assert mine["you"]["mic"] is False
    assert room.view_for(A.account_id)["you"]["mic"] is True
    assert room.view_for(E.account_id)["table_voices"] == []  # another table learns no label
    assert [t["mics"] for t in room.view_for(E.account_id)["tables"]] == [1, 0]  # a count, no name
    rows = {r["nickname"]: r["mic"] for r in room.view_for(HOST.account_id)["members"]}
    assert rows["なまえ1"] is True and rows["なまえ2"] is False


def test_nobody_else_turns_a_microphone_on(room):
    room.mic(A.account_id, True)
    assert room.mics() == {A.account_id}  # B, C, D sit at the same open-mic table: still silent
    assert refused(room.mic, HOST.account_id, True) is ErrorCode.INVALID  # hosts are heard already
    assert refused(room.mic, "stranger", True) is ErrorCode.LIVE_NOT_IN_ROOM


def test_only_at_a_table(room):
    room.pick_table(A.account_id, None)  # back to the hall
    assert refused(room.mic, A.account_id, True) is ErrorCode.LIVE_NOT_AT_TABLE
    assert A.account_id not in room.speakers()
    room.call_back(HOST.account_id)
    assert refused(room.mic, B.account_id, True) is ErrorCode.LIVE_NOT_AT_TABLE


def test_a_table_holds_as_many_voices_as_a_listener_hears_at_once(room):
    assert TABLE_VOICES == VOICE_SLOTS == 3
    for who in (A, B, C):
        room.mic(who.account_id, True)
    assert refused(room.mic, D.account_id, True) is ErrorCode.LIVE_TABLE_VOICES_FULL
    assert D.account_id not in room.speakers()
    room.mic(E.account_id, True)  # another table counts its own voices
    room.mic(B.account_id, False)
    room.mic(D.account_id, True)  # a voice went quiet: room for the fourth
    assert room.mics() == {A.account_id, C.account_id, D.account_id, E.account_id}


def test_a_voice_floor_seated_at_the_table_counts_among_its_voices(room):
    room.ask_to_speak(HOST.account_id, seat(room, D), "voice")
    room.answer_ask(D.account_id, True)
    room.mic(A.account_id, True)
    room.mic(B.account_id, True)
    assert refused(room.mic, C.account_id, True) is ErrorCode.LIVE_TABLE_VOICES_FULL


def test_a_floor_only_table_refuses_and_a_host_can_switch_a_table_either_way(room):
    room.mic(A.account_id, True)
    room.set_table_mic(COHOST.account_id, "t1", False)
    assert A.account_id not in room.speakers()  # switching to floor only turns the microphones off
    assert refused(room.mic, A.account_id, True) is ErrorCode.LIVE_MIC_CLOSED
    assert room.view_for(A.account_id)["tables"][0]["open_mic"] is False
    assert refused(room.set_table_mic, A.account_id, "t1", True) is ErrorCode.EVENT_NOT_HOST
    assert refused(room.set_table_mic, HOST.account_id, "t9", True) is ErrorCode.NOT_FOUND
    room.set_table_mic(HOST.account_id, "t1", True)
    assert A.account_id not in room.speakers()  # opening again starts nobody's voice
    room.mic(A.account_id, True)
    assert A.account_id in room.speakers()


def test_the_host_chooses_per_table_when_opening(room):
    room.call_back(HOST.account_id)
    assert refused(room.open_tables, HOST.account_id, ["一", "二"], 4, [True]) is ErrorCode.INVALID
    assert room.tables.tables == {}  # nothing changed
    room.open_tables(HOST.account_id, ["一", "二"], 4, [False, True])
    assert [t["open_mic"] for t in room.view_for(A.account_id)["tables"]] == [False, True]
    room.pick_table(A.account_id, "t1")
    room.pick_table(B.account_id, "t2")
    assert refused(room.mic, A.account_id, True) is ErrorCode.LIVE_MIC_CLOSED
    room.mic(B.account_id, True)
    assert room.mics() == {B.account_id}


def test_leaving_or_being_placed_elsewhere_turns_the_microphone_off(room):
    room.mic(A.account_id, True)
    room.mic(B.account_id, True)
    room.pick_table(A.account_id, "t1")  # sitting down again where one sits: still on
    assert A.account_id in room.mics()
    room.pick_table(A.account_id, "t2")
    room.place(HOST.account_id, seat(room, B), None)
    assert room.mics() == set()
    assert room.view_for(A.account_id)["you"]["mic"] is False


def test_a_host_mutes_a_microphone_and_the_mute_holds_until_a_floor_is_accepted(room):
    room.mic(A.account_id, True)
    room.mute(COHOST.account_id, seat(room, A))
    assert A.account_id not in room.speakers() and A.account_id not in room.mics()
    assert refused(room.mic, A.account_id, True) is ErrorCode.LIVE_MUTED
    room.ask_to_speak(HOST.account_id, seat(room, A), "voice")
    room.answer_ask(A.account_id, True)
    room.yield_floor(A.account_id)
    room.mic(A.account_id, True)
    assert A.account_id in room.speakers()


def test_pause_stops_table_voices_and_nobody_is_on_again_after_resume(room):
    room.mic(A.account_id, True)
    room.pause(HOST.account_id, NOW)
    assert room.speakers() == frozenset()
    assert refused(room.mic, B.account_id, True) is ErrorCode.LIVE_PAUSED
    assert room.mic(A.account_id, False).value == {"mic": False}  # off is fine while paused
    room.resume(HOST.account_id)
    assert room.mics() == set() and A.account_id not in room.speakers()  # consent again: their own click
    room.mic(A.account_id, True)
    assert A.account_id in room.speakers()


def test_calling_everyone_back_removing_leaving_and_the_end_turn_microphones_off(room):
    for who in (A, B, E):
        room.mic(who.account_id, True)
    room.remove(HOST.account_id, seat(room, A), "disruption")
    room.leave(B.account_id)
    assert room.mics() == {E.account_id}
    assert not room.may_hold_voice(A.account_id)
    room.call_back(COHOST.account_id)
    assert room.mics() == set() and room.speakers() == {HOST.account_id, COHOST.account_id}
    room.open_tables(HOST.account_id, ["また"], 4)
    room.pick_table(C.account_id, "t1")
    room.mic(C.account_id, True)
    room.expel(C.account_id, "理由", "reason")
    assert room.mics() == set()
    room.pick_table(D.account_id, "t1")
    room.mic(D.account_id, True)
    room.end(HOST.account_id)
    assert room.mics() == set() and room.speakers() == frozenset()
