"""Persistent parts of the space. Positions are never stored: only blocks, which must survive."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base


class Block(Base):
    """A silent, lasting block: neither person sees the other anywhere. Only the blocker knows."""

    __tablename__ = "blocks"

    blocker_id: Mapped[str] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    blocked_id: Mapped[str] = mapped_column(String(32), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime]
