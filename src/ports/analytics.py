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
- `deliver_events` and `deliver_calls` store a relay batch under a token: the same token
  with the same rows is stored once and counted once in every rollup, and an earlier
  attempt with that token that was stored only in part (a process killed mid-insert)
  is completed. They skip no row the store already has by id: only the token dedupes,
  so a batch must be exactly the same rows each time its token is used. They return
  how many of the batch the store did not have by id before.

Rules of the outbox (PostgreSQL writes its rows in the transaction of the change):
- `pin` gives the batch of one source to deliver: the batch pinned earlier and not yet
  removed (a delivery that did not finish), exactly the same rows each time; else the
  oldest unpinned rows, at most `limit`, pinned to a new batch id. The pin holds once
  the unit of work commits, and it must commit before the batch is delivered. Pinning
  takes one source at a time: a source another unit of work is pinning gives None, so
  two batches never overlap. Two relays may deliver the same pinned batch at once;
  that is safe, as both deliver the same rows under the same token.
- `remove` deletes a delivered batch's rows and returns how many it deleted (0 when
  another relay removed them first).
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
    MetricsQuery,
    RecentWorkload,
)
from domain.analytics.series import MetricSeries
from ports.health import ComponentReport
from ports.uow import UnitOfWork


class AnalyticsStore(Protocol):
    async def ingest(self, events: Sequence[Event]) -> int: ...
    async def record_calls(self, calls: Sequence[CallRecord]) -> int: ...
    async def deliver_events(self, events: Sequence[Event], token: str) -> int: ...
    async def deliver_calls(self, calls: Sequence[CallRecord], token: str) -> int: ...
    async def metrics(self, query: MetricsQuery) -> MetricSeries: ...
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


OUTBOX_SOURCES = ("job_events", "audit", "interactions")


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A change waiting for the analytics store. `data` holds the source row's fields:
    job_events → job_id, seq, kind, owner_id, started_at (ISO 8601, or None), from_status,
    to_status, progress, detail;
    audit → user_id, action, outcome, duration_ms;
    interactions → user_id, content_item_id, interaction_type, rating, duration_ms,
    metadata."""

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


@dataclass(frozen=True, slots=True)
class OutboxBatch:
    """Rows of one source pinned together: redelivered as exactly these rows, whose
    delivery token is `token`."""

    id: str
    source: str
    items: tuple[OutboxItem, ...]

    @property
    def token(self) -> str:
        return f"analytics_outbox:{self.source}:{self.id}"


class AnalyticsOutbox(Protocol):
    async def waiting(self) -> set[str]:
        """The sources with rows in the outbox, pinned or not (one cheap look, so that an
        idle relay pins nothing)."""
        ...

    async def pin(self, source: str, limit: int) -> OutboxBatch | None: ...
    async def remove(self, batch: OutboxBatch) -> int: ...
    async def backlog(self) -> Backlog: ...


class RetentionSettings(Protocol):
    async def get(self, workspace_id: str) -> int | None:
        """The workspace's analytics retention in days; None when it keeps the default."""
        ...

    async def put(self, workspace_id: str, days: int) -> None: ...


class AnalyticsUnitOfWork(UnitOfWork, Protocol):
    analytics_outbox: AnalyticsOutbox
    analytics_retention: RetentionSettings
