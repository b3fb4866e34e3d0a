"""What the desk keeps: its opening hours and the messages people leave for staff.

Live chats are not here: they exist only in memory (rooms.desk.queue) and are never
written down. A message left for staff holds its text and who left it, nothing more; the
person can delete it at any time.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base


class DeskHours(Base):
    """One weekly opening window, in minutes since local midnight (end may be 1440)."""

    __tablename__ = "desk_hours"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    weekday: Mapped[int]  # 0 = Monday .. 6 = Sunday
    start_minute: Mapped[int]
    end_minute: Mapped[int]


class DeskDay(Base):
    """One local date whose hours differ from the week: closed, or other/extra hours."""

    __tablename__ = "desk_days"

    on_date: Mapped[date] = mapped_column(primary_key=True)
    windows: Mapped[str] = mapped_column(String(80), default="")  # "600-720,780-1020"; "" = closed
    note: Mapped[str | None] = mapped_column(String(80))  # shown to visitors, e.g. 年末年始のお休み
    updated_at: Mapped[datetime]
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))


class DeskMessage(Base):
    """A message left at the desk (typically outside opening hours)."""

    __tablename__ = "desk_messages"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(index=True)
    handled_at: Mapped[datetime | None]
    handled_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    reply: Mapped[str | None] = mapped_column(String(1000))  # shown to the author in their desk panel
