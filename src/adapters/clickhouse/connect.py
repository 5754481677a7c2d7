"""The configured ClickHouse: a server when a URL is given, else chDB at a path, in a host
process of its own (`process`) or in this one (`inline`). Building a client does no I/O;
it connects, or starts its host, on first use."""

from __future__ import annotations

from pathlib import Path

from adapters.clickhouse.chdb_process import ChdbProcessClient
from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.server_client import ServerClient


def client_for(
    url: str | None, chdb_dir: str | Path, database: str, host: str = "process"
) -> ClickHouseClient:
    if url:
        return ServerClient(url, database)
    if host == "inline":
        from adapters.clickhouse.chdb_client import ChdbClient  # loads chDB into this process

        return ChdbClient(chdb_dir, database)
    return ChdbProcessClient(chdb_dir, database)


def describe(url: str | None, chdb_dir: str | Path, database: str, host: str = "process") -> str:
    if url:
        return f"ClickHouse server {url.split('@')[-1].split('/')[0]}, database {database}"
    where = "in a host process" if host == "process" else "in process"
    return f"chDB at {chdb_dir} ({where}), database {database}"
