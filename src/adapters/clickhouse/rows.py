"""Events and calls as the columns ClickHouse takes, and its rows back as the domain's."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate, repeat
from typing import Any

import pyarrow as pa

from domain.analytics.batch import offsets
from domain.analytics.columns import EventColumns
from domain.analytics.model import CallRecord, Event, Metric

EVENT_SCHEMA = pa.schema(
    [
        ("workspace_id", pa.string()),
        ("event_id", pa.string()),
        ("timestamp", pa.timestamp("ms", tz="UTC")),
        ("user_id", pa.string()),
        ("workload_id", pa.string()),
        ("event_type", pa.string()),
        ("event_category", pa.string()),
        ("metrics.name", pa.list_(pa.string())),
        ("metrics.value", pa.list_(pa.float64())),
        ("metrics.unit", pa.list_(pa.string())),
        ("dimensions", pa.map_(pa.string(), pa.string())),
        ("metadata", pa.string()),
        ("expires_at", pa.timestamp("s", tz="UTC")),
    ]
)
CALL_SCHEMA = pa.schema(
    [
        ("workspace_id", pa.string()),
        ("call_id", pa.string()),
        ("user_id", pa.string()),
        ("action", pa.string()),
        ("occurred_at", pa.timestamp("ms", tz="UTC")),
        ("duration_ms", pa.uint64()),
        ("outcome", pa.string()),
    ]
)
_METADATA = json.JSONEncoder(separators=(",", ":"), default=str)  # one encoder, reused
EVENT_COLUMNS = ", ".join(f"`{name}`" for name in EVENT_SCHEMA.names)


def dedup_token(kind: str, ids: Sequence[tuple[str, str]]) -> str:
    """The same new (workspace, id) pairs give the same token, so a retried insert is
    dropped."""
    parts = [kind, *(f"{workspace_id}/{key}" for workspace_id, key in sorted(ids))]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def event_keys(events: Sequence[Event]) -> Iterable[tuple[str, str]]:
    if isinstance(events, EventColumns):
        return zip(repeat(events.workspace_id), events.event_ids)
    return [(e.workspace_id, e.event_id) for e in events]


def call_keys(calls: Sequence[CallRecord]) -> Iterable[tuple[str, str]]:
    return [(c.workspace_id, c.call_id) for c in calls]


def event_table(events: Sequence[Event], default_retention: timedelta) -> pa.Table:
    """Built column by column: each column is one pa.array over the batch, and the lists
    (metrics, dimensions) are flat values cut by offsets."""
    if isinstance(events, EventColumns):
        return columns_table(events)
    metrics = [m for e in events for m in e.metrics]
    metric_offsets = pa.array(_offsets([len(e.metrics) for e in events]), pa.int32())
    dimensions = [e.dimensions for e in events]
    columns = [
        [e.workspace_id for e in events],
        [e.event_id for e in events],
        [e.timestamp for e in events],
        [e.user_id for e in events],
        [e.workload_id for e in events],
        [e.event_type for e in events],
        [e.event_category for e in events],
    ]
    arrays = [pa.array(c, f.type) for c, f in zip(columns, EVENT_SCHEMA, strict=False)]
    for i, _ in enumerate(("name", "value", "unit")):
        flat = pa.array([m[i] for m in metrics], EVENT_SCHEMA.field(7 + i).type.value_type)
        arrays.append(pa.ListArray.from_arrays(metric_offsets, flat))
    arrays.append(
        pa.MapArray.from_arrays(
            pa.array(_offsets([len(d) for d in dimensions]), pa.int32()),
            pa.array([k for d in dimensions for k in d], pa.string()),
            pa.array([v for d in dimensions for v in d.values()], pa.string()),
        )
    )
    arrays.append(pa.array([metadata_json(e.metadata) for e in events], pa.string()))
    expiry = [e.expires_at or e.timestamp + default_retention for e in events]
    arrays.append(pa.array(expiry, EVENT_SCHEMA.field("expires_at").type))
    return pa.Table.from_arrays(arrays, schema=EVENT_SCHEMA)


def columns_table(c: EventColumns) -> pa.Table:
    """Checked columns as they are: no event is built."""
    s = c.sent
    metric_offsets = pa.array(offsets(s.metric_counts), pa.int32())
    strings = (c.event_ids, c.user_ids, s.workload_ids, s.event_types, s.event_categories)
    arrays = [
        pa.array([c.workspace_id] * len(c), pa.string()),
        *(pa.array(x, pa.string()) for x in strings[:1]),
        pa.array(c.timestamps, EVENT_SCHEMA.field("timestamp").type),
        *(pa.array(x, pa.string()) for x in strings[1:]),
        pa.ListArray.from_arrays(metric_offsets, pa.array(s.metric_names, pa.string())),
        pa.ListArray.from_arrays(metric_offsets, pa.array(s.metric_values, pa.float64())),
        pa.ListArray.from_arrays(metric_offsets, pa.array(s.metric_units, pa.string())),
        pa.MapArray.from_arrays(
            pa.array(offsets(s.dimension_counts), pa.int32()),
            pa.array(s.dimension_keys, pa.string()),
            pa.array(s.dimension_values, pa.string()),
        ),
        pa.array(list(map(metadata_json, s.metadata)), pa.string()),
        pa.array([t // 1000 for t in c.expires], EVENT_SCHEMA.field("expires_at").type),
    ]
    return pa.Table.from_arrays(arrays, schema=EVENT_SCHEMA)


def _offsets(lengths: list[int]) -> list[int]:
    return [0, *accumulate(lengths)]


def metadata_json(metadata: dict[str, Any]) -> str:
    return _METADATA.encode(metadata) if metadata else "{}"


def call_table(calls: Sequence[CallRecord]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "workspace_id": c.workspace_id,
                "call_id": c.call_id,
                "user_id": c.user_id,
                "action": c.action,
                "occurred_at": c.occurred_at,
                "duration_ms": max(0, c.duration_ms),
                "outcome": c.outcome,
            }
            for c in calls
        ],
        schema=CALL_SCHEMA,
    )


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def day(text: str) -> date:
    return date.fromisoformat(text)


def event_of(row: dict[str, Any]) -> Event:
    names, values, units = row["metrics.name"], row["metrics.value"], row["metrics.unit"]
    return Event(
        event_id=row["event_id"],
        workspace_id=row["workspace_id"],
        timestamp=utc(row["timestamp"]),
        event_type=row["event_type"],
        event_category=row["event_category"],
        workload_id=row["workload_id"],
        user_id=row["user_id"],
        metrics=tuple(Metric(n, float(v), u) for n, v, u in zip(names, values, units, strict=True)),
        dimensions=dict(row["dimensions"]),
        metadata=json.loads(row["metadata"] or "{}"),
        expires_at=utc(row["expires_at"]),
    )
