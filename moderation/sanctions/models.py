"""The sanctions tables: sanctions given, appeals against them, and new-account warm-ups
lifted by staff. Rows are never deleted: a lifted sanction keeps its record (and the audit
log says who did what)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base

PENDING, ACTIVE, LIFTED = "pending", "active", "lifted"


class Sanction(Base):
    __tablename__ = "sanctions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(10))  # pending (a ban awaiting its second) | active | lifted
    reason_ja: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")  # internal: moderators only
    given_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    given_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]  # None: until lifted (a ban), or nothing to end (a note/warning)
    confirmed_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None]
    lifted_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    lifted_at: Mapped[datetime | None]
    # An event removal: the occurrence it applies to (None for every other kind).
    occurrence_id: Mapped[str | None] = mapped_column(String(32))


class Appeal(Base):
    __tablename__ = "sanction_appeals"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sanction_id: Mapped[str] = mapped_column(ForeignKey("sanctions.id", ondelete="CASCADE"), unique=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    made_at: Mapped[datetime]
    outcome: Mapped[str | None] = mapped_column(String(10))  # None while open; upheld | lifted
    answer_ja: Mapped[str | None] = mapped_column(Text)
    answer_en: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]


class WarmupLift(Base):
    """Staff let this account chat and invite before its first minutes have passed."""

    __tablename__ = "warmup_lifts"

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    lifted_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    lifted_at: Mapped[datetime]


Index("ix_sanctions_state_kind", Sanction.state, Sanction.kind)
Index("ix_sanction_appeals_outcome", Appeal.outcome)
