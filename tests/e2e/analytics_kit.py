"""What the AnalyticsService end-to-end tests share: the memory server, a workspace and
its owner, and events to send."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from google.protobuf import timestamp_pb2

from strata.v1 import analytics_pb2 as pb

NOW = datetime.now(UTC).replace(minute=30, second=0, microsecond=0)
HOUR = timedelta(hours=1)


def ts(moment: datetime) -> timestamp_pb2.Timestamp:
    out = timestamp_pb2.Timestamp()
    out.FromDatetime(moment)
    return out


def event(at: datetime, value: float, workload: str = "run-1", **fields: Any) -> pb.Event:
    return pb.Event(
        event_id=str(uuid.uuid4()),
        timestamp=ts(at),
        event_type="inference.done",
        event_category="inference",
        workload_id=workload,
        metrics=[pb.Metric(name="latency_ms", value=value, unit="ms")],
        dimensions={"model": "small"},
        **fields,
    )
