"""What the funnel keeps. The two aggregate tables carry no account id (a test reads their
columns); the first-steps table does, and lives only until its steps are aggregated."""
from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base


class FunnelDay(Base):
    """How many accounts of a kind took a step on a local day (Asia/Tokyo)."""

    __tablename__ = "funnel_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    step: Mapped[str] = mapped_column(String(24), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)  # guest | individual | family | supporter | unspecified
    count: Mapped[int] = mapped_column(default=0)


class FunnelLatency(Base):
    """How many accounts reached a step ``days`` after their first visit, by the day they reached it."""

    __tablename__ = "funnel_latencies"

    day: Mapped[date] = mapped_column(primary_key=True)
    step: Mapped[str] = mapped_column(String(24), primary_key=True)  # desk_contact | booking_made
    days: Mapped[int] = mapped_column(primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class FirstSteps(Base):
    """One new account's first visit and the day it first reached the desk or booked.
    Deleted by the aggregation job once both are counted, or after the follow window."""

    __tablename__ = "funnel_first_steps"

    account_id: Mapped[str] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    first_visit: Mapped[date]
    first_desk: Mapped[date | None]
    first_booking: Mapped[date | None]
    desk_done: Mapped[bool] = mapped_column(default=False)
    booking_done: Mapped[bool] = mapped_column(default=False)
