"""Hidden means hidden: the rules of rooms.visibility, and the space applying them, for every
role as a table (visitor guest, individual, family, peer supporter, specialist, staff,
moderator, admin)."""
from __future__ import annotations

import pytest

from rooms import visibility
from rooms.chat import ZoneChat
from rooms.consent import Conversations
from rooms.emotes import Emotes
from rooms.maps import load_demo_map
from rooms.space import HIDDEN_COUNT, REVEAL_ENDED, Arrival, Space
from rooms.visibility import Reveals
from rooms.world import World
from server.core.clock import FakeClock
from server.core.errors import DomainError
from server.core.principal import AccountKind, Principal, Role
from server.core.ratelimit import RateLimiter

PRINCIPALS = {
    "guest": Principal("guest", Role.VISITOR, is_guest=True, nickname="ゲスト"),
    "individual": Principal("individual", Role.VISITOR, AccountKind.INDIVIDUAL, nickname="ひとり"),
    "family": Principal("family", Role.VISITOR, AccountKind.FAMILY, nickname="かぞく"),
    "peer_supporter": Principal("peer_supporter", Role.PEER_SUPPORTER, nickname="ピア"),
    "specialist": Principal("specialist", Role.SPECIALIST, nickname="せんもん"),
    "staff": Principal("staff", Role.STAFF, nickname="スタッフ"),
    "moderator": Principal("moderator", Role.MODERATOR, nickname="モデ"),
    "admin": Principal("admin", Role.ADMIN, nickname="かんり"),
}
ROLES = list(PRINCIPALS)

# role: (told how many are hidden, may look)
RULES = {
    "guest": (False, False),
    "individual": (False, False),
    "family": (False, False),
    "peer_supporter": (False, False),
    "specialist": (False, False),
    "staff": (True, False),
    "moderator": (True, True),
    "admin": (True, True),
}
assert set(RULES) == set(PRINCIPALS)


def refusal(fn) -> tuple[str, str | None]:
    with pytest.raises(DomainError) as info:
        fn()
    return info.value.code.value, info.value.field


# -- the pure rules -------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_who_is_told_how_many_and_who_may_look(role) -> None:
    counts, looks = RULES[role]
    principal = PRINCIPALS[role]
    assert visibility.counts_hidden(principal) is counts
    assert visibility.may_reveal(principal) is looks
    if looks:
        assert visibility.check_reveal(principal, "  通報の\n確認 ") == "通報の 確認"
    else:
        assert refusal(lambda: visibility.check_reveal(principal, "通報の確認")) == ("FORBIDDEN", None)


@pytest.mark.parametrize("reason", [None, "", "   ", 5, "x" * 201, "a\u0000b", ["理由"]])
def test_a_look_needs_a_short_written_reason(reason) -> None:
    assert refusal(lambda: visibility.check_reveal(PRINCIPALS["moderator"], reason)) == ("INVALID", "reason")


@pytest.mark.parametrize("subject_hidden, viewer_revealing, seen", [
    (False, False, True), (False, True, True), (True, False, False), (True, True, True),
])
def test_only_someone_looking_sees_a_hidden_person(subject_hidden, viewer_revealing, seen) -> None:
    assert visibility.sees(subject_hidden=subject_hidden, viewer_revealing=viewer_revealing) is seen


@pytest.mark.parametrize("actor_hidden, target_hidden, reachable", [
    (False, False, True), (False, True, False), (True, False, False), (True, True, False),
])
def test_nobody_reaches_a_hidden_person_nor_reaches_out_from_hiding(actor_hidden, target_hidden, reachable) -> None:
    assert visibility.may_reach(actor_hidden=actor_hidden, target_hidden=target_hidden) is reachable


def test_a_look_is_bounded_and_can_end_early() -> None:
    clock = FakeClock()
    reveals = Reveals(clock, seconds=600)
    mod, admin = PRINCIPALS["moderator"], PRINCIPALS["admin"]
    first = reveals.start(mod, "通報の確認")
    assert first.until_ms == int(clock.now().timestamp() * 1000) + 600_000
    reveals.start(admin, "安全確認")
    assert refusal(lambda: reveals.start(PRINCIPALS["staff"], "理由")) == ("FORBIDDEN", None)
    clock.advance(599)
    assert reveals.expire() == [] and reveals.active("moderator") == first
    assert reveals.stop("admin") and not reveals.stop("admin")
    clock.advance(1)
    assert reveals.active("moderator") is None  # over at the second, even before expire() runs
    assert reveals.expire() == ["moderator"] and reveals.expire() == []


# -- the space applying them --------------------------------------------------------------------

def generous(clock) -> RateLimiter:
    return RateLimiter(clock, rate=1000, burst=1000)


def build_space(clock: FakeClock) -> Space:
    world = World(load_demo_map(), clock=clock)
    return Space(world, Conversations(clock, invite_limiter=generous(clock)), ZoneChat(clock, limiter=generous(clock)),
                 Emotes(clock, limiter=generous(clock)), Reveals(clock))


def hider_principal() -> Principal:
    return Principal("hider", Role.VISITOR, AccountKind.INDIVIDUAL, nickname="かくれんぼ")


@pytest.fixture
def scene():
    """Everyone spawns in the plaza next to each other; "hider" is hidden and "open"."""
    clock = FakeClock()
    space = build_space(clock)
    space.enter(Arrival(hider_principal(), look="x", blocked_ids=frozenset(), status="open", hidden=True))
    for role, principal in PRINCIPALS.items():
        space.enter(Arrival(principal, look="x", blocked_ids=frozenset(), status="open"))
    return clock, space


def outcome_code(fn) -> str:
    try:
        fn()
    except DomainError as exc:
        return exc.code.value
    return "ok"


CASES = [(role, False) for role in ROLES] + [(role, True) for role in ROLES if RULES[role][1]]


@pytest.mark.parametrize("role, looking", CASES, ids=[f"{r}{'-looking' if lk else ''}" for r, lk in CASES])
def test_a_hidden_person_is_answered_for_exactly_like_someone_absent(scene, role, looking) -> None:
    clock, space = scene
    actor = PRINCIPALS[role]
    if looking:
        space.start_reveal(actor, "通報の確認")
        space.world.tick()
    snapshot = space.snapshot_for(role)
    assert ("hider" in {a["id"] for a in snapshot["avatars"]}) is looking
    assert ("hidden_count" in snapshot) is RULES[role][0]
    if RULES[role][0]:
        assert snapshot["hidden_count"] == 1
    assert ("revealing_until" in snapshot) is RULES[role][1]
    for action in (lambda who: space.invite(role, [who]), lambda who: space.emote(role, "wave", who)):
        hidden = outcome_code(lambda: action("hider"))
        absent = outcome_code(lambda: action("someone-absent"))
        assert hidden == absent and hidden in ("NOT_ACCEPTING", "NOT_FOUND")
    # and a stamp without a target, or a word in the plaza, never reaches her name or id
    said = space.zone_say(role, "こんにちは")
    assert "hider" in {e.target.account_id for e in said.emits}  # she may listen
    assert "かくれんぼ" not in repr(said.value) and "hider" not in repr(said.value)


@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_person_of_any_role_cannot_speak_stamp_or_invite_but_may_listen(role) -> None:
    clock = FakeClock()
    space = build_space(clock)
    space.enter(Arrival(PRINCIPALS[role], look="x", blocked_ids=frozenset(), status="open", hidden=True))
    space.enter(Arrival(hider_principal(), look="x", blocked_ids=frozenset(), status="open"))
    for action in (lambda: space.zone_say(role, "だれか"), lambda: space.emote(role, "wave", None),
                   lambda: space.emote(role, "wave", "hider"), lambda: space.invite(role, ["hider"])):
        assert refusal(action) == ("YOU_ARE_HIDDEN", None)
    heard = space.zone_say("hider", "こんにちは")
    assert {e.target.account_id for e in heard.emits} == {"hider", role}


def test_counts_reach_only_counting_roles_and_only_when_they_change(scene) -> None:
    clock, space = scene
    counting = sorted(r for r in ROLES if RULES[r][0])
    first = space.hidden_counts().emits  # she arrived hidden
    assert [(e.target.account_id, e.data) for e in first] == [(role, {"count": 1}) for role in counting]
    assert space.hidden_counts().emits == ()  # nothing new since
    space.world.set_hidden("guest", True)
    emits = space.hidden_counts().emits
    assert [(e.target.account_id, e.event, e.data) for e in emits] == [
        (role, HIDDEN_COUNT, {"count": 2}) for role in counting
    ]
    assert space.hidden_counts().emits == ()
    space.leave("hider")
    assert {e.data["count"] for e in space.hidden_counts().emits} == {1}


def test_a_look_ends_by_itself_on_leaving_and_never_outlives_the_role(scene) -> None:
    clock, space = scene
    value = space.start_reveal(PRINCIPALS["moderator"], "通報の確認").value
    assert value == {"on": True, "until": int(clock.now().timestamp() * 1000) + 600_000}
    assert space.world.can_see("moderator", "hider")
    assert refusal(lambda: space.start_reveal(PRINCIPALS["staff"], "理由")) == ("FORBIDDEN", None)
    assert refusal(lambda: space.stop_reveal(PRINCIPALS["staff"])) == ("FORBIDDEN", None)
    clock.advance(600)
    ended = space.expire_reveals()
    assert ended.value == ["moderator"] and [(e.target.account_id, e.event) for e in ended.emits] == [
        ("moderator", REVEAL_ENDED)]
    assert not space.world.can_see("moderator", "hider")

    space.start_reveal(PRINCIPALS["admin"], "安全確認")
    demoted = Principal("admin", Role.STAFF, nickname="かんり")  # reconnects with a lesser role
    space.enter(Arrival(demoted, look="x", blocked_ids=frozenset(), status="open"))
    assert not space.world.can_see("admin", "hider") and space.reveals.active("admin") is None
    assert "revealing_until" not in space.snapshot_for("admin")

    space.start_reveal(PRINCIPALS["moderator"], "再確認")
    space.leave("moderator")
    assert space.reveals.active("moderator") is None


def test_nobody_absent_can_open_a_look(scene) -> None:
    _, space = scene
    gone = Principal("nobody", Role.MODERATOR)
    assert refusal(lambda: space.start_reveal(gone, "理由")) == ("NOT_FOUND", None)
    assert space.reveals.active("nobody") is None
