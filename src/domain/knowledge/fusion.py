"""Hybrid fusion of a vector and a full-text list: reciprocal ranks or normalised scores."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from domain.kernel.errors import Validator
from domain.knowledge.search import (
    DEFAULT_ALPHA,
    DEFAULT_FUSION,
    DEFAULT_RRF_K,
    ChunkHit,
    FusionKind,
    HitExplanation,
    ListMatch,
)


@dataclass(frozen=True, slots=True)
class Fusion:
    kind: FusionKind = DEFAULT_FUSION
    rrf_k: int = DEFAULT_RRF_K
    vector_weight: float = 1.0  # RRF only
    text_weight: float = 1.0  # RRF only
    alpha: float = DEFAULT_ALPHA  # CONVEX only: weight of the vector list

    def fuse(
        self, vector: list[ChunkHit], text: list[ChunkHit], top_k: int, explain: bool = False
    ) -> list[ChunkHit]:
        if self.kind == FusionKind.CONVEX:
            return convex_combination(vector, text, self.alpha, top_k, explain)
        weights = (self.vector_weight, self.text_weight)
        return reciprocal_rank_fusion(vector, text, self.rrf_k, *weights, top_k, explain)


def reciprocal_rank_fusion(
    vector: list[ChunkHit],
    text: list[ChunkHit],
    k: int,
    vector_weight: float,
    text_weight: float,
    top_k: int,
    explain: bool = False,
) -> list[ChunkHit]:
    """Supabase's hybrid search: score = Σ weight / (k + rank); ties by chunk id."""
    scores: dict[str, float] = {}
    for weight, ranked in ((vector_weight, vector), (text_weight, text)):
        for position, hit in enumerate(ranked, start=1):
            scores[hit.chunk.id] = scores.get(hit.chunk.id, 0.0) + weight / (k + position)
    return _ranked(scores, vector, text, top_k, explain)


def convex_combination(
    vector: list[ChunkHit], text: list[ChunkHit], alpha: float, top_k: int, explain: bool = False
) -> list[ChunkHit]:
    """score = alpha * vector + (1 - alpha) * text, each min-max normalised over its list's
    candidates (a list whose candidates all score alike gives each 1); missing counts 0."""
    scores = {hit.chunk.id: 0.0 for hit in (*vector, *text)}
    for weight, ranked in ((alpha, vector), (1.0 - alpha, text)):
        for chunk_id, normalised in _min_max(ranked).items():
            scores[chunk_id] += weight * normalised
    return _ranked(scores, vector, text, top_k, explain)


def explained(hits: list[ChunkHit], vector_list: bool) -> list[ChunkHit]:
    """Hits of a single list (VECTOR or FULLTEXT), each saying that list found it."""
    out = []
    for hit in hits:
        match = ListMatch(hit.rank, hit.score)
        vector, text = (match, None) if vector_list else (None, match)
        why = HitExplanation(vector, text, hit.score)
        out.append(dataclasses.replace(hit, explanation=why))
    return out


def checked_fusion(
    v: Validator,
    kind: FusionKind | None,
    rrf_k: int,
    vector_weight: float | None,
    text_weight: float | None,
    alpha: float | None,
) -> Fusion:
    """The fusion a request asks for, its unset parts defaulted; bad values recorded in `v`."""
    v.check(rrf_k >= 0, "rrf_k", "must not be negative")
    if alpha is not None:
        ok = math.isfinite(alpha) and 0.0 <= alpha <= 1.0
        v.check(ok, "alpha", "must be a finite number between 0 and 1")
    return Fusion(
        kind=kind or DEFAULT_FUSION,
        rrf_k=rrf_k or DEFAULT_RRF_K,
        vector_weight=_weight(v, vector_weight, "vector_weight"),
        text_weight=_weight(v, text_weight, "text_weight"),
        alpha=DEFAULT_ALPHA if alpha is None else alpha,
    )


def _weight(v: Validator, value: float | None, name: str) -> float:
    if value is None:
        return 1.0
    v.check(math.isfinite(value) and value >= 0, name, "must be a finite number ≥ 0")
    return value


def _min_max(ranked: list[ChunkHit]) -> dict[str, float]:
    if not ranked:
        return {}
    low, high = min(h.score for h in ranked), max(h.score for h in ranked)
    span = high - low
    return {h.chunk.id: (h.score - low) / span if span > 0 else 1.0 for h in ranked}


def _ranked(
    scores: dict[str, float],
    vector: list[ChunkHit],
    text: list[ChunkHit],
    top_k: int,
    explain: bool,
) -> list[ChunkHit]:
    """The `top_k` best by fused score, ties by chunk id, ranked 1.., explained if asked."""
    found = [_positions(vector), _positions(text)]
    hits: dict[str, ChunkHit] = {}
    for hit in (*vector, *text):
        hits.setdefault(hit.chunk.id, hit)
    order = sorted(scores, key=lambda cid: (-scores[cid], cid))[:top_k]
    missing = {h.chunk.id for h in text if h.missing_phrase}
    out = []
    for rank, cid in enumerate(order, start=1):
        hit, score = hits[cid], scores[cid]
        why = HitExplanation(found[0].get(cid), found[1].get(cid), score) if explain else None
        out.append(ChunkHit(hit.chunk, hit.document_title, score, rank, why, cid in missing))
    return out


def _positions(ranked: list[ChunkHit]) -> dict[str, ListMatch]:
    matches: dict[str, ListMatch] = {}
    for position, hit in enumerate(ranked, start=1):
        matches.setdefault(hit.chunk.id, ListMatch(position, hit.score))
    return matches
