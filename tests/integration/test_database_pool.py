"""The per-test PostgreSQL databases are reused (tests/databases.py): what one test leaves
must not reach the next. A reused database is empty, its sequences start again at 1, and
one whose schema a test changed is dropped, not handed on."""
from __future__ import annotations

from contextlib import asynccontextmanager

import asyncpg

from tests.databases import PG_TEMPLATE, DatabaseFactory, _pg_dsn

# A template of these tests' own: the process's shared factory (conftest) keeps PG_TEMPLATE.
TEMPLATE = f"{PG_TEMPLATE}_pool"
NEXT_ID = "SELECT nextval(pg_get_serial_sequence('casework_assignments', 'id'))"


@asynccontextmanager
async def connected(url_or_name: str):
    conn = await asyncpg.connect(_pg_dsn(url_or_name.rsplit("/", 1)[-1]))
    try:
        yield conn
    finally:
        await conn.close()


@asynccontextmanager
async def pool(tmp_path):
    factory = DatabaseFactory(tmp_path, template=TEMPLATE)
    try:
        yield factory
    finally:
        await factory.close()


async def test_a_reused_database_is_empty_and_its_sequences_start_again(tmp_path):
    async with pool(tmp_path) as factory:
        first_url, give_back = await factory.create("postgresql")
        async with connected(first_url) as conn:  # what a test leaves: a row, a used sequence
            await conn.execute("INSERT INTO accounts (id, nickname, is_guest, kind, role, token_version, disabled, created_at) "
                               "VALUES ('a1', 'のこり', false, 'unspecified', 'individual', 0, false, now())")
            assert await conn.fetchval(NEXT_ID) == 1
        await give_back()

        second_url, give_back = await factory.create("postgresql")
        assert second_url == first_url  # the same database, handed on
        async with connected(second_url) as conn, connected(TEMPLATE) as template:
            assert await conn.fetchval("SELECT count(*) FROM accounts") == 0
            assert await conn.fetchval(NEXT_ID) == 1
            versions = "SELECT * FROM alembic_version ORDER BY 1"
            assert await conn.fetch(versions) == await template.fetch(versions)  # still migrated
        await give_back()


async def test_a_database_whose_schema_a_test_changed_is_dropped(tmp_path):
    async with pool(tmp_path) as factory:
        url, give_back = await factory.create("postgresql")
        async with connected(url) as conn:
            await conn.execute("CREATE TABLE left_by_a_test (x int)")
        await give_back()

        next_url, give_back = await factory.create("postgresql")
        assert next_url != url
        async with connected("postgres") as admin:
            assert await admin.fetchval("SELECT count(*) FROM pg_database WHERE datname = $1", url.rsplit("/", 1)[1]) == 0
        await give_back()
