"""Persistent account data. Nothing here identifies a person: no name, e-mail or phone."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.core.base import Base


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    nickname: Mapped[str] = mapped_column(String(40))
    # Normalised nickname, set only for kept (non-guest) accounts: the login handle.
    login_name: Mapped[str | None] = mapped_column(String(80), unique=True)
    is_guest: Mapped[bool] = mapped_column(default=True)
    kind: Mapped[str] = mapped_column(String(20), default="unspecified")
    role: Mapped[str] = mapped_column(String(20), default="visitor")
    profession: Mapped[str | None] = mapped_column(String(40))
    passphrase_hash: Mapped[str | None] = mapped_column(String(200))
    recovery_hash: Mapped[str | None] = mapped_column(String(200))
    # Bumped on role change and "log out everywhere": every older access token dies.
    token_version: Mapped[int] = mapped_column(default=0)
    look: Mapped[str | None] = mapped_column(String(400))  # JSON of avatars.parts.AvatarLook
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime | None]


class AuthSession(Base):
    """One signed-in device. The refresh token is stored only as a hash."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    refresh_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


Index("ix_accounts_role", Account.role)
