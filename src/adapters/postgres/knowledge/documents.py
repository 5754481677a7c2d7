"""Documents: Core for rows, hand-written SQL for the nearest document embeddings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from adapters.postgres.infra.repository import after_key, uuid_or_none
from adapters.postgres.infra.statements import Sql
from adapters.postgres.knowledge.sql import (
    FLOATS,
    KnowledgeRepository,
    float_list,
    json_value,
    vector_param,
)
from adapters.postgres.knowledge.tables import documents
from domain.kernel.errors import Aborted
from domain.knowledge.model import Document
from domain.knowledge.values import DocumentKind, DocumentStatus
from ports.knowledge import DocumentFilter, SimilarDocument

_FIELDS = [c.name for c in documents.c if c.name != "embedding"]
_MUTABLE = [f for f in _FIELDS if f not in ("id", "workspace_id", "created_at", "updated_at")]
_COLUMNS = [
    *(documents.c[f] for f in _FIELDS),
    sa.cast(documents.c.embedding, FLOATS).label("embedding"),
]
# The same columns for hand-written SQL on the driver (ids and JSON as text).
_SQL_COLUMNS = (
    "d.id::text AS id, d.workspace_id::text AS workspace_id, d.owner_id::text AS owner_id, "
    "d.title, d.kind, d.source_url, d.canonical_url, d.mime_type, d.size_bytes, "
    "d.storage_key, d.content_hash, d.status, d.error_message, d.metadata::text AS metadata, "
    "d.embedding::real[] AS embedding, d.created_at, d.updated_at, d.version"
)


def _document(row: Mapping[str, Any]) -> Document:
    values = {f: row[f] for f in _FIELDS}
    values |= {
        "kind": DocumentKind(row["kind"]),
        "status": DocumentStatus(row["status"]),
        "metadata": json_value(row["metadata"]),
        "embedding": float_list(row["embedding"]),
    }
    return Document(**values)


class SqlaDocumentRepository(KnowledgeRepository):
    async def add(self, document: Document) -> None:
        values = {f: getattr(document, f) for f in _FIELDS}
        values["embedding"] = vector_param(document.embedding)
        await self.execute(documents.insert().values(values))

    async def get(self, workspace_id: str, document_id: str) -> Document | None:
        ws, key = uuid_or_none(workspace_id), uuid_or_none(document_id)
        if ws is None or key is None:
            return None
        stmt = sa.select(*_COLUMNS).where(documents.c.id == key, documents.c.workspace_id == ws)
        rows = await self.all(stmt)
        return _document(rows[0]) if rows else None

    async def update(self, document: Document, expected_version: int) -> None:
        values = {f: getattr(document, f) for f in _MUTABLE}
        values["embedding"] = vector_param(document.embedding)
        stmt = (
            documents.update()
            .where(
                documents.c.id == uuid_or_none(document.id),
                documents.c.workspace_id == uuid_or_none(document.workspace_id),
                documents.c.version == expected_version,
            )
            .values(values)
            .returning(documents.c.updated_at)
        )
        rows = await self.all(stmt)
        if not rows:
            raise Aborted("the document changed concurrently; read it again")
        document.updated_at = rows[0]["updated_at"]

    async def delete(self, workspace_id: str, document_id: str) -> bool:
        # Its chunks go by ON DELETE CASCADE.
        stmt = (
            documents.delete()
            .where(
                documents.c.id == uuid_or_none(document_id),
                documents.c.workspace_id == uuid_or_none(workspace_id),
            )
            .returning(documents.c.id)
        )
        return bool(await self.all(stmt))

    async def find(
        self, filt: DocumentFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[Document]:
        d = documents.c
        stmt = sa.select(*_COLUMNS).where(d.workspace_id == uuid_or_none(filt.workspace_id))
        if filt.kinds:
            stmt = stmt.where(d.kind.in_([str(k) for k in filt.kinds]))
        if filt.statuses:
            stmt = stmt.where(d.status.in_([str(s) for s in filt.statuses]))
        if filt.metadata:
            stmt = stmt.where(d.metadata.contains(filt.metadata))
        if filt.created_after is not None:
            stmt = stmt.where(d.created_at > filt.created_after)
        if filt.created_before is not None:
            stmt = stmt.where(d.created_at < filt.created_before)
        if (key := after_key(after)) is not None:
            stmt = stmt.where(d.id < key)
        rows = await self.all(stmt.order_by(d.id.desc()).limit(limit))
        return [_document(r) for r in rows]

    async def lock_url(self, workspace_id: str, canonical_url: str) -> None:
        key = sa.func.hashtextextended(sa.literal(workspace_id) + canonical_url, 0)
        await self.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))

    async def by_url(self, workspace_id: str, canonical_url: str) -> Document | None:
        ws = uuid_or_none(workspace_id)
        if ws is None:
            return None
        stmt = (
            sa.select(*_COLUMNS)
            .where(documents.c.workspace_id == ws, documents.c.canonical_url == canonical_url)
            .order_by(documents.c.id)
            .limit(1)
        )
        rows = await self.all(stmt)
        return _document(rows[0]) if rows else None

    async def similar(
        self, workspace_id: str, embedding: list[float], threshold: float, limit: int
    ) -> list[SimilarDocument]:
        ws = uuid_or_none(workspace_id)
        if ws is None:
            return []
        p = Sql()
        index = self._embedding
        q = index.query(p(list(embedding)))
        p.text = (
            "WITH nearest AS MATERIALIZED ("
            f" SELECT id, {index.distance('embedding', q)} AS distance FROM documents"
            f" WHERE workspace_id = {p(ws)}::uuid AND embedding IS NOT NULL"
            f" ORDER BY {index.nearest('embedding', q)} LIMIT {p(limit)})"
            f" SELECT {_SQL_COLUMNS}, 1 - n.distance AS similarity"
            " FROM nearest n JOIN documents d ON d.id = n.id"
            f" WHERE 1 - n.distance >= {p(float(threshold))}::float8"
            " ORDER BY n.distance, d.id"
        )
        rows = await self.all(self.ef_search(p))
        return [SimilarDocument(_document(r), float(r["similarity"])) for r in rows]
