"""A session's end, noted inside the transaction that ends it and announced after commit.

Domain code (``avatars.accounts``) notes on the database session what it revoked; a listener
on commit hands the notes to the sink the server put in the session's ``info`` (it tells every
open socket of those sessions, on every process: ``server.realtime.live_access``). A rollback
drops the notes, so nobody is disconnected for a change that did not happen.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

PENDING = "ibasho.revocations"
SINK = "ibasho.revocation_sink"  # in a session's info: callable(tuple[Revocation, ...])


class Reason(str, enum.Enum):
    """Why a live connection ended; sent to the client as ``session:ended {reason}``."""

    LOGGED_OUT = "logged_out"
    ROLE_CHANGED = "role_changed"
    CREDENTIALS_CHANGED = "credentials_changed"  # passphrase or recovery code changed
    SUSPENDED = "suspended"
    REVOKED = "revoked"  # every session of the account ended, for another reason
    EXPIRED = "expired"  # the access token ran out and no fresh one came
    RESTRICTED = "restricted"  # not an end: the account's sanctions changed (``standing`` holds them)


@dataclass(frozen=True, slots=True)
class Revocation:
    account_id: str
    reason: Reason
    session_id: str | None = None  # one session ended; None: see below_version
    below_version: int | None = None  # tokens of the account with an older version are dead
    # RESTRICTED only: the account's restrictions now in force (moderation.sanctions.policy's
    # Standing.to_json()), so every process applies them to its open sockets at once.
    standing: tuple | None = None

    def to_json(self) -> dict[str, Any]:
        body = {"a": self.account_id, "r": self.reason.value, "s": self.session_id, "v": self.below_version}
        if self.standing is not None:
            body["st"] = list(self.standing)
        return body

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Revocation:
        version = data.get("v")
        session = data.get("s")
        return cls(
            account_id=str(data["a"]), reason=Reason(data["r"]),
            session_id=str(session) if session is not None else None,
            below_version=int(version) if version is not None else None,
            standing=tuple(data["st"]) if isinstance(data.get("st"), list) else None,
        )


def note(db: AsyncSession | Session, revocation: Revocation) -> None:
    db.info.setdefault(PENDING, []).append(revocation)


def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    sink: Callable[[tuple[Revocation, ...]], None] | None = session.info.get(SINK)
    if pending and sink is not None:
        sink(tuple(pending))


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def listen() -> None:
    """Install the commit/rollback listeners once per process (idempotent)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)
