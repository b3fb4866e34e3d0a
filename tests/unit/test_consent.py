"""Contact only with consent: statuses, invitations, conversations, blocks."""
from __future__ import annotations

import pytest

from rooms import consent
from rooms.consent import Conversations
from rooms.presence import (
    DEFAULT_STATUS,
    ContactFacts,
    Person,
    Place,
    Status,
    accepts_requests,
    parse_status,
    status_catalogue,
)
from server.core.ratelimit import RateLimiter
from server.core.clock import FakeClock
from server.core.errors import DomainError, ErrorCode
from server.core.outcome import ToAccount

LOUNGE = Place("m1", "lounge")
QUIET = Place("m1", "quiet_corner", requests_allowed=False, chat_allowed=False)
ELSEWHERE = Place("m2", "lounge")


def person(account_id: str, status: Status = Status.OPEN, place: Place = LOUNGE) -> Person:
    return Person(account_id, f"nick-{account_id}", status, place)


def facts(*people: Person, blocks=()) -> ContactFacts:
    return ContactFacts.build(people, blocks)


EVERYONE = facts(person("a"), person("b"), person("c"), person("d"), person("e"))


def sent(outcome) -> list[tuple[str, str, dict]]:
    return [(e.target.account_id, e.event, e.data) for e in outcome.emits]


def events_to(outcome, account_id: str) -> list[str]:
    return [e.event for e in outcome.emits if e.target == ToAccount(account_id)]


def generous(clock: FakeClock) -> RateLimiter:
    return RateLimiter(clock, rate=1000, burst=1000)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def convs(clock: FakeClock) -> Conversations:
    return Conversations(clock, invite_limiter=generous(clock), say_limiter=generous(clock))


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as info:
        call()
    return info.value


# -- statuses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "accepts"),
    [(Status.OPEN, True), (Status.JUST_HERE, False), (Status.DND, False), ("open", True), ("dnd", False)],
)
def test_only_open_accepts_requests(status, accepts):
    assert accepts_requests(status) is accepts


def test_arriving_does_not_invite_contact():
    assert DEFAULT_STATUS is Status.JUST_HERE
    assert not accepts_requests(DEFAULT_STATUS)


@pytest.mark.parametrize("value", ["OPEN", "busy", "", None, 1, ["open"]])
def test_parse_status_refuses_unknown_values(value):
    assert refusal(lambda: parse_status(value)).code is ErrorCode.INVALID


def test_status_catalogue_has_both_languages():
    items = status_catalogue()
    assert [i["id"] for i in items] == ["open", "just_here", "dnd"]
    assert all(i["ja"] and i["en"] for i in items)
    assert parse_status("just_here") is Status.JUST_HERE


@pytest.mark.parametrize(
    ("people", "blocks", "can_see"),
    [
        ([person("a"), person("b")], [], True),
        ([person("a"), person("b", place=QUIET)], [], True),  # the quiet corner is visible
        ([person("a"), person("b", place=ELSEWHERE)], [], False),
        ([person("a")], [], False),
        ([person("a"), person("b")], [("a", "b")], False),
        ([person("a"), person("b")], [("b", "a")], False),
    ],
)
def test_visibility_is_symmetric_and_blocks_hide_both_ways(people, blocks, can_see):
    f = facts(*people, blocks=blocks)
    assert f.can_see("a", "b") is can_see
    assert f.can_see("b", "a") is can_see


# -- inviting ----------------------------------------------------------------------------


def test_invite_asks_each_invitee_and_nobody_else(convs: Conversations, clock: FakeClock):
    out = convs.invite("a", ["b", "c"], EVERYONE)
    request_id = out.value["request_id"]
    assert out.value["invitee_ids"] == ["b", "c"]
    expires_at = out.value["expires_at"]
    assert expires_at == int(clock.now().timestamp() * 1000) + 60_000
    assert sent(out) == [
        ("b", consent.REQUEST, {
            "request_id": request_id,
            "from": {"account_id": "a", "nickname": "nick-a"},
            "others": [{"account_id": "c", "nickname": "nick-c"}],
            "expires_at": expires_at,
        }),
        ("c", consent.REQUEST, {
            "request_id": request_id,
            "from": {"account_id": "a", "nickname": "nick-a"},
            "others": [{"account_id": "b", "nickname": "nick-b"}],
            "expires_at": expires_at,
        }),
    ]


@pytest.mark.parametrize(
    ("invitees", "reason"),
    [
        ([], "empty"),
        ("b", "empty"),  # a bare string is not a list of ids
        (None, "empty"),
        (["b", "c", "d", "e"], "too_many"),  # a fifth member is never asked
        (["b", "b"], "duplicate"),
        (["a"], "self"),
        (["b", "a"], "self"),
        ([1], "not_ids"),
        ([""], "not_ids"),
        (["x" * 65], "not_ids"),
    ],
)
def test_invite_shape_is_checked(convs: Conversations, invitees, reason):
    err = refusal(lambda: convs.invite("a", invitees, EVERYONE))
    assert err.code is ErrorCode.INVALID
    assert err.field == "invitee_ids"
    assert err.detail["reason"] == reason


@pytest.mark.parametrize(
    ("people", "blocks", "code"),
    [
        ([person("a"), person("b", Status.JUST_HERE)], [], ErrorCode.NOT_ACCEPTING),
        ([person("a"), person("b", Status.DND)], [], ErrorCode.NOT_ACCEPTING),
        ([person("a"), person("b", place=QUIET)], [], ErrorCode.NOT_ALLOWED_HERE),
        ([person("a"), person("b", Status.JUST_HERE, QUIET)], [], ErrorCode.NOT_ALLOWED_HERE),
        ([person("a")], [], ErrorCode.NOT_ACCEPTING),  # unknown / absent
        ([person("a"), person("b", place=ELSEWHERE)], [], ErrorCode.NOT_ACCEPTING),
        ([person("a"), person("b")], [("a", "b")], ErrorCode.NOT_ACCEPTING),
        ([person("a"), person("b")], [("b", "a")], ErrorCode.NOT_ACCEPTING),
    ],
)
def test_invitee_who_cannot_be_asked_is_not_asked(convs: Conversations, people, blocks, code):
    err = refusal(lambda: convs.invite("a", ["b"], facts(*people, blocks=blocks)))
    assert err.code is code
    assert err.detail == {"account_id": "b"}
    assert convs.snapshot_for("b")["invitations"] == []
    assert convs.snapshot_for("a")["sent"] == []


def test_block_either_way_answers_exactly_like_not_accepting(convs: Conversations):
    """A block must never show: the refusal is byte-for-byte the one for a closed status."""
    answers = [
        refusal(lambda f=f: convs.invite("a", ["b"], f)).to_dict()
        for f in (
            facts(person("a"), person("b"), blocks=[("a", "b")]),
            facts(person("a"), person("b"), blocks=[("b", "a")]),
            facts(person("a"), person("b", Status.JUST_HERE)),
            facts(person("a"), person("b", Status.DND)),
            facts(person("a")),
        )
    ]
    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["code"] == "NOT_ACCEPTING"


@pytest.mark.parametrize(
    ("inviter", "code"),
    [(person("a", place=QUIET), ErrorCode.NOT_ALLOWED_HERE), (None, ErrorCode.NOT_FOUND)],
)
def test_inviter_must_be_present_and_not_in_the_quiet_corner(convs: Conversations, inviter, code):
    people = [person("b")] + ([inviter] if inviter else [])
    assert refusal(lambda: convs.invite("a", ["b"], facts(*people))).code is code


def test_group_invitation_is_all_or_nothing(convs: Conversations):
    f = facts(person("a"), person("b"), person("c", Status.DND), person("d"))
    err = refusal(lambda: convs.invite("a", ["b", "c", "d"], f))
    assert (err.code, err.detail) == (ErrorCode.NOT_ACCEPTING, {"account_id": "c"})
    for account in "bcd":
        assert convs.snapshot_for(account)["invitations"] == []


def test_inviter_may_invite_from_any_status(convs: Conversations):
    f = facts(person("a", Status.DND), person("b"))
    assert convs.invite("a", ["b"], f).value["invitee_ids"] == ["b"]


def test_too_many_live_invitations(convs: Conversations, clock: FakeClock):
    for invitee in "bcd":
        convs.invite("a", [invitee], EVERYONE)
    err = refusal(lambda: convs.invite("a", ["e"], EVERYONE))
    assert (err.code, err.detail["reason"]) == (ErrorCode.RATE_LIMITED, "too_many_pending")
    clock.advance(60)
    convs.expire()
    assert convs.invite("a", ["e"], EVERYONE).value["invitee_ids"] == ["e"]


def test_even_when_everyone_declined_the_slot_stays_taken_until_expiry(convs: Conversations):
    ids = [convs.invite("a", [i], EVERYONE).value["request_id"] for i in "bcd"]
    for request_id, invitee in zip(ids, "bcd"):
        convs.decline(request_id, invitee)
    assert refusal(lambda: convs.invite("a", ["e"], EVERYONE)).code is ErrorCode.RATE_LIMITED


def test_invitations_are_rate_limited(clock: FakeClock):
    convs = Conversations(clock, max_pending=10)  # default limiter: 3 in a row, then 1 per 10 s
    many = facts(*(person(x) for x in "abcdefgh"))
    for invitee in "bcd":
        convs.invite("a", [invitee], many)
    err = refusal(lambda: convs.invite("a", ["e"], many))
    assert err.code is ErrorCode.RATE_LIMITED
    assert err.detail["retry_after_ms"] == 10_000
    clock.advance(10)
    convs.invite("a", ["e"], many)
    assert convs.invite("b", ["f"], many).value  # the budget is per inviter


def test_same_pair_cannot_be_invited_twice_while_live(convs: Conversations):
    convs.invite("a", ["b"], EVERYONE)
    err = refusal(lambda: convs.invite("a", ["c", "b"], EVERYONE))
    assert (err.code, err.detail) == (ErrorCode.CONFLICT, {"account_id": "b"})
    assert convs.snapshot_for("c")["invitations"] == []


@pytest.mark.parametrize("declined", [True, False])
def test_no_pestering_and_a_decline_looks_like_silence(convs: Conversations, clock: FakeClock, declined):
    """Declined or ignored: the inviter meets the very same answers at the very same times."""
    request_id = convs.invite("a", ["b"], EVERYONE).value["request_id"]
    if declined:
        assert sent(convs.decline(request_id, "b")) == []
    clock.advance(30)
    assert refusal(lambda: convs.invite("a", ["b"], EVERYONE)).code is ErrorCode.CONFLICT
    assert convs.expire().emits == ()
    clock.advance(30)
    lapsed = convs.expire()
    assert lapsed.value == 1
    to_inviter = [(t, e, d) for t, e, d in sent(lapsed) if t == "a"]
    assert to_inviter == [("a", consent.LAPSED, {"request_id": request_id})]
    clock.advance(299)
    assert refusal(lambda: convs.invite("a", ["b"], EVERYONE)).code is ErrorCode.NOT_ACCEPTING
    clock.advance(1)
    convs.expire()
    assert convs.invite("a", ["b"], EVERYONE).value["invitee_ids"] == ["b"]


def test_cool_down_is_per_pair(convs: Conversations, clock: FakeClock):
    convs.invite("a", ["b"], EVERYONE)
    clock.advance(60)
    convs.expire()
    assert convs.invite("c", ["b"], EVERYONE).value
    assert convs.invite("b", ["a"], EVERYONE).value


# -- answering ---------------------------------------------------------------------------


def test_expiry_tells_the_inviter_and_whoever_is_still_deciding(convs: Conversations, clock: FakeClock):
    request_id = convs.invite("a", ["b", "c"], EVERYONE).value["request_id"]
    convs.decline(request_id, "c")
    clock.advance(59.9)
    assert convs.expire().value == 0
    clock.advance(0.1)
    out = convs.expire()
    assert sent(out) == [
        ("a", consent.LAPSED, {"request_id": request_id}),
        ("b", consent.LAPSED, {"request_id": request_id}),
    ]  # c declined: they already know, nothing more is sent
    assert convs.snapshot_for("b")["invitations"] == []


def test_first_yes_opens_and_later_yeses_join(convs: Conversations):
    request_id = convs.invite("a", ["b", "c", "d"], EVERYONE).value["request_id"]

    opened = convs.accept(request_id, "b")
    conversation_id = opened.value["conversation_id"]
    members_ab = [{"account_id": x, "nickname": f"nick-{x}"} for x in "ab"]
    expected = {"conversation_id": conversation_id, "request_id": request_id, "members": members_ab}
    assert opened.value == expected
    assert sent(opened) == [("a", consent.OPENED, expected), ("b", consent.OPENED, expected)]

    joined = convs.accept(request_id, "c")
    assert [(t, e) for t, e, _ in sent(joined)] == [
        ("a", consent.JOINED), ("b", consent.JOINED), ("c", consent.OPENED)
    ]
    assert sent(joined)[0][2] == {
        "conversation_id": conversation_id, "member": {"account_id": "c", "nickname": "nick-c"}
    }
    assert [m["account_id"] for m in joined.value["members"]] == ["a", "b", "c"]

    full = convs.accept(request_id, "d")
    assert convs.members(conversation_id) == ("a", "b", "c", "d")
    assert full.value["request_id"] == request_id
    assert events_to(full, "d") == [consent.OPENED]
    # Everyone said yes: nothing is left to lapse, and the invitation is gone.
    assert convs.snapshot_for("a")["sent"] == []
    assert convs.expire().emits == ()


@pytest.mark.parametrize(
    ("scenario", "who"),
    [
        ("unknown request", "b"),
        ("someone else's request", "c"),
        ("the inviter's own request", "a"),
        ("after expiry", "b"),
        ("double accept", "b"),
        ("after declining", "b"),
        ("not a string id", "b"),
    ],
)
def test_accept_only_what_is_really_waiting_for_you(convs: Conversations, clock: FakeClock, scenario, who):
    request_id = convs.invite("a", ["b"], EVERYONE).value["request_id"]
    if scenario == "unknown request":
        request_id = "no-such-id"
    elif scenario == "not a string id":
        request_id = ["x"]
    elif scenario == "after expiry":
        clock.advance(60)
    elif scenario == "double accept":
        convs.accept(request_id, "b")
    elif scenario == "after declining":
        convs.decline(request_id, "b")
    err = refusal(lambda: convs.accept(request_id, who))
    assert err.to_dict() == {"code": "NO_SUCH_REQUEST", "message": err.to_dict()["message"]}
    # ...and a decline of the same is refused in the same way.
    assert refusal(lambda: convs.decline(request_id, who)).code is ErrorCode.NO_SUCH_REQUEST


def test_a_yes_after_the_conversation_opened_still_counts_until_expiry(convs: Conversations, clock: FakeClock):
    request_id = convs.invite("a", ["b", "c"], EVERYONE).value["request_id"]
    convs.accept(request_id, "b")
    clock.advance(59)
    assert events_to(convs.accept(request_id, "c"), "c") == [consent.OPENED]


def test_max_members_is_four():
    assert consent.MAX_MEMBERS == 4 and consent.MAX_INVITEES == 3


def test_withdraw_lets_those_deciding_see_it_lapse(convs: Conversations):
    request_id = convs.invite("a", ["b", "c"], EVERYONE).value["request_id"]
    convs.decline(request_id, "c")
    assert refusal(lambda: convs.withdraw(request_id, "b")).code is ErrorCode.NO_SUCH_REQUEST
    out = convs.withdraw(request_id, "a")
    assert sent(out) == [("b", consent.LAPSED, {"request_id": request_id})]
    assert refusal(lambda: convs.accept(request_id, "b")).code is ErrorCode.NO_SUCH_REQUEST


# -- conversations -----------------------------------------------------------------------


def open_conversation(convs: Conversations, inviter: str, *invitees: str) -> tuple[str, str]:
    request_id = convs.invite(inviter, list(invitees), EVERYONE).value["request_id"]
    conversation_id = ""
    for invitee in invitees:
        conversation_id = convs.accept(request_id, invitee).value["conversation_id"]
    return request_id, conversation_id


def test_leave_tells_everyone_and_closes_below_two(convs: Conversations):
    _, cid = open_conversation(convs, "a", "b", "c")
    out = convs.leave(cid, "c")
    left = {"conversation_id": cid, "account_id": "c"}
    assert sent(out) == [("a", consent.LEFT, left), ("b", consent.LEFT, left), ("c", consent.LEFT, left)]
    assert convs.members(cid) == ("a", "b")

    out = convs.leave(cid, "a")
    left = {"conversation_id": cid, "account_id": "a"}
    assert sent(out) == [
        ("a", consent.LEFT, left),
        ("b", consent.LEFT, left),
        ("b", consent.CLOSED, {"conversation_id": cid}),
    ]
    assert convs.members(cid) == ()
    assert refusal(lambda: convs.say(cid, "b", "hello")).code is ErrorCode.NOT_FOUND


@pytest.mark.parametrize(("cid", "who"), [("real", "d"), ("nope", "a"), (None, "a")])
def test_leave_needs_membership(convs: Conversations, cid, who):
    _, real = open_conversation(convs, "a", "b")
    conversation_id = real if cid == "real" else cid
    assert refusal(lambda: convs.leave(conversation_id, who)).code is ErrorCode.NOT_FOUND


def test_inviter_leaving_takes_the_invitation_along(convs: Conversations):
    request_id = convs.invite("a", ["b", "c", "d"], EVERYONE).value["request_id"]
    cid = convs.accept(request_id, "b").value["conversation_id"]
    convs.accept(request_id, "c")
    out = convs.leave(cid, "a")
    assert ("d", consent.LAPSED, {"request_id": request_id}) in sent(out)
    assert ("a", consent.LAPSED, {"request_id": request_id}) in sent(out)
    assert convs.members(cid) == ("b", "c")  # the others may go on talking
    assert refusal(lambda: convs.accept(request_id, "d")).code is ErrorCode.NO_SUCH_REQUEST


def test_closing_ends_the_invitation(convs: Conversations):
    request_id = convs.invite("a", ["b", "c"], EVERYONE).value["request_id"]
    cid = convs.accept(request_id, "b").value["conversation_id"]
    out = convs.leave(cid, "b")
    assert events_to(out, "c") == [consent.LAPSED]
    assert refusal(lambda: convs.accept(request_id, "c")).code is ErrorCode.NO_SUCH_REQUEST


def test_say_reaches_every_member(convs: Conversations, clock: FakeClock):
    _, cid = open_conversation(convs, "a", "b", "c")
    out = convs.say(cid, "b", "  こんにちは  ")
    data = out.value
    assert data == {
        "conversation_id": cid,
        "id": data["id"],
        "sender_id": "b",
        "sender_nickname": "nick-b",
        "text": "こんにちは",
        "sent_at": int(clock.now().timestamp() * 1000),
    }
    assert sent(out) == [(x, consent.CHAT_MESSAGE, data) for x in "abc"]
    recent = convs.log.recent(f"conversation:{cid}", clock.now())
    assert [(m.id, m.text) for m in recent] == [(data["id"], "こんにちは")]


@pytest.mark.parametrize(
    ("who", "cid", "text", "code"),
    [
        ("d", "real", "hi", ErrorCode.NOT_FOUND),  # not a member
        ("a", "nope", "hi", ErrorCode.NOT_FOUND),
        ("a", "real", "", ErrorCode.INVALID),
        ("a", "real", "x" * 501, ErrorCode.INVALID),
        ("a", "real", "a\u202eb", ErrorCode.INVALID),
        ("a", "real", 42, ErrorCode.INVALID),
    ],
)
def test_say_refusals(convs: Conversations, who, cid, text, code):
    _, real = open_conversation(convs, "a", "b")
    conversation_id = real if cid == "real" else cid
    assert refusal(lambda: convs.say(conversation_id, who, text)).code is code


def test_say_is_rate_limited(clock: FakeClock):
    convs = Conversations(clock, invite_limiter=generous(clock))
    _, cid = open_conversation(convs, "a", "b")
    for n in range(5):
        convs.say(cid, "a", f"line {n}")
    assert refusal(lambda: convs.say(cid, "a", "one more")).code is ErrorCode.RATE_LIMITED
    assert convs.say(cid, "b", "my turn").value["sender_id"] == "b"
    clock.advance(2)
    assert convs.say(cid, "a", "again").value["text"] == "again"


# -- blocks and leaving the space --------------------------------------------------------


def test_blocker_leaves_shared_conversation_like_any_leave(convs: Conversations):
    _, cid = open_conversation(convs, "a", "b", "c")
    out = convs.on_block("b", "c")
    left = {"conversation_id": cid, "account_id": "b"}
    assert sent(out) == [("a", consent.LEFT, left), ("b", consent.LEFT, left), ("c", consent.LEFT, left)]
    assert convs.members(cid) == ("a", "c")
    _, other = open_conversation(convs, "d", "e")
    assert convs.on_block("a", "e").emits == ()  # nothing shared, nothing said
    assert convs.members(other) == ("d", "e")


def test_blocking_an_invitee_withdraws_the_invitation_for_them(convs: Conversations):
    request_id = convs.invite("a", ["b", "c"], EVERYONE).value["request_id"]
    out = convs.on_block("a", "b")
    assert sent(out) == [("b", consent.LAPSED, {"request_id": request_id})]  # as if withdrawn
    assert refusal(lambda: convs.accept(request_id, "b")).code is ErrorCode.NO_SUCH_REQUEST
    assert events_to(convs.accept(request_id, "c"), "c") == [consent.OPENED]


def test_blocking_an_inviter_is_a_silent_decline(convs: Conversations, clock: FakeClock):
    request_id = convs.invite("a", ["b"], EVERYONE).value["request_id"]
    assert convs.on_block("b", "a").emits == ()
    assert refusal(lambda: convs.accept(request_id, "b")).code is ErrorCode.NO_SUCH_REQUEST
    clock.advance(60)
    assert sent(convs.expire()) == [("a", consent.LAPSED, {"request_id": request_id})]


def test_co_invitees_with_a_block_never_share_a_conversation(convs: Conversations):
    request_id = convs.invite("a", ["b", "c"], EVERYONE).value["request_id"]
    convs.accept(request_id, "b")
    assert convs.on_block("c", "b").emits == ()
    assert refusal(lambda: convs.accept(request_id, "c")).code is ErrorCode.NO_SUCH_REQUEST


def test_co_invitees_blocked_before_hide_each_other(convs: Conversations):
    f = facts(person("a"), person("b"), person("c"), blocks=[("b", "c")])
    out = convs.invite("a", ["b", "c"], f)
    assert [d["others"] for _, _, d in sent(out)] == [[], []]
    request_id = out.value["request_id"]
    convs.accept(request_id, "c")
    assert refusal(lambda: convs.accept(request_id, "b")).code is ErrorCode.NO_SUCH_REQUEST


def test_forget_clears_everything_about_someone(convs: Conversations, clock: FakeClock):
    _, cid = open_conversation(convs, "a", "b")
    mine = convs.invite("a", ["c"], EVERYONE).value["request_id"]
    theirs = convs.invite("d", ["a", "e"], EVERYONE).value["request_id"]
    out = convs.forget("a")
    assert ("b", consent.CLOSED, {"conversation_id": cid}) in sent(out)
    assert ("c", consent.LAPSED, {"request_id": mine}) in sent(out)
    assert events_to(out, "d") == []  # a's pending answer simply drops
    assert convs.snapshot_for("a") == {"conversations": [], "invitations": [], "sent": []}
    assert refusal(lambda: convs.accept(theirs, "a")).code is ErrorCode.NO_SUCH_REQUEST
    clock.advance(60)
    assert sent(convs.expire()) == [
        ("d", consent.LAPSED, {"request_id": theirs}),
        ("e", consent.LAPSED, {"request_id": theirs}),
    ]


def test_snapshot_for_a_reconnecting_client(convs: Conversations):
    request_id = convs.invite("a", ["b", "c"], EVERYONE).value["request_id"]
    cid = convs.accept(request_id, "b").value["conversation_id"]
    snap_a, snap_c = convs.snapshot_for("a"), convs.snapshot_for("c")
    assert [c["conversation_id"] for c in snap_a["conversations"]] == [cid]
    assert [s["request_id"] for s in snap_a["sent"]] == [request_id]
    assert snap_a["invitations"] == []
    assert snap_c["conversations"] == []
    assert snap_c["invitations"][0]["request_id"] == request_id
    assert snap_c["invitations"][0]["from"]["account_id"] == "a"


def test_facts_accept_the_world_s_plain_values():
    class MapZone:  # the shape of rooms.maps.Zone, without depending on it
        id, requests_allowed, chat_allowed = "quiet_corner", False, False

    quiet = Place.of("m1", MapZone())
    assert quiet == Place("m1", "quiet_corner", requests_allowed=False, chat_allowed=False)
    assert Place.of("m1", None) == Place("m1", "", requests_allowed=True, chat_allowed=True)
    assert Person("b", "nick-b", "dnd", LOUNGE).status is Status.DND
    with pytest.raises(ValueError):
        Person("b", "nick-b", "busy", LOUNGE)


def test_blocking_oneself_changes_nothing(convs: Conversations):
    _, cid = open_conversation(convs, "a", "b")
    convs.invite("a", ["c"], EVERYONE)
    assert convs.on_block("a", "a").emits == ()
    assert convs.members(cid) == ("a", "b")
