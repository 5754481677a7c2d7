"""Relay deliveries on every analytics store: a batch delivered again under its token is
stored and counted once in every rollup, and on ClickHouse a delivery stored in the base
table but not in its materialized view (a process killed mid-insert) is completed by
the redelivery."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.store import ClickHouseAnalyticsStore
from domain.analytics.model import ActivityQuery, CallRecord, Event, Metric, MetricsQuery
from tests.contract.analytics_kit import LEGS, event, recent_hour, user
from tests.support import clickhouse

WS = "ws-delivery"
CLICKHOUSE_LEGS = [name for name in LEGS if name != "memory"]


@pytest.fixture
def store(analytics_store: Any) -> Any:
    return analytics_store


@pytest.fixture(params=CLICKHOUSE_LEGS)
async def client(request: pytest.FixtureRequest, chdb_dir: Path) -> AsyncIterator[ClickHouseClient]:
    client = await clickhouse.leg_database(request, chdb_dir)
    try:
        yield client
    finally:
        await clickhouse.drop_database(client)


def _events(count: int) -> list[Event]:
    t0 = recent_hour()
    return [
        event(WS, t0 + timedelta(minutes=i), metrics=(Metric("progress", float(i)),))
        for i in range(count)
    ]


def _calls(count: int) -> list[CallRecord]:
    who, at = user(), datetime.now(UTC)
    return [
        CallRecord(f"call-{i}", WS, who, "/strata.v1.JobService/GetJob", at, 3, "success")
        for i in range(count)
    ]


async def _counted(store: Any) -> tuple[int, int, int]:
    """(events in the hourly rollup, their sum, calls in the daily activity)."""
    t0, today = recent_hour(), datetime.now(UTC).date()
    points = await store.metrics(MetricsQuery(WS, "progress", t0, t0 + timedelta(hours=1)))
    query = ActivityQuery(WS, today - timedelta(days=1), today + timedelta(days=1))
    rows = await store.user_activity(query)
    return (
        sum(p.count for p in points),
        sum(p.sum for p in points),
        sum(r.count for r in rows),
    )


async def test_a_delivery_repeated_under_its_token_counts_once_in_every_rollup(store) -> None:
    events, calls = _events(5), _calls(4)
    assert await store.deliver_events(events, "job_events:b1") == 5
    assert await store.deliver_calls(calls, "audit:b1") == 4
    assert await store.deliver_events(events, "job_events:b1") == 0
    assert await store.deliver_calls(calls, "audit:b1") == 0
    assert await _counted(store) == (5, 10.0, 4)


async def test_a_delivery_counts_only_ids_no_earlier_delivery_stored(store) -> None:
    events, calls = _events(6), _calls(5)
    assert await store.deliver_events(events[:4], "job_events:b3") == 4
    assert await store.deliver_calls(calls[:3], "audit:b3") == 3
    assert await store.deliver_events(events[2:], "job_events:b4") == 2
    assert await store.deliver_calls([calls[1], calls[4]], "audit:b4") == 1


async def test_a_delivery_stored_in_the_base_tables_only_is_completed_again(client) -> None:
    store = ClickHouseAnalyticsStore(client)
    events, calls = _events(6), _calls(3)
    for view in ("metrics_hourly_mv", "user_activity_mv"):
        await client.command(f"DETACH TABLE {view}")
    await store.deliver_events(events, "job_events:b2")  # the rollups miss these
    await store.deliver_calls(calls, "audit:b2")
    for view in ("metrics_hourly_mv", "user_activity_mv"):
        await client.command(f"ATTACH TABLE {view}")
    assert await _counted(store) == (0, 0.0, 0)
    await store.deliver_events(events, "job_events:b2")
    await store.deliver_calls(calls, "audit:b2")
    assert await _counted(store) == (6, 15.0, 3)
    await store.deliver_events(events, "job_events:b2")  # and once complete, kept once
    await store.deliver_calls(calls, "audit:b2")
    await clickhouse.merge(client)
    assert await _counted(store) == (6, 15.0, 3)
    assert len(await client.query("SELECT event_id FROM workload_events FINAL")) == 6
