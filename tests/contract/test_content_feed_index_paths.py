"""GetFeed's two reads walk their indexes in order and probe the seen and served ones,
with no sort step and no scan of a whole table (PostgreSQL, after ANALYZE)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.content.counts import Explain
from adapters.postgres.content.feeds import fresh_statement, recommended_statement
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
    statements = {
        "recommended": (recommended_statement(session, 21), "ix_content_recommendations_unserved"),
        "fresh": (fresh_statement(session, None, 21), "ix_content_items_workspace_id_public"),
        "fresh after": (
            fresh_statement(session, (last.created_at, last.id), 21),
            "ix_content_items_workspace_id_public",
        ),
    }
    wrong = []
    for name, (stmt, index) in statements.items():
        async with clean_db.connect() as conn:
            plan = (await conn.execute(Explain(stmt))).scalar_one()[0]["Plan"]
        nodes = _nodes(plan)
        read = [n.get("Index Name") for n in nodes if "Index Name" in n]
        if (
            not read
            or read[0] != index
            or any(n["Node Type"] in ("Sort", "Seq Scan") for n in nodes)
        ):
            wrong.append((name, [(n["Node Type"], n.get("Index Name")) for n in nodes]))
    assert not wrong, "each feed read walks its index in order and probes the others"
