"""Persistent casework: letters, case records (支援カルテ), assignments, notes, the access
log and consents to share. A case names its person only by account id (a pseudonym): the
space never knows a real name.

Internal rows that are only ever read in order (assignments, notes, log entries) use an
integer key so order survives equal timestamps; rows a client addresses use random ids.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base


class Letter(Base):
    """One letter. Each side has its own copy: deleting hides it only for that side, and
    the row goes once both sides deleted it."""

    __tablename__ = "casework_letters"
    # One pair's letters in time order: the caseload's "awaiting a reply" finds a specialist's
    # last letter to a person without scanning everything they ever sent (migration 0016_caseload).
    __table_args__ = (Index("ix_casework_letters_pair", "sender_id", "recipient_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    recipient_id: Mapped[str] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str | None] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
    sender_deleted_at: Mapped[datetime | None]
    recipient_deleted_at: Mapped[datetime | None]


class Case(Base):
    """The case record of one person (or one family member): one per account."""

    __tablename__ = "casework_cases"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="CASCADE"), unique=True)
    opened_by_id: Mapped[str | None] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime]
    contact_start: Mapped[str | None] = mapped_column(Text)  # how contact started
    referral_route: Mapped[str | None] = mapped_column(Text)  # e.g. family -> centre -> us
    next_step: Mapped[str | None] = mapped_column(Text)  # the next step agreed with the person
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[str | None] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="SET NULL"))


class Assignment(Base):
    """A specialist's time on a case. Never deleted: ending it keeps who, when and why.

    An active assignment holds seat 1 or 2; an ended one holds none. The unique (case, seat)
    pair lets the database itself refuse a third assignee when two requests race (NULLs
    never collide, on SQLite and PostgreSQL alike)."""

    __tablename__ = "casework_assignments"
    __table_args__ = (UniqueConstraint("case_id", "seat"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(32), ForeignKey("casework_cases.id", ondelete="CASCADE"), index=True)
    specialist_id: Mapped[str] = mapped_column(String(32), ForeignKey("accounts.id"), index=True)
    seat: Mapped[int | None] = mapped_column(Integer)
    assigned_by_id: Mapped[str | None] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime]
    reason: Mapped[str | None] = mapped_column(String(300))
    # The assignment this one took over from (a hand-over); None otherwise.
    previous_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("casework_assignments.id", ondelete="SET NULL")
    )
    ended_at: Mapped[datetime | None]
    ended_by_id: Mapped[str | None] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="SET NULL"))
    end_reason: Mapped[str | None] = mapped_column(String(300))


class CaseNote(Base):
    """A session or monitoring note. Append-only: a correction is a new note."""

    __tablename__ = "casework_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(32), ForeignKey("casework_cases.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str | None] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # session | monitoring
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class AccessEntry(Base):
    """Who touched a case record, when, and what they did, including refused attempts.
    Holds no record content. The actor is copied so the entry outlives a deleted account."""

    __tablename__ = "casework_access_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(32), ForeignKey("casework_cases.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[str | None] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="SET NULL"))
    actor_nickname: Mapped[str] = mapped_column(String(40))
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_profession: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(30))
    allowed: Mapped[bool]
    detail: Mapped[str | None] = mapped_column(String(200))
    at: Mapped[datetime]


class ShareConsent(Base):
    """The person's consent to share their record with one outside organisation."""

    __tablename__ = "casework_consents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(32), ForeignKey("casework_cases.id", ondelete="CASCADE"), index=True)
    organisation: Mapped[str] = mapped_column(String(100))
    purpose: Mapped[str] = mapped_column(String(300))
    granted_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
