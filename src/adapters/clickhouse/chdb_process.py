"""ClickHouse (chDB) in a host process of its own (adapters.clickhouse.chdb_host): the
server keeps neither chDB's library nor its memory, a chDB crash costs the calls in flight
and not the server, and the answers are parsed here exactly as ChdbClient parses them."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pyarrow as pa

from adapters.clickhouse.chdb_child import HostProcess
from adapters.clickhouse.chdb_hosting import Clock, HostedPath, attach, detach
from adapters.clickhouse.chdb_sql import (
    ChdbStatements,
    create_database_sql,
    insert_sql,
    param_texts,
)
from adapters.clickhouse.client import Columns, Params, Settings, arrow_table
from domain.kernel.errors import Unavailable


class ChdbProcessClient(ChdbStatements):
    """A client on the chDB host of `path`, working in `database`. The host is started, and
    the database created, on first use; after the host died, calls are Unavailable until
    a later one starts a new host."""

    def __init__(self, path: str | Path, database: str, clock: Clock = time.monotonic) -> None:
        self._path = path
        self.database = database
        self._clock = clock
        self._hosted: HostedPath | None = None
        self._ready_on: HostProcess | None = None
        self._closed = False

    async def insert(self, table: str, columns: Columns, settings: Settings | None = None) -> None:
        tbl = arrow_table(columns)
        sql = insert_sql(table, tbl.column_names, settings)
        await self._call("insert", (self.database, sql, _ipc_stream(tbl)))

    async def close(self) -> None:
        self._closed = True
        hosted, self._hosted = self._hosted, None
        if hosted is not None:
            await asyncio.to_thread(detach, hosted)

    @property
    def host_pid(self) -> int | None:
        """The host process's id while one runs (for its memory figures and fault tests)."""
        host = self._hosted.live() if self._hosted is not None else None
        return host.pid if host is not None else None

    async def _run(self, sql: str, params: Params | None, fmt: str) -> bytes:
        return await self._call("run", (self.database, sql, param_texts(params), fmt))

    async def _call(self, op: str, args: tuple[Any, ...]) -> bytes:
        host = await self._host()
        return await asyncio.wrap_future(host.call(op, args))

    async def _host(self) -> HostProcess:
        if self._closed:
            raise Unavailable("the ClickHouse (chDB) client is closed")
        if self._hosted is None:
            self._hosted = attach(self._path, self._clock)
        host = self._hosted.live()
        if host is None:
            host = await asyncio.to_thread(self._hosted.host)
        if self._ready_on is not host:
            create = create_database_sql(self.database)
            await asyncio.wrap_future(host.call("run", ("default", create, None, "CSV")))
            self._ready_on = host
        return host


def _ipc_stream(tbl: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, tbl.schema) as writer:
        writer.write_table(tbl)
    stream: bytes = sink.getvalue().to_pybytes()
    return stream
