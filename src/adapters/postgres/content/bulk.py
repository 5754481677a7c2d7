"""Bulk loads into the content tables: COPY in chunks on one connection (in the caller's
transaction), secondary indexes set aside while a large load runs and built again after,
and the counts of every workspace touched made stale, as any write to its items does."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any

import asyncpg

SET_ASIDE_FROM = 100_000  # smaller loads keep the indexes: building them again costs more
BUILD_MEMORY = "512MB"  # maintenance_work_mem for the index builds of one load

_SECONDARY = """
SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid
WHERE x.indrelid = to_regclass($1) AND c.oid IS NULL
ORDER BY i.relname
"""
_FORGET = """
INSERT INTO content_count_epochs (workspace_id, epoch) SELECT w, 1 FROM unnest($1::uuid[]) w
ON CONFLICT (workspace_id) DO UPDATE SET epoch = content_count_epochs.epoch + 1
"""


async def copy_records(
    conn: asyncpg.Connection, table: str, columns: Sequence[str], records: Iterable[Any]
) -> None:
    await conn.copy_records_to_table(table, records=records, columns=list(columns))


async def table_exists(conn: asyncpg.Connection, table: str) -> bool:
    return bool(await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", table))


@contextlib.asynccontextmanager
async def indexes_set_aside(
    conn: asyncpg.Connection,
    table: str,
    rows: int,
    on_build: Callable[[str], None] = lambda name: None,
    at_least: int = SET_ASIDE_FROM,
) -> AsyncIterator[None]:
    """Within the caller's transaction: drop the table's indexes that back no constraint
    when `rows` is a large load (at least `at_least` and as many as the table holds),
    and build them again, as they were, when the block ends without an error. The table is
    locked against every other session until the transaction ends."""
    held = int(
        await conn.fetchval(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT $1) t", rows)
    )
    indexes = await conn.fetch(_SECONDARY, table)
    if rows < at_least or held >= rows:
        indexes = []
    for index in indexes:
        await conn.execute(f'DROP INDEX "{index["name"]}"')
    yield
    await conn.execute(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
    for index in indexes:
        on_build(index["name"])
        await conn.execute(index["definition"])


async def forget_counts(conn: asyncpg.Connection, workspace_ids: Iterable[str]) -> None:
    """Move each workspace's count epoch and drop the counts kept for it (counts.py's
    `forget`, for many workspaces at once)."""
    ids = sorted(set(workspace_ids))
    await conn.execute(_FORGET, ids)
    await conn.execute("DELETE FROM content_counts WHERE workspace_id = ANY($1::uuid[])", ids)
