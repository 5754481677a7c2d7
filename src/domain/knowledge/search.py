"""Search requests and results, and reciprocal rank fusion for hybrid search."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from domain.knowledge.model import Chunk
from domain.knowledge.values import DocumentKind, DocumentStatus

MAX_TOP_K = 1000


class SearchMode(enum.StrEnum):
    VECTOR = "vector"
    FULLTEXT = "fulltext"
    HYBRID = "hybrid"


@dataclass(frozen=True, slots=True)
class ChunkFilter:
    """Every search is within one workspace; the rest narrow it further."""

    workspace_id: str
    document_ids: tuple[str, ...] = ()
    document_kinds: tuple[DocumentKind, ...] = ()
    document_statuses: tuple[DocumentStatus, ...] = ()
    document_metadata: dict[str, Any] = field(default_factory=dict)  # containment (@>)
    chunk_metadata: dict[str, Any] = field(default_factory=dict)  # containment (@>)


@dataclass(frozen=True, slots=True)
class ChunkHit:
    chunk: Chunk
    document_title: str
    score: float  # cosine similarity (vector), ts_rank_cd (full text) or fused score
    rank: int = 0  # 1-based position in the answer


def reciprocal_rank_fusion(
    vector: list[ChunkHit],
    text: list[ChunkHit],
    k: int,
    vector_weight: float,
    text_weight: float,
    top_k: int,
) -> list[ChunkHit]:
    """Supabase's hybrid search: score = Σ weight / (k + rank); ties by chunk id."""
    scores: dict[str, float] = {}
    hits: dict[str, ChunkHit] = {}
    for weight, ranked in ((vector_weight, vector), (text_weight, text)):
        for position, hit in enumerate(ranked, start=1):
            scores[hit.chunk.id] = scores.get(hit.chunk.id, 0.0) + weight / (k + position)
            hits.setdefault(hit.chunk.id, hit)
    order = sorted(scores, key=lambda cid: (-scores[cid], cid))[:top_k]
    return [
        ChunkHit(hits[cid].chunk, hits[cid].document_title, scores[cid], rank)
        for rank, cid in enumerate(order, start=1)
    ]
