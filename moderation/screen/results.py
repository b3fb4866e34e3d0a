"""What a screening returns. Spans are always in the ORIGINAL text, so masking keeps the
rest of a message exactly as written."""
from __future__ import annotations

from dataclasses import dataclass

KINDS = ("phone", "email", "postal_code", "address", "sns_id", "profile_link")
LEVELS = ("none", "concern", "urgent")
ACTIONS = ("flag", "mask", "refuse")


@dataclass(frozen=True, slots=True)
class Found:
    """One piece of personal information."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Crisis:
    """``urgent`` for plans, methods and imminent intent; ``concern`` for wishes."""

    level: str
    matched: tuple[str, ...] = ()


NO_CRISIS = Crisis("none", ())


@dataclass(frozen=True, slots=True)
class WordHit:
    phrase: str
    action: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Screening:
    personal_info: tuple[Found, ...]
    masked: str
    crisis: Crisis
    words: tuple[WordHit, ...]

    @property
    def refused(self) -> bool:
        """A moderator's "refuse" phrase matched: the text is not posted at all."""
        return any(hit.action == "refuse" for hit in self.words)
