"""Who is in a live event: the facts the room is opened with and each person inside."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What the room needs of the occurrence (from the events domain's admission)."""

    occurrence_id: str
    event_id: str
    title_ja: str
    title_en: str
    capacity: int
    hosts: tuple[tuple[str, str], ...]  # (account id, nickname) of the hosts and co-hosts
    ends_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Entrant:
    """One admitted person about to enter (the admission's answer plus who they are)."""

    account_id: str
    nickname: str
    account_kind: str
    is_host: bool = False
    is_cohost: bool = False


@dataclass(eq=False)
class Member:
    account_id: str
    nickname: str
    account_kind: str
    host: bool
    cohost: bool
    label: str | None  # what others see when this attendee speaks; None: an anonymous silhouette
    seat: str = field(default_factory=lambda: secrets.token_urlsafe(9))  # the hosts' handle, never an account id
    spoken: bool = False

    @property
    def hosting(self) -> bool:
        return self.host or self.cohost

    def shown_as(self) -> str | None:
        """How an attendee sees this person: a host by nickname (hosts are public), an
        attendee only by the label they chose (None: the silhouette)."""
        return self.nickname if self.hosting else self.label
