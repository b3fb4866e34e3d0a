"""The live desk: knocking, places in the queue, taking the next person, chatting, handing
over, ending, grace after a lost connection, and opening hours. No network."""
from datetime import date, datetime, timezone

import pytest

from rooms.chat import ChatLog
from rooms.desk.hours import DayOverride, OpeningHours, Window
from rooms.desk.queue import ENDED, HANDED_OVER, MESSAGE, OPENED, QUEUE, STATE, STATUS, Desk, Duty
from server.core.ratelimit import RateLimiter
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import ToAccount, ToEveryone, ToStaff
from server.core.principal import AccountKind, Principal, Role

ALWAYS = OpeningHours.build("Asia/Tokyo", weekly=[(d, Window(0, 1440)) for d in range(7)])
# FakeClock starts at 2026-04-01 01:00 UTC = Wednesday 10:00 in Tokyo.
WEDNESDAY_10_TO_11 = OpeningHours.build("Asia/Tokyo", weekly=[(2, Window(600, 660)), (3, Window(840, 900))])


def visitor(name: str, kind=AccountKind.FAMILY, guest=True) -> Principal:
    return Principal(account_id=f"v-{name}", role=Role.VISITOR, kind=kind, is_guest=guest, nickname=name)


def worker(name: str, role=Role.STAFF) -> Principal:
    return Principal(account_id=f"s-{name}", role=role, is_guest=False, nickname=name)


A, B, C = visitor("あおい"), visitor("ぶな", AccountKind.INDIVIDUAL), visitor("くり")
S1, S2 = worker("さくら"), worker("すぎ", Role.SPECIALIST)


def make_desk(hours=ALWAYS, **kw) -> tuple[Desk, FakeClock]:
    clock = FakeClock(datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc))
    return Desk(clock, hours, log=ChatLog(), **kw), clock


def to(outcome, who: Principal, event: str) -> list[dict]:
    return [e.data for e in outcome.emits if e.target == ToAccount(who.account_id) and e.event == event]


def staff_state(outcome) -> dict:
    (state,) = [e.data for e in outcome.emits if isinstance(e.target, ToStaff) and e.event == STATE]
    return state


def refused(code: ErrorCode, fn, *args):
    with pytest.raises(DomainError) as err:
        fn(*args)
    assert err.value.code == code, err.value.code
    return err.value


@pytest.fixture
def desk():
    d, _ = make_desk()
    d.set_duty(S1, "available")
    return d


def test_knocks_form_a_queue_and_each_sees_their_place(desk):
    assert desk.knock(A).value == {"place": 1}
    out_b = desk.knock(B, "家族のことで")
    assert out_b.value == {"place": 2}
    assert to(out_b, A, QUEUE)[-1]["place"] == 1 and to(out_b, B, QUEUE)[-1]["place"] == 2
    assert to(out_b, B, QUEUE)[-1]["staff"] == {"available": 1, "busy": 0, "away": 0}
    out_c = desk.knock(C)
    assert [e["nickname"] for e in staff_state(out_c)["queue"]] == ["あおい", "ぶな", "くり"]
    assert staff_state(out_c)["queue"][1]["note"] == "家族のことで"
    assert staff_state(out_c)["queue"][1]["kind"] == "individual"


def test_knocking_again_while_waiting_keeps_the_place(desk):
    desk.knock(A)
    desk.knock(B)
    again = desk.knock(B)
    assert again.value == {"place": 2}
    assert desk.summary()["waiting"] == 2
    assert not [e for e in again.emits if isinstance(e.target, ToStaff)]  # nothing new for staff


def test_leaving_is_silent_and_the_others_move_up(desk):
    for who in (A, B, C):
        desk.knock(who)
    out = desk.leave_queue(B.account_id)
    assert out.value == {"left": True}
    assert not [e for e in out.emits if e.target == ToAccount(B.account_id)]
    assert to(out, C, QUEUE)[-1]["place"] == 2 and to(out, A, QUEUE)[-1]["place"] == 1
    assert "ぶな" not in str(staff_state(out))
    assert desk.leave_queue(B.account_id).value == {"left": False}  # again: nothing happens


def test_take_next_opens_a_chat_with_the_first_in_line(desk):
    desk.knock(A, "はじめて来ました")
    desk.knock(B)
    out = desk.take_next(S1)
    (for_visitor,) = to(out, A, OPENED)
    (for_worker,) = to(out, S1, OPENED)
    assert for_visitor["staff_nickname"] == "さくら" and for_visitor["session_id"] == out.value["session_id"]
    assert for_worker["visitor"]["nickname"] == "あおい" and for_worker["note"] == "はじめて来ました"
    assert to(out, B, QUEUE)[-1]["place"] == 1
    assert desk.duty_of(S1.account_id) == Duty.BUSY
    assert staff_state(out)["sessions"][0]["visitor"]["account_id"] == A.account_id


@pytest.mark.parametrize("who, setup, code, reason", [
    (S2, "knock", ErrorCode.FORBIDDEN, "not_on_duty"),  # a worker who is not on duty
    (A, "knock", ErrorCode.FORBIDDEN, None),  # a visitor cannot take people
    (S1, None, ErrorCode.NOT_FOUND, "queue_empty"),
])
def test_take_next_refusals(desk, who, setup, code, reason):
    if setup:
        desk.knock(B)
    err = refused(code, desk.take_next, who)
    assert err.detail.get("reason") == reason


def test_text_goes_both_ways_and_only_between_the_two(desk):
    desk.knock(A)
    session_id = desk.take_next(S1).value["session_id"]
    hello = desk.say(session_id, S1.account_id, "  こんにちは。ゆっくりで大丈夫です  ")
    assert to(hello, A, MESSAGE)[0]["text"] == "こんにちは。ゆっくりで大丈夫です"
    assert to(hello, A, MESSAGE)[0]["from"] == "staff"
    reply = desk.say(session_id, A.account_id, "ありがとうございます")
    assert to(reply, S1, MESSAGE)[0]["from"] == "visitor" and to(reply, S1, MESSAGE)[0]["sender_nickname"] == "あおい"
    assert len(desk.log.recent(f"desk:{session_id}", desk._clock.now())) == 2
    # neither a colleague nor another visitor can write into it, nor learn that it exists
    desk.set_duty(S2, "available")
    for outsider in (S2, B):
        assert refused(ErrorCode.NOT_FOUND, desk.say, session_id, outsider.account_id, "やあ").field == "session_id"
    refused(ErrorCode.NOT_FOUND, desk.say, "no-such-session", A.account_id, "やあ")
    refused(ErrorCode.NOT_FOUND, desk.say, 42, A.account_id, "やあ")


@pytest.mark.parametrize("text, reason", [("", "empty"), ("   ", "empty"), ("a" * 501, "too_long"),
                                          ("line\nbreak", "forbidden_character"), (None, "not_text")])
def test_chat_text_is_checked_like_all_chat(desk, text, reason):
    desk.knock(A)
    session_id = desk.take_next(S1).value["session_id"]
    assert refused(ErrorCode.INVALID, desk.say, session_id, A.account_id, text).detail["reason"] == reason


def test_chat_is_rate_limited():
    desk, _ = make_desk(say_limiter=RateLimiter(FakeClock(), rate=0.1, burst=2))
    desk.set_duty(S1, "available")
    desk.knock(A)
    session_id = desk.take_next(S1).value["session_id"]
    desk.say(session_id, A.account_id, "1")
    desk.say(session_id, A.account_id, "2")
    refused(ErrorCode.RATE_LIMITED, desk.say, session_id, A.account_id, "3")


def test_hand_over_moves_the_conversation_to_a_colleague_on_duty(desk):
    desk.set_duty(S2, "away")
    desk.knock(A)
    session_id = desk.take_next(S1).value["session_id"]
    desk.say(session_id, A.account_id, "仕事のことで相談したいです")
    out = desk.hand_over(S1, session_id, S2.account_id)
    assert to(out, A, HANDED_OVER) == [{"session_id": session_id, "staff_nickname": "すぎ"}]
    assert to(out, S1, HANDED_OVER) == [{"session_id": session_id, "staff_nickname": "すぎ"}]
    (opened,) = to(out, S2, OPENED)
    assert opened["handed_over_by"] == "さくら"
    assert [m["text"] for m in opened["messages"]] == ["仕事のことで相談したいです"]
    assert desk.duty_of(S1.account_id) == Duty.AVAILABLE and desk.duty_of(S2.account_id) == Duty.BUSY
    # the colleague now holds it; the first worker is out of it
    assert to(desk.say(session_id, S2.account_id, "代わりました"), A, MESSAGE)
    refused(ErrorCode.NOT_FOUND, desk.say, session_id, S1.account_id, "まだいます")


@pytest.mark.parametrize("target, code, reason", [
    ("s-すぎ", ErrorCode.NOT_ACCEPTING, "off_duty"),  # an off-duty colleague
    ("v-ぶな", ErrorCode.NOT_ACCEPTING, "off_duty"),  # not a worker at all
    ("s-さくら", ErrorCode.INVALID, "self"),
    (None, ErrorCode.NOT_ACCEPTING, "off_duty"),
])
def test_hand_over_refusals(desk, target, code, reason):
    desk.knock(A)
    session_id = desk.take_next(S1).value["session_id"]
    assert refused(code, desk.hand_over, S1, session_id, target).detail["reason"] == reason
    assert desk.duty_of(S1.account_id) == Duty.BUSY  # nothing changed


def test_only_the_worker_holding_a_chat_can_hand_it_over(desk):
    desk.set_duty(S2, "available")
    desk.knock(A)
    session_id = desk.take_next(S1).value["session_id"]
    refused(ErrorCode.NOT_FOUND, desk.hand_over, S2, session_id, S1.account_id)
    refused(ErrorCode.FORBIDDEN, desk.hand_over, A, session_id, S2.account_id)


@pytest.mark.parametrize("ender, by", [(A, "visitor"), (S1, "staff")])
def test_either_side_ends_and_both_hear_it(desk, ender, by):
    desk.knock(A)
    session_id = desk.take_next(S1).value["session_id"]
    out = desk.end(session_id, ender.account_id)
    assert to(out, A, ENDED) == to(out, S1, ENDED) == [{"session_id": session_id, "by": by}]
    assert desk.duty_of(S1.account_id) == Duty.AVAILABLE
    refused(ErrorCode.NOT_FOUND, desk.say, session_id, A.account_id, "まだ?")
    assert desk.knock(A).value == {"place": 1}  # may knock again afterwards


def test_a_worker_who_chose_away_stays_away_after_a_chat(desk):
    desk.knock(A)
    session_id = desk.take_next(S1).value["session_id"]
    desk.set_duty(S1, "away")
    desk.end(session_id, S1.account_id)
    assert desk.duty_of(S1.account_id) == Duty.AWAY


def test_a_visitor_in_a_chat_cannot_queue_again(desk):
    desk.knock(A)
    desk.take_next(S1)
    assert refused(ErrorCode.CONFLICT, desk.knock, A).detail["reason"] == "in_session"


@pytest.mark.parametrize("who, status, code", [
    (S1, "lunch", ErrorCode.INVALID),
    (S1, None, ErrorCode.INVALID),
    (A, "available", ErrorCode.FORBIDDEN),  # visitors are never on duty
    (worker("ぴあ", Role.PEER_SUPPORTER), "available", ErrorCode.FORBIDDEN),
    (worker("みまもり", Role.MODERATOR), "available", ErrorCode.FORBIDDEN),
])
def test_set_duty_refusals(desk, who, status, code):
    refused(code, desk.set_duty, who, status)


def test_going_off_duty_with_a_chat_open_is_refused(desk):
    desk.knock(A)
    desk.take_next(S1)
    assert refused(ErrorCode.CONFLICT, desk.set_duty, S1, "off").detail["reason"] == "sessions_open"


def test_desk_workers_do_not_knock(desk):
    for who in (S1, S2, worker("かんり", Role.ADMIN)):
        assert refused(ErrorCode.FORBIDDEN, desk.knock, who).detail["reason"] == "desk_worker"


@pytest.mark.parametrize("note, reason", [("a" * 201, "too_long"), ("x\ny", "forbidden_character"), (7, "not_text")])
def test_knock_note_is_checked(desk, note, reason):
    err = refused(ErrorCode.INVALID, desk.knock, A, note)
    assert err.field == "note" and err.detail["reason"] == reason
    assert desk.summary()["waiting"] == 0


@pytest.mark.parametrize("note", [None, "", "   "])
def test_no_note_is_fine(desk, note):
    desk.knock(A, note)
    assert staff_state(desk.knock(B))["queue"][0]["note"] is None


def test_outside_hours_a_knock_is_refused_with_the_next_opening():
    desk, clock = make_desk(WEDNESDAY_10_TO_11)
    desk.set_duty(S1, "available")
    clock.advance(3600)  # Wednesday 11:00: closed
    err = refused(ErrorCode.NOT_ACCEPTING, desk.knock, A)
    assert err.detail["reason"] == "closed"
    assert err.detail["next_opening"] == "2026-04-02T05:00:00Z"  # Thursday 14:00 in Tokyo
    assert err.detail["next_opening_local"] == "2026-04-02T14:00:00+09:00"
    assert desk.summary()["open"] is False and desk.summary()["within_hours"] is False


def test_within_hours_but_nobody_on_duty_is_refused():
    desk, _ = make_desk()
    assert refused(ErrorCode.NOT_ACCEPTING, desk.knock, A).detail["reason"] == "nobody_on_duty"
    assert desk.summary()["open"] is False and desk.summary()["within_hours"] is True


def test_a_full_queue_is_refused():
    desk, _ = make_desk(max_queue=2)
    desk.set_duty(S1, "available")
    desk.knock(A)
    desk.knock(B)
    assert refused(ErrorCode.NOT_ACCEPTING, desk.knock, C).detail["reason"] == "full"


def test_knocking_over_and_over_is_rate_limited():
    desk, _ = make_desk(knock_limiter=RateLimiter(FakeClock(), rate=0.01, burst=2))
    desk.set_duty(S1, "available")
    for _ in range(2):
        desk.knock(A)
        desk.leave_queue(A.account_id)
    refused(ErrorCode.RATE_LIMITED, desk.knock, A)


def test_closing_time_keeps_the_people_already_waiting():
    desk, clock = make_desk(WEDNESDAY_10_TO_11)
    desk.set_duty(S1, "available")
    desk.knock(A)
    clock.advance(3600)
    out = desk.expire()
    assert [e.data["open"] for e in out.emits if e.event == STATUS] == [False]
    assert desk.status_for(A)["you"] == {"state": "waiting", "place": 1, "waiting": 1, "on_duty": 1,
                                         "staff": {"available": 1, "busy": 0, "away": 0}}
    assert desk.take_next(S1).value["visitor"]["account_id"] == A.account_id


def test_public_status_is_sent_only_when_it_changes(desk):
    first = desk.knock(A)
    assert [e.data["waiting"] for e in first.emits if isinstance(e.target, ToEveryone)] == [1]
    assert not [e for e in desk.expire().emits if e.event == STATUS]  # nothing moved


def test_the_public_summary_names_nobody(desk):
    desk.set_duty(S2, "away")
    desk.knock(A)
    desk.take_next(S1)
    desk.knock(B)
    summary = desk.summary()
    assert summary["staff"] == {"available": 0, "busy": 1, "away": 1} and summary["on_duty"] == 2
    assert summary["open"] is True and summary["waiting"] == 1
    text = str(summary)
    assert not any(name in text for name in ("さくら", "すぎ", "あおい", "ぶな", "s-", "v-"))


def test_a_waiting_visitor_keeps_the_place_for_the_grace_period():
    desk, clock = make_desk(grace_seconds=60)
    desk.set_duty(S1, "available")
    desk.knock(A)
    desk.knock(B)
    assert staff_state(desk.disconnected(A.account_id))["queue"][0]["connected"] is False
    clock.advance(59)
    assert desk.expire().value["waiting"] == 0
    # while A is away, the worker takes B (A keeps the first place for when they come back)
    assert desk.take_next(S1).value["visitor"]["account_id"] == B.account_id
    clock.advance(1)
    out = desk.expire()
    assert out.value["waiting"] == 1 and desk.summary()["waiting"] == 0
    assert not [e for e in out.emits if e.target == ToAccount(A.account_id)]  # let go quietly


def test_coming_back_within_the_grace_period_keeps_everything():
    desk, clock = make_desk(grace_seconds=60)
    desk.set_duty(S1, "available")
    desk.knock(A)
    desk.disconnected(A.account_id)
    clock.advance(30)
    assert staff_state(desk.reconnected(A.account_id))["queue"][0]["connected"] is True
    clock.advance(60)
    desk.expire()
    assert desk.status_for(A)["you"]["place"] == 1
    assert desk.reconnected(A.account_id).emits == ()  # nothing to tell when nothing changed


def test_a_visitor_who_does_not_come_back_ends_the_chat():
    desk, clock = make_desk(grace_seconds=60)
    desk.set_duty(S1, "available")
    desk.knock(A)
    session_id = desk.take_next(S1).value["session_id"]
    desk.disconnected(A.account_id)
    clock.advance(61)
    out = desk.expire()
    assert to(out, S1, ENDED) == [{"session_id": session_id, "by": "visitor_gone"}]
    assert desk.duty_of(S1.account_id) == Duty.AVAILABLE


def test_when_the_worker_is_lost_the_visitor_goes_back_to_the_front_with_the_conversation():
    desk, clock = make_desk(grace_seconds=60)
    desk.set_duty(S1, "available")
    desk.set_duty(S2, "available")
    desk.knock(A)
    desk.knock(B)
    session_id = desk.take_next(S1).value["session_id"]
    desk.say(session_id, A.account_id, "さっきの続きですが")
    desk.disconnected(S1.account_id)
    clock.advance(61)
    out = desk.expire()
    assert to(out, A, ENDED) == [{"session_id": session_id, "by": "staff_gone", "requeued": True}]
    assert to(out, A, QUEUE)[-1]["place"] == 1 and to(out, B, QUEUE)[-1]["place"] == 2
    assert desk.duty_of(S1.account_id) == Duty.OFF
    assert staff_state(out)["queue"][0]["returning"] is True
    again = desk.take_next(S2)
    assert [m["text"] for m in to(again, A, OPENED)[0]["messages"]] == ["さっきの続きですが"]


def test_status_for_tells_each_side_what_it_needs():
    desk, _ = make_desk()
    desk.set_duty(S1, "available")
    assert desk.status_for(A)["you"] == {"state": "idle"}
    desk.knock(A)
    session_id = desk.take_next(S1).value["session_id"]
    desk.say(session_id, S1.account_id, "こんにちは")
    mine = desk.status_for(A)["you"]
    assert mine["state"] == "chatting" and mine["staff_nickname"] == "さくら"
    assert [m["text"] for m in mine["messages"]] == ["こんにちは"]
    assert "desk" not in desk.status_for(A)
    staff = desk.status_for(S1)
    assert staff["you"]["duty"] == "busy" and staff["you"]["sessions"][0]["session_id"] == session_id
    assert staff["desk"]["sessions"][0]["visitor"]["nickname"] == "あおい"
    assert desk.status_for(S2)["you"] == {"state": "worker", "duty": "off", "sessions": []}


def test_a_closure_set_while_running_is_seen_at_once():
    desk, _ = make_desk()
    desk.set_duty(S1, "available")
    out = desk.set_hours(OpeningHours.build("Asia/Tokyo", days=[DayOverride(date(2026, 4, 1), (), "研修のためお休みです")]))
    assert [(e.data["open"], e.data["note"]) for e in out.emits if e.event == STATUS] == [(False, "研修のためお休みです")]
    assert refused(ErrorCode.NOT_ACCEPTING, desk.knock, A).detail["reason"] == "closed"
