"""Which path vector search takes: without HNSW when its filters keep few chunks, with it
otherwise, decided by the count sent before (EXPLAIN ANALYZE of the statement the count
chose shows whether HNSW ran)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from domain.knowledge.search import ChunkFilter
from tests.contract.test_exact_vector_search import (
    Kit,
    add_chunks,
    add_documents,
    corpus,
    exact,
    found,
    kit,
    on_postgres,
    statement,
)

__all__ = ["kit"]  # the contract's fixture

HNSW = "ix_chunks_embedding_hnsw"


async def hnsw_ran(engine: AsyncEngine, sql: Any) -> bool:
    """Whether executing `sql` scanned the HNSW index."""
    async with engine.begin() as conn:
        # On a tiny table a sort beats the index; without seq scans and sorts the planner
        # takes HNSW wherever it can answer the ORDER BY, as on a big table.
        for setting in ("enable_seqscan", "enable_sort"):
            await conn.exec_driver_sql(f"SET LOCAL {setting} = off")
        explain = f"EXPLAIN (ANALYZE, FORMAT JSON) {sql.text}"
        plan = (await conn.exec_driver_sql(explain, tuple(sql.args))).scalar()
    loops: list[int] = []

    def walk(node: dict[str, Any]) -> None:
        if node.get("Index Name") == HNSW:
            loops.append(node["Actual Loops"])
        for child in node.get("Plans", []):
            walk(child)

    walk((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"])
    return any(loops)


@on_postgres
async def test_selective_filters_skip_hnsw_and_broad_ones_use_it(
    uow_factory: Any, kit: Kit, clean_db: AsyncEngine
) -> None:
    chunks = await corpus(uow_factory, kit)
    q = chunks[3].embedding or []
    rare = ChunkFilter(kit.ws.id, chunk_metadata={"tag": "rare"})
    common = ChunkFilter(kit.ws.id, chunk_metadata={"tag": "common"})
    small_workspace = ChunkFilter(kit.other_ws.id)
    one_document = ChunkFilter(kit.ws.id, document_ids=(chunks[0].document_id,))
    assert not await hnsw_ran(clean_db, await statement(clean_db, rare, q, 3))
    assert not await hnsw_ran(clean_db, await statement(clean_db, small_workspace, q, 3))
    assert await hnsw_ran(clean_db, await statement(clean_db, common, q, 3))
    assert await hnsw_ran(clean_db, await statement(clean_db, one_document, q, 3))


@on_postgres
async def test_the_exact_path_keeps_the_similarity_floor_and_skips_chunks_without_embedding(
    uow_factory: Any, kit: Kit, clean_db: AsyncEngine
) -> None:
    chunks = await corpus(uow_factory, kit)
    doc = kit.document()
    bare = [kit.chunk(doc, i, metadata={"tag": "rare"}) for i in range(2)]
    await add_documents(uow_factory, doc)
    await add_chunks(uow_factory, doc, bare)
    q = chunks[10].embedding or []
    rare = [c for i, c in enumerate(chunks) if i % 10 == 0]
    rare_filter = ChunkFilter(kit.ws.id, chunk_metadata={"tag": "rare"})
    sql = await statement(clean_db, rare_filter, q, 10, 0.0)
    assert not await hnsw_ran(clean_db, sql)
    got = await found(clean_db, sql)
    assert got == exact(q, rare, 10, 0.0)
    assert got[0] == chunks[10].id
