"""A ClickHouse server through clickhouse-connect (CLICKHOUSE_URL), its blocking client run
in threads; connection failures are Unavailable, errors in the SQL stay errors."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import clickhouse_connect
from clickhouse_connect.driver.exceptions import DatabaseError, OperationalError

from adapters.clickhouse.client import (
    READ_SETTINGS,
    Columns,
    Params,
    Row,
    Settings,
    arrow_table,
    quoted_identifier,
    time_text,
)
from domain.kernel.errors import Unavailable

T = TypeVar("T")


class ServerClient:
    """Connects on first use, and again after a failure, so a server that is down at start
    only makes calls Unavailable until it is back."""

    def __init__(self, url: str, database: str | None = None) -> None:
        parts = urlsplit(url)
        self.database = database or unquote(parts.path.strip("/")) or "default"
        self._options: dict[str, Any] = {
            "host": parts.hostname or "localhost",
            "port": parts.port or (8443 if parts.scheme == "https" else 8123),
            "username": unquote(parts.username or "default"),
            "password": unquote(parts.password or ""),
            "secure": parts.scheme == "https",
            "autogenerate_session_id": False,
        }
        self._client: Any = None
        self._connecting = threading.Lock()

    @classmethod
    async def open(cls, url: str, database: str | None = None) -> ServerClient:
        """A client for `url` (http://user:pass@host:8123/db); `database` overrides the URL's
        and is created on first connection when missing."""
        return cls(url, database)

    def _connected(self) -> Any:
        with self._connecting:
            if self._client is None:
                client = clickhouse_connect.get_client(database="default", **self._options)
                client.command(f"CREATE DATABASE IF NOT EXISTS {quoted_identifier(self.database)}")
                client.database = self.database
                self._client = client
            return self._client

    def _forget(self) -> None:
        with self._connecting:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    async def query(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> list[Row]:
        every = {**READ_SETTINGS, **(settings or {})}
        text = await _off_loop(
            lambda: self._connected().raw_query(sql, _bound(params), every, fmt="JSONEachRow"),
            self._forget,
        )
        return [json.loads(line) for line in text.splitlines() if line]

    async def columns(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> dict[str, list[Any]]:
        every = {**READ_SETTINGS, **(settings or {})}
        text = await _off_loop(
            lambda: self._connected().raw_query(sql, _bound(params), every, fmt="JSONColumns"),
            self._forget,
        )
        return json.loads(text) if text.strip() else {}

    async def command(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> None:
        await _off_loop(
            lambda: self._connected().command(sql, _bound(params), settings=dict(settings or {})),
            self._forget,
        )

    async def insert(self, table: str, columns: Columns, settings: Settings | None = None) -> None:
        tbl = arrow_table(columns)
        await _off_loop(
            lambda: self._connected().insert_arrow(table, tbl, settings=dict(settings or {})),
            self._forget,
        )

    async def close(self) -> None:
        await asyncio.to_thread(self._forget)


def _bound(params: Params | None) -> dict[str, Any] | None:
    """Times with their milliseconds (clickhouse-connect would format whole seconds)."""
    if not params:
        return None
    return {k: _value(v) for k, v in params.items()}


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return time_text(value)
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value


async def _off_loop(call: Callable[[], T], forget: Callable[[], None]) -> T:
    try:
        return await asyncio.to_thread(call)
    except (OperationalError, OSError) as exc:
        await asyncio.to_thread(forget)
        raise Unavailable(f"ClickHouse cannot be reached: {exc}") from exc
    except DatabaseError as exc:
        if not _is_connection_problem(exc):
            raise
        await asyncio.to_thread(forget)
        raise Unavailable(f"ClickHouse cannot be reached: {exc}") from exc


def _is_connection_problem(exc: DatabaseError) -> bool:
    text = str(exc)
    return "Connection" in text or "timed out" in text or "HTTPConnectionPool" in text
