"""How open a person is to contact, and the facts the contact rules read.

The contact rules (consent, chat, emotes) never look into the live world themselves: the
transport hands them a ``ContactFacts`` snapshot of the people involved, where they stand
and who blocked whom. That keeps the rules pure and testable with plain values.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from server.core.errors import DomainError, ErrorCode


class Status(str, enum.Enum):
    """A person's own answer to "may others reach out to me?". Only they can change it."""

    OPEN = "open"  # 話しかけてもだいじょうぶ
    JUST_HERE = "just_here"  # 何もしなくていい: nobody can send requests
    DND = "dnd"  # そっとしておいてほしい

    @property
    def label_ja(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]


_LABELS: Mapping[Status, tuple[str, str]] = MappingProxyType({
    Status.OPEN: ("話しかけてもだいじょうぶ", "Happy to talk"),
    Status.JUST_HERE: ("ここにいるだけ（何もしなくていい）", "Just here (no need to do anything)"),
    Status.DND: ("いまはそっとしておいてほしい", "Please leave me be for now"),
})

# Arriving never signals "talk to me": a person opts in by choosing OPEN themself.
DEFAULT_STATUS = Status.JUST_HERE


def accepts_requests(status: Status | str) -> bool:
    """Only someone who chose "open" can receive an invitation to talk."""
    return Status(status) is Status.OPEN


def parse_status(value: object) -> Status:
    if isinstance(value, str):
        try:
            return Status(value)
        except ValueError:
            pass
    raise DomainError(ErrorCode.INVALID, field="status")


def status_catalogue() -> list[dict[str, str]]:
    """What a client shows in its status picker."""
    return [{"id": s.value, "ja": s.label_ja, "en": s.label_en} for s in Status]


@dataclass(frozen=True, slots=True)
class Place:
    """Where someone stands, as far as contact is concerned.

    ``zone`` is the map's named area (e.g. the quiet corner), not an interest cell.
    """

    map_instance: str
    zone: str
    requests_allowed: bool = True
    chat_allowed: bool = True

    @classmethod
    def of(cls, map_instance: str, zone: Any | None) -> Place:
        """From a map zone (anything with ``id``, ``requests_allowed``, ``chat_allowed``),
        or None for the open floor outside every zone, which keys as "" and allows both."""
        if zone is None:
            return cls(map_instance, "")
        return cls(map_instance, zone.id, bool(zone.requests_allowed), bool(zone.chat_allowed))


@dataclass(frozen=True, slots=True)
class Person:
    account_id: str
    nickname: str
    status: Status
    place: Place

    def __post_init__(self) -> None:
        # The world keeps statuses as plain strings; rules compare enum members.
        object.__setattr__(self, "status", Status(self.status))


@dataclass(frozen=True, slots=True)
class ContactFacts:
    """A read-only snapshot: the people relevant to one action, and blocks among them.

    ``people`` is also the audience for things shown "nearby" (emotes, zone chat): the
    transport puts in whoever could see the action. ``blocks`` holds (blocker, blocked)
    pairs; a block hides both people from each other.
    """

    people: Mapping[str, Person] = field(default_factory=lambda: MappingProxyType({}))
    blocks: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def build(cls, people: Iterable[Person], blocks: Iterable[tuple[str, str]] = ()) -> ContactFacts:
        return cls(
            people=MappingProxyType({p.account_id: p for p in people}),
            blocks=frozenset((a, b) for a, b in blocks),
        )

    def person(self, account_id: str) -> Person | None:
        return self.people.get(account_id)

    def has_blocked(self, blocker_id: str, blocked_id: str) -> bool:
        return (blocker_id, blocked_id) in self.blocks

    def blocked_between(self, a: str, b: str) -> bool:
        return (a, b) in self.blocks or (b, a) in self.blocks

    def can_see(self, viewer_id: str, subject_id: str) -> bool:
        """Symmetric: both present in the same map instance and no block either way."""
        viewer, subject = self.people.get(viewer_id), self.people.get(subject_id)
        if viewer is None or subject is None:
            return False
        if viewer.place.map_instance != subject.place.map_instance:
            return False
        return not self.blocked_between(viewer_id, subject_id)

    def audience_of(self, subject_id: str) -> list[Person]:
        """Everyone in the snapshot who can see ``subject_id`` (the subject included)."""
        return [p for p in self.people.values() if self.can_see(p.account_id, subject_id)]
