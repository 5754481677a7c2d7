"""A client that applies the pending schema files before its first statement, so that an
analytics store unreachable when the service started is usable once it is back, without
a restart (the files are applied once per process; a failure is tried again next call)."""

from __future__ import annotations

import asyncio
from typing import Any

from adapters.clickhouse.client import ClickHouseClient, Columns, Params, Row, Settings
from adapters.clickhouse.schema import apply_schema


class SchemaReadyClient:
    def __init__(self, inner: ClickHouseClient) -> None:
        self._inner = inner
        self._ready = False
        self._lock = asyncio.Lock()
        self.database = inner.database

    async def query(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> list[Row]:
        await self._ensure()
        return await self._inner.query(sql, params, settings)

    async def columns(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> dict[str, list[Any]]:
        await self._ensure()
        return await self._inner.columns(sql, params, settings)

    async def command(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> None:
        await self._ensure()
        await self._inner.command(sql, params, settings)

    async def insert(self, table: str, columns: Columns, settings: Settings | None = None) -> None:
        await self._ensure()
        await self._inner.insert(table, columns, settings)

    async def close(self) -> None:
        await self._inner.close()

    async def _ensure(self) -> None:
        if self._ready:
            return
        async with self._lock:
            if not self._ready:
                await apply_schema(self._inner)
                self._ready = True
