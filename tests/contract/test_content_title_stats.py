"""The titles' BM25 statistics on PostgreSQL (migration 0016): exactly a recount of the
items after every kind of write (COPY, a retitle, a workspace's cascade), rebuilt the same
by the migration's back-fill; a ranked page's candidates can come from the title index
alone (which plan wins is the planner's cost, measured in bench/content_search.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.content.counts import Explain
from adapters.postgres.content.items import ranked_statement
from domain.content.listing import content_filter
from domain.content.model import ContentItem
from domain.content.title_bm25 import DEFAULT_TITLE_RANKING, QueryTerms, TitleWeights
from tests.contract.content_kit import ContentKit

pytestmark = pytest.mark.postgres
MIGRATION = Path(__file__).parents[2] / "migrations/versions/0016_content_title_bm25.py"
_KEPT = (
    "SELECT workspace_id::text, 'len', total_length, item_count FROM content_title_stats"
    " UNION ALL SELECT workspace_id::text, lexeme, doc_freq, 0 FROM content_title_terms"
)
_RECOUNT = (
    "SELECT workspace_id::text, 'len', sum((SELECT sum(cardinality(u.positions))"
    " FROM unnest(title_tsv) u)), count(*) FROM content_items GROUP BY 1"
    " UNION ALL SELECT workspace_id::text, u.lexeme, count(*), 0"
    " FROM content_items, unnest(title_tsv) u GROUP BY 1, 2"
)


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("strata_migration_0016", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _rows(db: AsyncEngine, sql: str) -> set[tuple[Any, ...]]:
    async with db.connect() as conn:
        return {tuple(r) for r in await conn.exec_driver_sql(sql)}


async def _copy(db: AsyncEngine, items: list[ContentItem]) -> None:
    records = [(i.id, i.workspace_id, i.creator_id, i.title) for i in items]
    async with db.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        assert raw is not None
        await raw.copy_records_to_table(
            "content_items", records=records, columns=["id", "workspace_id", "creator_id", "title"]
        )
        await conn.commit()


@pytest.fixture
async def kit(make: Any, seed: Any, uow_factory: Any) -> ContentKit:
    kit = ContentKit(make)
    await seed(*kit.entities())
    return kit


@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)
async def test_copy_retitles_and_a_workspaces_cascade_keep_the_statistics_exact(
    kit, clean_db: AsyncEngine
) -> None:
    items = [kit.item(ws=kit.ws if n % 3 else kit.other_ws) for n in range(40)]
    await _copy(clean_db, items)
    async with clean_db.connect() as conn:
        await conn.exec_driver_sql(
            "UPDATE content_items SET title = title || ' river river'"
            " WHERE title LIKE 'A%' OR title LIKE 'R%'"
        )
        await conn.exec_driver_sql("UPDATE content_items SET quality_score = 0.5")
        await conn.commit()
    assert await _rows(clean_db, _KEPT) == await _rows(clean_db, _RECOUNT)
    async with clean_db.connect() as conn:
        await conn.exec_driver_sql(f"DELETE FROM workspaces WHERE id = '{kit.other_ws.id}'")
        await conn.commit()
    kept = await _rows(clean_db, _KEPT)
    assert kept == await _rows(clean_db, _RECOUNT)
    assert {r[0] for r in kept} == {kit.ws.id}


@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)
async def test_the_back_fill_rebuilds_what_the_triggers_kept(
    uow_factory, kit, clean_db: AsyncEngine
) -> None:
    async with uow_factory() as uow:
        for n in range(30):
            await uow.content_items.add(kit.item(ws=kit.ws if n % 2 else kit.other_ws))
        await uow.commit()
    kept = await _rows(clean_db, _KEPT)
    async with clean_db.connect() as conn:
        await conn.exec_driver_sql("DELETE FROM content_title_terms")
        await conn.exec_driver_sql("DELETE FROM content_title_stats")
        for statement in _migration().BACKFILL:
            await conn.exec_driver_sql(statement)
        await conn.commit()
    assert kept and await _rows(clean_db, _KEPT) == kept


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(n for child in plan.get("Plans", []) for n in _nodes(child))]


@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)
async def test_a_ranked_page_can_find_its_candidates_by_the_title_index_alone(
    uow_factory, kit, clean_db: AsyncEngine
) -> None:
    titles = ["common words only"] * 20000 + ["river"]
    await _copy(clean_db, [kit.item(title=t) for t in titles])
    async with clean_db.connect() as conn:
        await conn.exec_driver_sql("ANALYZE content_items")
        await conn.commit()
        async with uow_factory(read_only=True) as uow:
            corpus = await uow.content_items.title_corpus(kit.ws.id, ("river",))
        weights = TitleWeights.of(QueryTerms.of("river"), corpus, DEFAULT_TITLE_RANKING)
        stmt = ranked_statement(content_filter(kit.ws.id, query="river"), weights, None, 11)
        await conn.exec_driver_sql("SET enable_seqscan = off")  # a plan, not a cost
        plan = (await conn.execute(Explain(stmt))).scalar_one()[0]["Plan"]
    nodes = _nodes(plan)
    assert "ix_content_items_title_tsv" in {n.get("Index Name") for n in nodes}
    assert not any(n["Node Type"] == "Seq Scan" for n in nodes), "no item is scanned"
