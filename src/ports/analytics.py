"""The analytics store, and the transactional store's side of analytics: the outbox and
the workspaces' retention.

Rules every store keeps (the contract suite checks them on every adapter):
- `ingest` and `record_calls` are idempotent by id within a workspace: a repeated event or
  call is stored once and counted once in every rollup, whatever batch it comes in.
  They return how many were new. A store that cannot be reached raises
  domain.kernel.errors.Unavailable and keeps nothing of the batch.
- Reads see only the workspace asked for, and no event before `not_before`.
- `metrics` buckets by `MetricsQuery.bucket` in UTC, oldest first, only buckets with
  values; p50/p95 may be approximate (ClickHouse quantile states).
- `events` pages newest first by (timestamp, event_id), strictly after the cursor.
- `user_activity` rows come ordered by (day, user_id, action).

Rules of the outbox (PostgreSQL writes its rows in the transaction of the change):
- `take` returns the oldest rows of one source, in order, held until the unit of work
  ends; a source another unit of work is taking from returns nothing (one relay per
  source at a time, so order per source holds across instances).
- `remove` deletes delivered rows in the same unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.analytics.model import (
    ActivityQuery,
    ActivityRow,
    CallRecord,
    Event,
    EventCursor,
    EventFilter,
    MetricPoint,
    MetricsQuery,
    RecentWorkload,
)
from ports.health import ComponentReport
from ports.uow import UnitOfWork


class AnalyticsStore(Protocol):
    async def ingest(self, events: Sequence[Event]) -> int: ...
    async def record_calls(self, calls: Sequence[CallRecord]) -> int: ...
    async def metrics(self, query: MetricsQuery) -> list[MetricPoint]: ...
    async def user_activity(self, query: ActivityQuery) -> list[ActivityRow]: ...

    async def recent_workloads(
        self, workspace_id: str, since: datetime, limit: int
    ) -> list[RecentWorkload]:
        """Workloads with events at or after `since`, most recently seen first."""
        ...

    async def events(
        self, filt: EventFilter, after: EventCursor | None, limit: int
    ) -> list[Event]: ...

    async def check(self) -> list[ComponentReport]:
        """Never raises: an unreachable store is an unhealthy report."""
        ...


OUTBOX_SOURCES = ("job_events", "audit")


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A change waiting for the analytics store. `data` holds the source row's fields:
    job_events → job_id, seq, kind, owner_id, from_status, to_status, progress, detail;
    audit → user_id, action, outcome, duration_ms."""

    id: int
    source: str
    event_id: str
    workspace_id: str
    occurred_at: datetime
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Backlog:
    rows: int
    oldest: datetime | None


class AnalyticsOutbox(Protocol):
    async def take(self, source: str, limit: int) -> list[OutboxItem]: ...
    async def remove(self, ids: Sequence[int]) -> None: ...
    async def backlog(self) -> Backlog: ...


class RetentionSettings(Protocol):
    async def get(self, workspace_id: str) -> int | None:
        """The workspace's analytics retention in days; None when it keeps the default."""
        ...

    async def put(self, workspace_id: str, days: int) -> None: ...


class AnalyticsUnitOfWork(UnitOfWork, Protocol):
    analytics_outbox: AnalyticsOutbox
    analytics_retention: RetentionSettings
