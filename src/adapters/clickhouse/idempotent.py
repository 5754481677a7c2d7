"""Inserts that keep each id once per workspace without FINAL: ask which of the batch's
ids the workspace already has, insert the others with a deduplication token derived
from them, so a concurrent identical retry is dropped by ClickHouse (its materialized
views included)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from adapters.clickhouse.client import ClickHouseClient, Columns
from adapters.clickhouse.rows import dedup_token


class InWorkspace(Protocol):
    @property
    def workspace_id(self) -> str: ...


T = TypeVar("T", bound=InWorkspace)


@dataclass(frozen=True)
class NewOnly(Generic[T]):
    client: ClickHouseClient
    table: str
    known_sql: str  # the ids of {ids:Array(String)} the {workspace_id:String} already has
    key: Callable[[T], str]
    columns: Callable[[list[T]], Columns]

    async def insert(self, items: Sequence[T]) -> int:
        """How many were new (the first of ids repeated in the batch is kept)."""
        new = 0
        for workspace_id, batch in self._by_workspace(items).items():
            fresh = await self._unknown(workspace_id, batch)
            if fresh:
                settings = {
                    "insert_deduplicate": 1,
                    "insert_deduplication_token": dedup_token(
                        self.table, workspace_id, list(fresh)
                    ),
                    "deduplicate_blocks_in_dependent_materialized_views": 1,
                }
                await self.client.insert(self.table, self.columns(list(fresh.values())), settings)
            new += len(fresh)
        return new

    def _by_workspace(self, items: Sequence[T]) -> dict[str, dict[str, T]]:
        out: dict[str, dict[str, T]] = {}
        for item in items:
            out.setdefault(item.workspace_id, {}).setdefault(self.key(item), item)
        return out

    async def _unknown(self, workspace_id: str, batch: dict[str, T]) -> dict[str, T]:
        params: dict[str, Any] = {"workspace_id": workspace_id, "ids": list(batch)}
        known = {next(iter(r.values())) for r in await self.client.query(self.known_sql, params)}
        return {key: item for key, item in batch.items() if key not in known}
