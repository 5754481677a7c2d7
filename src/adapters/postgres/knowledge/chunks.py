"""Chunks: a document's chunks replaced in bulk, and searched by vector or by words."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from adapters.postgres.infra.engine import DEFAULT_EF_SEARCH
from adapters.postgres.infra.repository import uuid_or_none
from adapters.postgres.knowledge.chunk_copy import copy_chunks, records
from adapters.postgres.knowledge.nearest import VectorQuery, nearest_sql
from adapters.postgres.knowledge.search import hits
from adapters.postgres.knowledge.sql import KnowledgeRepository
from adapters.postgres.knowledge.tables import chunks, documents
from adapters.postgres.knowledge.text_search import text_sql
from domain.kernel.errors import NotFound
from domain.knowledge.model import Chunk
from domain.knowledge.search import ChunkFilter, ChunkHit
from domain.knowledge.text_query import DEFAULT_RANKING, TextQuery, TextRanking


class SqlaChunkRepository(KnowledgeRepository):
    async def _lock(self, workspace_id: str, document_id: str) -> tuple[str, str, datetime]:
        """The document's canonical ids and the transaction's time, the document locked
        FOR NO KEY UPDATE (replaces of one document queue); NotFound when absent."""
        ws, doc = uuid_or_none(workspace_id), uuid_or_none(document_id)
        owner = (
            sa.select(documents.c.id, sa.func.now().label("now"))
            .where(documents.c.id == doc, documents.c.workspace_id == ws)
            .with_for_update(key_share=True)
        )
        if ws is None or doc is None or not (found := await self.all(owner)):
            raise NotFound("the referenced document was not found")
        return ws, doc, found[0]["now"]

    async def replace(self, workspace_id: str, document_id: str, chunks_: Iterable[Chunk]) -> None:
        """Lock the document, delete its chunks, COPY the new ones (all in the unit of
        work's transaction: a row refused midway leaves nothing of the replace)."""
        ws, doc, now = await self._lock(workspace_id, document_id)
        await self.execute(chunks.delete().where(chunks.c.document_id == doc))
        await self._copy(ws, doc, now, chunks_)

    async def append(self, workspace_id: str, document_id: str, chunks_: Iterable[Chunk]) -> None:
        ws, doc, now = await self._lock(workspace_id, document_id)
        await self._copy(ws, doc, now, chunks_)

    async def _copy(self, ws: str, doc: str, now: datetime, chunks_: Iterable[Chunk]) -> None:
        """COPY as the chunks are made: PostgreSQL takes the first while the rest are made."""
        rows = iter(chunks_)
        first = next(rows, None)
        if first is not None:
            made = records(doc, ws, itertools.chain([first], rows), now)
            await copy_chunks(await self._s.conn(), made, self._s.observer)

    async def count(self, workspace_id: str, document_id: str) -> int:
        stmt = (
            sa.select(sa.func.count().label("n"))
            .select_from(chunks)
            .where(
                chunks.c.document_id == uuid_or_none(document_id),
                chunks.c.workspace_id == uuid_or_none(workspace_id),
            )
        )
        return int(await self.scalar(stmt))

    async def vector_search(
        self,
        filt: ChunkFilter,
        embedding: list[float],
        limit: int,
        min_similarity: float | None,
        ef_search: int | None,
        with_embeddings: bool = False,
    ) -> list[ChunkHit]:
        query = VectorQuery(filt, embedding, limit, min_similarity, with_embeddings)
        sql = await nearest_sql(query, self._embedding, self.scalar)
        if sql is None:
            return []
        return hits(await self.all(self.ef_search(sql, ef_search or DEFAULT_EF_SEARCH)))

    async def text_search(
        self,
        filt: ChunkFilter,
        query: TextQuery,
        limit: int,
        with_embeddings: bool = False,
        ranking: TextRanking = DEFAULT_RANKING,
    ) -> list[ChunkHit]:
        sql = text_sql(filt, query, limit, with_embeddings, ranking)
        rows = await self.all(sql) if sql is not None else []
        return [
            dataclasses.replace(hit, missing_phrase=row["missing_phrase"])
            for hit, row in zip(hits(rows), rows, strict=True)
        ]
