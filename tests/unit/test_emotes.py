"""Stamps: the wordless step, and what aiming one at someone requires."""
from __future__ import annotations

import re

import pytest

from rooms.emotes import CATALOGUE, EMOTE_SHOWN, EMOTES_BY_ID, Emotes, catalogue_payload, check_emote
from rooms.presence import ContactFacts, Person, Place, Status
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode

LOUNGE = Place("m1", "lounge")
QUIET = Place("m1", "quiet_corner", requests_allowed=False, chat_allowed=False)
ELSEWHERE = Place("m2", "lounge")


def person(account_id: str, status: Status = Status.JUST_HERE, place: Place = LOUNGE) -> Person:
    return Person(account_id, f"nick-{account_id}", status, place)


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as info:
        call()
    return info.value


def _is_pictograph(ch: str) -> bool:
    code = ord(ch)
    return code >= 0x1F000 or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF or code == 0xFE0F


def test_catalogue_is_complete_and_emoji_free():
    assert len(CATALOGUE) >= 8
    assert len(EMOTES_BY_ID) == len(CATALOGUE)  # ids are unique
    assert {"wave", "nod", "thanks", "smile", "clap", "just_here", "sleepy", "cheer"} <= set(EMOTES_BY_ID)
    for emote in CATALOGUE:
        assert re.fullmatch(r"[a-z_]{2,20}", emote.id)
        assert re.fullmatch(r"[a-z_]{2,20}", emote.symbol)
        assert emote.ja and emote.en
        assert not any(_is_pictograph(ch) for ch in emote.ja + emote.en)
    assert catalogue_payload()[0] == {"id": "wave", "ja": "手をふる", "en": "Wave", "symbol": "hand"}


@pytest.mark.parametrize(
    ("emote", "target", "people", "blocks", "code"),
    [
        ("wave", None, [person("a")], [], None),
        ("wave", "b", [person("a"), person("b")], [], None),
        ("nod", "b", [person("a"), person("b", Status.OPEN)], [], None),
        ("wave", None, [person("a", place=QUIET)], [], None),  # one's own step is always free
        ("wave", "b", [person("a", place=QUIET), person("b")], [], None),
        ("dance", None, [person("a")], [], ErrorCode.INVALID),
        ("", None, [person("a")], [], ErrorCode.INVALID),
        (None, None, [person("a")], [], ErrorCode.INVALID),
        (["wave"], None, [person("a")], [], ErrorCode.INVALID),
        ("wave", "a", [person("a")], [], ErrorCode.INVALID),
        ("wave", 7, [person("a")], [], ErrorCode.INVALID),
        ("wave", None, [person("b")], [], ErrorCode.NOT_FOUND),  # sender unknown
        ("wave", "b", [person("a"), person("b")], [("a", "b")], ErrorCode.BLOCKED),
        ("wave", "b", [person("a"), person("b")], [("b", "a")], ErrorCode.NOT_FOUND),
        ("wave", "b", [person("a")], [], ErrorCode.NOT_FOUND),
        ("wave", "b", [person("a"), person("b", place=ELSEWHERE)], [], ErrorCode.NOT_FOUND),
        ("wave", "b", [person("a"), person("b", Status.DND)], [], ErrorCode.NOT_ACCEPTING),
        ("wave", "b", [person("a"), person("b", place=QUIET)], [], ErrorCode.NOT_ALLOWED_HERE),
        ("wave", "b", [person("a"), person("b", Status.OPEN, QUIET)], [], ErrorCode.NOT_ALLOWED_HERE),
    ],
)
def test_check_emote(emote, target, people, blocks, code):
    facts = ContactFacts.build(people, blocks)
    if code is None:
        assert check_emote("a", emote, target, facts) is EMOTES_BY_ID[emote]
    else:
        assert refusal(lambda: check_emote("a", emote, target, facts)).code is code


def test_being_blocked_looks_like_the_target_is_not_there():
    answers = [
        refusal(lambda f=f: check_emote("a", "wave", "b", f)).to_dict()
        for f in (
            ContactFacts.build([person("a"), person("b")], [("b", "a")]),
            ContactFacts.build([person("a")]),
            ContactFacts.build([person("a"), person("b", place=ELSEWHERE)]),
        )
    ]
    assert answers[0] == answers[1] == answers[2]


def test_emote_is_shown_to_those_around_who_can_see_the_sender():
    clock = FakeClock()
    emotes = Emotes(clock)
    facts = ContactFacts.build(
        [person("a"), person("b"), person("c", place=QUIET), person("d"), person("e"), person("f", place=ELSEWHERE)],
        blocks=[("a", "d"), ("e", "a")],
    )
    out = emotes.send("a", "thanks", "b", facts)
    data = {"emote": "thanks", "from": "a", "to": "b", "at": int(clock.now().timestamp() * 1000)}
    assert out.value == data
    assert [(e.target.account_id, e.event, e.data) for e in out.emits] == [
        ("a", EMOTE_SHOWN, data),
        ("b", EMOTE_SHOWN, data),
        ("c", EMOTE_SHOWN, data),  # people resting in the quiet corner may still watch
    ]


def test_refused_emote_tells_nobody():
    emotes = Emotes(FakeClock())
    facts = ContactFacts.build([person("a"), person("b")], [("a", "b")])
    assert refusal(lambda: emotes.send("a", "wave", "b", facts)).code is ErrorCode.BLOCKED
    # The refusal raises: there is no outcome and so nothing for the transport to send.


def test_emotes_are_rate_limited():
    clock = FakeClock()
    emotes = Emotes(clock)
    facts = ContactFacts.build([person("a"), person("b")])
    for _ in range(3):
        emotes.send("a", "wave", None, facts)
    err = refusal(lambda: emotes.send("a", "wave", None, facts))
    assert (err.code, err.detail) == (ErrorCode.RATE_LIMITED, {"retry_after_ms": 1000, "retry_after": 1})
    # Refused tries are counted too, so probing who is around costs the same budget.
    assert refusal(lambda: emotes.send("a", "wave", "ghost", facts)).code is ErrorCode.RATE_LIMITED
    assert emotes.send("b", "nod", None, facts).value["from"] == "b"
    clock.advance(1)
    assert emotes.send("a", "smile", None, facts).value["emote"] == "smile"
