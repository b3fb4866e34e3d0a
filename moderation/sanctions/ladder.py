"""The ladder: each kind of sanction, what it takes away, how long it may last, who may give
it, and the kind words the person reads (preset texts moderators may edit before sending).

Support is never cut off by a rest or a limit: the desk, consultations and letters to one's
own specialist stay open (a person at risk must always reach a human); only a suspension or
a ban ends them, with the whole account.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta


class Capability(str, enum.Enum):
    """What a person can do; the policy answers per (account, capability)."""

    LOGIN = "login"
    MOVE = "move"
    READ = "read"
    STAMP = "stamp"
    ZONE_CHAT = "zone_chat"
    INVITE = "invite"
    CONVERSATION_CHAT = "conversation_chat"
    DESK = "desk"
    CONSULT = "consult"
    BOARD_WRITE = "board_write"
    REPORT = "report"


class Kind(str, enum.Enum):
    NOTE = "note"  # internal: the person is not told
    WARNING = "warning"
    REST = "rest"
    LIMIT = "limit"
    SUSPENSION = "suspension"
    BAN = "ban"
    EVENT_REMOVAL = "event_removal"  # asked to leave one event occurrence; cannot come back to it


EVERYTHING = frozenset(Capability)
_SENDING = frozenset({Capability.STAMP, Capability.ZONE_CHAT, Capability.INVITE,
                      Capability.CONVERSATION_CHAT, Capability.BOARD_WRITE})
# What each kind denies. A warning denies nothing; it is a message.
DENIES: dict[Kind, frozenset[Capability]] = {
    Kind.NOTE: frozenset(),
    Kind.WARNING: frozenset(),
    Kind.REST: _SENDING,  # walk and read; the desk and consultations stay open
    Kind.LIMIT: _SENDING - {Capability.STAMP},  # stamps and the desk (and consultations)
    Kind.SUSPENSION: EVERYTHING,
    Kind.BAN: EVERYTHING,
    Kind.EVENT_REMOVAL: frozenset(),  # nothing anywhere else: the events domain keeps that door shut
}

# The durations a moderator chooses from (a suspension may instead run to a date).
DURATIONS: dict[Kind, dict[str, timedelta]] = {
    Kind.NOTE: {},
    Kind.WARNING: {},
    Kind.REST: {"1h": timedelta(hours=1), "24h": timedelta(hours=24), "7d": timedelta(days=7)},
    Kind.LIMIT: {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)},
    Kind.SUSPENSION: {"7d": timedelta(days=7), "30d": timedelta(days=30), "90d": timedelta(days=90)},
    Kind.BAN: {},
    Kind.EVENT_REMOVAL: {},  # for that occurrence only
}
MAX_SUSPENSION = timedelta(days=365)
ADMIN_ONLY = frozenset({Kind.BAN})
NEEDS_SECOND = frozenset({Kind.BAN})  # pending until another moderator or admin confirms
TOLD = frozenset(Kind) - {Kind.NOTE}  # kinds the person is told about
APPEALABLE = TOLD
ENDS_SESSIONS = frozenset({Kind.SUSPENSION, Kind.BAN})
FOR_AN_OCCURRENCE = frozenset({Kind.EVENT_REMOVAL})  # given with the event occurrence it applies to


@dataclass(frozen=True, slots=True)
class Preset:
    ja: str
    en: str


# Plain, kind words; a moderator edits them before sending.
PRESETS: dict[Kind, Preset] = {
    Kind.NOTE: Preset("（記録のみ。ご本人には表示されません）", "(For the record only; not shown to the person.)"),
    Kind.WARNING: Preset(
        "ほかの方が困ってしまうようなやりとりがありました。ここはみんなが安心して過ごす場所なので、"
        "言葉づかいに少しだけ気をつけてもらえるとうれしいです。",
        "Something you wrote made it hard for someone else here. This is a place where everyone should feel "
        "safe, so please take a little care with your words.",
    ),
    Kind.REST: Preset(
        "少しのあいだ、発言やスタンプをお休みしていただきます。歩いたり読んだりはこれまでどおりできます。"
        "困ったときは受付にいつでも声をかけてください。",
        "For a little while, please take a break from writing and stamps. You can still walk around and read. "
        "If you need help, the desk is always open to you.",
    ),
    Kind.LIMIT: Preset(
        "しばらくのあいだ、使えるのはスタンプと受付だけになります。期間が終われば、もとどおり使えます。",
        "For a while you can use stamps and the desk only. When the period ends, everything comes back.",
    ),
    Kind.SUSPENSION: Preset(
        "ルールに沿わないことが続いたため、しばらくのあいだ入室をお休みしていただきます。"
        "期間が終われば、また来ていただけます。",
        "Because the rules were not followed several times, your account is paused for a while. "
        "You are welcome back when the period ends.",
    ),
    Kind.BAN: Preset(
        "ほかの方の安全を守るため、このアカウントは今後使えなくなりました。",
        "To keep other people safe, this account can no longer be used.",
    ),
    Kind.EVENT_REMOVAL: Preset(
        "この会が、参加している皆さんにとって落ち着いた場であるように、今回はここで退出をお願いしました。"
        "この回には戻れませんが、ほかの場所やほかの会はこれまでどおり使えます。",
        "So that this event stays calm for everyone in it, we have asked you to leave it this time. "
        "You cannot come back to this session, but everything else here is open to you as before.",
    ),
}


def denies(kind: Kind) -> frozenset[Capability]:
    return DENIES[kind]
