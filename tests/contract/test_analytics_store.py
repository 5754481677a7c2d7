"""The AnalyticsStore contract, on every adapter: memory, chDB, and a ClickHouse server
when CLICKHOUSE_URL_TEST is set (the run's header says when it is not)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.clickhouse.store import ClickHouseAnalyticsStore
from adapters.memory.analytics.store import InMemoryAnalyticsStore
from domain.analytics.model import (
    ActivityQuery,
    Bucket,
    CallRecord,
    EventCursor,
    EventFilter,
    Metric,
    MetricsQuery,
)
from tests.contract.analytics_kit import (
    LEGS,
    Leg,
    event,
    expected_series,
    nothing_to_merge,
    random_events,
    recent_hour,
    user,
    within_one_rank,
)
from tests.support import clickhouse

WS, OTHER = "ws-contract", "ws-other"


@pytest.fixture(params=LEGS)
async def leg(request: pytest.FixtureRequest, chdb_dir: Path) -> AsyncIterator[Leg]:
    if request.param == "memory":
        yield Leg("memory", InMemoryAnalyticsStore(), nothing_to_merge)
        return
    client = await clickhouse.leg_database(request, chdb_dir)
    try:
        yield Leg(request.param, ClickHouseAnalyticsStore(client), lambda: clickhouse.merge(client))
    finally:
        await clickhouse.drop_database(client)


async def test_the_same_batch_twice_is_kept_and_counted_once(leg: Leg) -> None:
    t0 = recent_hour()
    batch = [
        event(WS, t0 + timedelta(minutes=i), metrics=(Metric("m", float(i)),)) for i in range(5)
    ]
    assert await leg.store.ingest(batch) == 5
    assert await leg.store.ingest(batch) == 0
    await leg.merge()
    page = await leg.store.events(EventFilter(WS), None, 100)
    assert sorted(e.event_id for e in page) == sorted(e.event_id for e in batch)
    [point] = await leg.store.metrics(MetricsQuery(WS, "m", t0, t0 + timedelta(hours=1)))
    assert (point.count, point.sum) == (5, 10.0)


async def test_overlapping_batches_count_each_event_once(leg: Leg) -> None:
    t0 = recent_hour()
    events = [event(WS, t0 + timedelta(seconds=i), metrics=(Metric("m", 1.0),)) for i in range(30)]
    assert await leg.store.ingest(events[:20]) == 20
    assert await leg.store.ingest(events[10:]) == 10
    assert await leg.store.ingest([events[3], events[3], events[25]]) == 0
    await leg.merge()
    [point] = await leg.store.metrics(MetricsQuery(WS, "m", t0, t0 + timedelta(hours=1)))
    assert point.count == 30
    assert len(await leg.store.events(EventFilter(WS), None, 100)) == 30
    assert await leg.store.recent_workloads(WS, t0, 10) == []  # events of no workload


async def test_ids_stored_by_older_batches_are_refused_in_a_batch_of_another_make_up(
    leg: Leg,
) -> None:
    t0, ann = recent_hour(), user()
    events = [event(WS, t0 + timedelta(seconds=i), metrics=(Metric("m", 1.0),)) for i in range(9)]
    calls = [CallRecord(f"c{i}", WS, ann, "GetJob", t0, 1, "OK") for i in range(6)]
    for i in range(0, 6, 3):
        assert await leg.store.ingest(events[i : i + 3]) == 3
        assert await leg.store.record_calls(calls[i : i + 3]) == 3
    await leg.merge()
    assert await leg.store.ingest([events[5], events[8], events[1], events[7]]) == 2
    assert await leg.store.record_calls([calls[4], calls[0]]) == 0
    [point] = await leg.store.metrics(MetricsQuery(WS, "m", t0, t0 + timedelta(hours=1)))
    assert point.count == 8
    [row] = await leg.store.user_activity(ActivityQuery(WS, t0.date(), t0.date()))
    assert row.count == 6


async def test_concurrent_identical_batches_are_counted_once_before_any_merge(leg: Leg) -> None:
    t0 = recent_hour()
    batch = [event(WS, t0 + timedelta(seconds=i), metrics=(Metric("m", 2.0),)) for i in range(50)]
    await asyncio.gather(*(leg.store.ingest(batch) for _ in range(4)))
    [point] = await leg.store.metrics(MetricsQuery(WS, "m", t0, t0 + timedelta(hours=1)))
    assert (point.count, point.sum) == (50, 100.0)
    assert len(await leg.store.events(EventFilter(WS), None, 100)) == 50


async def test_concurrent_overlapping_batches_accept_each_id_once(leg: Leg) -> None:
    t0 = recent_hour()
    events = [event(WS, t0 + timedelta(seconds=i), metrics=(Metric("m", 1.0),)) for i in range(40)]
    windows = [events[i : i + 20] for i in range(0, 40, 10)]
    accepted = await asyncio.gather(*(leg.store.ingest(w) for w in windows))
    assert sum(accepted) == 40
    [point] = await leg.store.metrics(MetricsQuery(WS, "m", t0, t0 + timedelta(hours=1)))
    assert point.count == 40


@pytest.mark.parametrize("bucket", [Bucket.HOUR, Bucket.DAY])
async def test_metrics_match_values_computed_in_python_after_merges(
    leg: Leg, bucket: Bucket
) -> None:
    rng = random.Random(12)
    t0 = recent_hour() - timedelta(hours=6)
    events = random_events(rng, WS, t0, 600, ["w1", "w2", "w3"])
    for start in range(0, 600, 150):  # in batches, some repeated
        await leg.store.ingest(events[start : start + 200])
    await leg.merge()
    end = t0 + timedelta(days=3)
    for metric, workload in [("latency_ms", ""), ("cost", ""), ("latency_ms", "w2")]:
        want = expected_series(events, metric, bucket is Bucket.DAY, workload)
        got = await leg.store.metrics(MetricsQuery(WS, metric, t0, end, bucket, workload))
        assert [p.bucket_start for p in got] == sorted(want)
        for point in got:
            values = want[point.bucket_start]
            assert point.count == len(values)
            assert point.sum == pytest.approx(sum(values))
            assert (point.min, point.max) == (min(values), max(values))
            assert point.avg == pytest.approx(sum(values) / len(values))
            assert within_one_rank(point.p50, values, 0.5)
            assert within_one_rank(point.p95, values, 0.95)


async def test_workspaces_see_only_their_own(leg: Leg) -> None:
    t0, someone = recent_hour(), user()
    mine = event(WS, t0, workload_id="w", metrics=(Metric("m", 1.0),))
    theirs = event(OTHER, t0, workload_id="w", metrics=(Metric("m", 50.0),), event_id=mine.event_id)
    assert await leg.store.ingest([mine, theirs]) == 2
    await leg.store.record_calls([CallRecord("c1", OTHER, someone, "Ingest", t0, 5, "OK")])
    await leg.merge()
    assert [e.workspace_id for e in await leg.store.events(EventFilter(WS), None, 10)] == [WS]
    [point] = await leg.store.metrics(MetricsQuery(WS, "m", t0, t0 + timedelta(hours=1)))
    assert point.sum == 1.0
    assert [w.event_count for w in await leg.store.recent_workloads(WS, t0, 10)] == [1]
    assert await leg.store.user_activity(ActivityQuery(WS, t0.date(), t0.date())) == []


async def test_events_before_not_before_are_not_read(leg: Leg) -> None:
    t0 = recent_hour()
    old, new = event(WS, t0 - timedelta(hours=1)), event(WS, t0)
    await leg.store.ingest([old, new])
    page = await leg.store.events(EventFilter(WS, not_before=t0), None, 10)
    assert [e.event_id for e in page] == [new.event_id]


async def test_events_past_their_expiry_are_not_read(leg: Leg) -> None:
    t0 = recent_hour()
    lapsed = event(WS, t0, expires_at=t0 + timedelta(hours=1))
    kept = event(WS, t0, expires_at=t0 + timedelta(days=30))
    await leg.store.ingest([lapsed, kept])
    assert [e.event_id for e in await leg.store.events(EventFilter(WS), None, 10)] == [
        kept.event_id
    ]


async def test_events_page_newest_first_through_every_filter(leg: Leg) -> None:
    t0 = recent_hour()
    events = [
        event(
            WS,
            t0 + timedelta(seconds=i // 2),
            event_type=f"t{i % 3}",
            event_category=f"c{i % 2}",
            workload_id=f"w{i % 4}",
            dimensions={"region": "eu" if i % 5 else "us", "tier": str(i % 2)},
            metadata={"i": i},
        )
        for i in range(40)
    ]
    await leg.store.ingest(events)
    await leg.merge()
    filt = EventFilter(
        WS,
        event_types=("t0", "t1"),
        categories=("c0",),
        workload_id="w2",
        dimensions=(("region", "eu"), ("tier", "0")),
        start=t0 + timedelta(seconds=2),
        end=t0 + timedelta(seconds=19),
    )
    want = sorted(
        (
            e
            for e in events
            if e.event_type in ("t0", "t1")
            and e.event_category == "c0"
            and e.workload_id == "w2"
            and e.dimensions == {"region": "eu", "tier": "0"}
            and t0 + timedelta(seconds=2) <= e.timestamp < t0 + timedelta(seconds=19)
        ),
        key=lambda e: (e.timestamp, e.event_id),
        reverse=True,
    )
    assert [e.event_id for e in await leg.store.events(filt, None, 100)] == [
        e.event_id for e in want
    ]
    pages, after = [], None
    while page := await leg.store.events(EventFilter(WS), after, 7):
        pages.extend(page)
        after = EventCursor(page[-1].timestamp, page[-1].event_id)
    everything = sorted(events, key=lambda e: (e.timestamp, e.event_id), reverse=True)
    assert [e.event_id for e in pages] == [e.event_id for e in everything]
    assert pages[0].metadata == everything[0].metadata
    assert pages[0].dimensions == everything[0].dimensions


async def test_user_activity_sums_each_call_once(leg: Leg) -> None:
    t0, ann, bob = recent_hour(), user(), user()
    day2 = t0 + timedelta(days=1)
    calls = [
        CallRecord("a1", WS, ann, "IngestEvents", t0, 10, "OK"),
        CallRecord("a2", WS, ann, "IngestEvents", t0 + timedelta(minutes=1), 30, "OK"),
        CallRecord("a3", WS, ann, "QueryMetrics", t0, 7, "INVALID_ARGUMENT"),
        CallRecord("b1", WS, bob, "IngestEvents", day2, 5, "OK"),
    ]
    assert await leg.store.record_calls(calls) == 4
    assert await leg.store.record_calls(calls[1:3]) == 0
    await leg.merge()
    rows = await leg.store.user_activity(ActivityQuery(WS, t0.date(), day2.date()))
    got = {(r.day, r.user_id, r.action): (r.count, r.total_duration_ms) for r in rows}
    assert got == {
        (t0.date(), ann, "IngestEvents"): (2, 40),
        (t0.date(), ann, "QueryMetrics"): (1, 7),
        (day2.date(), bob, "IngestEvents"): (1, 5),
    }
    only_bob = await leg.store.user_activity(ActivityQuery(WS, t0.date(), day2.date(), bob))
    assert [(r.user_id, r.count) for r in only_bob] == [(bob, 1)]


async def test_recent_workloads_are_those_seen_since_most_recent_first(leg: Leg) -> None:
    t0, ann = recent_hour(), user()
    week_ago = t0 - timedelta(days=5)
    events = [
        event(WS, week_ago - timedelta(days=3), workload_id="stale", user_id=ann),
        event(WS, week_ago + timedelta(hours=1), workload_id="a", user_id=ann, event_type="x"),
        event(WS, t0, workload_id="a", user_id=ann, event_type="y"),
        event(WS, t0 + timedelta(minutes=5), workload_id="b", user_id=ann),
    ]
    await leg.store.ingest(events)
    await leg.store.ingest(events[1:3])
    recent = await leg.store.recent_workloads(WS, week_ago, 10)
    assert [(w.workload_id, w.event_count, w.unique_event_types) for w in recent] == [
        ("b", 1, 1),
        ("a", 2, 2),
    ]
    assert recent[1].last_seen == t0 and recent[1].user_id == ann
    assert len(await leg.store.recent_workloads(WS, week_ago, 1)) == 1


async def test_check_reports_healthy(leg: Leg) -> None:
    reports = await leg.store.check()
    assert reports and all(r.healthy for r in reports)
