"""What a domain service returns: a value for the caller and messages to send after commit.

Services never emit themselves; the transport sends ``emits`` only once the transaction
committed, so nobody hears about a change that was rolled back.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ToAccount:
    account_id: str


@dataclass(frozen=True, slots=True)
class ToConsole:
    """A staff-class account's specialist console, whichever of its sections is shown."""
    account_id: str


@dataclass(frozen=True, slots=True)
class ToZone:
    map_instance: str
    zone: str


@dataclass(frozen=True, slots=True)
class ToConsultation:
    consultation_id: str


@dataclass(frozen=True, slots=True)
class ToEvent:
    event_id: str


@dataclass(frozen=True, slots=True)
class ToStaff:
    pass


@dataclass(frozen=True, slots=True)
class ToEveryone:
    pass


Target = ToAccount | ToConsole | ToZone | ToConsultation | ToEvent | ToStaff | ToEveryone


@dataclass(frozen=True, slots=True)
class Emit:
    target: Target
    event: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    value: T
    emits: tuple[Emit, ...] = field(default_factory=tuple)
