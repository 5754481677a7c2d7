"""The configured ClickHouse: a server when a URL is given, else chDB at a path. Building
a client does no I/O; it connects on first use."""

from __future__ import annotations

from pathlib import Path

from adapters.clickhouse.chdb_client import ChdbClient
from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.server_client import ServerClient


def client_for(url: str | None, chdb_dir: str | Path, database: str) -> ClickHouseClient:
    if url:
        return ServerClient(url, database)
    return ChdbClient(chdb_dir, database)


def describe(url: str | None, chdb_dir: str | Path, database: str) -> str:
    if url:
        return f"ClickHouse server {url.split('@')[-1].split('/')[0]}, database {database}"
    return f"chDB at {chdb_dir}, database {database}"
