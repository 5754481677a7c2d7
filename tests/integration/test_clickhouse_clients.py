"""The ClickHouse clients: parameters round-trip (on the test target and on the chDB host
process), errors in the SQL stay errors, a server that cannot be reached is Unavailable,
and chDB keeps one data path per process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.clickhouse.chdb_client import ChdbClient
from adapters.clickhouse.chdb_engine import ChdbPathError
from adapters.clickhouse.chdb_process import ChdbProcessClient
from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.server_client import ServerClient
from adapters.clickhouse.store import ClickHouseAnalyticsStore
from domain.kernel.errors import Unavailable
from tests.support.clickhouse import ClickHouseTarget

NOBODY_LISTENS = "http://strata:secret@127.0.0.1:9/analytics"


@pytest.fixture(params=["target", "chdb-process"])
async def each_client(
    request: pytest.FixtureRequest, clickhouse_target: ClickHouseTarget, hosted_chdb_dir: Path
) -> AsyncIterator[ClickHouseClient]:
    """The test target's client, and one on the session's chDB host process."""
    client = (
        clickhouse_target.client("default")
        if request.param == "target"
        else ChdbProcessClient(hosted_chdb_dir, "default")
    )
    try:
        yield client
    finally:
        await client.close()


async def test_parameters_round_trip_unchanged(each_client: ClickHouseClient) -> None:
    text = "it's a\ttab, a \\ backslash\nand a line"
    at = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
    [row] = await each_client.query(
        "SELECT {s:String} AS s, {xs:Array(String)} AS xs, {at:DateTime64(3)} AS at, "
        "{n:UInt64} AS n",
        {"s": text, "xs": [text, "plain"], "at": at, "n": 2**40},
    )
    assert row == {"s": text, "xs": [text, "plain"], "at": "2026-01-02 03:04:05.678", "n": 2**40}


async def test_columns_read_the_same_values_as_rows(each_client: ClickHouseClient) -> None:
    sql = (
        "SELECT number AS n, toString(number) AS s, [number, 1] AS xs, "
        "toDateTime64('2026-01-02 03:04:05.678', 3, 'UTC') + number AS at "
        "FROM numbers({k:UInt64}) ORDER BY n"
    )
    rows = await each_client.query(sql, {"k": 3})
    columns = await each_client.columns(sql, {"k": 3})
    assert columns == {name: [r[name] for r in rows] for name in ("n", "s", "xs", "at")}
    assert columns["at"][2] == "2026-01-02 03:04:07.678"
    empty = await each_client.columns(sql, {"k": 0})
    assert all(values == [] for values in empty.values())


async def test_an_error_in_the_sql_stays_an_error(chdb_dir: Path) -> None:
    client = ChdbClient(chdb_dir, "default")
    try:
        with pytest.raises(Exception, match="UNKNOWN_FUNCTION") as caught:
            await client.query("SELECT no_such_function()")
        assert not isinstance(caught.value, Unavailable)
    finally:
        await client.close()


async def test_a_server_that_cannot_be_reached_is_unavailable() -> None:
    client = ServerClient(NOBODY_LISTENS)
    with pytest.raises(Unavailable):
        await client.query("SELECT 1")
    [report] = await ClickHouseAnalyticsStore(client).check()
    assert not report.healthy and report.name == "clickhouse"
    await client.close()


async def test_a_second_chdb_path_in_one_process_is_refused(chdb_dir: Path, tmp_path: Path) -> None:
    first = await ChdbClient.open(chdb_dir, "default")
    try:
        with pytest.raises(ChdbPathError, match="one data path per process"):
            await ChdbClient.open(tmp_path / "elsewhere", "default")
    finally:
        await first.close()


async def test_a_closed_client_is_unavailable(chdb_dir: Path) -> None:
    client = await ChdbClient.open(chdb_dir, "default")
    await client.close()
    with pytest.raises(Unavailable):
        await client.query("SELECT 1")
