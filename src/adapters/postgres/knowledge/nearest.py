"""Vector search's SQL: a count that chooses the path, then exact ranking or HNSW.

A search first counts, up to `most + 1`, the chunks its filters keep (a search filtered by
its workspace alone reads the workspace's kept chunk count: one indexed row), then sends
one of two statements on the same connection (the repository sets `hnsw.ef_search` for
it as asked):

- at most `most` chunks: all of them, found through the workspace, document and metadata
  indexes, ranked by exact distance in a materialized CTE (which no index can answer):
  exact answers at no more cost than HNSW;
- more: the HNSW statement, filters in its WHERE, run with
  `hnsw.iterative_scan = relaxed_order`: the scan picks `limit` rows that pass the
  filters, a materialized CTE holds them and the outer query orders them exactly
  (pgvector's advice for iterative scans).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from adapters.postgres.infra.repository import uuid_or_none
from adapters.postgres.infra.statements import Sql
from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
from adapters.postgres.knowledge.search import columns_sql, join_sql, where_sql
from domain.knowledge.search import ChunkFilter

EXACT_MAX_ROWS = 1000
"""Filters keeping at most this many chunks rank them all exactly instead of using HNSW.

Measured at 100,000 chunks of 384 dimensions (bench/vector_search.py, bench/RESULTS.md): a
filter keeping 1 % of them, 1,000 chunks, is answered exactly (recall 1.000 against 0.94
through HNSW with iterative scans) in no more time than HNSW takes. Counting up to it costs
a broader filter about that many row visits before its HNSW statement; a search filtered by
its workspace alone reads the workspace's chunk count instead (`workspace_text_stats`, kept
exact by the statistics triggers), one row."""

Scalar = Callable[[Sql], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class VectorQuery:
    filt: ChunkFilter
    embedding: list[float]
    limit: int
    min_similarity: float | None = None
    with_embeddings: bool = False


async def nearest_sql(
    query: VectorQuery, index: EmbeddingIndex, scalar: Scalar, most: int = EXACT_MAX_ROWS
) -> Sql | None:
    """The statement answering `query`, exact when its filters keep at most `most` chunks
    (`scalar` runs the count), else on HNSW; None when nothing can match."""
    count = count_sql(query.filt, most)
    if count is None:
        return None
    return vector_sql(query, index, exact=int(await scalar(count)) <= most)


def count_sql(filt: ChunkFilter, most: int = EXACT_MAX_ROWS) -> Sql | None:
    """`n`, the chunks the filters keep counted up to `most + 1` (the workspace's kept count
    when it is the only filter); None when nothing can match."""
    p = Sql()
    where = where_sql(filt, p)
    if where is None:
        return None
    if _workspace_only(filt):
        p = Sql()
        p.text = (
            "SELECT coalesce((SELECT s.chunk_count FROM workspace_text_stats s"
            f" WHERE s.workspace_id = {p(uuid_or_none(filt.workspace_id))}::uuid), 0) AS n"
        )
        return p
    p.text = (
        f"SELECT count(*) AS n FROM (SELECT 1 FROM chunks c{join_sql(filt)}"
        f" WHERE {where} LIMIT {most + 1}) kept"
    )
    return p


def vector_sql(query: VectorQuery, index: EmbeddingIndex, exact: bool) -> Sql | None:
    """The nearest `limit` chunks in exact order, found by ranking every chunk the filters
    keep (`exact`) or by the HNSW scan; None when nothing can match."""
    p = Sql()
    q = index.query(p(list(query.embedding)))
    where = where_sql(query.filt, p)
    if where is None:
        return None
    chunks = f"FROM chunks c{join_sql(query.filt)} WHERE {where} AND c.embedding IS NOT NULL"
    distance = index.distance("c.embedding", q)
    limit = p(query.limit)
    if exact:
        nearest = (
            f"few AS MATERIALIZED (SELECT c.id, {distance} AS distance {chunks}),"
            f" nearest AS MATERIALIZED (SELECT id, distance FROM few"
            f" ORDER BY distance, id LIMIT {limit})"
        )
    else:
        nearest = (
            f"nearest AS MATERIALIZED (SELECT c.id, {distance} AS distance {chunks}"
            f" ORDER BY {index.nearest('c.embedding', q)} LIMIT {limit})"
        )
    floor = ""
    if query.min_similarity is not None:
        floor = f" WHERE 1 - n.distance >= {p(float(query.min_similarity))}::float8"
    p.text = (
        f"WITH {nearest} SELECT {columns_sql(query.with_embeddings)}, 1 - n.distance AS score"
        " FROM nearest n JOIN chunks c ON c.id = n.id JOIN documents d ON d.id = c.document_id"
        f"{floor} ORDER BY n.distance, c.id"
    )
    return p


def _workspace_only(filt: ChunkFilter) -> bool:
    return not (
        filt.document_ids
        or filt.document_kinds
        or filt.document_statuses
        or filt.document_metadata
        or filt.chunk_metadata
    )
