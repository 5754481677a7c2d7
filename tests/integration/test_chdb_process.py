"""chDB in a host process of its own: errors keep their class, a killed host fails the calls
in flight and the next ones Unavailable, a later call starts a new host that has every
acknowledged row, closing the client stops the host, and a host whose server was killed
exits by itself."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.clickhouse.chdb_errors import ChdbError
from adapters.clickhouse.chdb_hosting import RESTART_SECONDS
from adapters.clickhouse.chdb_process import ChdbProcessClient
from adapters.clickhouse.schema import apply_schema
from adapters.clickhouse.store import ClickHouseAnalyticsStore
from domain.analytics.model import EventFilter
from domain.kernel.errors import Unavailable
from tests.contract.analytics_kit import event, recent_hour

WS = "ws-host"
SLOW = "SELECT sleepEachRow(1) FROM numbers(30) SETTINGS max_block_size = 1"
SERVER = """
import asyncio, sys
from adapters.clickhouse.chdb_process import ChdbProcessClient
client = ChdbProcessClient(sys.argv[1], "orphaned")
asyncio.run(client.command("SELECT 1"))
print(client.host_pid, flush=True)
sys.stdin.read()
"""


class StoppedClock:
    """Time that passes only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_an_error_in_the_sql_keeps_its_class_and_the_host_keeps_serving(
    hosted_chdb_dir: Path,
) -> None:
    client = ChdbProcessClient(hosted_chdb_dir, "default")
    try:
        with pytest.raises(ChdbError, match="UNKNOWN_FUNCTION"):
            await client.query("SELECT no_such_function()")
        assert await client.query("SELECT 1 AS one") == [{"one": 1}]
        assert client.host_pid not in (None, os.getpid())
    finally:
        await client.close()


async def test_a_killed_host_fails_its_calls_until_a_later_one_starts_a_new_host(
    tmp_path: Path,
) -> None:
    clock = StoppedClock()
    client = ChdbProcessClient(tmp_path / "chdb", "faults", clock=clock)
    store = ClickHouseAnalyticsStore(client)
    try:
        await apply_schema(client)
        events = [event(WS, recent_hour() + timedelta(seconds=i)) for i in range(20)]
        assert await store.ingest(events) == 20
        killed = client.host_pid
        assert killed is not None
        in_flight = asyncio.ensure_future(client.query(SLOW))
        await client.query("SELECT 1")  # sent after SLOW, answered by the other Session
        os.kill(killed, signal.SIGKILL)

        with pytest.raises(Unavailable, match="killed by signal 9"):
            await in_flight
        with pytest.raises(Unavailable, match="restarting"):
            await client.query("SELECT 1")

        clock.now += RESTART_SECONDS
        page = await store.events(EventFilter(WS), None, 100)
        assert sorted(e.event_id for e in page) == sorted(e.event_id for e in events)
        assert client.host_pid not in (None, killed)
    finally:
        await client.close()


async def test_closing_the_last_client_stops_its_host(tmp_path: Path) -> None:
    client = ChdbProcessClient(tmp_path / "chdb", "closing")
    await client.command("SELECT 1")
    host = client.host_pid
    assert host is not None
    await client.close()
    with pytest.raises(ProcessLookupError):
        os.kill(host, 0)  # gone, and reaped
    with pytest.raises(Unavailable, match="closed"):
        await client.query("SELECT 1")


def test_a_host_whose_server_was_killed_exits_by_itself(tmp_path: Path) -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(tmp_path / "chdb")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    host = int(server.stdout.readline())
    server.kill()
    server.wait()
    deadline = time.monotonic() + 30
    while _running(host):
        assert time.monotonic() < deadline, "the host outlived its server by 30 s"
        time.sleep(0.1)


def _running(pid: int) -> bool:
    """Neither gone nor a zombie waiting to be reaped by whoever adopted it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
