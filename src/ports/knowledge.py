"""Repositories of the knowledge context.

Rules every adapter keeps (the contract suite checks them on every adapter):
- Everything is scoped to one workspace; another workspace's rows are invisible.
- `add` raises AlreadyExists(field="storage_key") for a taken storage key.
- `update` writes only if the stored version is `expected_version` (else Aborted).
- `delete` removes the document and its chunks.
- Similarity is cosine similarity (1 - cosine distance), in [-1, 1], higher is closer.
- Vector search answers in exact order of similarity, ties broken by chunk id, and
  returns `limit` rows whenever that many match the filter (PostgreSQL: HNSW with
  iterative scans, then re-ordered exactly).
- Search hits carry each chunk's embedding only when asked (`with_embeddings`), else None.
- Search hits come best first, their `rank` numbering them from 1.
- Full-text search matches chunks holding any of the query's words (websearch syntax:
  phrases required, `-` excludes) and ranks them by Okapi BM25 with the workspace's own
  statistics, exact as of the unit of work; ties by chunk id. Both adapters make the same
  lexemes for plain words (TextRanking.config) and the same scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from domain.knowledge.model import Chunk, Document, EvaluationRun
from domain.knowledge.search import ChunkFilter, ChunkHit
from domain.knowledge.text_query import DEFAULT_RANKING, TextQuery, TextRanking
from domain.knowledge.values import DocumentKind, DocumentStatus
from ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    workspace_id: str
    kinds: tuple[DocumentKind, ...] = ()
    statuses: tuple[DocumentStatus, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)  # containment
    created_after: datetime | None = None
    created_before: datetime | None = None


@dataclass(frozen=True, slots=True)
class SimilarDocument:
    document: Document
    similarity: float


class DocumentRepository(Protocol):
    async def add(self, document: Document) -> None: ...
    async def get(self, workspace_id: str, document_id: str) -> Document | None: ...
    async def update(self, document: Document, expected_version: int) -> None: ...
    async def delete(self, workspace_id: str, document_id: str) -> bool: ...

    async def find(
        self, filt: DocumentFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[Document]:
        """Newest first (id descending); the key of a row is (id,)."""
        ...

    async def lock_url(self, workspace_id: str, canonical_url: str) -> None:
        """Serialise creates of one URL in a workspace until the unit of work ends."""
        ...

    async def by_url(self, workspace_id: str, canonical_url: str) -> Document | None: ...

    async def similar(
        self, workspace_id: str, embedding: list[float], threshold: float, limit: int
    ) -> list[SimilarDocument]:
        """Documents whose own embedding has similarity ≥ threshold, closest first."""
        ...


class ChunkRepository(Protocol):
    async def replace(self, workspace_id: str, document_id: str, chunks: Iterable[Chunk]) -> None:
        """Delete the document's chunks and insert these (bulk, not row by row); NotFound
        when the document is not in the workspace; AlreadyExists(ordinal) for a repeat.
        `chunks` may be made as they are read: what iterating it raises ends the write
        (the unit of work then keeps nothing of it)."""
        ...

    async def append(self, workspace_id: str, document_id: str, chunks: Iterable[Chunk]) -> None:
        """Insert more chunks into the document (a replace written in parts, in one unit
        of work); an ordinal it already has is AlreadyExists(field="ordinal")."""
        ...

    async def count(self, workspace_id: str, document_id: str) -> int: ...

    async def vector_search(
        self,
        filt: ChunkFilter,
        embedding: list[float],
        limit: int,
        min_similarity: float | None,
        ef_search: int | None,
        with_embeddings: bool = False,
    ) -> list[ChunkHit]: ...

    async def text_search(
        self,
        filt: ChunkFilter,
        query: TextQuery,
        limit: int,
        with_embeddings: bool = False,
        ranking: TextRanking = DEFAULT_RANKING,
    ) -> list[ChunkHit]:
        """The best `limit` chunks for a websearch-syntax query (see TextQuery: any word
        matches, `-` excludes, chunks holding every phrase come first, the others follow
        marked `missing_phrase` unless the phrases are required) by Okapi BM25 with the
        workspace's own statistics; ties by id."""
        ...


@dataclass(frozen=True, slots=True)
class EvaluationFilter:
    workspace_id: str
    user_id: str | None = None
    feedback: str | None = None
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class DailyEvaluationStats:
    day: datetime
    count: int
    mean_latency_ms: float
    p50_latency_ms: float
    p95_latency_ms: float
    mean_quality: float | None
    thumbs_up: int
    thumbs_down: int


class EvaluationRepository(Protocol):
    async def add(self, run: EvaluationRun) -> None: ...
    async def get(self, workspace_id: str, run_id: str) -> EvaluationRun | None: ...
    async def set_feedback(self, workspace_id: str, run_id: str, feedback: str) -> bool: ...

    async def find(
        self, filt: EvaluationFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[EvaluationRun]:
        """Newest first (id descending); the key of a row is (id,)."""
        ...

    async def daily_stats(self, filt: EvaluationFilter) -> list[DailyEvaluationStats]:
        """One row per UTC day with runs, oldest first."""
        ...


class KnowledgeUnitOfWork(UnitOfWork, Protocol):
    documents: DocumentRepository
    chunks: ChunkRepository
    evaluations: EvaluationRepository
