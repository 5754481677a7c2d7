"""Inserts that keep each id once per workspace without FINAL: ask which of the ids the
workspace already has, insert the others with a deduplication token derived from them,
so a concurrent identical retry is dropped by ClickHouse (its materialized views
included). Concurrent callers' batches are written together (group commit), and as one
write runs at a time per table, a batch is checked only after every batch before it is
stored."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

import pyarrow as pa

from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.group_commit import GroupCommit
from adapters.clickhouse.rows import dedup_token

MAX_GROUP = 50_000  # items in one write: five full batches of IngestEvents


class InWorkspace(Protocol):
    @property
    def workspace_id(self) -> str: ...


T = TypeVar("T")
X = TypeVar("X")


Keys = Callable[[Sequence[T]], Iterable[tuple[str, str]]]  # (workspace, id) of each row


@dataclass
class NewOnly(Generic[T]):
    client: ClickHouseClient
    table: str
    known_sql: str  # the ids of {ids:Array(String)} the {workspace_id:String} already has
    keys: Keys[T]
    rows: Callable[[Sequence[T]], pa.Table]  # a batch as the table's columns
    group: GroupCommit[T] = field(init=False)

    def __post_init__(self) -> None:
        self.group = GroupCommit[T](self._write, MAX_GROUP)

    async def insert(self, items: Sequence[T]) -> int:
        """How many were new: an id the workspace has, or that came before in this batch
        or in a batch written with it, is not."""
        return await self.group.submit(items)

    async def _write(self, batches: list[Sequence[T]]) -> list[int]:
        firsts: dict[tuple[str, str], tuple[int, int]] = {}  # where each id came first
        for i, batch in enumerate(batches):
            for row, at in enumerate(self.keys(batch)):
                firsts.setdefault(at, (i, row))
        fresh = await self._unknown(firsts)
        picked: list[list[int]] = [[] for _ in batches]
        for i, row in fresh.values():
            picked[i].append(row)
        if fresh:
            settings = {
                "insert_deduplicate": 1,
                "insert_deduplication_token": dedup_token(self.table, sorted(fresh)),
                "deduplicate_blocks_in_dependent_materialized_views": 1,
            }
            parts = [self._part(b, rows) for b, rows in zip(batches, picked, strict=True) if rows]
            table = parts[0] if len(parts) == 1 else pa.concat_tables(parts)
            await self.client.insert(self.table, table, settings)
        return [len(rows) for rows in picked]

    def _part(self, batch: Sequence[T], rows: list[int]) -> pa.Table:
        table = self.rows(batch)
        return table if len(rows) == len(batch) else table.take(rows)

    async def _unknown(self, items: dict[tuple[str, str], X]) -> dict[tuple[str, str], X]:
        by_workspace: dict[str, list[str]] = {}
        for workspace_id, key in items:
            by_workspace.setdefault(workspace_id, []).append(key)
        known: set[tuple[str, str]] = set()
        for workspace_id, keys in by_workspace.items():
            params: dict[str, Any] = {"workspace_id": workspace_id, "ids": keys}
            rows = await self.client.query(self.known_sql, params)
            known.update((workspace_id, next(iter(r.values()))) for r in rows)
        return {at: item for at, item in items.items() if at not in known}
