"""The analytics store chosen from settings: in memory beside memory storage, ClickHouse
(chDB embedded under the data directory, or a server) beside PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.connect import client_for
from adapters.clickhouse.schema_ready import SchemaReadyClient
from adapters.clickhouse.store import ClickHouseAnalyticsStore


def analytics_client(
    storage: str, url: str | None, chdb_dir: str, database: str, chdb_host: str = "process"
) -> ClickHouseClient | None:
    """Only beside PostgreSQL; it connects, and applies pending schema files, on first use."""
    if storage != "postgres":
        return None
    return SchemaReadyClient(client_for(url, chdb_dir, database, chdb_host))


async def analytics_client_open(client: ClickHouseClient | None) -> AsyncIterator[None]:
    """Closed at stop, after everything that uses it."""
    yield
    if client is not None:
        await client.close()


def memory_analytics_store() -> Any:
    from adapters.memory.analytics.store import InMemoryAnalyticsStore

    return InMemoryAnalyticsStore()


def clickhouse_analytics_store(client: ClickHouseClient, retention_days: int) -> Any:
    return ClickHouseAnalyticsStore(client, default_retention_days=retention_days)


def analytics_config(settings: Any) -> dict[str, Any]:
    analytics = settings.analytics
    return {
        "url": analytics.clickhouse_url,
        "chdb_dir": str(analytics.chdb_dir(settings.database.data_dir)),
        "database": analytics.clickhouse_database,
        "chdb_host": analytics.chdb_host,
        "retention_days": analytics.retention_days,
    }
