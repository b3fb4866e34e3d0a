"""What a report of an event chat line seals (rooms/event_room/reported.py): only lines the
reporter could read, the author and the event; nothing for a stranger, an unknown line or a
line that was not theirs to read. And a moderator's removal in the live room (expel/readmit)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from rooms.event_room.live import LiveEvents
from rooms.event_room.members import Entrant, EventFacts
from rooms.event_room.reported import report_context
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import ToAccount

NOW = datetime(2026, 4, 1, 10, 0, tzinfo=timezone.utc)
HOST = Entrant("host", "ほすと", "unspecified", is_host=True)
A, B, C = (Entrant(f"att{i}", f"なまえ{i}", "family") for i in (1, 2, 3))


@pytest.fixture
def live() -> LiveEvents:
    live = LiveEvents()
    room = live.open(EventFacts("occ1", "ev1", "家族教室", "Family class", 20, (("host", "ほすと"),)))
    for who in (HOST, A, B, C):
        room.enter(who, None)
        room.first_visit(who.account_id)
    return live


def say(live: LiveEvents, who: Entrant, text: str) -> str:
    return live.get("occ1").say(who.account_id, text, NOW).value["id"]


def test_the_lines_around_a_reported_line_that_the_reporter_could_read(live):
    room = live.get("occ1")
    room.set_chat_mode("host", "hosts")
    to_hosts = say(live, C, "主催者にだけ")  # A never read it
    room.set_chat_mode("host", "everyone")
    first = say(live, HOST, "ようこそ")
    reported = say(live, B, "いやなこと")
    context, author, event = report_context(live, f"occ1:{reported}", A.account_id)
    assert author == B.account_id and event["occurrence_id"] == "occ1" and event["title_en"] == "Family class"
    assert [line["text"] for line in context["lines"]] == ["ようこそ", "いやなこと"]
    assert context["lines"][1]["reported"] is True and context["lines"][1]["author_nickname"] == "なまえ2"
    assert report_context(live, f"occ1:{to_hosts}", A.account_id) is None  # not A's to read
    host_context, author, _ = report_context(live, f"occ1:{to_hosts}", HOST.account_id)
    assert author == C.account_id and [l["id"] for l in host_context["lines"]] == [to_hosts, first, reported]


@pytest.mark.parametrize("target, reporter", [
    ("occ1:m99", "att1"),  # no such line
    ("occ2:m1", "att1"),  # no such room here
    ("occ1:m1", "stranger"),  # never in the room
    ("nonsense", "att1"),
    ("", "att1"),
])
def test_nothing_is_sealed_when_the_line_is_not_the_reporters(live, target, reporter):
    live.get("occ1").set_chat_mode("host", "everyone")
    say(live, B, "こんにちは")
    assert report_context(live, target, reporter) is None


def test_a_moderators_removal_in_the_room_and_its_lifting(live):
    room = live.get("occ1")
    outcome = room.expel(B.account_id, "理由", "why")
    assert outcome.value == {"removed": True} and B.account_id not in room.members
    told = outcome.emits[0]
    assert told.target == ToAccount(B.account_id) and told.event == "event:removed" and told.data["reason"] == "moderation" and told.data["reason_en"] == "why"
    with pytest.raises(DomainError) as refused:
        room.enter(B, None)
    assert refused.value.code is ErrorCode.EVENT_REMOVED
    assert room.has_been_in(B.account_id)  # a report of their earlier lines still finds them
    room.readmit(B.account_id)
    room.enter(B, None)
    # a host's removal is not undone by readmit, even after a moderator's on top of it
    room.remove("host", room.members[C.account_id].seat, "disruption")
    room.expel(C.account_id, "理由", "why")
    room.readmit(C.account_id)
    with pytest.raises(DomainError):
        room.enter(C, None)
    # someone not in the room: told all the same, nobody else's view changes
    assert room.expel("att9", "理由", "why").value == {"removed": False}
