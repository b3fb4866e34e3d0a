"""Typed words: validation, the short-lived chat log, zone chat."""
from __future__ import annotations

import pytest

from rooms.chat import (
    MAX_TEXT_LENGTH,
    ZONE_MESSAGE,
    ChatLog,
    ChatMessage,
    ZoneChat,
    to_ms,
    validate_text,
    zone_channel,
)
from rooms.presence import ContactFacts, Person, Place, Status
from server.core.ratelimit import RateLimiter
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode

LOUNGE = Place("m1", "lounge")
GARDEN = Place("m1", "garden")
QUIET = Place("m1", "quiet_corner", requests_allowed=False, chat_allowed=False)
ELSEWHERE = Place("m2", "lounge")


def person(account_id: str, place: Place = LOUNGE, status: Status = Status.JUST_HERE) -> Person:
    return Person(account_id, f"nick-{account_id}", status, place)


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as info:
        call()
    return info.value


# -- validate_text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("hi", "hi"),
        ("  hello there \n", "hello there"),  # surrounding whitespace is trimmed first
        ("こんにちは、はじめまして", "こんにちは、はじめまして"),
        ("x" * MAX_TEXT_LENGTH, "x" * MAX_TEXT_LENGTH),
        (" " + "y" * MAX_TEXT_LENGTH + " ", "y" * MAX_TEXT_LENGTH),
        ("a\u200eb", "a\u200eb"),  # a left-to-right mark is not an override
        ("ｶﾞ", "ｶﾞ"),
        ("e\u0301", "\u00e9"),  # NFC
    ],
)
def test_valid_text(text, clean):
    assert validate_text(text) == clean


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\n\t ", "empty"),
        ("x" * (MAX_TEXT_LENGTH + 1), "too_long"),
        ("a\x00b", "forbidden_character"),
        ("line\nbreak", "forbidden_character"),
        ("tab\there", "forbidden_character"),
        ("esc\x1b[31m", "forbidden_character"),
        ("del\x7f", "forbidden_character"),
        ("c1\x80", "forbidden_character"),
        ("n\x85l", "forbidden_character"),  # NEL mid-text (at the ends strip() removes it)
        ("c1\x9f", "forbidden_character"),
        *[(f"a{chr(c)}b", "forbidden_character") for c in range(0x202A, 0x202F)],
        *[(f"a{chr(c)}b", "forbidden_character") for c in range(0x2066, 0x206A)],
        ("lone\ud800", "forbidden_character"),
        (None, "not_text"),
        (42, "not_text"),
        (b"bytes", "not_text"),
        (["list"], "not_text"),
    ],
)
def test_invalid_text(text, reason):
    err = refusal(lambda: validate_text(text))
    assert (err.code, err.field, err.detail["reason"]) == (ErrorCode.INVALID, "text", reason)


# -- ChatLog -----------------------------------------------------------------------------


def message(channel: str, at_ms: int, text: str = "hi", n: int = 0) -> ChatMessage:
    return ChatMessage(f"id{at_ms}-{n}", channel, "a", "nick-a", text, at_ms)


def test_log_keeps_only_the_window():
    clock = FakeClock()
    log = ChatLog(window_seconds=600)
    start = to_ms(clock.now())
    log.append(message("c1", start, "first"))
    clock.advance(300)
    log.append(message("c1", to_ms(clock.now()), "second"))
    assert [m.text for m in log.recent("c1", clock.now())] == ["first", "second"]
    clock.advance(299.999)
    assert [m.text for m in log.recent("c1", clock.now())] == ["first", "second"]
    clock.advance(0.001)
    assert [m.text for m in log.recent("c1", clock.now())] == ["second"]
    clock.advance(300)
    assert log.recent("c1", clock.now()) == []
    assert log.channel_count() == 0  # empty channels leave no trace


def test_purge_sweeps_every_channel():
    clock = FakeClock()
    log = ChatLog(window_seconds=60)
    now = to_ms(clock.now())
    log.append(message("old", now))
    log.append(message("mixed", now))
    log.append(message("mixed", now + 30_000))
    clock.advance(61)
    assert log.purge(clock.now()) == 2
    assert log.channel_count() == 1
    assert [m.sent_at_ms for m in log.recent("mixed", clock.now())] == [now + 30_000]
    assert log.purge(clock.now()) == 0


def test_log_keeps_at_most_n_per_channel_and_channels_apart():
    clock = FakeClock()
    log = ChatLog(max_per_channel=3)
    now = to_ms(clock.now())
    for n in range(5):
        log.append(message("busy", now, f"m{n}", n))
    log.append(message("calm", now, "alone"))
    assert [m.text for m in log.recent("busy", clock.now())] == ["m2", "m3", "m4"]
    assert [m.text for m in log.recent("calm", clock.now())] == ["alone"]
    assert log.recent("never", clock.now()) == []


@pytest.mark.parametrize(("window", "size"), [(0, 10), (-1, 10), (60, 0)])
def test_log_limits_must_make_sense(window, size):
    with pytest.raises(ValueError):
        ChatLog(window_seconds=window, max_per_channel=size)


# -- ZoneChat ----------------------------------------------------------------------------


def test_zone_chat_reaches_the_zone_minus_blocks():
    clock = FakeClock()
    chat = ZoneChat(clock)
    facts = ContactFacts.build(
        [
            person("a"),
            person("b"),
            person("blocked_by_a"),
            person("blocker_of_a"),
            person("in_garden", GARDEN),
            person("other_map", ELSEWHERE),
        ],
        blocks=[("a", "blocked_by_a"), ("blocker_of_a", "a")],
    )
    out = chat.say("a", " こんにちは ", facts)
    assert out.value == {
        "map_instance": "m1",
        "zone": "lounge",
        "id": out.value["id"],
        "sender_id": "a",
        "sender_nickname": "nick-a",
        "text": "こんにちは",
        "sent_at": to_ms(clock.now()),
    }
    assert [(e.target.account_id, e.event, e.data) for e in out.emits] == [
        ("a", ZONE_MESSAGE, out.value),
        ("b", ZONE_MESSAGE, out.value),
    ]
    recent = chat.log.recent(zone_channel("m1", "lounge"), clock.now())
    assert [m.text for m in recent] == ["こんにちは"]


def test_no_zone_chat_in_the_quiet_corner():
    chat = ZoneChat(FakeClock())
    facts = ContactFacts.build([person("a", QUIET), person("b", QUIET)])
    err = refusal(lambda: chat.say("a", "hello", facts))
    assert err.code is ErrorCode.NOT_ALLOWED_HERE
    assert chat.log.channel_count() == 0


@pytest.mark.parametrize(
    ("sender", "text", "code"),
    [
        ("ghost", "hello", ErrorCode.NOT_FOUND),
        ("a", "", ErrorCode.INVALID),
        ("a", "x" * 501, ErrorCode.INVALID),
        ("a", "\u2066hidden", ErrorCode.INVALID),
        ("a", 3.14, ErrorCode.INVALID),
    ],
)
def test_zone_chat_refusals(sender, text, code):
    chat = ZoneChat(FakeClock())
    facts = ContactFacts.build([person("a"), person("b")])
    assert refusal(lambda: chat.say(sender, text, facts)).code is code


def test_zone_chat_is_rate_limited_per_sender():
    clock = FakeClock()
    chat = ZoneChat(clock)
    facts = ContactFacts.build([person("a"), person("b")])
    for n in range(5):
        chat.say("a", f"line {n}", facts)
    err = refusal(lambda: chat.say("a", "too fast", facts))
    assert err.code is ErrorCode.RATE_LIMITED
    assert err.detail == {"retry_after_ms": 2000, "retry_after": 2}
    assert chat.say("b", "still fine", facts).value["sender_id"] == "b"
    clock.advance(2)
    chat.say("a", "after a pause", facts)
    assert refusal(lambda: chat.say("a", "too fast again", facts)).code is ErrorCode.RATE_LIMITED


def test_injected_limiter_and_log_are_shared():
    clock = FakeClock()
    limiter = RateLimiter(clock, rate=0.1, burst=1)
    log = ChatLog()
    one, two = ZoneChat(clock, limiter=limiter, log=log), ZoneChat(clock, limiter=limiter, log=log)
    facts = ContactFacts.build([person("a")])
    one.say("a", "first", facts)
    assert refusal(lambda: two.say("a", "second", facts)).code is ErrorCode.RATE_LIMITED
    assert [m.text for m in log.recent(zone_channel("m1", "lounge"), clock.now())] == ["first"]
