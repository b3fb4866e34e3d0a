"""Hidden means hidden: who learns that hidden people are there, and who may look.

A person who chose "hide me" (``presence:hidden``) stays in the space and sees everyone,
but nobody sees them. The decisions, in one place (docs/PRIVACY.md says the same):

- Nobody sees a hidden person, whatever their role: not in snapshots, batches, zone chat,
  stamps or invitations. Peer supporters and specialists learn nothing either: they meet
  people who come to them, they do not watch who is around.
- Staff, moderators and admins learn one number: how many people are hidden in their own
  channel (``hidden_count``). That is enough to know the space is not empty when it looks
  empty (safety, staffing) and says nothing about who.
- Moderators and admins may look ("show me who") when there is a reason, e.g. a report
  about someone acting from hiding. The look needs a written reason, is written to the
  audit log, and ends by itself after ``REVEAL_SECONDS`` (or when turned off, or when they
  leave). Staff may not look: the count is all their work needs, and the fewer people can
  unmask someone, the more hiding means. Whom a look showed is not logged (the log would
  itself become a record of who was hiding).
- Nobody can reach a hidden person, not even while looking: an invitation answers
  NOT_ACCEPTING and a stamp NOT_FOUND, exactly as for someone who is not there.
- A hidden person cannot speak in zone chat, send stamps or invite: they are refused with
  YOU_ARE_HIDDEN, whose message says kindly why and how to talk. A nameless line was the
  other choice; it was not taken because it would still tell everyone in the zone that a
  hidden person is there and listening, and the words themselves may say who. Hidden
  people may still listen to zone chat, accept an invitation sent before they hid, and talk
  in a conversation they already share (its members know them already).

Pure rules and one small in-memory table (who is looking, until when). No transport.
"""
from __future__ import annotations

from dataclasses import dataclass

from server.core import text as text_rules
from server.core.clock import Clock
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal, Role

COUNT_ROLES = frozenset({Role.STAFF, Role.MODERATOR, Role.ADMIN})
REVEAL_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})
REVEAL_SECONDS = 600.0
MAX_REASON = text_rules.HIDDEN_LOOK_REASON.max_length

AUDIT_REVEAL = "presence.reveal_hidden"
AUDIT_REVEAL_OFF = "presence.reveal_hidden_off"


def counts_hidden(principal: Principal) -> bool:
    """Whether this person is told how many hidden people share their channel."""
    return principal.role in COUNT_ROLES


def may_reveal(principal: Principal) -> bool:
    """Whether this person may turn on "show me who" (always audit-logged, always bounded)."""
    return principal.role in REVEAL_ROLES


def sees(*, subject_hidden: bool, viewer_revealing: bool) -> bool:
    """Blocks aside (they hide people from each other regardless), a viewer sees a hidden
    person only during a look they opened themself."""
    return not subject_hidden or viewer_revealing


def may_reach(*, actor_hidden: bool, target_hidden: bool) -> bool:
    """Invitations and stamps need both people visible: a hidden target is never reached
    (even by someone looking), and a hidden actor would unmask themself."""
    return not actor_hidden and not target_hidden


def require_visible_actor(hidden: bool) -> None:
    """Speaking, stamping and inviting are refused while hidden, with an explanation."""
    if hidden:
        raise DomainError(ErrorCode.YOU_ARE_HIDDEN)


def parse_reason(raw: object) -> str:
    """A look needs a short written reason (it goes to the audit log)."""
    if not isinstance(raw, str):
        raise text_rules.refusal(text_rules.HIDDEN_LOOK_REASON, "reason", "not_text")
    # Runs of whitespace (line breaks included) fold to one space: the reason is one line.
    return text_rules.required(text_rules.HIDDEN_LOOK_REASON, " ".join(raw.split()), field="reason")


def check_reveal(principal: Principal, reason: object) -> str:
    """The checks before a look starts (and before it is logged): role, then reason."""
    if not may_reveal(principal):
        raise DomainError(ErrorCode.FORBIDDEN)
    return parse_reason(reason)


@dataclass(frozen=True, slots=True)
class Reveal:
    account_id: str
    until: float  # clock.monotonic()
    until_ms: int  # wall clock, for the client


class Reveals:
    """Who is looking at hidden people now, and until when. In memory, like presence."""

    def __init__(self, clock: Clock, *, seconds: float = REVEAL_SECONDS):
        self._clock = clock
        self._seconds = seconds
        self._active: dict[str, Reveal] = {}

    def start(self, principal: Principal, reason: object) -> Reveal:
        check_reveal(principal, reason)
        until_ms = int(self._clock.now().timestamp() * 1000 + self._seconds * 1000)
        reveal = Reveal(principal.account_id, self._clock.monotonic() + self._seconds, until_ms)
        self._active[principal.account_id] = reveal
        return reveal

    def stop(self, account_id: str) -> bool:
        return self._active.pop(account_id, None) is not None

    def active(self, account_id: str) -> Reveal | None:
        reveal = self._active.get(account_id)
        if reveal is not None and reveal.until <= self._clock.monotonic():
            return None
        return reveal

    def expire(self) -> list[str]:
        """End every look whose time is up; returns whose ended."""
        now = self._clock.monotonic()
        ended = sorted(a for a, r in self._active.items() if r.until <= now)
        for account_id in ended:
            del self._active[account_id]
        return ended
