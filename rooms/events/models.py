"""Persistent events. Nothing here says who came to an event: registrations say who signed up
(needed to hold a seat), attendance is a count per account kind, and feedback answers carry no
account at all (their one-answer-per-person tokens live in a table with no link to them)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base


class Event(Base):
    """What an event is; its dates are the rows of ``EventOccurrence``, materialised when the
    schedule is set (a repeating event needs an end date within a year, so the list is finite)."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title_ja: Mapped[str] = mapped_column(String(80))
    title_en: Mapped[str] = mapped_column(String(80), default="")
    description_ja: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(20))  # exchange | family_class | peer_meetup | talk
    audience: Mapped[str] = mapped_column(String(20))  # everyone | individuals | families | supporters | women
    registration: Mapped[str] = mapped_column(String(12))  # required | drop_in
    capacity: Mapped[int]
    place: Mapped[str] = mapped_column(String(8))  # hall | room
    tz: Mapped[str] = mapped_column(String(64))
    # The schedule as the host entered it (local date/time in tz); occurrences are derived.
    first_date: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD
    start_time: Mapped[str] = mapped_column(String(5))  # HH:MM
    duration_minutes: Mapped[int]
    repeat: Mapped[str] = mapped_column(String(12))  # none | weekly | monthly
    until_date: Mapped[str | None] = mapped_column(String(10))
    cancelled: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EventHost(Base):
    __tablename__ = "event_hosts"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(8))  # host | cohost


class EventOccurrence(Base):
    __tablename__ = "event_occurrences"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    cancelled: Mapped[bool] = mapped_column(default=False)
    # Bumped first by every change to the seats: the row lock (PostgreSQL) or the write lock
    # (SQLite) makes the capacity count inside the transaction see every earlier sign-up.
    revision: Mapped[int] = mapped_column(default=0)
    reminded_day: Mapped[bool] = mapped_column(default=False)
    reminded_soon: Mapped[bool] = mapped_column(default=False)


class EventRegistration(Base):
    """One row per person and occurrence; cancelling and signing up again reuse it."""

    __tablename__ = "event_registrations"
    __table_args__ = (UniqueConstraint("occurrence_id", "account_id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    occurrence_id: Mapped[str] = mapped_column(ForeignKey("event_occurrences.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12))  # registered | waitlisted | cancelled | removed
    queued_at: Mapped[datetime]  # the waitlist's order
    removed_reason: Mapped[str | None] = mapped_column(String(20))
    removed_by: Mapped[str | None] = mapped_column(String(32))


class EventSelfDeclaration(Base):
    """What a person says about themself for women-only events. Never shown to anyone; the
    account's kind (individual / family / supporter) is the other self-declared attribute."""

    __tablename__ = "event_self_declarations"

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    woman: Mapped[bool] = mapped_column(default=False)


class FeedbackQuestion(Base):
    __tablename__ = "event_feedback_questions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(8))  # scale | choice | text
    prompt_ja: Mapped[str] = mapped_column(String(200))
    prompt_en: Mapped[str] = mapped_column(String(200), default="")
    choices: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{ja, en}]


class FeedbackAnswer(Base):
    """One answer to one question: no account, no time, nothing to join on."""

    __tablename__ = "event_feedback_answers"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    occurrence_id: Mapped[str] = mapped_column(ForeignKey("event_occurrences.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("event_feedback_questions.id", ondelete="CASCADE"))
    scale: Mapped[int | None]
    choice: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)


class FeedbackToken(Base):
    """HMAC(secret, occurrence + account): proves "this person answered" without saying who,
    and says nothing about which answers were theirs."""

    __tablename__ = "event_feedback_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)


class EventAttendance(Base):
    """How many came, by account kind; never who."""

    __tablename__ = "event_attendance"

    occurrence_id: Mapped[str] = mapped_column(ForeignKey("event_occurrences.id", ondelete="CASCADE"), primary_key=True)
    account_kind: Mapped[str] = mapped_column(String(12), primary_key=True)  # individual | family | supporter | guest | unspecified
    count: Mapped[int] = mapped_column(default=0)
