"""The analytics use cases on the memory adapters, and events to feed them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapters.memory.analytics.store import InMemoryAnalyticsStore
from adapters.system.basics import Uuid7Generator
from domain.analytics import browsing, ingesting, reads, retention
from domain.analytics.batch import NewEvent
from domain.analytics.deps import AnalyticsDeps
from domain.analytics.model import Metric
from tests.unit.domain.conftest import PAGE_TOKENS, FakeClock

DEFAULT_DAYS = 90


@dataclass
class A:
    ingest: ingesting.IngestEvents
    metrics: reads.QueryMetrics
    activity: reads.GetUserActivity
    recent: reads.ListRecentWorkloads
    events: browsing.QueryEvents
    get_retention: retention.GetRetention
    set_retention: retention.SetRetention
    store: InMemoryAnalyticsStore

    @classmethod
    def over(cls, uow: Any, clock: FakeClock, store: InMemoryAnalyticsStore | None = None) -> A:
        store = store or InMemoryAnalyticsStore(now=clock.now)
        d = AnalyticsDeps(
            uow=uow,
            store=store,
            clock=clock,
            ids=Uuid7Generator(),
            page_tokens=PAGE_TOKENS,
            default_retention_days=DEFAULT_DAYS,
        )
        return cls(
            ingesting.IngestEvents(d),
            reads.QueryMetrics(d),
            reads.GetUserActivity(d),
            reads.ListRecentWorkloads(d),
            browsing.QueryEvents(d),
            retention.GetRetention(d),
            retention.SetRetention(d),
            store,
        )


def event(
    event_id: str = "",
    at: datetime | None = None,
    *,
    kind: str = "inference.done",
    workload: str = "w1",
    metrics: dict[str, float] | None = None,
    **fields: Any,
) -> NewEvent:
    named = tuple(Metric(n, v) for n, v in (metrics or {"latency_ms": 1.0}).items())
    return NewEvent(
        event_type=kind,
        event_id=event_id,
        timestamp=at,
        workload_id=workload,
        metrics=named,
        **fields,
    )
