"""Chunks in memory: replaced per document, searched exactly (cosine) or by words."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import UTC, datetime

from adapters.memory.knowledge.bm25 import CorpusStats
from adapters.memory.knowledge.full_text import holds_phrases, matches, positions, query_lexemes
from adapters.memory.knowledge.values import Tables, contains, f32, similarity
from domain.kernel.errors import AlreadyExists, NotFound
from domain.knowledge.model import Chunk, Document
from domain.knowledge.search import ChunkFilter, ChunkHit
from domain.knowledge.text_query import DEFAULT_RANKING, TextQuery, TextRanking


class InMemoryChunkRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, Chunk] = tables["chunks"]

    def _document(self, workspace_id: str, document_id: str) -> Document | None:
        doc = self._tables["documents"].get(document_id)
        return doc if doc is not None and doc.workspace_id == workspace_id else None

    async def replace(self, workspace_id: str, document_id: str, chunks: Iterable[Chunk]) -> None:
        chunks = list(chunks)
        if self._document(workspace_id, document_id) is None:
            raise NotFound("the referenced document was not found")
        for key in [k for k, c in self._t.items() if c.document_id == document_id]:
            del self._t[key]
        await self.append(workspace_id, document_id, chunks)

    async def append(self, workspace_id: str, document_id: str, chunks: Iterable[Chunk]) -> None:
        chunks = list(chunks)
        if self._document(workspace_id, document_id) is None:
            raise NotFound("the referenced document was not found")
        ordinals = [c.ordinal for c in chunks]
        ordinals += [c.ordinal for c in self._t.values() if c.document_id == document_id]
        if len(set(ordinals)) != len(ordinals):
            raise AlreadyExists("two chunks have the same ordinal", field="ordinal")
        if any(c.id in self._t for c in chunks):
            raise AlreadyExists("the resource already exists", field="id")
        now = datetime.now(UTC)
        for c in chunks:
            stored = copy.deepcopy(c)
            stored.document_id, stored.workspace_id = document_id, workspace_id
            stored.embedding = f32(c.embedding)
            stored.created_at = c.created_at or now
            self._t[c.id] = stored

    async def count(self, workspace_id: str, document_id: str) -> int:
        return sum(
            1
            for c in self._t.values()
            if c.document_id == document_id and c.workspace_id == workspace_id
        )

    def _candidates(self, f: ChunkFilter) -> Iterable[tuple[Chunk, Document]]:
        documents = self._tables["documents"]
        for c in self._t.values():
            d = documents[c.document_id]
            if (
                c.workspace_id == f.workspace_id
                and (not f.document_ids or c.document_id in f.document_ids)
                and (not f.document_kinds or d.kind in f.document_kinds)
                and (not f.document_statuses or d.status in f.document_statuses)
                and contains(d.metadata, f.document_metadata)
                and contains(c.metadata, f.chunk_metadata)
            ):
                yield c, d

    @staticmethod
    def _hits(
        scored: list[tuple[float, Chunk, Document]],
        limit: int,
        with_embeddings: bool,
        missing: frozenset[str] = frozenset(),
    ) -> list[ChunkHit]:
        """The best `limit` by score (those `missing` a phrase last), ties by id."""
        scored.sort(key=lambda t: (t[1].id in missing, -t[0], t[1].id))
        chunks = [copy.deepcopy(c) for _, c, _ in scored[:limit]]
        if not with_embeddings:
            for c in chunks:
                c.embedding = None
        return [
            ChunkHit(c, d.title, s, rank, missing_phrase=c.id in missing)
            for rank, (c, (s, _, d)) in enumerate(zip(chunks, scored, strict=False), start=1)
        ]

    async def vector_search(
        self,
        filt: ChunkFilter,
        embedding: list[float],
        limit: int,
        min_similarity: float | None,
        ef_search: int | None,
        with_embeddings: bool = False,
    ) -> list[ChunkHit]:
        query = f32(embedding) or []
        scored = [
            (similarity(query, c.embedding), c, d)
            for c, d in self._candidates(filt)
            if c.embedding is not None
        ]
        if min_similarity is not None:
            scored = [t for t in scored if t[0] >= min_similarity]
        return self._hits(scored, limit, with_embeddings)

    async def text_search(
        self,
        filt: ChunkFilter,
        query: TextQuery,
        limit: int,
        with_embeddings: bool = False,
        ranking: TextRanking = DEFAULT_RANKING,
    ) -> list[ChunkHit]:
        config = ranking.config
        if query.is_empty:
            return []
        terms = query_lexemes(query, config)
        docs = {
            c.id: positions(c.content, config)
            for c in self._t.values()
            if c.workspace_id == filt.workspace_id
        }
        stats = CorpusStats.of(docs.values(), set(terms))
        scored, missing = [], set()
        for c, d in self._candidates(filt):
            doc = docs[c.id]
            if matches(doc, query, config):
                scored.append((stats.score(doc, terms, ranking), c, d))
                if not holds_phrases(doc, query, config):
                    missing.add(c.id)
        return self._hits(scored, limit, with_embeddings, frozenset(missing))
