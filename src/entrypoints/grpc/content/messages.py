"""Content items rendered as protobuf messages, and the content enums both ways."""

from __future__ import annotations

from typing import Any, cast

from domain.content.model import ContentItem
from domain.content.values import ContentSort, ContentType, Origin, Visibility
from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.convert import struct, ts
from ports.content import ContentStats
from strata.v1 import content_pb2 as pb

TYPES = {t: pb.ContentType.Value(f"CONTENT_TYPE_{t.name}") for t in ContentType}
ORIGINS = {o: pb.ContentOrigin.Value(f"CONTENT_ORIGIN_{o.name}") for o in Origin}
VISIBILITIES = {v: pb.ContentVisibility.Value(f"CONTENT_VISIBILITY_{v.name}") for v in Visibility}
SORTS = {s: pb.ContentSort.Value(f"CONTENT_SORT_{s.name}") for s in ContentSort}


def from_proto(table: dict[Any, int], value: int, field: str) -> Any:
    """The domain value of a proto enum; None for UNSPECIFIED."""
    if value == 0:
        return None
    for domain_value, proto_value in table.items():
        if proto_value == value:
            return domain_value
    raise InvalidArgument.of(field, f"unknown value {value}")


def optional(message: Any, field: str) -> Any:
    """An `optional` scalar's value, or None when it is not set."""
    return getattr(message, field) if message.HasField(field) else None


def item_pb(item: ContentItem) -> pb.ContentItem:
    return pb.ContentItem(
        id=item.id,
        workspace_id=item.workspace_id,
        creator_id=item.creator_id,
        origin=cast("pb.ContentOrigin", ORIGINS[item.origin]),
        title=item.title,
        content_type=cast("pb.ContentType", TYPES[item.content_type]),
        content_data=item.content_data,
        metadata=struct(item.metadata),
        tags=list(item.tags),
        quality_score=item.quality_score,
        visibility=cast("pb.ContentVisibility", VISIBILITIES[item.visibility]),
        create_time=ts(item.created_at),
        update_time=ts(item.updated_at),
        etag=item.etag,
    )


def _counts(counts: dict[str, int] | list[tuple[str, int]]) -> list[pb.ContentCount]:
    pairs = counts.items() if isinstance(counts, dict) else counts
    return [pb.ContentCount(key=key, count=n) for key, n in pairs]


def stats_pb(stats: ContentStats) -> pb.GetContentStatsResponse:
    return pb.GetContentStatsResponse(
        total=stats.total,
        by_type=_counts(stats.by_type),
        by_origin=_counts(stats.by_origin),
        by_visibility=_counts(stats.by_visibility),
        mean_quality=stats.mean_quality,
        rated=stats.rated,
        top_tags=_counts(stats.top_tags),
    )
