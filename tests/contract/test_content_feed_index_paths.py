"""GetFeed's read (its two branches, in one statement) walks its indexes in order and
probes the seen and served ones, with no sort step and no scan of a whole table, for the
arguments given and in the generic plan a prepared statement may settle on (PostgreSQL,
after ANALYZE)."""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.content.feed_sql import candidates_sql
from adapters.postgres.content.feeds import candidates_args
from tests.contract.engagement_kit import Engagement, principal

pytestmark = pytest.mark.postgres
ITEMS, PEOPLE = 1500, 12


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(n for child in plan.get("Plans", []) for n in _nodes(child))]


@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)
async def test_feed_pages_read_their_indexes_without_sorting_or_scanning_tables(
    uow_factory, make, seed, clean_db: AsyncEngine
) -> None:
    e = await Engagement(make, uow_factory).seed(seed)
    people = [e.alice, e.bob, e.admin, e.viewer]
    items = await e.items(ITEMS)
    rnd = random.Random(1)
    for person in people:
        await e.record.execute(
            principal(person), e.ws.id, [e.new(i) for i in rnd.sample(items, 300)]
        )
        chosen = rnd.sample(items, 400)
        for n in range(0, 400, 200):
            await e.upsert.execute(
                principal(e.admin),
                e.ws.id,
                [e.rec(person, i, rnd.random()) for i in chosen[n : n + 200]],
            )
    first = await e.feed.execute(principal(e.bob), e.ws.id, "", 20, "")
    async with clean_db.connect() as conn:
        for table in ("content_items", "content_interactions", "content_recommendations"):
            await conn.exec_driver_sql(f"ANALYZE {table}")
        await conn.commit()
    async with uow_factory() as uow:
        session = await uow.feeds.session(e.ws.id, e.bob.id, first.session_id)
    assert session is not None
    last = first.entries[-1].item
    branches = ("ix_content_recommendations_unserved", "ix_content_items_workspace_id_public")
    wrong = []
    for after, generic in itertools.product((None, (last.created_at, last.id)), (False, True)):
        sql = candidates_sql(21, after is not None)
        plan = await _plan(clean_db, sql, candidates_args(session, after), generic)
        append = next(n for n in _nodes(plan) if n["Node Type"] == "Append")
        for branch, index in zip(append["Plans"], branches, strict=True):
            nodes = _nodes(branch)
            read = [n.get("Index Name") for n in nodes if "Index Name" in n]
            if (
                not read
                or read[0] != index
                or any(n["Node Type"] in ("Sort", "Seq Scan") for n in nodes)
            ):
                shape = [(n["Node Type"], n.get("Index Name")) for n in nodes]
                wrong.append((after, generic, shape))
    assert not wrong, "each branch of the feed's read walks its index in order, probing others"


async def _plan(engine: AsyncEngine, sql: str, args: list[Any], generic: bool) -> dict[str, Any]:
    """The plan for these arguments, or the generic one a prepared statement may settle on."""
    async with engine.connect() as conn:
        if generic:
            await conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
            await conn.exec_driver_sql(f"PREPARE feed_read AS {sql}")
            values = ", ".join(f"'{a}'" for a in args)
            explain = f"EXPLAIN (FORMAT JSON) EXECUTE feed_read({values})"
            explained = (await conn.exec_driver_sql(explain)).scalar_one()
            await conn.exec_driver_sql("DEALLOCATE feed_read")
        else:
            explain = "EXPLAIN (FORMAT JSON) " + sql
            explained = (await conn.exec_driver_sql(explain, tuple(args))).scalar_one()
        await conn.rollback()
    return (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]
