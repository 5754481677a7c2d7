"""Search filters, hits and their explanations, and the defaults of hybrid fusion."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from domain.knowledge.model import Chunk
from domain.knowledge.values import DocumentKind, DocumentStatus

MAX_TOP_K = 1000
MAX_CANDIDATES = 1000


class FusionKind(enum.StrEnum):
    RRF = "rrf"  # reciprocal rank fusion
    CONVEX = "convex"  # convex combination of min-max normalised scores


DEFAULT_FUSION = FusionKind.RRF
DEFAULT_RRF_K = 20  # measured on CISI: bench/RESULTS.md
DEFAULT_ALPHA = 0.4  # weight of the vector list in CONVEX (measured as rrf_k)
DEFAULT_CANDIDATES = 200  # per list, in HYBRID (measured on CISI: bench/RESULTS.md)


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
class ListMatch:
    """Where one list (vector or full text) placed a hit among its candidates."""

    rank: int
    score: float


@dataclass(frozen=True, slots=True)
class HitExplanation:
    vector: ListMatch | None  # None: not among the vector list's candidates
    text: ListMatch | None
    fused_score: float


@dataclass(frozen=True, slots=True)
class ChunkHit:
    chunk: Chunk
    document_title: str
    score: float  # cosine similarity (vector), BM25 (full text) or fused score
    rank: int = 0  # 1-based position in the answer
    explanation: HitExplanation | None = None
    missing_phrase: bool = False  # full text: the chunk lacks a quoted phrase of the query
