"""Per-test databases on SQLite and PostgreSQL, cloned from a template migrated once.

PostgreSQL clones use CREATE DATABASE ... TEMPLATE (a file copy: ~0.1 s), SQLite clones copy
the migrated file, so every test starts from a freshly migrated, empty database.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from pathlib import Path

import asyncpg

from server.db import upgrade_to_head

PG_DSN = os.environ.get("IBASHO_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
# One template per test process, so parallel pytest runs never drop each other's.
PG_TEMPLATE = f"ibasho_test_template_{os.getpid()}"
BACKENDS = ("sqlite", "postgresql")


def _pg_url(dbname: str) -> str:
    base = PG_DSN.rsplit("/", 1)[0]
    return base.replace("postgresql://", "postgresql+asyncpg://", 1) + "/" + dbname


async def _pg_admin(*statements: str) -> None:
    conn = await asyncpg.connect(PG_DSN)
    try:
        for sql in statements:
            await conn.execute(sql)
    finally:
        await conn.close()


class DatabaseFactory:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self._sqlite_template: Path | None = None
        self._pg_ready = False

    async def _ensure_sqlite(self) -> Path:
        if self._sqlite_template is None:
            path = self.workdir / "template.db"
            await asyncio.to_thread(upgrade_to_head, f"sqlite+aiosqlite:///{path}")
            self._sqlite_template = path
        return self._sqlite_template

    async def _ensure_pg(self) -> None:
        if self._pg_ready:
            return
        await _pg_admin(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{PG_TEMPLATE}'",
            f"DROP DATABASE IF EXISTS {PG_TEMPLATE}",
            f"CREATE DATABASE {PG_TEMPLATE}",
        )
        await asyncio.to_thread(upgrade_to_head, _pg_url(PG_TEMPLATE))
        self._pg_ready = True

    async def close(self) -> None:
        if self._pg_ready:
            await _pg_admin(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)")

    async def create(self, backend: str) -> tuple[str, "callable"]:
        if backend == "sqlite":
            path = self.workdir / f"t_{uuid.uuid4().hex}.db"
            shutil.copyfile(await self._ensure_sqlite(), path)

            async def drop_sqlite() -> None:
                for suffix in ("", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)

            return f"sqlite+aiosqlite:///{path}", drop_sqlite
        await self._ensure_pg()
        name = f"ibasho_t_{uuid.uuid4().hex[:16]}"
        await _pg_admin(f"CREATE DATABASE {name} TEMPLATE {PG_TEMPLATE} STRATEGY FILE_COPY")

        async def drop_pg() -> None:
            await _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

        return _pg_url(name), drop_pg
