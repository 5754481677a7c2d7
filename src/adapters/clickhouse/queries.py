"""The SQL the analytics store reads with: no FINAL; events counted once by event_id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from adapters.clickhouse.rows import EVENT_COLUMNS
from domain.analytics.model import Bucket, EventCursor, EventFilter, MetricsQuery

KNOWN_EVENTS = """
SELECT DISTINCT event_id FROM known_event_ids
WHERE workspace_id = {workspace_id:String} AND event_id IN {ids:Array(String)}
"""

KNOWN_CALLS = """
SELECT DISTINCT call_id FROM known_call_ids
WHERE workspace_id = {workspace_id:String} AND call_id IN {ids:Array(String)}
"""

BUCKETS = {Bucket.HOUR: "hour", Bucket.DAY: "toStartOfDay(hour)"}
# Bucket starts answered as seconds since the epoch, as MetricSeries keeps them.
EPOCH_SECONDS = {"date_time_output_format": "unix_timestamp"}


def metrics_sql(query: MetricsQuery) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {
        "workspace_id": query.workspace_id,
        "metric_name": query.metric_name,
        "start": query.start,
        "end": query.end,
    }
    workload = ""
    if query.workload_id:
        workload = "AND workload_id = {workload_id:String}"
        params["workload_id"] = query.workload_id
    sql = f"""
    SELECT
        {BUCKETS[query.bucket]} AS bucket_start,
        countMerge(value_count) AS count,
        sumMerge(value_sum) AS sum,
        minMerge(value_min) AS min,
        maxMerge(value_max) AS max,
        avgMerge(value_avg) AS avg,
        quantilesMerge(0.5, 0.95)(value_quantiles)[1] AS p50,
        quantilesMerge(0.5, 0.95)(value_quantiles)[2] AS p95
    FROM metrics_hourly
    WHERE workspace_id = {{workspace_id:String}} AND metric_name = {{metric_name:String}}
        {workload}
        AND hour >= toStartOfHour({{start:DateTime64(3)}}) AND hour < {{end:DateTime64(3)}}
    GROUP BY bucket_start
    HAVING count > 0
    ORDER BY bucket_start
    """
    return sql, params


def events_sql(
    filt: EventFilter, after: EventCursor | None, limit: int
) -> tuple[str, dict[str, Any]]:
    where = ["workspace_id = {workspace_id:String}", "expires_at > now()"]
    params: dict[str, Any] = {"workspace_id": filt.workspace_id, "limit": limit}
    if filt.event_types:
        where.append("event_type IN {event_types:Array(String)}")
        params["event_types"] = list(filt.event_types)
    if filt.categories:
        where.append("event_category IN {categories:Array(String)}")
        params["categories"] = list(filt.categories)
    if filt.workload_id:
        where.append("workload_id = {workload_id:String}")
        params["workload_id"] = filt.workload_id
    for i, (key, value) in enumerate(filt.dimensions):
        where.append(f"dimensions[{{dk{i}:String}}] = {{dv{i}:String}}")
        where.append(f"mapContains(dimensions, {{dk{i}:String}})")
        params[f"dk{i}"], params[f"dv{i}"] = key, value
    bounds: tuple[tuple[str, str, datetime | None], ...] = (
        ("start", ">=", filt.start),
        ("end", "<", filt.end),
        ("not_before", ">=", filt.not_before),
    )
    for name, op, bound in bounds:
        if bound is not None:
            where.append(f"timestamp {op} {{{name}:DateTime64(3)}}")
            params[name] = bound
    if after is not None:
        where.append(
            "(timestamp < {after_ts:DateTime64(3)} OR "
            "(timestamp = {after_ts:DateTime64(3)} AND event_id < {after_id:String}))"
        )
        params["after_ts"], params["after_id"] = after.timestamp, after.event_id
    sql = f"""
    SELECT {EVENT_COLUMNS}
    FROM workload_events
    WHERE {" AND ".join(where)}
    ORDER BY timestamp DESC, event_id DESC
    LIMIT 1 BY event_id
    LIMIT {{limit:UInt32}}
    """
    return sql, params


ACTIVITY = """
SELECT date, toString(user_id) AS user, action,
       sum(count) AS count, sum(total_duration_ms) AS total_duration_ms
FROM user_activity
WHERE workspace_id = {workspace_id:String}
    AND date >= {start:Date} AND date <= {end:Date} {user}
GROUP BY date, user, action
ORDER BY date, user, action
"""

RECENT = """
SELECT workload_id, toString(argMax(user_id, (timestamp, event_id))) AS user_id,
       max(timestamp) AS last_seen, count() AS event_count,
       uniqExact(event_type) AS unique_event_types
FROM (
    SELECT workload_id, user_id, timestamp, event_type, event_id
    FROM workload_events
    WHERE workspace_id = {workspace_id:String} AND timestamp >= {since:DateTime64(3)}
        AND workload_id != '' AND expires_at > now()
    LIMIT 1 BY event_id
)
GROUP BY workload_id
ORDER BY last_seen DESC, workload_id DESC
LIMIT {limit:UInt32}
"""

SERVED_TABLES = ("workload_events", "metrics_hourly", "call_events", "user_activity")
TABLES = """
SELECT name, engine, total_rows, total_bytes
FROM system.tables
WHERE database = {database:String}
ORDER BY name
"""
