"""Chunk and document search on a database migrated with STRATA_EMBEDDING_INDEX=halfvec.

The same contract as on the default database (the classes below re-run it), and the
adapter's SQL is answered by the halfvec expression index.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.knowledge import SqlaDocumentRepository
from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
from adapters.postgres.knowledge.nearest import VectorQuery, vector_sql
from domain.knowledge.search import ChunkFilter
from tests.conftest import HALFVEC
from tests.contract.test_knowledge_repositories import TestChunks as _Chunks
from tests.contract.test_knowledge_repositories import TestDocuments as _Documents
from tests.contract.test_knowledge_repositories import kit, random_vector

__all__ = ["kit"]  # the contract's fixture, used here by the classes it re-runs

on_halfvec = pytest.mark.parametrize(
    "uow_factory", [pytest.param("postgres-halfvec", marks=pytest.mark.postgres)], indirect=True
)


@on_halfvec
class TestChunksOnHalfvec(_Chunks):
    pass


@on_halfvec
class TestDocumentSimilarityOnHalfvec:
    test_by_url_and_similar_stay_in_the_workspace = (
        _Documents.test_by_url_and_similar_stay_in_the_workspace
    )


def capturing(repository: type, index: EmbeddingIndex) -> Any:
    """A repository that keeps the SQL it would send, instead of sending it."""

    class Capturing(repository):
        async def _hand_written(self, sql: Any) -> list[Any]:
            self.sent.append((sql.text, sql.args))
            return []

    captured = Capturing(None, index)
    captured.sent = []
    return captured


async def indexes_used(engine: AsyncEngine, sql: str, args: list[Any]) -> set[str]:
    async with engine.begin() as conn:
        # On a near-empty table every plan is cheap; with seq scans and sorts off the planner
        # takes the HNSW index whenever it can answer the ORDER BY.
        for setting in ("enable_seqscan", "enable_sort"):
            await conn.exec_driver_sql(f"SET LOCAL {setting} = off")
        plan = (await conn.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}", tuple(args))).scalar()
    found: set[str] = set()

    def walk(node: dict[str, Any]) -> None:
        found.add(node.get("Index Name", ""))
        for child in node.get("Plans", []):
            walk(child)

    walk((json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"])
    return found - {""}


@pytest.mark.parametrize(
    "index", [HALFVEC, EmbeddingIndex("vector", HALFVEC.dim)], ids=lambda i: i.kind
)
async def test_only_sql_written_for_halfvec_uses_the_halfvec_index(
    halfvec_engine: AsyncEngine, index: EmbeddingIndex
) -> None:
    q = random_vector(random.Random(3))
    ws = "01900000-0000-7000-8000-000000000000"
    chunks = vector_sql(VectorQuery(ChunkFilter(ws), q, 10), index, exact=False)
    assert chunks is not None
    documents = capturing(SqlaDocumentRepository, index)
    await documents.similar(ws, q, 0.5, 10)
    hnsw = index == HALFVEC
    used = await indexes_used(halfvec_engine, chunks.text, chunks.args)
    assert ("ix_chunks_embedding_hnsw" in used) is hnsw, used
    used = await indexes_used(halfvec_engine, *documents.sent[0])
    assert ("ix_documents_embedding_hnsw" in used) is hnsw, used
