"""ClickHouseAnalyticsStore: events, calls, rollups and activity in ClickHouse, written
once per id (adapters.clickhouse.idempotent), relay batches once per token
(adapters.clickhouse.delivery), and read without FINAL."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from adapters.clickhouse import queries
from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.delivery import RelayDeliveries
from adapters.clickhouse.idempotent import NewOnly
from adapters.clickhouse.rows import (
    call_keys,
    call_table,
    day,
    event_keys,
    event_of,
    event_table,
    utc,
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
from ports.health import ComponentReport

DEFAULT_RETENTION_DAYS = 90


class ClickHouseAnalyticsStore:
    def __init__(
        self, client: ClickHouseClient, *, default_retention_days: int = DEFAULT_RETENTION_DAYS
    ) -> None:
        self._client = client
        retention = timedelta(days=default_retention_days)
        self._events = NewOnly[Event](
            client,
            "workload_events",
            queries.KNOWN_EVENTS,
            event_keys,
            lambda batch: event_table(batch, retention),
        )
        self._calls = NewOnly[CallRecord](
            client, "call_events", queries.KNOWN_CALLS, call_keys, call_table
        )
        self._relayed = RelayDeliveries.of(client, retention)

    @property
    def client(self) -> ClickHouseClient:
        """The client, for other contexts' reads of what the relay stored here."""
        return self._client

    async def ingest(self, events: Sequence[Event]) -> int:
        return await self._events.insert(events)

    async def record_calls(self, calls: Sequence[CallRecord]) -> int:
        return await self._calls.insert(calls)

    async def deliver_events(self, events: Sequence[Event], token: str) -> int:
        return await self._relayed.events.deliver(events, token)

    async def deliver_calls(self, calls: Sequence[CallRecord], token: str) -> int:
        return await self._relayed.calls.deliver(calls, token)

    async def metrics(self, query: MetricsQuery) -> MetricSeries:
        sql, params = queries.metrics_sql(query)
        c = await self._client.columns(sql, params, queries.EPOCH_SECONDS)
        if not c.get("bucket_start"):
            return MetricSeries()
        return MetricSeries(
            tuple(map(int, c["bucket_start"])),
            tuple(map(int, c["count"])),
            *(tuple(map(float, c[k])) for k in ("sum", "min", "max", "avg", "p50", "p95")),
        )

    async def user_activity(self, query: ActivityQuery) -> list[ActivityRow]:
        params: dict[str, Any] = {
            "workspace_id": query.workspace_id,
            "start": query.start,
            "end": query.end,
        }
        user = ""
        if query.user_id:
            user, params["user_id"] = "AND user_id = {user_id:UUID}", query.user_id
        rows = await self._client.query(queries.ACTIVITY.replace("{user}", user), params)
        return [
            ActivityRow(
                day(r["date"]),
                r["user"],
                r["action"],
                int(r["count"]),
                int(r["total_duration_ms"]),
            )
            for r in rows
        ]

    async def recent_workloads(
        self, workspace_id: str, since: datetime, limit: int
    ) -> list[RecentWorkload]:
        params = {"workspace_id": workspace_id, "since": since, "limit": limit}
        return [
            RecentWorkload(
                r["workload_id"],
                r["user_id"],
                utc(r["last_seen"]),
                int(r["event_count"]),
                int(r["unique_event_types"]),
            )
            for r in await self._client.query(queries.RECENT, params)
        ]

    async def events(self, filt: EventFilter, after: EventCursor | None, limit: int) -> list[Event]:
        sql, params = queries.events_sql(filt, after, limit)
        return [event_of(r) for r in await self._client.query(sql, params)]

    async def check(self) -> list[ComponentReport]:
        started = time.perf_counter()
        try:
            rows = await self._client.query(queries.TABLES, {"database": self._client.database})
        except Exception as exc:
            return [ComponentReport("clickhouse", False, _ms(started), _reason(exc))]
        details = {
            r["name"]: f"{r['engine']} rows={r['total_rows'] or 0} bytes={r['total_bytes'] or 0}"
            for r in rows
        }
        missing = sorted(set(queries.SERVED_TABLES) - set(details))
        if missing:
            error = f"schema not applied (no {', '.join(missing)}): run `strata db upgrade`"
            return [ComponentReport("clickhouse", False, _ms(started), error, details)]
        return [ComponentReport("clickhouse", True, _ms(started), details=details)]


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
