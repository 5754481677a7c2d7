"""Chunks: a document's chunks replaced in bulk, and searched by vector or by words."""

from __future__ import annotations

import sqlalchemy as sa
from pgvector.sqlalchemy import Vector

from adapters.postgres.knowledge.search import hits, text_sql, vector_sql
from adapters.postgres.knowledge.sql import DEFAULT_EF_SEARCH, FLOATS, KnowledgeRepository
from adapters.postgres.knowledge_tables import chunks, documents
from adapters.postgres.repository import uuid_or_none
from domain.errors import NotFound
from domain.knowledge.model import Chunk
from domain.knowledge.search import ChunkFilter, ChunkHit


class SqlaChunkRepository(KnowledgeRepository):
    _INSERT = chunks.insert().values(
        embedding=sa.cast(sa.bindparam("vector", type_=FLOATS), Vector()),
        created_at=sa.func.coalesce(
            sa.bindparam("created", type_=chunks.c.created_at.type), sa.func.now()
        ),
    )

    async def replace(self, workspace_id: str, document_id: str, chunks_: list[Chunk]) -> None:
        ws, doc = uuid_or_none(workspace_id), uuid_or_none(document_id)
        owner = (
            sa.select(documents.c.id)
            .where(documents.c.id == doc, documents.c.workspace_id == ws)
            .with_for_update(key_share=True)  # FOR NO KEY UPDATE: replaces of one document queue
        )
        if ws is None or doc is None or not await self._core(owner):
            raise NotFound("the referenced document was not found")
        await self._core(chunks.delete().where(chunks.c.document_id == doc))
        if not chunks_:
            return
        rows = [
            {
                "id": c.id,
                "document_id": doc,
                "workspace_id": ws,
                "ordinal": c.ordinal,
                "content": c.content,
                "vector": list(c.embedding) if c.embedding is not None else None,
                "token_count": c.token_count,
                "metadata": c.metadata,
                "created": c.created_at,
            }
            for c in chunks_
        ]
        await self._core(self._INSERT, *rows)  # one executemany

    async def count(self, workspace_id: str, document_id: str) -> int:
        stmt = (
            sa.select(sa.func.count().label("n"))
            .select_from(chunks)
            .where(
                chunks.c.document_id == uuid_or_none(document_id),
                chunks.c.workspace_id == uuid_or_none(workspace_id),
            )
        )
        return int((await self._core(stmt))[0]["n"])

    async def vector_search(
        self,
        filt: ChunkFilter,
        embedding: list[float],
        limit: int,
        min_similarity: float | None,
        ef_search: int | None,
    ) -> list[ChunkHit]:
        sql = vector_sql(filt, embedding, limit, min_similarity)
        if sql is None:
            return []
        return hits(await self._fetch(sql.text, sql.args, ef_search or DEFAULT_EF_SEARCH))

    async def text_search(self, filt: ChunkFilter, query: str, limit: int) -> list[ChunkHit]:
        sql = text_sql(filt, query, limit)
        return hits(await self._fetch(sql.text, sql.args)) if sql is not None else []
