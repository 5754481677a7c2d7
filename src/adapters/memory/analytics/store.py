"""The analytics store in memory: events and calls in dicts, rollups computed on read."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from adapters.memory.analytics.reading import (
    activity_rows,
    event_page,
    metric_points,
    recent_workloads,
)
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
from domain.kernel.errors import Unavailable
from ports.health import ComponentReport

NAME = "analytics"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class InMemoryAnalyticsStore:
    """Keeps every event and call once by (workspace, id); an event is gone once its
    `expires_at` has passed. Set `reachable` False to have it behave as a store that is
    down: every call raises Unavailable and keeps nothing."""

    def __init__(self, now: Callable[[], datetime] = _utc_now) -> None:
        self._now = now
        self._events: dict[tuple[str, str], Event] = {}
        self._calls: dict[tuple[str, str], CallRecord] = {}
        self._lock = asyncio.Lock()
        self.reachable = True

    async def ingest(self, events: Sequence[Event]) -> int:
        async with self._lock:
            self._ensure_reachable()
            fresh = {(e.workspace_id, e.event_id): e for e in reversed(events)}
            new = {k: e for k, e in fresh.items() if k not in self._events}
            self._events.update(new)
            return len(new)

    async def record_calls(self, calls: Sequence[CallRecord]) -> int:
        async with self._lock:
            self._ensure_reachable()
            fresh = {(c.workspace_id, c.call_id): c for c in reversed(calls)}
            new = {k: c for k, c in fresh.items() if k not in self._calls}
            self._calls.update(new)
            return len(new)

    async def deliver_events(self, events: Sequence[Event], token: str) -> int:
        """Kept once by id, which also keeps a batch once per token: a write in memory
        is never stored in part."""
        return await self.ingest(events)

    async def deliver_calls(self, calls: Sequence[CallRecord], token: str) -> int:
        return await self.record_calls(calls)

    async def metrics(self, query: MetricsQuery) -> MetricSeries:
        self._ensure_reachable()
        return MetricSeries.of(metric_points(self._all_events(), query))

    async def user_activity(self, query: ActivityQuery) -> list[ActivityRow]:
        self._ensure_reachable()
        return activity_rows(list(self._calls.values()), query)

    async def recent_workloads(
        self, workspace_id: str, since: datetime, limit: int
    ) -> list[RecentWorkload]:
        self._ensure_reachable()
        return recent_workloads(self._live_events(), workspace_id, since, limit)

    async def events(self, filt: EventFilter, after: EventCursor | None, limit: int) -> list[Event]:
        self._ensure_reachable()
        return event_page(self._live_events(), filt, after, limit)

    async def check(self) -> list[ComponentReport]:
        if not self.reachable:
            return [ComponentReport(NAME, False, error="the analytics store is down")]
        return [ComponentReport(NAME, True, details={"events": str(len(self._events))})]

    def _all_events(self) -> list[Event]:
        """What the rollups were built from: every event ever ingested, expired or not."""
        return list(self._events.values())

    def _live_events(self) -> list[Event]:
        now = self._now()
        return [e for e in self._events.values() if e.expires_at is None or e.expires_at > now]

    def _ensure_reachable(self) -> None:
        if not self.reachable:
            raise Unavailable("the analytics store cannot be reached")
