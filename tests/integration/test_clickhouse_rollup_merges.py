"""Why the hourly rollups keep aggregate states: seed 001's SummingMergeTree adds up
avg/min/max when its parts merge, while AggregatingMergeTree merges them correctly."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.store import ClickHouseAnalyticsStore
from domain.analytics.model import Event, Metric, MetricsQuery
from tests.support import clickhouse

SEED_SCHEMA = [
    """CREATE TABLE workload_events (
        event_id UUID DEFAULT generateUUIDv4(),
        timestamp DateTime64(3) DEFAULT now(),
        user_id UInt32,
        workload_id String,
        event_type String,
        event_category String,
        metrics Nested(name String, value Float64, unit String),
        dimensions Map(String, String),
        metadata String
    ) ENGINE = MergeTree() PARTITION BY toYYYYMM(timestamp)
    ORDER BY (user_id, timestamp, event_id)""",
    """CREATE MATERIALIZED VIEW aggregated_metrics
    ENGINE = SummingMergeTree()
    PARTITION BY toYYYYMM(hour)
    ORDER BY (user_id, workload_id, hour, metric_name)
    AS SELECT
        toStartOfHour(timestamp) as hour, user_id, workload_id,
        metrics.name[1] as metric_name,
        sum(metrics.value[1]) as total_value,
        count() as event_count,
        min(metrics.value[1]) as min_value,
        max(metrics.value[1]) as max_value,
        avg(metrics.value[1]) as avg_value
    FROM workload_events
    WHERE event_type = 'metric'
    GROUP BY hour, user_id, workload_id, metric_name""",
]
SEED_INSERT = """INSERT INTO workload_events (timestamp, user_id, workload_id, event_type,
    `metrics.name`, `metrics.value`, `metrics.unit`)
SELECT {at:DateTime64(3)}, 1, 'w', 'metric',
    ['latency'], [arrayJoin({values:Array(Float64)})], ['ms']"""
BATCHES = [[10.0, 20.0], [30.0, 40.0, 50.0]]  # two inserts: two parts, merged into one


@pytest.fixture
async def seed_database(
    clickhouse_target: clickhouse.ClickHouseTarget,
) -> AsyncIterator[ClickHouseClient]:
    client = clickhouse_target.client(clickhouse.fresh_database_name())
    try:
        for statement in SEED_SCHEMA:
            await client.command(statement)
        yield client
    finally:
        await clickhouse.drop_database(client)


async def test_seed_rollups_are_wrong_after_a_merge_and_ours_are_right(
    seed_database: ClickHouseClient, clickhouse_client: ClickHouseClient
) -> None:
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=3)
    store = ClickHouseAnalyticsStore(clickhouse_client)
    for n, values in enumerate(BATCHES):
        await seed_database.command(SEED_INSERT, {"at": hour, "values": values})
        await store.ingest(
            [
                Event(
                    f"e{n}-{i}",
                    "ws",
                    hour + timedelta(minutes=i),
                    "metric",
                    "",
                    "w",
                    metrics=(Metric("latency", v, "ms"),),
                )
                for i, v in enumerate(values)
            ]
        )
    await clickhouse.merge(seed_database, ("aggregated_metrics",))
    await clickhouse.merge(clickhouse_client, ("metrics_hourly",))
    everything = [v for batch in BATCHES for v in batch]

    [seed] = await seed_database.query(
        "SELECT event_count, total_value, min_value, max_value, avg_value FROM aggregated_metrics"
    )
    assert (seed["event_count"], seed["total_value"]) == (5, sum(everything))
    assert seed["min_value"] == 10.0 + 30.0 != min(everything)  # each part's min, added up
    assert seed["max_value"] == 20.0 + 50.0 != max(everything)
    assert seed["avg_value"] == 15.0 + 40.0 != sum(everything) / 5

    [ours] = await store.metrics(MetricsQuery("ws", "latency", hour, hour + timedelta(hours=1)))
    assert (ours.count, ours.sum, ours.min, ours.max) == (5, 150.0, 10.0, 50.0)
    assert ours.avg == 30.0 and ours.p50 == 30.0
