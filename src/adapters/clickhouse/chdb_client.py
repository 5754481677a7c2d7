"""ClickHouse in process (chDB): calls run off the event loop on a small pool of Sessions
on one data path, the only path this process may open."""

from __future__ import annotations

import asyncio
from pathlib import Path

from adapters.clickhouse.chdb_engine import Engine, attach_with_database, detach
from adapters.clickhouse.chdb_sql import ChdbStatements, insert_sql, param_texts
from adapters.clickhouse.client import Columns, Params, Settings, arrow_table
from domain.kernel.errors import Unavailable


class ChdbClient(ChdbStatements):
    """A client on the process's chDB path, working in `database`. The path is opened and
    the database created on first use, so building a client does no I/O."""

    def __init__(self, path: str | Path, database: str) -> None:
        self._path = path
        self.database = database
        self._engine: Engine | None = None
        self._closed = False
        self._opening = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path, database: str) -> ChdbClient:
        client = cls(path, database)
        await client._live()
        return client

    async def insert(self, table: str, columns: Columns, settings: Settings | None = None) -> None:
        tbl = arrow_table(columns)
        sql = insert_sql(table, tbl.column_names, settings)
        engine = await self._live()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(engine.executor, engine.insert, self.database, sql, tbl)

    async def close(self) -> None:
        self._closed = True
        engine, self._engine = self._engine, None
        if engine is not None:
            await asyncio.to_thread(detach, engine)

    async def _run(self, sql: str, params: Params | None, fmt: str) -> bytes:
        engine = await self._live()
        texts = param_texts(params)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            engine.executor, engine.answer, self.database, sql, texts, fmt
        )

    async def _live(self) -> Engine:
        if self._closed:
            raise Unavailable("the ClickHouse (chDB) client is closed")
        if self._engine is not None:
            return self._engine
        async with self._opening:
            if self._engine is None:
                self._engine = await asyncio.to_thread(
                    attach_with_database, self._path, self.database
                )
            return self._engine
