"""The SQL of chunk search: nearest neighbours, exact or on HNSW, the filters and the hits'
columns (BM25 on full text is in text_search.py).

A vector search first counts, up to EXACT_MAX_ROWS + 1, the chunks its filters keep. When
they are that few it ranks all of them exactly (found through the workspace, document and
metadata indexes): exact answers at no more cost than HNSW. Otherwise it runs on HNSW with
`hnsw.ef_search` and `hnsw.iterative_scan = relaxed_order` set for its transaction: the scan
picks `limit` rows that pass the filters, a materialized CTE holds them and the outer query
orders them exactly (pgvector's advice for iterative scans). One statement does both.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from adapters.postgres.infra.repository import uuid_or_none
from adapters.postgres.infra.statements import Sql
from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
from adapters.postgres.knowledge.sql import float_list, json_value
from domain.knowledge.model import Chunk
from domain.knowledge.search import ChunkFilter, ChunkHit

_COLUMNS = (
    "c.id::text AS id, c.document_id::text AS document_id, c.workspace_id::text AS "
    "workspace_id, c.ordinal, c.content, c.token_count, c.metadata::text AS metadata, "
    "c.created_at, d.title, "
)


def columns_sql(with_embeddings: bool) -> str:
    """Embeddings are read (detoasted, sent, decoded) only when the caller wants them."""
    return _COLUMNS + (
        "c.embedding::real[] AS embedding" if with_embeddings else "NULL AS embedding"
    )


def _chunk(row: Mapping[str, Any]) -> Chunk:
    return Chunk(
        id=row["id"],
        document_id=row["document_id"],
        workspace_id=row["workspace_id"],
        ordinal=row["ordinal"],
        content=row["content"],
        embedding=float_list(row["embedding"]),
        token_count=row["token_count"],
        metadata=json_value(row["metadata"]),
        created_at=row["created_at"],
    )


def hits(rows: list[Any]) -> list[ChunkHit]:
    return [
        ChunkHit(_chunk(r), r["title"], float(r["score"]), rank)
        for rank, r in enumerate(rows, start=1)
    ]


def where_sql(filt: ChunkFilter, p: Sql) -> str | None:
    """The filter as SQL over `c` (chunks) and `d` (documents); None: nothing can match."""
    ws = uuid_or_none(filt.workspace_id)
    ids = [k for k in map(uuid_or_none, filt.document_ids) if k]
    if ws is None or (filt.document_ids and not ids):
        return None
    where = [f"c.workspace_id = {p(ws)}::uuid"]
    if ids:
        where.append(f"c.document_id = ANY({p(ids)}::uuid[])")
    if filt.document_kinds:
        where.append(f"d.kind = ANY({p([str(k) for k in filt.document_kinds])}::text[])")
    if filt.document_statuses:
        where.append(f"d.status = ANY({p([str(s) for s in filt.document_statuses])}::text[])")
    if filt.document_metadata:
        where.append(f"d.metadata @> {p(json.dumps(filt.document_metadata))}::text::jsonb")
    if filt.chunk_metadata:
        where.append(f"c.metadata @> {p(json.dumps(filt.chunk_metadata))}::text::jsonb")
    return " AND ".join(where)


def join_sql(filt: ChunkFilter) -> str:
    """The documents join, only where a filter needs it: alone, chunks can use HNSW."""
    needed = filt.document_kinds or filt.document_statuses or filt.document_metadata
    return " JOIN documents d ON d.id = c.document_id" if needed else ""


EXACT_MAX_ROWS = 1000
"""Filters keeping at most this many chunks rank them all exactly instead of using HNSW.

Measured at 100,000 chunks of 384 dimensions (bench/vector_search.py, bench/RESULTS.md): a
filter keeping 1 % of them, 1,000 chunks, is answered exactly (recall 1.000 against 0.94
through HNSW with iterative scans) in no more time than HNSW takes. Counting up to it costs
a broader filter about that many row visits before its HNSW scan; a search filtered by its
workspace alone reads the workspace's chunk count instead (`workspace_text_stats`, kept
exact by the statistics triggers), one row."""


def vector_sql(
    filt: ChunkFilter,
    embedding: list[float],
    limit: int,
    min_similarity: float | None,
    with_embeddings: bool,
    index: EmbeddingIndex,
    exact_max_rows: int = EXACT_MAX_ROWS,
) -> Sql | None:
    """The nearest `limit` chunks in exact order; None when nothing can match. Filters
    keeping at most `exact_max_rows` chunks rank them all exactly, others use HNSW."""
    p = Sql()
    q = index.query(p(list(embedding)))
    where = where_sql(filt, p)
    if where is None:
        return None
    floor = ""
    if min_similarity is not None:
        floor = f" WHERE 1 - n.distance >= {p(float(min_similarity))}::float8"
    workspace = p(uuid_or_none(filt.workspace_id)) if _workspace_only(filt) else None
    p.text = (
        f"WITH {_nearest_sql(filt, where, q, p(limit), index, exact_max_rows, workspace)}"
        f" SELECT {columns_sql(with_embeddings)}, 1 - n.distance AS score"
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


def _nearest_sql(
    filt: ChunkFilter,
    where: str,
    q: str,
    limit: str,
    index: EmbeddingIndex,
    most: int,
    workspace: str | None,
) -> str:
    """CTEs ending in `nearest (id, distance)`: the filtered chunks ranked exactly when
    `probe` finds at most `most` of them, else the HNSW scan's `limit` rows. `workspace`
    (its parameter), when the workspace is the only filter: its kept chunk count decides.

    Each branch is gated by a one-time filter on the probe's count, so PostgreSQL runs
    only one of them. The exact branch orders a materialized CTE, which no index can
    answer; the HNSW branch hides its filters from the other indexes and from the row
    estimate (a CASE is estimated to keep half the rows), so that it takes HNSW under
    any plan, generic ones included: it runs only when the filters keep many rows."""
    chunks = f"FROM chunks c{join_sql(filt)}"
    count = "(SELECT count(*) FROM probe)"
    probe = f"SELECT 1 {chunks} WHERE {where} LIMIT {most + 1}"
    if workspace is not None:
        count = "(SELECT n FROM probe)"
        probe = (
            "SELECT coalesce((SELECT s.chunk_count FROM workspace_text_stats s"
            f" WHERE s.workspace_id = {workspace}::uuid), 0) AS n"
        )
    distance = index.distance("c.embedding", q)
    return (
        f"probe AS MATERIALIZED ({probe}),"
        f" few AS MATERIALIZED (SELECT c.id, {distance} AS distance {chunks}"
        f" WHERE {where} AND c.embedding IS NOT NULL AND {count} <= {most} LIMIT {most}),"
        " nearest AS MATERIALIZED ("
        f"(SELECT id, distance FROM few ORDER BY distance, id LIMIT {limit})"
        f" UNION ALL (SELECT c.id, {distance} {chunks}"
        f" WHERE CASE WHEN {where} THEN true END AND c.embedding IS NOT NULL"
        f" AND {count} > {most} ORDER BY {index.nearest('c.embedding', q)} LIMIT {limit}))"
    )
