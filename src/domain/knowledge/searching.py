"""SearchChunks: vector, full-text or hybrid (two lists fused), within one workspace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.kernel.errors import Validator
from domain.kernel.principal import Principal
from domain.knowledge.deps import KnowledgeDeps, check_limit, collect, reader
from domain.knowledge.fusion import checked_fusion, explained
from domain.knowledge.search import (
    DEFAULT_CANDIDATES,
    MAX_CANDIDATES,
    MAX_TOP_K,
    ChunkFilter,
    ChunkHit,
    FusionKind,
    SearchMode,
)
from domain.knowledge.text_query import TextQuery
from domain.knowledge.values import (
    DocumentKind,
    DocumentStatus,
    check_embedding,
    check_query_text,
)

DEFAULT_TOP_K = 10
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
    fusion: FusionKind | None = None  # None: DEFAULT_FUSION
    alpha: float | None = None  # None: DEFAULT_ALPHA
    candidates: int = 0  # per list in HYBRID; 0: DEFAULT_CANDIDATES
    explain: bool = False
    require_phrases: bool = False  # only chunks holding every quoted phrase


@dataclass(frozen=True, slots=True)
class SearchAnswer:
    mode: SearchMode
    hits: list[ChunkHit]
    fusion: FusionKind | None = None  # the fusion used, in HYBRID


def resolve_mode(q: SearchQuery) -> SearchMode:
    if q.mode is not None:
        return q.mode
    if q.embedding and q.text.strip():
        return SearchMode.HYBRID
    return SearchMode.FULLTEXT if q.text.strip() else SearchMode.VECTOR


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
        fusion = checked_fusion(v, q.fusion, q.rrf_k, q.vector_weight, q.text_weight, q.alpha)
        ok = 0 <= q.candidates <= MAX_CANDIDATES
        v.check(ok, "candidates", f"must be between 1 and {MAX_CANDIDATES} (0: the default)")
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
        fetch = k if mode != SearchMode.HYBRID else max(k, q.candidates or DEFAULT_CANDIDATES)
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
                text = await uow.chunks.text_search(
                    filt,
                    TextQuery.parse(q.text.strip(), q.require_phrases),
                    fetch,
                    with_embeddings,
                    self._d.ranking,
                )
        if mode == SearchMode.HYBRID:
            return SearchAnswer(mode, fusion.fuse(vector, text, k, q.explain), fusion.kind)
        hits = (vector if mode == SearchMode.VECTOR else text)[:k]  # ranked 1.. already
        return SearchAnswer(mode, explained(hits, mode == SearchMode.VECTOR) if q.explain else hits)
