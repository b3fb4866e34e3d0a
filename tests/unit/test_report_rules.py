"""The rules of reports and the sealed snapshot, as tables (no network, no database)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from moderation.reports import policy, snapshot
from rooms.chat import ChatLog, ChatMessage, to_ms
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal, Role

NOW = datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)
MOD = Principal("mod", Role.MODERATOR)


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.VISITOR, False), (Role.PEER_SUPPORTER, False), (Role.SPECIALIST, False), (Role.STAFF, False),
    (Role.MODERATOR, True), (Role.ADMIN, True),
])
def test_only_moderators_and_admins_read_the_queue(role, allowed):
    who = Principal("x", role)
    assert policy.is_moderator(who) is allowed
    if allowed:
        assert policy.require_moderator(who) is who
    else:
        with pytest.raises(DomainError) as refused:
            policy.require_moderator(who)
        assert refused.value.code is ErrorCode.FORBIDDEN


def test_nobody_reports_without_a_session():
    with pytest.raises(DomainError) as refused:
        policy.require_reporter(None)
    assert refused.value.code is ErrorCode.UNAUTHENTICATED


@pytest.mark.parametrize(("reporter", "about", "reason"), [
    ("mod", None, "own_report"), ("mod", "someone", "own_report"), ("someone", "mod", "about_you"), ("someone", "other", None),
    (None, None, None),  # a reporter whose account is gone
])
def test_nobody_judges_their_own_report_nor_one_about_themselves(reporter, about, reason):
    if reason is None:
        policy.require_may_act(MOD, reporter_id=reporter, target_account_id=about)
        return
    with pytest.raises(DomainError) as refused:
        policy.require_may_act(MOD, reporter_id=reporter, target_account_id=about)
    assert refused.value.code is ErrorCode.FORBIDDEN and refused.value.detail["reason"] == reason


@pytest.mark.parametrize(("status", "claimed_by", "claim", "hold"), [
    ("received", None, None, "not_claimed_by_you"),
    ("in_review", "mod", None, None),
    ("in_review", "other", "claimed_by_other", "not_claimed_by_you"),
    ("closed", "mod", "closed", "closed"),
])
def test_one_moderator_at_a_time(status, claimed_by, claim, hold):
    for check, expected in ((policy.require_claim_free_or_mine, claim), (policy.require_holds_claim, hold)):
        if expected is None:
            check(MOD, status=status, claimed_by=claimed_by)
            continue
        with pytest.raises(DomainError) as refused:
            check(MOD, status=status, claimed_by=claimed_by)
        assert refused.value.code is ErrorCode.CONFLICT and refused.value.detail["reason"] == expected


def test_the_queue_is_urgent_first_then_oldest():
    reports = [("a", False, NOW), ("b", True, NOW + timedelta(minutes=5)), ("c", False, NOW - timedelta(minutes=1)),
               ("d", True, NOW)]
    ordered = sorted(reports, key=lambda r: policy.queue_order(r[1], r[2]))
    assert [r[0] for r in ordered] == ["d", "b", "c", "a"]


@pytest.mark.parametrize(("urgent", "status", "escalated", "age_s", "due"), [
    (True, "received", False, 119, False),
    (True, "received", False, 120, True),
    (True, "received", True, 600, False),  # once only
    (True, "in_review", False, 600, False),  # claimed
    (False, "received", False, 3600, False),  # not urgent
])
def test_an_urgent_report_escalates_after_two_minutes_unclaimed(urgent, status, escalated, age_s, due):
    created = NOW - timedelta(seconds=age_s)
    assert policy.due_for_escalation(urgent, status, NOW if escalated else None, created, NOW) is due


@pytest.mark.parametrize(("status", "outcome", "seen"), [
    ("received", None, None), ("in_review", "acted", None), ("closed", "acted", "acted"), ("closed", "need_info", "need_info"),
])
def test_the_reporter_sees_the_state_and_only_a_closed_outcome(status, outcome, seen):
    assert policy.reporter_view_state(status, outcome) == {"status": status, "outcome": seen}


def test_only_unsafe_now_is_urgent():
    assert [c for c in policy.CATEGORIES if policy.is_urgent(c)] == ["unsafe_now"]


# -- the snapshot -----------------------------------------------------------------------------

def message(channel, sender, text, at_s, mid=None):
    return ChatMessage(mid or f"{channel}-{at_s}", channel, sender, f"nick-{sender}", text, to_ms(NOW + timedelta(seconds=at_s)))


def sources(*messages, members=()):
    log, desk = ChatLog(window_seconds=600), ChatLog(window_seconds=600)
    for m in messages:
        (desk if m.channel.startswith("desk:") else log).append(m)
    return snapshot.ChatSources(space_log=log, desk_log=desk, conversation_members=lambda cid: members)


def test_a_message_comes_with_the_lines_around_it_in_its_channel_only():
    zone = [message("zone:m:plaza", f"p{i % 3}", f"line {i}", i) for i in range(20)]
    other = message("zone:m:quiet", "p9", "elsewhere", 10)
    context, author = snapshot.message_context(sources(*zone, other), place="zone", message_id=zone[12].id,
                                               reporter_id="reporter", now=NOW + timedelta(seconds=30))
    texts = [line["text"] for line in context["lines"]]
    assert texts == [f"line {i}" for i in range(2, 18)]  # 10 before, 5 after
    assert author == "p0" and [l for l in context["lines"] if l.get("reported")][0]["text"] == "line 12"
    assert all(set(l) >= {"author_id", "author_nickname", "text", "sent_at_ms"} for l in context["lines"])


@pytest.mark.parametrize(("place", "reporter", "members", "attached"), [
    ("conversation", "a", ("a", "b"), True),  # a member
    ("conversation", "c", ("a", "b"), False),  # outside it
    ("conversation", "b", (), True),  # wrote in it (the conversation has ended)
    ("zone", "a", ("a", "b"), False),  # the wrong place
    ("desk", "a", ("a", "b"), False),
])
def test_a_private_channel_is_attached_only_for_its_own_people(place, reporter, members, attached):
    lines = [message("conversation:c1", "b", "hi", 1, "m1"), message("conversation:c1", "a", "hello", 2, "m2")]
    if reporter == "b":
        lines = lines[:1]
    context, author = snapshot.message_context(sources(*lines, members=members), place=place, message_id="m1",
                                               reporter_id=reporter, now=NOW + timedelta(seconds=5))
    assert (context is not None) is attached and (author == "b") is attached


def test_a_desk_line_is_found_in_the_desk_log():
    lines = [message("desk:s1", "staff", "どうしましたか", 1, "d1"), message("desk:s1", "visitor", "こんにちは", 2, "d2")]
    context, author = snapshot.message_context(sources(*lines), place="desk", message_id="d1", reporter_id="visitor",
                                               now=NOW + timedelta(seconds=5))
    assert author == "staff" and [l["text"] for l in context["lines"]] == ["どうしましたか", "こんにちは"]


def test_a_message_past_the_window_is_gone():
    old = message("zone:m:plaza", "p1", "long ago", 0, "old")
    context, author = snapshot.message_context(sources(old), place="zone", message_id="old", reporter_id="r",
                                               now=NOW + timedelta(seconds=601))
    assert context is None and author is None


def test_a_person_comes_with_their_latest_public_lines_only():
    said = [message("zone:m:plaza", "p1", f"z{i}", i) for i in range(12)]
    private = message("conversation:c1", "p1", "private", 20)
    context = snapshot.person_context(sources(*said, private), account_id="p1", now=NOW + timedelta(seconds=30))
    assert [l["text"] for l in context["lines"]] == [f"z{i}" for i in range(2, 12)]
