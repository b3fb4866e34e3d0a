"""The one sanctions policy: may this account do this now? A pure function of the account's
standing (its restrictions in force, each with an end), the capability and the time, asked
by every transport (Socket.IO events through live access, REST routes, logging in).

A standing is small and plain so a server process can keep it in memory for each account it
has connections of, and receive a new one through the revocation channel when it changes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from moderation.sanctions.ladder import Capability
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode

NEW_ACCOUNT = "new_account"  # the warm-up's kind: not a sanction, nobody did anything wrong
WARMUP_DENIES = frozenset({Capability.ZONE_CHAT, Capability.INVITE})


@dataclass(frozen=True, slots=True)
class Restriction:
    kind: str  # a ladder Kind's value, or NEW_ACCOUNT
    denies: frozenset[Capability]
    ends_at: datetime | None  # None: until lifted
    reason_ja: str = ""
    reason_en: str = ""
    sanction_id: str | None = None

    def active(self, now: datetime) -> bool:
        return self.ends_at is None or now < self.ends_at

    def to_json(self) -> dict[str, Any]:
        return {"k": self.kind, "d": sorted(c.value for c in self.denies),
                "e": self.ends_at.timestamp() if self.ends_at else None,
                "rj": self.reason_ja, "re": self.reason_en, "s": self.sanction_id}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Restriction:
        ends = data.get("e")
        return cls(str(data["k"]), frozenset(Capability(c) for c in data["d"]),
                   datetime.fromtimestamp(float(ends), timezone.utc) if ends is not None else None,
                   str(data.get("rj", "")), str(data.get("re", "")), data.get("s"))


@dataclass(frozen=True, slots=True)
class Standing:
    account_id: str
    restrictions: tuple[Restriction, ...] = ()

    def to_json(self) -> list[dict[str, Any]]:
        return [r.to_json() for r in self.restrictions]

    @classmethod
    def from_json(cls, account_id: str, data: list[dict[str, Any]]) -> Standing:
        return cls(account_id, tuple(Restriction.from_json(item) for item in data))


def denial(standing: Standing | None, capability: Capability, now: datetime) -> Restriction | None:
    """The restriction that stops ``capability`` now (the one lasting longest), or None."""
    if standing is None:
        return None
    found = None
    for r in standing.restrictions:
        if capability in r.denies and r.active(now):
            if found is None or found.ends_at is not None and (r.ends_at is None or r.ends_at > found.ends_at):
                found = r
    return found


def refusal_of(restriction: Restriction) -> DomainError:
    """The refusal a person reads: calm, with the reason and when it ends."""
    detail = {"kind": restriction.kind, "until": iso(restriction.ends_at)}
    if restriction.kind == NEW_ACCOUNT:
        return DomainError(ErrorCode.NEW_ACCOUNT_WAIT, detail=detail)
    detail.update(reason_ja=restriction.reason_ja, reason_en=restriction.reason_en)
    return DomainError(ErrorCode.SANCTIONED, detail=detail)


def require(standing: Standing | None, capability: Capability, now: datetime) -> None:
    found = denial(standing, capability, now)
    if found is not None:
        raise refusal_of(found)
