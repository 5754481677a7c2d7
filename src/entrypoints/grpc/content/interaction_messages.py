"""Interactions, recommendations and feed items rendered as protobuf messages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from domain.content.feed_mix import FeedEntry
from domain.content.interaction import Interaction, InteractionType
from domain.content.recommendation import Recommendation
from entrypoints.grpc.content.messages import item_pb
from entrypoints.grpc.convert import struct, ts
from ports.content.interactions import InteractionStats
from strata.v1 import content_pb2 as pb

INTERACTION_TYPES = {
    t: pb.InteractionType.Value(f"INTERACTION_TYPE_{t.name}") for t in InteractionType
}


def moment(message: Any, field: str) -> datetime | None:
    """A Timestamp field as a UTC datetime; None when it is not set."""
    if not message.HasField(field):
        return None
    return getattr(message, field).ToDatetime(tzinfo=UTC)  # type: ignore[no-any-return]


def interaction_pb(i: Interaction) -> pb.Interaction:
    return pb.Interaction(
        id=i.id,
        workspace_id=i.workspace_id,
        user_id=i.user_id,
        content_item_id=i.content_item_id,
        interaction_type=cast("pb.InteractionType", INTERACTION_TYPES[i.interaction_type]),
        rating=i.rating,
        duration_ms=i.duration_ms,
        metadata=struct(i.metadata),
        occur_time=ts(i.occurred_at),
        create_time=ts(i.created_at),
    )


def interaction_stats_pb(
    stats: InteractionStats, from_analytics: bool
) -> pb.GetInteractionStatsResponse:
    most_first = sorted(stats.by_metadata.items(), key=lambda kv: (-kv[1], kv[0]))
    return pb.GetInteractionStatsResponse(
        total=stats.total,
        by_type=[pb.ContentCount(key=k, count=n) for k, n in stats.by_type.items()],
        by_metadata=[pb.ContentCount(key=k, count=n) for k, n in most_first],
        by_day=[pb.DayCount(day=d.isoformat(), count=n) for d, n in stats.by_day],
        from_analytics=from_analytics,
    )


def recommendation_pb(r: Recommendation) -> pb.Recommendation:
    return pb.Recommendation(
        id=r.id,
        workspace_id=r.workspace_id,
        user_id=r.user_id,
        content_item_id=r.content_item_id,
        score=r.score,
        algorithm_version=r.algorithm_version,
        metadata=struct(r.metadata),
        create_time=ts(r.created_at),
        update_time=ts(r.updated_at),
        serve_time=ts(r.served_at),
    )


def feed_item_pb(entry: FeedEntry) -> pb.FeedItem:
    rec = entry.recommendation
    return pb.FeedItem(
        item=item_pb(entry.item),
        source=pb.FEED_SOURCE_RECOMMENDED if rec else pb.FEED_SOURCE_FRESH,
        recommendation=recommendation_pb(rec) if rec else None,
    )
