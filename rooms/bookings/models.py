"""Persistent availability rules and bookings. A booking holds no contact data at all."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base


class AvailabilityRule(Base):
    """When a specialist can be booked: every week on a weekday, or once on a local date.

    Times are minutes since local midnight in ``tz`` (0..1440, so "until 24:00" is 1440);
    the UTC instants are computed when slots are expanded, never stored.
    """

    __tablename__ = "availability_rules"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    specialist_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # weekly | once
    weekday: Mapped[int | None]  # 0 = Monday .. 6 = Sunday (weekly only)
    on_date: Mapped[date | None]  # local date (once only)
    start_minute: Mapped[int]
    end_minute: Mapped[int]
    tz: Mapped[str] = mapped_column(String(64))
    slot_minutes: Mapped[int]
    buffer_minutes: Mapped[int] = mapped_column(default=0)
    min_notice_minutes: Mapped[int] = mapped_column(default=0)
    daily_cap: Mapped[int | None]
    audience: Mapped[str] = mapped_column(String(12), default="both")  # individuals | families | both
    created_at: Mapped[datetime]


class BookingCalendar(Base):
    """One row per specialist, bumped at the start of every write to their calendar.

    Why: the row lock serialises concurrent bookings of one specialist on PostgreSQL, and
    on SQLite the first write takes the database write lock, so the free-slot re-check
    inside the transaction always sees the bookings committed before it.
    """

    __tablename__ = "booking_calendars"

    specialist_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    revision: Mapped[int] = mapped_column(default=0)


class Booking(Base):
    __tablename__ = "bookings"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    specialist_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    # "<specialist_id>@<UTC start>" while the booking holds its time, NULL once cancelled:
    # a unique column (NULLs never collide) so a second booking of one slot cannot commit,
    # the same way on SQLite and PostgreSQL.
    slot_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    profession: Mapped[str | None] = mapped_column(String(40))  # the profession the person asked for
    note: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(12), default="booked")  # booked|cancelled|completed|no_show
    cancel_reason: Mapped[str | None] = mapped_column(String(40))
    cancel_message: Mapped[str | None] = mapped_column(String(200))
    cancelled_by: Mapped[str | None] = mapped_column(String(12))  # the side: person | specialist
    cancelled_at: Mapped[datetime | None]
    rescheduled_from: Mapped[str | None] = mapped_column(ForeignKey("bookings.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
