"""Search hits, their explanations and the fusion kind, rendered as protobuf and back."""

from __future__ import annotations

from typing import cast

from domain.kernel.errors import InvalidArgument
from domain.knowledge.search import ChunkHit, FusionKind, HitExplanation, ListMatch
from entrypoints.grpc.knowledge.messages import chunk_pb
from strata.v1 import knowledge_pb2 as pb

_FUSIONS = {f: pb.SearchFusion.Value(f"SEARCH_FUSION_{f.name}") for f in FusionKind}


def fusion_from(value: int) -> FusionKind | None:
    """The domain fusion of a request; None for UNSPECIFIED (the default)."""
    if value == pb.SEARCH_FUSION_UNSPECIFIED:
        return None
    for fusion, proto_value in _FUSIONS.items():
        if proto_value == value:
            return fusion
    raise InvalidArgument.of("fusion", f"unknown value {value}")


def fusion_pb(fusion: FusionKind | None) -> pb.SearchFusion:
    return cast("pb.SearchFusion", _FUSIONS[fusion] if fusion else pb.SEARCH_FUSION_UNSPECIFIED)


def hit_pb(h: ChunkHit, include_embedding: bool) -> pb.SearchResult:
    return pb.SearchResult(
        chunk=chunk_pb(h.chunk, include_embedding),
        document_title=h.document_title,
        score=h.score,
        rank=h.rank,
        explanation=_explanation_pb(h.explanation) if h.explanation else None,
        missing_phrase=h.missing_phrase,
    )


def _explanation_pb(e: HitExplanation) -> pb.SearchExplanation:
    return pb.SearchExplanation(
        vector=_match_pb(e.vector), text=_match_pb(e.text), fused_score=e.fused_score
    )


def _match_pb(m: ListMatch | None) -> pb.SearchListMatch:
    if m is None:
        return pb.SearchListMatch(found=False)
    return pb.SearchListMatch(found=True, rank=m.rank, score=m.score)
