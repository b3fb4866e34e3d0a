"""Demo content for `make run`: a few staff accounts to try the staff side. Idempotent.

The demo passphrases are public (README): never run seed-demo on a production server.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from avatars import accounts
from avatars.models import Account
from avatars.nicknames import login_name
from avatars.passphrases import PassphraseHasher
from server.core.clock import Clock

DEMO_STAFF = [
    # nickname, role, profession, passphrase
    ("デモ管理者", "admin", None, "demo-admin-pass"),
    ("デモ相談員", "staff", None, "demo-staff-pass"),
    ("デモ心理士", "specialist", "psychologist", "demo-specialist-pass"),
    ("デモ保健師", "specialist", "public_health_nurse", "demo-nurse-pass"),
    ("デモ見守り", "moderator", None, "demo-moderator-pass"),
]


async def seed_demo(db: AsyncSession, clock: Clock, hasher: PassphraseHasher) -> int:
    created = 0
    for nickname, role, profession, passphrase in DEMO_STAFF:
        exists = await db.scalar(select(Account.id).where(Account.login_name == login_name(nickname)))
        if exists:
            continue
        await accounts.create_user(
            db, clock, hasher, None, nickname=nickname, passphrase=passphrase, role=role, profession=profession
        )
        created += 1
    return created
