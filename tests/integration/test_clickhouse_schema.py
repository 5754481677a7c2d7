"""The ClickHouse schema files: applied in order and recorded, applied once, checked
against what was recorded; and the per-event expiry they set up."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.rows import call_table, event_table
from adapters.clickhouse.schema import (
    SCHEMA_DIR,
    SchemaError,
    apply_schema,
    pending,
    schema_files,
)
from adapters.clickhouse.schema_ready import SchemaReadyClient
from adapters.clickhouse.store import ClickHouseAnalyticsStore
from domain.analytics.model import CallRecord, Event, EventFilter, Metric, MetricsQuery
from tests.support import clickhouse


@pytest.fixture
async def empty_client(
    clickhouse_target: clickhouse.ClickHouseTarget,
) -> AsyncIterator[ClickHouseClient]:
    client = clickhouse_target.client(clickhouse.fresh_database_name())
    try:
        yield client
    finally:
        await clickhouse.drop_database(client)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    copy = tmp_path / "clickhouse"
    shutil.copytree(SCHEMA_DIR, copy)
    return copy


async def test_files_are_applied_in_order_and_recorded(empty_client: ClickHouseClient) -> None:
    applied = await apply_schema(empty_client)
    versions = [f.version for f in schema_files()]
    assert [f.version for f in applied] == versions == sorted(versions)
    rows = await empty_client.query("SELECT version, name, checksum FROM schema_versions")
    assert sorted((r["version"], r["name"], r["checksum"]) for r in rows) == [
        (f.version, f.name, f.checksum) for f in schema_files()
    ]
    tables = {r["name"] for r in await empty_client.query("SHOW TABLES")}
    assert {"workload_events", "metrics_hourly", "call_events", "user_activity"} <= tables


async def test_applying_again_applies_nothing(empty_client: ClickHouseClient) -> None:
    await apply_schema(empty_client)
    assert await apply_schema(empty_client) == []
    [row] = await empty_client.query("SELECT count() AS n FROM schema_versions")
    assert row["n"] == len(schema_files())


async def test_a_changed_applied_file_is_an_error_naming_it(
    empty_client: ClickHouseClient, files: Path
) -> None:
    await apply_schema(empty_client, files)
    changed = files / "0002_metrics_hourly.sql"
    changed.write_text(changed.read_text() + "\n-- edited\n")
    with pytest.raises(SchemaError, match=r"0002_metrics_hourly\.sql"):
        await apply_schema(empty_client, files)


async def test_a_missing_applied_file_is_an_error_naming_it(
    empty_client: ClickHouseClient, files: Path
) -> None:
    await apply_schema(empty_client, files)
    (files / "0003_user_activity.sql").unlink()
    with pytest.raises(SchemaError, match=r"0003_user_activity\.sql.*missing"):
        await apply_schema(empty_client, files)


async def test_a_new_file_is_applied_after_the_recorded_ones(
    empty_client: ClickHouseClient, files: Path
) -> None:
    await apply_schema(empty_client, files)
    (files / "0099_extra.sql").write_text("CREATE TABLE extra (a UInt8) ENGINE = Memory;\n")
    assert [f.name for f in await apply_schema(empty_client, files)] == ["extra"]


async def test_ids_stored_before_the_known_id_tables_existed_are_known(
    empty_client: ClickHouseClient, files: Path
) -> None:
    known_ids = files / "0005_known_ids.sql"
    sql = known_ids.read_text()
    known_ids.unlink()
    await apply_schema(empty_client, files)
    at = datetime.now(UTC).replace(microsecond=0)
    old = [Event(f"e{i}", "ws", at, "t", expires_at=at + timedelta(days=1)) for i in range(3)]
    await empty_client.insert("workload_events", event_table(old, timedelta(days=1)))
    call = CallRecord("c1", "ws", str(uuid.uuid4()), "GetJob", at, 1, "OK")
    await empty_client.insert("call_events", call_table([call]))
    known_ids.write_text(sql)
    assert [f.name for f in await apply_schema(empty_client, files)] == ["known_ids"]
    store = ClickHouseAnalyticsStore(empty_client)
    fresh = Event("e3", "ws", at, "t", expires_at=at + timedelta(days=1))
    assert await store.ingest([*old, fresh]) == 1
    assert await store.record_calls([call]) == 0


async def test_rollups_keep_their_states_and_their_feed_when_resorted_by_time(
    empty_client: ClickHouseClient, files: Path
) -> None:
    resort = files / "0006_metrics_hourly_by_time.sql"
    sql = resort.read_text()
    resort.unlink()
    await apply_schema(empty_client, files)
    store = ClickHouseAnalyticsStore(empty_client)
    at = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    query = MetricsQuery("ws", "m", at - timedelta(hours=2), at + timedelta(hours=1))

    def sent(n: int, value: float) -> list[Event]:
        return [
            Event(
                str(uuid.uuid4()),
                "ws",
                at - timedelta(hours=i % 2),
                "t",
                metrics=(Metric("m", value + i),),
                expires_at=at + timedelta(days=1),
            )
            for i in range(n)
        ]

    await store.ingest(sent(6, 1.0))
    before = await store.metrics(query)
    resort.write_text(sql)
    assert [f.name for f in await apply_schema(empty_client, files)] == ["metrics_hourly_by_time"]
    assert await store.metrics(query) == before
    await store.ingest(sent(2, 100.0))
    assert sum(p.count for p in await store.metrics(query)) == 8


async def test_events_past_their_expiry_are_gone_after_a_merge(
    clickhouse_client: ClickHouseClient,
) -> None:
    store = ClickHouseAnalyticsStore(clickhouse_client)
    now = datetime.now(UTC).replace(microsecond=0)
    kept = Event("kept", "ws", now - timedelta(hours=1), "t", expires_at=now + timedelta(days=1))
    gone = Event("gone", "ws", now - timedelta(hours=2), "t", expires_at=now - timedelta(seconds=1))
    assert await store.ingest([kept, gone]) == 2
    assert [e.event_id for e in await store.events(EventFilter("ws"), None, 10)] == ["kept"]
    await clickhouse.merge(clickhouse_client, ("workload_events",))
    rows = await clickhouse_client.query("SELECT event_id FROM workload_events")
    assert [r["event_id"] for r in rows] == ["kept"]


async def test_a_database_without_the_schema_is_reported_unhealthy(
    empty_client: ClickHouseClient,
) -> None:
    [report] = await ClickHouseAnalyticsStore(empty_client).check()
    assert report.name == "clickhouse" and not report.healthy
    assert "strata db upgrade" in report.error
    await apply_schema(empty_client)
    [report] = await ClickHouseAnalyticsStore(empty_client).check()
    assert report.healthy and "workload_events" in report.details


async def test_a_store_without_its_schema_applies_it_on_first_use(
    empty_client: ClickHouseClient,
) -> None:
    store = ClickHouseAnalyticsStore(SchemaReadyClient(empty_client))
    [report] = await store.check()
    assert report.healthy, report.error
    event = Event("e1", "ws", datetime.now(UTC).replace(microsecond=0), "t")
    assert await store.ingest([event]) == 1
    assert await pending(empty_client) == []
