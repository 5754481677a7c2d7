"""What the analytics store keeps and answers: events with metrics and dimensions, calls
as user activity, and the rows and pages read back from them (series: analytics.series)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

NO_USER = "00000000-0000-0000-0000-000000000000"  # events and calls with no user


class Metric(NamedTuple):
    """A tuple: a batch of events carries thousands, made at half a dataclass's cost."""

    name: str
    value: float
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """One workload event. `expires_at` is when the store drops it (its workspace's
    retention at ingest); reads also hide events older than the current retention."""

    event_id: str
    workspace_id: str
    timestamp: datetime
    event_type: str
    event_category: str = ""
    workload_id: str = ""
    user_id: str = NO_USER
    metrics: tuple[Metric, ...] = ()
    dimensions: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One served call (an audit entry), counted as user activity: `action` is the RPC."""

    call_id: str
    workspace_id: str
    user_id: str
    action: str
    occurred_at: datetime
    duration_ms: int
    outcome: str


class Bucket(enum.StrEnum):
    HOUR = "hour"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class MetricsQuery:
    workspace_id: str
    metric_name: str
    start: datetime
    end: datetime  # exclusive
    bucket: Bucket = Bucket.HOUR
    workload_id: str = ""  # "" is every workload; rollups outlive events (one year)


@dataclass(frozen=True, slots=True)
class ActivityRow:
    day: date
    user_id: str
    action: str
    count: int
    total_duration_ms: int


@dataclass(frozen=True, slots=True)
class ActivityQuery:
    workspace_id: str
    start: date
    end: date  # inclusive
    user_id: str = ""  # "" is every user


@dataclass(frozen=True, slots=True)
class RecentWorkload:
    workload_id: str
    user_id: str
    last_seen: datetime
    event_count: int
    unique_event_types: int


@dataclass(frozen=True, slots=True)
class EventFilter:
    workspace_id: str
    event_types: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    workload_id: str = ""
    dimensions: tuple[tuple[str, str], ...] = ()  # every pair must match
    start: datetime | None = None
    end: datetime | None = None  # exclusive
    not_before: datetime | None = None


@dataclass(frozen=True, slots=True)
class EventCursor:
    """Pages go newest first: the next page starts below (timestamp, event_id)."""

    timestamp: datetime
    event_id: str
