"""What chunk search's SQL shares: the filters and the hits' columns (nearest neighbours
are in nearest.py, BM25 on full text in text_search.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from adapters.postgres.infra.repository import uuid_or_none
from adapters.postgres.infra.statements import Sql
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
