"""What the memory store answers, computed from its rows as ClickHouse computes it."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

from adapters.memory.analytics.quantiles import quantile
from domain.analytics.model import (
    ActivityQuery,
    ActivityRow,
    Bucket,
    CallRecord,
    Event,
    EventCursor,
    EventFilter,
    MetricsQuery,
    RecentWorkload,
)
from domain.analytics.series import MetricPoint


def bucket_start(moment: datetime, bucket: Bucket) -> datetime:
    utc = moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return utc.replace(hour=0) if bucket is Bucket.DAY else utc


def metric_points(events: list[Event], q: MetricsQuery) -> list[MetricPoint]:
    series: dict[datetime, list[float]] = defaultdict(list)
    for e in events:
        if e.workspace_id != q.workspace_id or not q.start <= e.timestamp < q.end:
            continue
        if q.workload_id and e.workload_id != q.workload_id:
            continue
        for m in e.metrics:
            if m.name == q.metric_name:
                series[bucket_start(e.timestamp, q.bucket)].append(m.value)
    return [_point(start, series[start]) for start in sorted(series)]


def _point(start: datetime, values: list[float]) -> MetricPoint:
    total = sum(values)
    return MetricPoint(
        bucket_start=start,
        count=len(values),
        sum=total,
        min=min(values),
        max=max(values),
        avg=total / len(values),
        p50=quantile(values, 0.5),
        p95=quantile(values, 0.95),
    )


def activity_rows(calls: list[CallRecord], q: ActivityQuery) -> list[ActivityRow]:
    """One row per (day, user, action), in that order."""
    rows: dict[tuple[date, str, str], tuple[int, int]] = {}
    for c in calls:
        day = c.occurred_at.astimezone(UTC).date()
        if c.workspace_id != q.workspace_id or not q.start <= day <= q.end:
            continue
        if q.user_id and c.user_id != q.user_id:
            continue
        count, total = rows.get((day, c.user_id, c.action), (0, 0))
        rows[(day, c.user_id, c.action)] = (count + 1, total + c.duration_ms)
    return [ActivityRow(k[0], k[1], k[2], n, ms) for k, (n, ms) in sorted(rows.items())]


def recent_workloads(
    events: list[Event], workspace_id: str, since: datetime, limit: int
) -> list[RecentWorkload]:
    seen: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.workspace_id == workspace_id and e.workload_id and e.timestamp >= since:
            seen[e.workload_id].append(e)
    found = []
    for workload_id, group in seen.items():
        last = max(group, key=lambda e: (e.timestamp, e.event_id))
        types = len({e.event_type for e in group})
        found.append(RecentWorkload(workload_id, last.user_id, last.timestamp, len(group), types))
    found.sort(key=lambda w: (w.last_seen, w.workload_id), reverse=True)
    return found[:limit]


def event_page(
    events: list[Event], f: EventFilter, after: EventCursor | None, limit: int
) -> list[Event]:
    chosen = [e for e in events if _matches(e, f)]
    if after is not None:
        chosen = [
            e for e in chosen if (e.timestamp, e.event_id) < (after.timestamp, after.event_id)
        ]
    chosen.sort(key=lambda e: (e.timestamp, e.event_id), reverse=True)
    return chosen[:limit]


def _matches(e: Event, f: EventFilter) -> bool:
    return (
        e.workspace_id == f.workspace_id
        and (not f.event_types or e.event_type in f.event_types)
        and (not f.categories or e.event_category in f.categories)
        and (not f.workload_id or e.workload_id == f.workload_id)
        and all(e.dimensions.get(k) == v for k, v in f.dimensions)
        and (f.start is None or e.timestamp >= f.start)
        and (f.end is None or e.timestamp < f.end)
        and (f.not_before is None or e.timestamp >= f.not_before)
    )
