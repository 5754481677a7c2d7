"""ClickHouse in process (chDB): calls run off the event loop on a small pool of Sessions
on one data path, the only path this process may open."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from adapters.clickhouse.chdb_engine import Engine, attach_with_database, detach
from adapters.clickhouse.client import (
    READ_SETTINGS,
    Columns,
    Params,
    Row,
    Settings,
    arrow_table,
    literal,
    quoted_identifier,
)
from domain.kernel.errors import Unavailable


class ChdbClient:
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

    async def query(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> list[Row]:
        every = {**READ_SETTINGS, **(settings or {})}
        result = await self._run(_with_settings(sql, every), params, "JSONEachRow")
        text = result.bytes() if result is not None else b""
        return [json.loads(line) for line in text.splitlines() if line]

    async def columns(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> dict[str, list[Any]]:
        every = {**READ_SETTINGS, **(settings or {})}
        result = await self._run(_with_settings(sql, every), params, "JSONColumns")
        text = result.bytes() if result is not None else b""
        return json.loads(text) if text.strip() else {}

    async def command(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> None:
        await self._run(_with_settings(sql, settings or {}), params, "CSV")

    async def insert(self, table: str, columns: Columns, settings: Settings | None = None) -> None:
        tbl = arrow_table(columns)
        names = ", ".join(quoted_identifier(n) for n in tbl.column_names)
        options = _settings_clause(settings or {})
        sql = f"INSERT INTO {table} ({names}) {options} SELECT {names} FROM Python(tbl)"
        engine = await self._live()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(engine.executor, _insert, engine, self.database, sql, tbl)

    async def close(self) -> None:
        self._closed = True
        engine, self._engine = self._engine, None
        if engine is not None:
            await asyncio.to_thread(detach, engine)

    async def _run(self, sql: str, params: Params | None, fmt: str) -> Any:
        engine = await self._live()
        texts = {k: literal(v) for k, v in params.items()} if params else None
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            engine.executor, engine.run, self.database, sql, texts, fmt
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


def _insert(engine: Engine, database: str, sql: str, tbl: Any) -> Any:
    """`tbl` is found by name in this frame by chDB's Python() table function."""
    return engine.run(database, sql, None, "CSV")


def _settings_clause(settings: Settings) -> str:
    if not settings:
        return ""
    return "SETTINGS " + ", ".join(f"{k} = {_setting(v)}" for k, v in settings.items())


def _setting(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return literal(value)


def _with_settings(sql: str, settings: Settings) -> str:
    return f"{sql.rstrip().rstrip(';')} {_settings_clause(settings)}" if settings else sql
