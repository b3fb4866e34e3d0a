"""Engine and session factory, plus the migration-state check used at start-up and by /readyz."""
from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from server.core.errors import DomainError, ErrorCode

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


NUL = "\x00"


def refuse_nul_characters(conn, cursor, statement, parameters, context, executemany) -> None:
    """PostgreSQL cannot hold U+0000 in text (SQLite can), so an id, a nickname or a search
    with one crashed the query on PostgreSQL only (a 500). Refused as INVALID before the
    query, on both databases alike, whichever route or event it came through."""
    # One row or many (executemany, or rows flattened by insertmanyvalues): look one level down.
    for item in (parameters.values() if isinstance(parameters, dict) else parameters or ()):
        values = item.values() if isinstance(item, dict) else item if isinstance(item, (list, tuple)) else (item,)
        for value in values:
            if isinstance(value, str) and NUL in value:
                raise DomainError(ErrorCode.INVALID)


def create_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "before_cursor_execute", refuse_nul_characters)

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # why: FK checks are off by default in SQLite
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    engine = create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    event.listen(engine.sync_engine, "before_cursor_execute", refuse_nul_characters)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revisions() -> frozenset[str]:
    # Feature branches may add parallel migration heads until a merge revision joins them.
    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


async def current_revisions(engine: AsyncEngine) -> frozenset[str]:
    async with engine.connect() as conn:
        return frozenset(await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_heads()))


class NotMigrated(RuntimeError):
    pass


async def require_migrated(engine: AsyncEngine) -> None:
    current, head = await current_revisions(engine), head_revisions()
    if current != head:
        raise NotMigrated(
            f"The database is not migrated (at {', '.join(sorted(current)) or 'nothing'}, "
            f"code expects {', '.join(sorted(head))}). "
            "Run `python -m server.cli migrate` (or `make run`) first."
        )


def upgrade_to_head(url: str) -> None:
    """Apply Alembic migrations (sync entry point; env.py runs them on the async engine)."""
    from alembic import command

    command.upgrade(alembic_config(url), "heads")
