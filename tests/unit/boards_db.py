"""A throwaway SQLite database with the full schema, for board service tests (no network)."""
from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import datetime, timezone

from avatars.models import Account
from server.core.principal import Principal, Role
from server.db import create_engine, session_factory
from server.models import metadata

START = datetime(2026, 4, 1, 1, 0, tzinfo=timezone.utc)


@asynccontextmanager
async def board_sessions(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'boards.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


async def add_account(sessions, account_id: str, role: Role = Role.STAFF, nickname: str = "") -> Principal:
    async with sessions.begin() as db:
        db.add(Account(id=account_id, nickname=nickname or account_id, is_guest=False, kind="unspecified",
                       role=role.value, token_version=0, disabled=False, created_at=START))
    return Principal(account_id=account_id, role=role, nickname=nickname or account_id)
