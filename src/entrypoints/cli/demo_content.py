"""`strata db seed --demo --items N`: demo content items up to N in the demo workspaces,
then the demo users' interactions and recommendations, by COPY in chunks, in one
transaction (an interrupted load leaves nothing behind), with a progress line. A rerun
loads only the items missing to reach N (nothing, at the same N), and interactions and
recommendations only if the demo users have none yet.

A large load (from 100,000 items, at least as many as the table holds) sets the items'
secondary indexes aside and builds them again at the end: the table is locked for the
load's length. The counts kept for offset pages are made stale and the table analysed
in the same transaction."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from adapters.postgres.content.bulk import copy_records, forget_counts, indexes_set_aside
from adapters.postgres.content.demo_items import ITEM_COLUMNS, DemoItems, DemoPlan
from adapters.postgres.infra.admin.connection import connect
from entrypoints.cli.common import info
from entrypoints.cli.demo_activity import load_demo_activity
from entrypoints.cli.demo_people import DemoPeople
from entrypoints.cli.progress import Progress

CHUNK = 20_000
_HELD = "SELECT count(*) FROM content_items WHERE workspace_id = ANY($1::uuid[])"
WEIGHTS = (8, 1, 1)  # the demo workspace, then the others


@dataclass(frozen=True)
class Loaded:
    held: int  # the workspaces' items before the load
    added: int
    interactions: int
    recommendations: int
    seconds: float


def demo_plan(people: DemoPeople, items: int) -> DemoPlan:
    spread = list(zip(people.workspace_ids, WEIGHTS, strict=False))
    workspaces = [(ws, people.author_ids, weight) for ws, weight in spread]
    return DemoPlan(workspaces, datetime.now(UTC), items)


async def load_demo(url: str, plan: DemoPlan, users: Sequence[str]) -> Loaded:
    """Items of `plan` until its workspaces hold `plan.total`, then the `users`'
    interactions and recommendations (admin `url`: the indexes)."""
    started = time.monotonic()
    workspaces = [ws for ws, _, _ in plan.workspaces]
    conn = await connect(url)
    try:
        async with conn.transaction():
            await conn.execute("LOCK TABLE content_items IN EXCLUSIVE MODE")
            held = int(await conn.fetchval(_HELD, workspaces))
            need = max(plan.total - held, 0)
            if need:
                async with indexes_set_aside(conn, "content_items", need, _building):
                    await _copy(conn, DemoItems(plan), held, plan.total)
                await forget_counts(conn, workspaces)
                await conn.execute("ANALYZE content_items")
            activity = await load_demo_activity(conn, workspaces, users, plan.total)
    finally:
        await conn.close()
    return Loaded(held, need, *activity, time.monotonic() - started)


def _building(index: str) -> None:
    info(f"building index {index}")


async def _copy(conn: asyncpg.Connection, items: DemoItems, start: int, end: int) -> None:
    """Chunks made in a thread while the previous one is copied."""
    progress = Progress("content items", end - start)

    def made(at: int) -> asyncio.Task[list[tuple[object, ...]]]:
        return asyncio.ensure_future(asyncio.to_thread(items.records, at, min(CHUNK, end - at)))

    pending = made(start)
    while start < end:
        records = await pending
        start += len(records)
        if start < end:
            pending = made(start)
        await copy_records(conn, "content_items", ITEM_COLUMNS, records)
        progress.advance(len(records))
    progress.close()
