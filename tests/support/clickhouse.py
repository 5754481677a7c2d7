"""A ClickHouse for tests: CLICKHOUSE_URL_TEST (a server), else testcontainers when a Docker
engine answers, else chDB at one path per test process; each test works in a fresh
database with the schema applied, dropped after. The chDB host process (the default of
`strata serve`) serves a path of its own, one host for the whole test session."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.clickhouse.chdb_client import ChdbClient
from adapters.clickhouse.chdb_process import ChdbProcessClient
from adapters.clickhouse.client import ClickHouseClient, quoted_identifier
from adapters.clickhouse.schema import apply_schema
from adapters.clickhouse.server_client import ServerClient
from tests.support.databases import docker_answers

SERVER_URL = os.environ.get("CLICKHOUSE_URL_TEST") or None
# The one chDB path of this test process: fixtures and the servers tests start share it.
PROCESS_CHDB_DIR = Path(tempfile.gettempdir()) / f"strata-test-chdb-{os.getpid()}"
HOSTED_CHDB_DIR = Path(tempfile.gettempdir()) / f"strata-test-chdb-hosted-{os.getpid()}"
MERGED_TABLES = (
    "workload_events",
    "metrics_hourly",
    "call_events",
    "user_activity",
    "known_event_ids",
    "known_call_ids",
)


@dataclass
class ClickHouseTarget:
    """Where tests' ClickHouse databases live: a server `url`, or chDB at `chdb_dir`."""

    kind: str  # "server", "testcontainers" or "chdb"
    url: str | None
    chdb_dir: Path
    stop: Callable[[], None] = lambda: None

    def client(self, database: str) -> ClickHouseClient:
        if self.url is not None:
            return ServerClient(self.url, database)
        return ChdbClient(self.chdb_dir, database)


def start_target(chdb_dir: Path) -> ClickHouseTarget:
    if SERVER_URL:
        return ClickHouseTarget("server", SERVER_URL, chdb_dir)
    if docker_answers():
        from testcontainers.clickhouse import ClickHouseContainer

        container = ClickHouseContainer(username="strata", password="strata").start()
        host, port = container.get_container_host_ip(), container.get_exposed_port(8123)
        url = f"http://strata:strata@{host}:{port}/default"
        return ClickHouseTarget("testcontainers", url, chdb_dir, container.stop)
    return ClickHouseTarget("chdb", None, chdb_dir)


def leg_client(leg: str, database: str, chdb_dir: Path) -> ClickHouseClient:
    """The client of a contract leg: "chdb" in this process, "chdb-process" in the session's
    host process (at HOSTED_CHDB_DIR), "server" at CLICKHOUSE_URL_TEST."""
    if leg == "chdb":
        return ChdbClient(chdb_dir, database)
    if leg == "chdb-process":
        return ChdbProcessClient(HOSTED_CHDB_DIR, database)
    return ServerClient(str(SERVER_URL), database)


async def leg_database(request: Any, chdb_dir: Path) -> ClickHouseClient:
    """A fresh database with the schema for the contract leg `request.param`."""
    if request.param == "chdb-process":
        request.getfixturevalue("hosted_chdb_dir")
    return await fresh_database(leg_client(request.param, fresh_database_name(), chdb_dir))


def fresh_database_name() -> str:
    return f"strata_test_{uuid.uuid4().hex[:12]}"


async def fresh_database(client: ClickHouseClient) -> ClickHouseClient:
    """The client's database with the schema applied (the client creates it on first use)."""
    await apply_schema(client)
    return client


async def drop_database(client: ClickHouseClient) -> None:
    await client.command(f"DROP DATABASE IF EXISTS {quoted_identifier(client.database)} SYNC")
    await client.close()


async def prepare_analytics(container: Any) -> None:
    """A started application container's analytics schema, as `strata serve` applies it."""
    client = container.analytics_client()
    if client is not None:
        await apply_schema(client)


async def merge(client: ClickHouseClient, tables: tuple[str, ...] = MERGED_TABLES) -> None:
    """Force the merges ClickHouse would do in its own time (dedup, sums, TTL)."""
    for table in tables:
        await client.command(f"OPTIMIZE TABLE {quoted_identifier(table)} FINAL")
