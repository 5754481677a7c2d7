"""Reading analytics: metric series, activity, recent workloads and pages of events."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from adapters.memory.analytics.store import InMemoryAnalyticsStore
from domain.analytics.model import Bucket, CallRecord, EventFilter, MetricsQuery
from domain.analytics.series import MetricSeries
from domain.kernel.errors import InvalidArgument, NotFound, Unavailable
from domain.kernel.roles import Role
from tests.unit.domain.analytics_kit import A, event
from tests.unit.domain.conftest import START

HOUR = timedelta(hours=1)


@pytest.fixture
def a(uow, clock) -> A:
    return A.over(uow, clock)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "analytics")


def _query(ws, **fields) -> MetricsQuery:
    named = {"start": START - 3 * HOUR, "end": START + HOUR, **fields}
    return MetricsQuery(ws.id, "latency_ms", **named)


async def test_metrics_come_back_in_hour_buckets_with_their_figures(a, alice, ws) -> None:
    values = [1.0, 2.0, 3.0, 10.0]
    batch = [
        event(at=START - 2 * HOUR + i * timedelta(minutes=1), metrics={"latency_ms": v})
        for i, v in enumerate(values)
    ]
    batch.append(event(at=START - HOUR, metrics={"latency_ms": 5.0, "tokens": 9.0}))
    await a.ingest.execute(alice.principal, ws.id, batch)
    first, second = await a.metrics.execute(alice.principal, _query(ws))
    assert first.bucket_start == START - 2 * HOUR and second.bucket_start == START - HOUR
    assert (first.count, first.sum, first.min, first.max, first.avg) == (4, 16.0, 1.0, 10.0, 4.0)
    assert first.p50 == 2.5 and first.p95 == pytest.approx(8.95)
    assert (second.count, second.sum) == (1, 5.0)


async def test_day_buckets_and_a_workload_filter_narrow_the_series(a, alice, ws) -> None:
    batch = [event(at=START - HOUR, workload="w1"), event(at=START - 2 * HOUR, workload="w2")]
    await a.ingest.execute(alice.principal, ws.id, batch)
    query = _query(ws, bucket=Bucket.DAY, workload_id="w2")
    [point] = await a.metrics.execute(alice.principal, query)
    assert point.count == 1 and point.bucket_start == START.replace(hour=0)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"metric_name": ""}, "metric_name"),
        ({"end": START - 4 * HOUR}, "end_time"),
        ({"end": START + timedelta(days=367)}, "end_time"),
        ({"workload_id": "w" * 129}, "workload_id"),
    ],
)
async def test_metric_queries_out_of_bounds_are_refused(a, alice, ws, fields, field) -> None:
    query = _query(ws, **{k: v for k, v in fields.items() if k != "metric_name"})
    if "metric_name" in fields:
        query = MetricsQuery(ws.id, "", query.start, query.end)
    with pytest.raises(InvalidArgument) as refused:
        await a.metrics.execute(alice.principal, query)
    assert field in [v.field for v in refused.value.violations]


async def test_user_activity_counts_calls_per_day_user_and_action(a, alice, ws) -> None:
    def call(at, action, ms) -> CallRecord:
        return CallRecord(str(uuid.uuid4()), ws.id, alice.id, action, at, ms, "OK")

    await a.store.record_calls(
        [call(START, "Get", 5), call(START, "Get", 7), call(START - timedelta(days=1), "List", 1)]
    )
    rows = await a.activity.execute(alice.principal, ws.id, date(2024, 12, 31), date(2025, 1, 1))
    assert [(r.day, r.action, r.count, r.total_duration_ms) for r in rows] == [
        (date(2024, 12, 31), "List", 1, 1),
        (date(2025, 1, 1), "Get", 2, 12),
    ]
    other = str(uuid.uuid4())
    assert await a.activity.execute(alice.principal, ws.id, START.date(), START.date(), other) == []


async def test_activity_ranges_are_checked(a, alice, ws) -> None:
    cases = [
        ((None, START.date(), ""), "start_date"),
        ((START.date(), START.date() - timedelta(days=1), ""), "end_date"),
        ((START.date(), START.date() + timedelta(days=366), ""), "end_date"),
        ((START.date(), START.date(), "someone"), "user_id"),
        ((date(1899, 12, 31), date(1900, 1, 2), ""), "start_date"),
    ]
    for (start, end, user), field in cases:
        with pytest.raises(InvalidArgument) as refused:
            await a.activity.execute(alice.principal, ws.id, start, end, user)
        assert field in [v.field for v in refused.value.violations]


async def test_recent_workloads_are_the_last_weeks_most_recent_first(a, alice, ws) -> None:
    batch = [
        event(at=START - timedelta(days=8), workload="old"),
        event(at=START - 2 * HOUR, workload="w1", kind="a"),
        event(at=START - 3 * HOUR, workload="w1", kind="b"),
        event(at=START - HOUR, workload="w2"),
    ]
    await a.ingest.execute(alice.principal, ws.id, batch)
    found = await a.recent.execute(alice.principal, ws.id)
    assert [(w.workload_id, w.event_count, w.unique_event_types) for w in found] == [
        ("w2", 1, 1),
        ("w1", 2, 2),
    ]
    assert [w.workload_id for w in await a.recent.execute(alice.principal, ws.id, 1)] == ["w2"]


async def test_readers_read_and_another_workspace_is_not_found(a, world, alice, bob, ws) -> None:
    viewer = await world.member(ws, alice, "vera", Role.VIEWER)
    assert (await a.events.execute(viewer.principal, EventFilter(ws.id), 0, "")).items == []
    with pytest.raises(NotFound):
        await a.metrics.execute(bob.principal, _query(ws))
    with pytest.raises(NotFound):
        await a.recent.execute(bob.principal, ws.id)


class DownStore(InMemoryAnalyticsStore):
    async def metrics(self, query: MetricsQuery) -> MetricSeries:
        raise Unavailable("the analytics store is down")


async def test_a_series_asked_while_membership_is_checked_goes_only_to_members(
    uow, clock, world, alice, bob, ws
) -> None:
    down = A.over(uow, clock, DownStore(now=clock.now))
    with pytest.raises(NotFound):
        await down.metrics.execute(bob.principal, _query(ws))
    with pytest.raises(Unavailable):
        await down.metrics.execute(alice.principal, _query(ws))
