"""AnalyticsService messages ⇄ the analytics domain."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from domain.analytics.ingesting import NewEvent
from domain.analytics.model import ActivityRow, Bucket, Event, Metric, MetricPoint, RecentWorkload
from domain.kernel.errors import InvalidArgument
from entrypoints.grpc.convert import from_struct, struct, ts
from strata.v1 import analytics_pb2 as pb

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_BUCKETS = {
    pb.METRIC_BUCKET_UNSPECIFIED: Bucket.HOUR,
    pb.METRIC_BUCKET_HOUR: Bucket.HOUR,
    pb.METRIC_BUCKET_DAY: Bucket.DAY,
}


def time_from(message: Any, name: str) -> datetime | None:
    if not message.HasField(name):
        return None
    return getattr(message, name).ToDatetime(tzinfo=UTC)  # type: ignore[no-any-return]


def required_time(message: Any, name: str) -> datetime:
    value = time_from(message, name)
    if value is None:
        raise InvalidArgument.of(name, "is required")
    return value


def date_from(value: str, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidArgument.of(field, "must be a date, YYYY-MM-DD") from None


def bucket_from(value: int) -> Bucket:
    if value not in _BUCKETS:
        raise InvalidArgument.of("bucket", "must be a MetricBucket")
    return _BUCKETS[value]  # type: ignore[index]


def new_event(e: pb.Event) -> NewEvent:
    dimensions = e.dimensions
    return NewEvent(
        event_type=e.event_type,
        event_id=e.event_id,
        timestamp=instant(e.timestamp) if e.HasField("timestamp") else None,
        event_category=e.event_category,
        workload_id=e.workload_id,
        user_id=e.user_id,
        metrics=tuple([Metric(m.name, m.value, m.unit) for m in e.metrics]),
        dimensions={k: dimensions[k] for k in dimensions},
        metadata=from_struct(e.metadata) if e.HasField("metadata") else {},
    )


def instant(stamp: Any) -> datetime:
    """A Timestamp as a UTC datetime, to the microsecond (as Timestamp.ToDatetime)."""
    return EPOCH + timedelta(seconds=stamp.seconds, microseconds=stamp.nanos // 1000)


def event_pb(e: Event) -> pb.Event:
    return pb.Event(
        event_id=e.event_id,
        timestamp=ts(e.timestamp),
        event_type=e.event_type,
        event_category=e.event_category,
        workload_id=e.workload_id,
        user_id=e.user_id,
        metrics=[pb.Metric(name=m.name, value=m.value, unit=m.unit) for m in e.metrics],
        dimensions=e.dimensions,
        metadata=struct(e.metadata),
        expire_time=ts(e.expires_at),
    )


def point_pb(p: MetricPoint) -> pb.MetricPoint:
    return pb.MetricPoint(
        bucket_start=ts(p.bucket_start),
        count=p.count,
        sum=p.sum,
        min=p.min,
        max=p.max,
        avg=p.avg,
        p50=p.p50,
        p95=p.p95,
    )


def activity_pb(r: ActivityRow) -> pb.ActivityRow:
    return pb.ActivityRow(
        day=r.day.isoformat(),
        user_id=r.user_id,
        action=r.action,
        count=r.count,
        total_duration_ms=r.total_duration_ms,
    )


def workload_pb(w: RecentWorkload) -> pb.RecentWorkload:
    return pb.RecentWorkload(
        workload_id=w.workload_id,
        user_id=w.user_id,
        last_seen=ts(w.last_seen),
        event_count=w.event_count,
        unique_event_types=w.unique_event_types,
    )
