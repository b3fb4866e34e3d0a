"""Demo content for `make run`: a few staff accounts to try the staff side, the boards, the
desk's hours, availability and one open survey. Idempotent.

The demo passphrases are public (README): never run seed-demo on a production server.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from avatars import accounts
from avatars.models import Account
from avatars.nicknames import login_name
from avatars.passphrases import PassphraseHasher
from rooms.boards.demo import seed_boards
from rooms.boards.storage import ImageStore
from rooms.bookings.demo import seed_availability
from rooms.desk.demo import seed_desk_hours
from rooms.surveys.demo import seed_survey
from server.core.clock import Clock

DEMO_STAFF = [
    # nickname, role, profession, passphrase
    ("デモ管理者", "admin", None, "demo-admin-pass"),
    ("デモ相談員", "staff", None, "demo-staff-pass"),
    ("デモ心理士", "specialist", "psychologist", "demo-specialist-pass"),
    ("デモ保健師", "specialist", "public_health_nurse", "demo-nurse-pass"),
    ("デモ見守り", "moderator", None, "demo-moderator-pass"),
]


async def seed_demo(db: AsyncSession, clock: Clock, hasher: PassphraseHasher, data_dir: Path | None = None) -> int:
    created = 0
    for nickname, role, profession, passphrase in DEMO_STAFF:
        exists = await db.scalar(select(Account.id).where(Account.login_name == login_name(nickname)))
        if exists:
            continue
        await accounts.create_user(
            db, clock, hasher, None, nickname=nickname, passphrase=passphrase, role=role, profession=profession
        )
        created += 1
    board_author = await db.scalar(select(Account.id).where(Account.login_name == login_name("デモ相談員")))
    store = ImageStore(data_dir / "board_images") if data_dir is not None else None
    created += await seed_boards(db, clock, board_author, store)
    created += await seed_desk_hours(db)
    created += await seed_survey(db, clock, board_author)
    specialists = {
        row.profession: row.id
        for row in await db.execute(select(Account.id, Account.profession).where(Account.role == "specialist"))
        if row.profession
    }
    created += await seed_availability(db, clock, specialists)
    return created
