"""The ladder as tables: what each kind takes away, how long it may last, and the one policy
every transport asks (moderation/sanctions/ladder.py, policy.py)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from moderation.sanctions.ladder import (
    ADMIN_ONLY, APPEALABLE, DURATIONS, ENDS_SESSIONS, FOR_AN_OCCURRENCE, NEEDS_SECOND, PRESETS, Capability as C, Kind, denies,
)
from moderation.sanctions.policy import (
    NEW_ACCOUNT, WARMUP_DENIES, Restriction, Standing, denial, refusal_of, require,
)
from server.core.errors import DomainError, ErrorCode
from server.core.revocation import Reason, Revocation

NOW = datetime(2026, 12, 6, 3, 0, tzinfo=timezone.utc)
ALLOWED, DENIED = "allowed", "denied"

# kind -> capability -> answer. Support (desk, consult) stays open under rest and limit.
LADDER = {
    Kind.NOTE: {c: ALLOWED for c in C},
    Kind.WARNING: {c: ALLOWED for c in C},
    Kind.REST: {C.LOGIN: ALLOWED, C.MOVE: ALLOWED, C.READ: ALLOWED, C.STAMP: DENIED, C.ZONE_CHAT: DENIED,
                C.INVITE: DENIED, C.CONVERSATION_CHAT: DENIED, C.DESK: ALLOWED, C.CONSULT: ALLOWED,
                C.BOARD_WRITE: DENIED, C.REPORT: ALLOWED},
    Kind.LIMIT: {C.LOGIN: ALLOWED, C.MOVE: ALLOWED, C.READ: ALLOWED, C.STAMP: ALLOWED, C.ZONE_CHAT: DENIED,
                 C.INVITE: DENIED, C.CONVERSATION_CHAT: DENIED, C.DESK: ALLOWED, C.CONSULT: ALLOWED,
                 C.BOARD_WRITE: DENIED, C.REPORT: ALLOWED},
    Kind.SUSPENSION: {c: DENIED for c in C},
    Kind.BAN: {c: DENIED for c in C},
    # One event occurrence only: the events domain keeps that door shut; nothing else changes.
    Kind.EVENT_REMOVAL: {c: ALLOWED for c in C},
}


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("capability", list(C))
def test_the_ladder_table(kind, capability):
    standing = Standing("a", (Restriction(kind.value, denies(kind), NOW + timedelta(hours=1), "理由", "reason", "s1"),))
    expected = LADDER[kind][capability]
    assert (denial(standing, capability, NOW) is None) == (expected == ALLOWED)


def test_durations_rules_and_presets():
    assert set(DURATIONS[Kind.REST]) == {"1h", "24h", "7d"}
    assert DURATIONS[Kind.REST]["7d"] == timedelta(days=7)
    assert DURATIONS[Kind.NOTE] == DURATIONS[Kind.WARNING] == DURATIONS[Kind.BAN] == {}
    assert ADMIN_ONLY == NEEDS_SECOND == {Kind.BAN}
    assert ENDS_SESSIONS == {Kind.SUSPENSION, Kind.BAN}
    assert Kind.NOTE not in APPEALABLE and Kind.WARNING in APPEALABLE
    assert Kind.EVENT_REMOVAL in APPEALABLE and FOR_AN_OCCURRENCE == {Kind.EVENT_REMOVAL}
    assert DURATIONS[Kind.EVENT_REMOVAL] == {}
    for kind in Kind:
        assert PRESETS[kind].ja and PRESETS[kind].en


def test_a_sanction_stops_applying_at_its_end():
    ends = NOW + timedelta(hours=1)
    standing = Standing("a", (Restriction("rest", denies(Kind.REST), ends),))
    assert denial(standing, C.ZONE_CHAT, ends - timedelta(seconds=1)) is not None
    assert denial(standing, C.ZONE_CHAT, ends) is None
    assert denial(None, C.ZONE_CHAT, NOW) is None


def test_the_longest_restriction_is_the_one_shown():
    short = Restriction("rest", denies(Kind.REST), NOW + timedelta(hours=1), sanction_id="short")
    long = Restriction("limit", denies(Kind.LIMIT), NOW + timedelta(days=7), sanction_id="long")
    forever = Restriction("ban", denies(Kind.BAN), None, sanction_id="ban")
    assert denial(Standing("a", (short, long)), C.ZONE_CHAT, NOW).sanction_id == "long"
    assert denial(Standing("a", (short, long, forever)), C.ZONE_CHAT, NOW).sanction_id == "ban"


def test_the_new_account_warmup_denies_only_zone_chat_and_invitations():
    standing = Standing("a", (Restriction(NEW_ACCOUNT, WARMUP_DENIES, NOW + timedelta(minutes=10)),))
    assert {c for c in C if denial(standing, c, NOW)} == {C.ZONE_CHAT, C.INVITE}
    with pytest.raises(DomainError) as caught:
        require(standing, C.INVITE, NOW)
    assert caught.value.code is ErrorCode.NEW_ACCOUNT_WAIT
    assert caught.value.detail == {"kind": NEW_ACCOUNT, "until": "2026-12-06T03:10:00Z"}


def test_a_refusal_carries_the_reason_and_end():
    refused = refusal_of(Restriction("rest", denies(Kind.REST), NOW, "少し休みましょう", "Take a break"))
    assert refused.code is ErrorCode.SANCTIONED
    assert refused.detail == {"kind": "rest", "until": "2026-12-06T03:00:00Z",
                              "reason_ja": "少し休みましょう", "reason_en": "Take a break"}
    body = refused.to_dict()
    assert body["message"]["ja"] and body["message"]["en"]


def test_a_standing_travels_through_the_revocation_channel_intact():
    standing = Standing("acc", (Restriction("limit", denies(Kind.LIMIT), NOW + timedelta(days=1), "ja", "en", "s"),
                                Restriction("ban", denies(Kind.BAN), None)))
    wire = Revocation("acc", Reason.RESTRICTED, standing=tuple(standing.to_json())).to_json()
    back = Revocation.from_json(wire)
    assert back.reason is Reason.RESTRICTED and back.session_id is None and back.below_version is None
    assert Standing.from_json("acc", list(back.standing)) == standing
    plain = Revocation.from_json(Revocation("acc", Reason.LOGGED_OUT, session_id="s").to_json())
    assert plain.standing is None
