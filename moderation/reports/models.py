"""What a report keeps. The sealed snapshot (the context the server cut from the in-memory
chat window) is readable by moderators only and is emptied ``SNAPSHOT_DAYS`` after the report;
the report itself (category, state, outcome) stays for the monthly counts and earlier-report
look-ups."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reporter_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    target_kind: Mapped[str] = mapped_column(String(16))  # person | message | board_post | event
    target_id: Mapped[str] = mapped_column(String(64))  # as the reporter sent it (may name nothing)
    place: Mapped[str | None] = mapped_column(String(16))  # a message's place: zone | conversation | desk | event
    # The account the report is about, when the server found one (never told to the reporter).
    target_account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    category: Mapped[str] = mapped_column(String(24))
    urgent: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)  # received | in_review | closed
    outcome: Mapped[str | None] = mapped_column(String(16))  # acted | no_violation | need_info
    claimed_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]  # when every connected staff member was alerted
    created_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    snapshot_purge_at: Mapped[datetime | None] = mapped_column(index=True)


class ReportNote(Base):
    """A moderator's working note on a report (append-only; moderators only)."""

    __tablename__ = "report_notes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
