"""A large load sets the content items' secondary indexes aside and builds them again as
they were; a load that fails puts them back by rolling back; a small one keeps them."""

from __future__ import annotations

import asyncpg
import pytest

from adapters.postgres.content.bulk import indexes_set_aside
from adapters.postgres.infra.admin.connection import connect

pytestmark = [pytest.mark.postgres]

INDEXES = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'content_items'"


class Failed(Exception):
    pass


async def definitions(conn: asyncpg.Connection) -> dict[str, str]:
    return {r["indexname"]: r["indexdef"] for r in await conn.fetch(INDEXES)}


async def more_than_held(conn: asyncpg.Connection) -> int:
    """A load larger than what other tests left in the shared database."""
    return int(await conn.fetchval("SELECT count(*) FROM content_items")) + 10


async def test_a_large_load_builds_the_same_indexes_again(migrated_db_url: str) -> None:
    conn = await connect(migrated_db_url)
    try:
        before = await definitions(conn)
        built: list[str] = []
        rows = await more_than_held(conn)
        aside = indexes_set_aside(conn, "content_items", rows, built.append, at_least=1)
        async with conn.transaction(), aside:
            assert list(await definitions(conn)) == ["pk_content_items"]
        assert await definitions(conn) == before
        assert sorted(built) == sorted(set(before) - {"pk_content_items"})
    finally:
        await conn.close()


async def test_a_failed_load_leaves_the_indexes_in_place(migrated_db_url: str) -> None:
    conn = await connect(migrated_db_url)
    try:
        before = await definitions(conn)
        with pytest.raises(Failed):
            aside = indexes_set_aside(conn, "content_items", await more_than_held(conn), at_least=1)
            async with conn.transaction(), aside:
                raise Failed
        assert await definitions(conn) == before
    finally:
        await conn.close()


async def test_a_small_load_keeps_the_indexes(migrated_db_url: str) -> None:
    conn = await connect(migrated_db_url)
    try:
        before = await definitions(conn)
        async with conn.transaction(), indexes_set_aside(conn, "content_items", 10):
            assert await definitions(conn) == before
    finally:
        await conn.close()
