"""The HNSW index on embeddings: which kind (vector or halfvec), its DDL, and the SQL that uses it.

The columns stay `vector(D)`. The halfvec kind indexes `embedding::halfvec(D)` (half the
size): a search orders by that expression to reach the index, and computes the distances
it returns, and its final order, on the full-precision column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pgvector.sqlalchemy import HALFVEC
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.kernel.errors import FailedPrecondition
from domain.knowledge.embedding_limits import MAX_DIM, Kind, best_kind

HNSW = {"m": 16, "ef_construction": 64}

_CATALOG = """
SELECT format_type(a.atttypid, a.atttypmod) AS column_type, o.opcname AS opclass,
       pg_get_expr(i.indexprs, i.indrelid) AS expression
FROM pg_attribute a
LEFT JOIN pg_class x ON x.relname = 'ix_chunks_embedding_hnsw'
    AND x.relnamespace = 'public'::regnamespace
LEFT JOIN pg_index i ON i.indexrelid = x.oid
LEFT JOIN pg_opclass o ON o.oid = i.indclass[0]
WHERE a.attrelid = to_regclass('public.chunks') AND a.attname = 'embedding'
"""


@dataclass(frozen=True, slots=True)
class EmbeddingIndex:
    kind: Kind
    dim: int

    @classmethod
    def of(cls, dim: int, kind: str | None = None) -> EmbeddingIndex:
        """`kind`, or unset the best for `dim`; ValueError when pgvector has no such index."""
        chosen = (kind or "").strip().lower() or best_kind(dim) or "halfvec"
        if chosen not in MAX_DIM or dim > MAX_DIM[chosen]:
            raise ValueError(
                f"no {chosen} HNSW index for {dim} dimensions: vector takes up to "
                f"{MAX_DIM['vector']}, halfvec up to {MAX_DIM['halfvec']}"
            )
        return cls(chosen, dim)

    def describe(self) -> str:
        return f"vector({self.dim}) with a {self.kind} HNSW index"

    def query(self, param: str) -> str:
        """A `real[]` parameter as the columns' type."""
        return f"{param}::real[]::vector({self.dim})"

    def distance(self, column: str, query: str) -> str:
        """The exact cosine distance, on the full-precision column."""
        return f"{column} <=> {query}"

    def nearest(self, column: str, query: str) -> str:
        """What ORDER BY must say for the HNSW index to answer it: the indexed expression."""
        if self.kind == "vector":
            return self.distance(column, query)
        half = f"::halfvec({self.dim})"
        return f"{column}{half} <=> {query}{half}"

    def hnsw(self, table: sa.Table) -> sa.Index:
        """`ix_<table>_embedding_hnsw` on `table.embedding`, as migration 0003 creates it."""
        column: sa.ColumnElement[object] = table.c.embedding
        if self.kind == "halfvec":
            column = sa.cast(column, HALFVEC(self.dim)).label("embedding")
        return sa.Index(
            f"ix_{table.name}_embedding_hnsw",
            column,
            postgresql_using="hnsw",
            postgresql_with=HNSW,
            postgresql_ops={"embedding": f"{self.kind}_cosine_ops"},
        )


async def read_embedding_index(conn: AsyncConnection) -> EmbeddingIndex:
    """What the database was migrated with, from its catalog.

    Raises FailedPrecondition when it has no `chunks.embedding vector(D)`, no cosine HNSW
    index on it, or one that is not what migration 0003 makes."""
    row: Mapping[Any, Any] = (await conn.exec_driver_sql(_CATALOG)).mappings().first() or {}
    column_type = str(row.get("column_type") or "")
    if not column_type.startswith("vector("):
        raise _unusable("it has no chunks.embedding vector column (is it migrated?)")
    dim = int(column_type.removeprefix("vector(").removesuffix(")"))
    kind = str(row.get("opclass") or "").removesuffix("_cosine_ops")
    if kind not in MAX_DIM:
        raise _unusable(f"chunks.embedding is {column_type} without a cosine HNSW index")
    expression = row.get("expression") or "embedding"
    wanted = "embedding" if kind == "vector" else f"(embedding)::halfvec({dim})"
    if expression != wanted:
        raise _unusable(f"ix_chunks_embedding_hnsw is on {expression}, not {wanted}")
    return EmbeddingIndex(kind, dim)


def _unusable(reason: str) -> FailedPrecondition:
    return FailedPrecondition(f"the database cannot serve embeddings: {reason}")
