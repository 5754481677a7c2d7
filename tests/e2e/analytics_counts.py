"""Run as a process of its own on a served instance's data (stopped): what PostgreSQL and
the embedded ClickHouse hold for one workspace, printed as JSON.

    python -m tests.e2e.analytics_counts WORKSPACE_ID

chDB opens one data path per process, so the counts are read here rather than in a test
process that may have opened another.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime, timedelta

import asyncpg

from adapters.clickhouse.connect import client_for
from adapters.clickhouse.store import ClickHouseAnalyticsStore
from domain.analytics.model import MetricsQuery
from entrypoints.runtime.embedded import open_embedded
from entrypoints.settings import load_settings
from tests.integration.analytics_relay_kit import counted

POSTGRES_COUNTS = """
SELECT
    (SELECT count(*) FROM job_events WHERE workspace_id = $1::uuid) AS job_events,
    (SELECT count(*) FROM audit_entries WHERE workspace_id = $1::uuid) AS calls,
    (SELECT count(*) FROM analytics_outbox
      WHERE workspace_id = $1::uuid AND source = 'job_events') AS waiting_events,
    (SELECT count(*) FROM analytics_outbox
      WHERE workspace_id = $1::uuid AND source = 'audit') AS waiting_calls
"""


async def main(workspace_id: str) -> dict[str, int]:
    settings = load_settings()
    database = await open_embedded(settings)
    conn = await asyncpg.connect(database.admin_url)
    try:
        row = await conn.fetchrow(POSTGRES_COUNTS, workspace_id)
    finally:
        await conn.close()
    analytics = settings.analytics
    client = client_for(
        None, analytics.chdb_dir(settings.database.data_dir), analytics.clickhouse_database
    )
    store = ClickHouseAnalyticsStore(client)
    try:
        events, calls = await counted(store, workspace_id)
        rolled_up = await progress_count(store, workspace_id)
    finally:
        await client.close()
    return {**dict(row), "stored_events": events, "stored_calls": calls, "rolled_up": rolled_up}


async def progress_count(store: ClickHouseAnalyticsStore, workspace_id: str) -> int:
    """Job events counted by the hourly rollup of their `progress` metric."""
    now = datetime.now(UTC)
    query = MetricsQuery(
        workspace_id, "progress", now - timedelta(days=1), now + timedelta(hours=1)
    )
    return sum(point.count for point in await store.metrics(query))


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
