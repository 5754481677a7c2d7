"""Relay batches stored whole under their token, never filtered by the ids already stored.

A process killed mid-insert can leave the base table's part committed and a
materialized view's part not. Filtering a redelivery by the ids the base table has
would then skip them, and the rollup would stay short. Sending the same rows with the
same deduplication token instead lets ClickHouse finish the job: the base table drops
the block as already inserted but still pushes it to its views, and each view's target
table drops it only if its own part for that token committed (both tables keep a
`non_replicated_deduplication_window`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Generic, TypeVar

from adapters.clickhouse import queries
from adapters.clickhouse.client import ClickHouseClient, Columns
from adapters.clickhouse.idempotent import InWorkspace
from adapters.clickhouse.rows import call_table, event_table
from domain.analytics.model import CallRecord, Event

T = TypeVar("T", bound=InWorkspace)


def delivery_token(table: str, token: str) -> str:
    return hashlib.sha256(f"{table}\x1f{token}".encode()).hexdigest()


@dataclass(frozen=True)
class TokenDelivery(Generic[T]):
    client: ClickHouseClient
    table: str
    known_sql: str  # the ids of {ids:Array(String)} the {workspace_id:String} already has
    key: Callable[[T], str]
    columns: Callable[[list[T]], Columns]

    async def deliver(self, items: Sequence[T], token: str) -> int:
        """Stores the batch once per token (the first of ids repeated in it is kept);
        how many of its ids the store did not have before."""
        batch = self._unique(items)
        if not batch:
            return 0
        new = await self._unknown(batch)
        settings = {
            "insert_deduplicate": 1,
            "insert_deduplication_token": delivery_token(self.table, token),
            "deduplicate_blocks_in_dependent_materialized_views": 1,
        }
        await self.client.insert(self.table, self.columns(batch), settings)
        return new

    def _unique(self, items: Sequence[T]) -> list[T]:
        kept: dict[tuple[str, str], T] = {}
        for item in items:
            kept.setdefault((item.workspace_id, self.key(item)), item)
        return list(kept.values())

    async def _unknown(self, batch: list[T]) -> int:
        ids: dict[str, list[str]] = {}
        for item in batch:
            ids.setdefault(item.workspace_id, []).append(self.key(item))
        new = 0
        for workspace_id, keys in ids.items():
            params: dict[str, Any] = {"workspace_id": workspace_id, "ids": keys}
            new += len(keys) - len(await self.client.query(self.known_sql, params))
        return new


@dataclass(frozen=True)
class RelayDeliveries:
    events: TokenDelivery[Event]
    calls: TokenDelivery[CallRecord]

    @classmethod
    def of(cls, client: ClickHouseClient, retention: timedelta) -> RelayDeliveries:
        return cls(
            TokenDelivery[Event](
                client,
                "workload_events",
                queries.KNOWN_EVENTS,
                lambda e: e.event_id,
                lambda batch: event_table(batch, retention),
            ),
            TokenDelivery[CallRecord](
                client, "call_events", queries.KNOWN_CALLS, lambda c: c.call_id, call_table
            ),
        )
