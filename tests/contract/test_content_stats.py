"""GetContentStats on every adapter against plain Python, and on PostgreSQL against SQL
written here independently of the adapter."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from ports.uow import UnitOfWorkFactory
from tests.contract.content_kit import ContentKit, expected_stats

TOP = 4


@pytest.fixture
async def stocked(make: Any, seed: Any, uow_factory: UnitOfWorkFactory) -> ContentKit:
    kit = ContentKit(make, seed=11)
    await seed(*kit.entities())
    kit.items = [kit.item() for _ in range(80)] + [kit.item(ws=kit.other_ws) for _ in range(5)]
    async with uow_factory() as uow:
        for item in kit.items:
            await uow.content_items.add(item)
        await uow.commit()
    return kit


async def test_stats_count_by_type_origin_visibility_with_mean_quality_and_top_tags(
    uow_factory, stocked
) -> None:
    want = expected_stats(stocked.items, stocked.ws.id)
    async with uow_factory(read_only=True) as uow:
        got = await uow.content_items.stats(stocked.ws.id, TOP)
    assert (got.total, got.by_type, got.by_origin, got.by_visibility, got.rated) == (
        want["total"],
        want["by_type"],
        want["by_origin"],
        want["by_visibility"],
        want["rated"],
    )
    assert got.mean_quality == pytest.approx(want["mean_quality"], abs=1e-12)
    ranked = sorted(want["tags"].items(), key=lambda kv: (-kv[1], kv[0]))
    assert got.top_tags == ranked[:TOP]


async def test_an_empty_workspace_has_no_mean_quality(uow_factory, make, seed) -> None:
    kit = ContentKit(make)
    await seed(*kit.entities())
    async with uow_factory(read_only=True) as uow:
        got = await uow.content_items.stats(kit.ws.id, TOP)
    assert (got.total, got.rated, got.mean_quality, got.top_tags) == (0, 0, None, [])
    assert set(got.by_type.values()) == {0}


@pytest.mark.postgres
@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)
async def test_stats_match_sql_written_independently(
    uow_factory, stocked, clean_db: AsyncEngine
) -> None:
    ws = {"ws": stocked.ws.id}
    async with clean_db.connect() as conn:

        async def grouped(column: str) -> dict[str, int]:
            sql = (
                f"SELECT {column}, count(*) FROM content_items WHERE workspace_id = :ws GROUP BY 1"
            )
            return {k: n for k, n in (await conn.execute(sa.text(sql), ws)).all()}

        by_type, by_origin = await grouped("content_type"), await grouped("origin")
        mean = (
            await conn.execute(
                sa.text("SELECT avg(quality_score) FROM content_items WHERE workspace_id = :ws"), ws
            )
        ).scalar()
        tags = (
            await conn.execute(
                sa.text(
                    "SELECT t, count(*) FROM content_items, unnest(tags) t"
                    ' WHERE workspace_id = :ws GROUP BY t ORDER BY 2 DESC, t COLLATE "C" LIMIT :n'
                ),
                ws | {"n": TOP},
            )
        ).all()
    async with uow_factory(read_only=True) as uow:
        got = await uow.content_items.stats(stocked.ws.id, TOP)
    assert {k: v for k, v in got.by_type.items() if v} == by_type
    assert {k: v for k, v in got.by_origin.items() if v} == by_origin
    assert got.mean_quality == pytest.approx(mean, abs=1e-12)
    assert got.top_tags == [(t, n) for t, n in tags]
