"""The desk's records: who is on duty, who waits, and the chats in progress (``queue``
holds them and applies the rules; these are only the shapes and their small helpers)."""
from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rooms.chat import ChatMessage
from server.core.dates import iso  # noqa: F401 (the desk's modules take it from here)
from server.core.principal import Principal


class Duty(str, enum.Enum):
    AVAILABLE = "available"
    BUSY = "busy"
    AWAY = "away"
    OFF = "off"


class EndedBy(str, enum.Enum):
    VISITOR = "visitor"
    STAFF = "staff"
    VISITOR_GONE = "visitor_gone"  # the visitor's connection did not come back
    STAFF_GONE = "staff_gone"  # the worker's did not: the visitor is back at the front


@dataclass(frozen=True, slots=True)
class Person:
    account_id: str
    nickname: str
    kind: str = "unspecified"
    is_guest: bool = False

    @classmethod
    def of(cls, principal: Principal) -> "Person":
        return cls(principal.account_id, principal.nickname, principal.kind.value, principal.is_guest)

    def json(self) -> dict[str, Any]:
        return {"account_id": self.account_id, "nickname": self.nickname, "kind": self.kind, "is_guest": self.is_guest}


@dataclass(slots=True)
class Worker:
    person: Person
    status: Duty
    since: datetime
    gone_at: float | None = None  # clock.monotonic() deadline once the connection dropped


@dataclass(slots=True)
class Waiting:
    person: Person
    note: str | None
    knocked_at: datetime
    history: tuple[ChatMessage, ...] = ()  # a conversation interrupted by a lost worker
    gone_at: float | None = None


@dataclass(slots=True)
class Chat:
    id: str
    visitor: Person
    worker: Person
    opened_at: datetime
    note: str | None
    messages: deque[ChatMessage] = field(default_factory=deque)
    visitor_gone_at: float | None = None


def desk_channel(session_id: str) -> str:
    return f"desk:{session_id}"
