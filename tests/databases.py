"""Per-test databases on SQLite and PostgreSQL, cloned from a template migrated once.

SQLite clones copy the migrated file. PostgreSQL clones use CREATE DATABASE ... TEMPLATE,
which costs ~0.1 s on a quiet machine but 0.5-1 s with three test workers (its checkpoints
queue up; measured in CI: 1.06 s of setup per PostgreSQL test against 0.33 s on SQLite). So
a finished test's PostgreSQL database is emptied (~0.01 s: every row deleted, every sequence
restarted) and handed to the next test of the process; one whose tables no longer match the
template's is dropped instead. Either way every test starts from a migrated, empty database.
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


def _pg_dsn(dbname: str) -> str:
    """asyncpg's address of a database on the test server."""
    return PG_DSN.rsplit("/", 1)[0] + "/" + dbname


def _pg_url(dbname: str) -> str:
    """SQLAlchemy's address of the same database."""
    return _pg_dsn(dbname).replace("postgresql://", "postgresql+asyncpg://", 1)


async def _tables(conn) -> set[str]:
    return {row[0] for row in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


async def _pg_admin(*statements: str) -> None:
    conn = await asyncpg.connect(PG_DSN)
    try:
        for sql in statements:
            await conn.execute(sql)
    finally:
        await conn.close()


class DatabaseFactory:
    def __init__(self, workdir: Path, template: str = PG_TEMPLATE):
        self.workdir = workdir
        self.template = template
        self._sqlite_template: Path | None = None
        self._pg_ready = False
        self._pg_tables: set[str] = set()
        self._pg_free: list[str] = []  # emptied databases, ready for the next test

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
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{self.template}'",
            f"DROP DATABASE IF EXISTS {self.template}",
            f"CREATE DATABASE {self.template}",
        )
        await asyncio.to_thread(upgrade_to_head, _pg_url(self.template))
        conn = await asyncpg.connect(_pg_dsn(self.template))
        try:
            self._pg_tables = await _tables(conn)
        finally:
            await conn.close()
        self._pg_ready = True

    async def close(self) -> None:
        if self._pg_ready:
            names = [*self._pg_free, self.template]
            self._pg_free.clear()
            await _pg_admin(*(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in names))

    async def create(self, backend: str) -> tuple[str, "callable"]:
        if backend == "sqlite":
            path = self.workdir / f"t_{uuid.uuid4().hex}.db"
            shutil.copyfile(await self._ensure_sqlite(), path)

            async def drop_sqlite() -> None:
                for suffix in ("", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)

            return f"sqlite+aiosqlite:///{path}", drop_sqlite
        await self._ensure_pg()
        if self._pg_free:
            name = self._pg_free.pop()
        else:
            name = f"ibasho_t_{uuid.uuid4().hex[:16]}"
            await _pg_admin(f"CREATE DATABASE {name} TEMPLATE {self.template} STRATEGY FILE_COPY")

        async def give_back_pg() -> None:
            if await self._emptied(name):
                self._pg_free.append(name)
            else:
                await _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

        return _pg_url(name), give_back_pg

    async def _emptied(self, name: str) -> bool:
        """Empty a finished test's database for the next one: end what still uses it (a
        server process the test started), delete every row, restart every sequence. False
        when its tables are not the template's (then it is not reused)."""
        conn = await asyncpg.connect(_pg_dsn(name))
        try:
            await conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            if await _tables(conn) != self._pg_tables:
                return False
            sequences = await conn.fetch("SELECT schemaname, sequencename FROM pg_sequences")
            async with conn.transaction():
                # Foreign keys are enforced by triggers, which the replica role skips: any order.
                await conn.execute("SET LOCAL session_replication_role = replica")
                for table in sorted(self._pg_tables - {"alembic_version"}):
                    await conn.execute(f'DELETE FROM "{table}"')
                for schema, sequence in sequences:
                    await conn.execute(f"ALTER SEQUENCE \"{schema}\".\"{sequence}\" RESTART")
            return True
        except (asyncpg.PostgresError, OSError):
            return False
        finally:
            await conn.close()
