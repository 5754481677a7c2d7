"""Knowledge entities rendered as protobuf messages, and the enums both ways."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, cast

from google.protobuf import timestamp_pb2

from domain.kernel.errors import InvalidArgument
from domain.knowledge.chunk_intake import NewChunk
from domain.knowledge.chunks import ChunkBatch
from domain.knowledge.duplicates import DuplicateKind
from domain.knowledge.evaluations import thumbs_up_ratio
from domain.knowledge.model import Chunk, Document, EvaluationRun
from domain.knowledge.search import SearchMode
from domain.knowledge.values import DocumentKind, DocumentStatus
from entrypoints.grpc.convert import from_struct, struct, ts
from entrypoints.grpc.knowledge.embeddings import single_precision_rows
from ports.knowledge import DailyEvaluationStats
from strata.v1 import knowledge_pb2 as pb

_KINDS = {k: pb.DocumentKind.Value(f"DOCUMENT_KIND_{k.name}") for k in DocumentKind}
_STATUSES = {s: pb.DocumentStatus.Value(f"DOCUMENT_STATUS_{s.name}") for s in DocumentStatus}
_MODES = {m: pb.SearchMode.Value(f"SEARCH_MODE_{m.name}") for m in SearchMode}
_DUPLICATES = {
    DuplicateKind.URL: pb.DUPLICATE_KIND_URL,
    DuplicateKind.SEMANTIC: pb.DUPLICATE_KIND_SEMANTIC,
}
_FEEDBACK: dict[str, int] = {
    "thumbs_up": pb.FEEDBACK_THUMBS_UP,
    "thumbs_down": pb.FEEDBACK_THUMBS_DOWN,
}


def _from_proto(table: dict[Any, int], value: int, field: str) -> Any:
    """The domain value of a proto enum; None for UNSPECIFIED."""
    if value == 0:
        return None
    for domain_value, proto_value in table.items():
        if proto_value == value:
            return domain_value
    raise InvalidArgument.of(field, f"unknown value {value}")


def kind_from(value: int, field: str = "kind") -> DocumentKind | None:
    return cast("DocumentKind | None", _from_proto(_KINDS, value, field))


def status_from(value: int, field: str = "status") -> DocumentStatus | None:
    return cast("DocumentStatus | None", _from_proto(_STATUSES, value, field))


def mode_from(value: int) -> SearchMode | None:
    return cast("SearchMode | None", _from_proto(_MODES, value, "mode"))


def feedback_from(value: int) -> str | None:
    return cast("str | None", _from_proto(_FEEDBACK, value, "feedback"))


def kinds_from(values: Iterable[int], field: str) -> tuple[DocumentKind, ...]:
    return tuple(k for k in (kind_from(v, field) for v in values) if k is not None)


def statuses_from(values: Iterable[int], field: str) -> tuple[DocumentStatus, ...]:
    return tuple(s for s in (status_from(v, field) for v in values) if s is not None)


def mode_pb(mode: SearchMode) -> pb.SearchMode:
    return cast("pb.SearchMode", _MODES[mode])


def duplicate_pb(kind: DuplicateKind | None) -> pb.DuplicateKind:
    return _DUPLICATES[kind] if kind else pb.DUPLICATE_KIND_UNSPECIFIED


def time_from(message: Any, name: str) -> datetime | None:
    if not message.HasField(name):
        return None
    value: timestamp_pb2.Timestamp = getattr(message, name)
    return value.ToDatetime(tzinfo=UTC)


def new_chunks(chunks: Sequence[pb.Chunk]) -> list[NewChunk]:
    return [
        NewChunk(
            ordinal=c.ordinal,
            content=c.content,
            embedding=embedding,
            token_count=c.token_count,
            metadata=from_struct(c.metadata),
        )
        for c, embedding in zip(chunks, single_precision_rows(chunks), strict=True)
    ]


def chunk_batch(r: pb.UpsertChunksStreamRequest) -> ChunkBatch:
    return ChunkBatch(r.workspace_id, r.document_id, new_chunks(r.chunks))


def document_pb(d: Document, include_embedding: bool = False) -> pb.Document:
    return pb.Document(
        id=d.id,
        workspace_id=d.workspace_id,
        owner_id=d.owner_id,
        title=d.title,
        kind=cast("pb.DocumentKind", _KINDS[d.kind]),
        source_url=d.source_url or "",
        canonical_url=d.canonical_url or "",
        mime_type=d.mime_type,
        size_bytes=d.size_bytes,
        storage_key=d.storage_key,
        content_hash=d.content_hash,
        status=cast("pb.DocumentStatus", _STATUSES[d.status]),
        error_message=d.error_message or "",
        metadata=struct(d.metadata),
        embedding=d.embedding if include_embedding and d.embedding else (),
        has_embedding=d.embedding is not None,
        create_time=ts(d.created_at),
        update_time=ts(d.updated_at),
        etag=d.etag,
    )


def chunk_pb(c: Chunk, include_embedding: bool = False) -> pb.Chunk:
    return pb.Chunk(
        id=c.id,
        document_id=c.document_id,
        ordinal=c.ordinal,
        content=c.content,
        embedding=c.embedding if include_embedding and c.embedding else (),
        token_count=c.token_count,
        metadata=struct(c.metadata),
        create_time=ts(c.created_at),
    )


def evaluation_pb(e: EvaluationRun) -> pb.Evaluation:
    return pb.Evaluation(
        id=e.id,
        workspace_id=e.workspace_id,
        user_id=e.user_id,
        query=e.query,
        response=e.response,
        sources=[struct(s) for s in e.sources],
        latency_ms=e.latency_ms,
        token_count=e.token_count,
        quality_score=e.quality_score,
        feedback=cast("pb.Feedback", _FEEDBACK.get(e.feedback or "", pb.FEEDBACK_UNSPECIFIED)),
        metadata=struct(e.metadata),
        create_time=ts(e.created_at),
    )


def daily_pb(s: DailyEvaluationStats) -> pb.DailyEvaluationStats:
    return pb.DailyEvaluationStats(
        day=ts(s.day),
        count=s.count,
        mean_latency_ms=s.mean_latency_ms,
        p50_latency_ms=s.p50_latency_ms,
        p95_latency_ms=s.p95_latency_ms,
        mean_quality=s.mean_quality,
        thumbs_up=s.thumbs_up,
        thumbs_down=s.thumbs_down,
        thumbs_up_ratio=thumbs_up_ratio(s),
    )
