"""SearchChunks: vector, full-text or hybrid (reciprocal rank fusion), within one workspace."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.kernel.errors import Validator
from domain.kernel.principal import Principal
from domain.knowledge.deps import KnowledgeDeps, check_limit, collect, reader
from domain.knowledge.search import (
    MAX_TOP_K,
    ChunkFilter,
    ChunkHit,
    SearchMode,
    reciprocal_rank_fusion,
)
from domain.knowledge.values import (
    DocumentKind,
    DocumentStatus,
    check_embedding,
    check_query_text,
)

DEFAULT_TOP_K = 10
DEFAULT_RRF_K = 60
MAX_EF_SEARCH = 1000


@dataclass(frozen=True, slots=True)
class SearchQuery:
    workspace_id: str
    embedding: Sequence[float] = ()
    text: str = ""
    mode: SearchMode | None = None  # None: hybrid with both, else whichever is given
    top_k: int = 0
    min_similarity: float | None = None
    document_ids: tuple[str, ...] = ()
    document_kinds: tuple[DocumentKind, ...] = ()
    document_statuses: tuple[DocumentStatus, ...] = ()
    document_metadata: dict[str, Any] = field(default_factory=dict)
    chunk_metadata: dict[str, Any] = field(default_factory=dict)
    ef_search: int = 0
    rrf_k: int = 0
    vector_weight: float | None = None
    text_weight: float | None = None
    include_embeddings: bool = False


@dataclass(frozen=True, slots=True)
class SearchAnswer:
    mode: SearchMode
    hits: list[ChunkHit]


def resolve_mode(q: SearchQuery) -> SearchMode:
    if q.mode is not None:
        return q.mode
    if q.embedding and q.text.strip():
        return SearchMode.HYBRID
    return SearchMode.FULLTEXT if q.text.strip() else SearchMode.VECTOR


def _weight(v: Validator, value: float | None, name: str) -> float:
    if value is None:
        return 1.0
    v.check(math.isfinite(value) and value >= 0, name, "must be a finite number ≥ 0")
    return value


class SearchChunks:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, q: SearchQuery) -> SearchAnswer:
        mode, v, dim = resolve_mode(q), Validator(), self._d.embedding_dim
        if not q.embedding and not q.text.strip():
            for name in ("query_text", "query_embedding"):
                v.add(name, "one of query_text or query_embedding is required")
            v.raise_if_any()
        collect(v, lambda: check_query_text(q.text))
        top_k = collect(v, lambda: check_limit(q.top_k, "top_k", DEFAULT_TOP_K, MAX_TOP_K))
        embedding = None
        if mode != SearchMode.FULLTEXT:
            embedding = collect(v, lambda: check_embedding(q.embedding, dim, "query_embedding"))
        if mode != SearchMode.VECTOR:
            v.check(bool(q.text.strip()), "query_text", f"is required in {mode} mode")
        if q.min_similarity is not None:
            ok = -1.0 <= q.min_similarity <= 1.0
            v.check(ok, "min_similarity", "must be between -1 and 1")
        v.check(0 <= q.ef_search <= MAX_EF_SEARCH, "ef_search", "must be between 1 and 1000")
        v.check(q.rrf_k >= 0, "rrf_k", "must not be negative")
        weights = (
            _weight(v, q.vector_weight, "vector_weight"),
            _weight(v, q.text_weight, "text_weight"),
        )
        v.check(all(q.document_ids), "document_ids", "must not contain empty ids")
        v.raise_if_any()
        filt = ChunkFilter(
            workspace_id=q.workspace_id,
            document_ids=q.document_ids,
            document_kinds=q.document_kinds,
            document_statuses=q.document_statuses,
            document_metadata=q.document_metadata,
            chunk_metadata=q.chunk_metadata,
        )
        k = top_k or DEFAULT_TOP_K
        fetch = k if mode != SearchMode.HYBRID else max(k * 2, 20)
        with_embeddings = q.include_embeddings
        vector: list[ChunkHit] = []
        text: list[ChunkHit] = []
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, q.workspace_id)
            if embedding is not None:
                vector = await uow.chunks.vector_search(
                    filt, embedding, fetch, q.min_similarity, q.ef_search or None, with_embeddings
                )
            if mode != SearchMode.VECTOR:
                text = await uow.chunks.text_search(filt, q.text.strip(), fetch, with_embeddings)
        if mode == SearchMode.HYBRID:
            hits = reciprocal_rank_fusion(vector, text, q.rrf_k or DEFAULT_RRF_K, *weights, k)
        else:
            hits = (vector if mode == SearchMode.VECTOR else text)[:k]  # ranked 1.. already
        return SearchAnswer(mode, hits)
