"""Alembic migrations produce exactly the schema the models describe, on both backends."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from server.db import head_revisions
from server.models import metadata


async def test_migrated_schema_matches_models(db_url):
    engine = create_async_engine(db_url)
    try:
        async with engine.connect() as conn:
            def diff(sync_conn):
                ctx = MigrationContext.configure(sync_conn, opts={"compare_type": True})
                return frozenset(ctx.get_current_heads()), compare_metadata(ctx, metadata)

            revision, changes = await conn.run_sync(diff)
    finally:
        await engine.dispose()
    assert revision == head_revisions()
    assert changes == []
