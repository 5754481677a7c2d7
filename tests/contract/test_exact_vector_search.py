"""Vector search ranks the chunks exactly when its filters keep few of them, else uses HNSW.

The repository counts the chunks the filters keep, then sends the statement of the path the
count chooses; here the threshold is lowered to a handful so that small corpora fall on
both sides of it.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.knowledge.nearest import VectorQuery, count_sql, nearest_sql
from adapters.postgres.knowledge.tables import EMBEDDING_INDEX
from domain.knowledge.model import Chunk
from domain.knowledge.search import ChunkFilter
from domain.knowledge.values import DocumentKind
from tests.contract.test_knowledge_repositories import (
    D,
    Kit,
    add_chunks,
    add_documents,
    cosine,
    f32,
    kit,
)

__all__ = ["kit"]  # the contract's fixture

THRESHOLD = 6  # in these tests, filters keeping at most 6 chunks rank them exactly


def random_vector(rng: random.Random) -> list[float]:
    """Random in 8 of the D dimensions: HNSW finds every true neighbour among a few dozen
    such vectors, so both paths must give the exact ranking (random vectors in all D
    dimensions are nearly equidistant, and HNSW may miss some)."""
    return f32([rng.gauss(0.0, 1.0) for _ in range(8)] + [0.0] * (D - 8))


on_postgres = pytest.mark.parametrize(
    "uow_factory", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


async def corpus(uow_factory: Any, kit: Kit) -> list[Chunk]:
    """40 chunks in two documents (the second a dataset); every tenth tagged "rare", the
    other even ones "common"; and 5 chunks of another workspace, all tagged "rare"."""
    rng = random.Random(11)
    doc, dataset = kit.document(), kit.document(kind=DocumentKind.DATASET)
    elsewhere = kit.document(ws=kit.other_ws)
    chunks = [
        kit.chunk(
            doc if i < 20 else dataset,
            i % 20,
            embedding=random_vector(rng),
            metadata={"tag": "rare" if i % 10 == 0 else "common" if i % 2 == 0 else "odd"},
        )
        for i in range(40)
    ]
    others = [
        kit.chunk(elsewhere, i, embedding=random_vector(rng), metadata={"tag": "rare"})
        for i in range(5)
    ]
    await add_documents(uow_factory, doc, dataset, elsewhere)
    await add_chunks(uow_factory, doc, chunks[:20])
    await add_chunks(uow_factory, dataset, chunks[20:])
    await add_chunks(uow_factory, elsewhere, others)
    return chunks


def exact(q: list[float], chunks: list[Chunk], limit: int, floor: float = -2.0) -> list[str]:
    scored = sorted((-cosine(q, c.embedding or []), c.id) for c in chunks)
    return [cid for neg, cid in scored if -neg >= floor][:limit]


async def scalar_on(engine: AsyncEngine, sql: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.exec_driver_sql(sql.text, tuple(sql.args))).scalar()


async def statement(
    engine: AsyncEngine, filt: ChunkFilter, q: list[float], limit: int, floor: float | None = None
) -> Any:
    """What the repository sends for this search at THRESHOLD, after its count."""

    async def scalar(sql: Any) -> Any:
        return await scalar_on(engine, sql)

    query = VectorQuery(filt, q, limit, floor)
    sql = await nearest_sql(query, EMBEDDING_INDEX, scalar, most=THRESHOLD)
    assert sql is not None
    return sql


async def found(engine: AsyncEngine, sql: Any) -> list[str]:
    async with engine.connect() as conn:
        result = await conn.exec_driver_sql(sql.text, tuple(sql.args))
        return [row.id for row in result]


@on_postgres
@pytest.mark.parametrize(
    ("filt", "kept"),
    [
        ({"chunk_metadata": {"tag": "rare"}}, lambda i: i % 10 == 0),
        ({"chunk_metadata": {"tag": "common"}}, lambda i: i % 2 == 0 and i % 10),
        ({}, lambda i: True),
        ({"document_kinds": (DocumentKind.DATASET,)}, lambda i: i >= 20),
        (
            {"document_kinds": (DocumentKind.DATASET,), "chunk_metadata": {"tag": "rare"}},
            lambda i: i >= 20 and i % 10 == 0,
        ),
    ],
    ids=["4 rare", "16 common", "workspace", "dataset join", "rare in dataset"],
)
async def test_filtered_search_equals_the_exact_ranking_on_both_sides_of_the_threshold(
    uow_factory: Any, kit: Kit, clean_db: AsyncEngine, filt: dict[str, Any], kept: Any
) -> None:
    chunks = await corpus(uow_factory, kit)
    rng = random.Random(5)
    pool = [c for i, c in enumerate(chunks) if kept(i)]
    for _ in range(3):
        q = random_vector(rng)
        sql = await statement(clean_db, ChunkFilter(kit.ws.id, **filt), q, 5)
        assert await found(clean_db, sql) == exact(q, pool, 5)


@on_postgres
async def test_the_repository_ranks_a_filtered_search_exactly(uow_factory: Any, kit: Kit) -> None:
    chunks = await corpus(uow_factory, kit)
    q = random_vector(random.Random(8))
    filt = ChunkFilter(kit.ws.id, chunk_metadata={"tag": "common"})
    async with uow_factory(read_only=True) as uow:
        hits = await uow.chunks.vector_search(filt, q, 10, None, None)
    common = [c for i, c in enumerate(chunks) if i % 2 == 0 and i % 10]
    assert [h.chunk.id for h in hits] == exact(q, common, 10)


@on_postgres
async def test_the_count_stops_one_past_the_threshold_and_reads_a_workspace_s_kept_count(
    uow_factory: Any, kit: Kit, clean_db: AsyncEngine
) -> None:
    await corpus(uow_factory, kit)

    async def count(**filt: Any) -> int:
        return int(await scalar_on(clean_db, count_sql(ChunkFilter(**filt), most=THRESHOLD)))

    assert await count(workspace_id=kit.ws.id, chunk_metadata={"tag": "rare"}) == 4
    assert await count(workspace_id=kit.ws.id, chunk_metadata={"tag": "common"}) == THRESHOLD + 1
    assert await count(workspace_id=kit.ws.id) == 40
    assert await count(workspace_id=kit.other_ws.id) == 5
    assert count_sql(ChunkFilter("not a workspace id")) is None
