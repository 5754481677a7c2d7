"""Statement timing on a real PostgreSQL: every statement reported, only slow ones logged, by
their shape and never with their parameters."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.infra.engine import create_engine
from adapters.postgres.infra.observe import QueryObserver, instrument_engine, observed, operation_of
from adapters.postgres.infra.session import DriverPool

SECRET = "hunter2-never-logged"
LOGGER = "strata.test.slow"
SLOW_MS = 140  # under the 150 ms sleep, far over any fast statement


@pytest.fixture
async def engine(migrated_db_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine of its own: the shared one stays uninstrumented."""
    engine = create_engine(migrated_db_url, pool_size=1, max_overflow=0)
    yield engine
    await engine.dispose()


def slow_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


async def test_slow_statement_is_logged_by_shape_and_fast_one_only_timed(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    queries: list[tuple[str, float]] = []
    slow: list[str] = []
    observer = QueryObserver(
        SLOW_MS, lambda op, s: queries.append((op, s)), logging.getLogger(LOGGER), slow.append
    )
    detach = instrument_engine(engine, observer)
    caplog.set_level(logging.WARNING, logger=LOGGER)
    try:
        async with engine.connect() as conn:
            await conn.execute(
                sa.text("SELECT   pg_sleep(:pause),\n  CAST(:tag AS text)"),
                {"pause": 0.15, "tag": SECRET},
            )
            await conn.execute(sa.text("SELECT CAST(:tag AS text)"), {"tag": SECRET})
            await conn.execute(
                sa.text("WITH t AS (SELECT 1 AS n) UPDATE users SET name = name WHERE false")
            )
    finally:
        detach()

    operations = [op for op, _ in queries]
    assert operations.count("select") >= 2 and "update" in operations
    assert max(seconds for _, seconds in queries) >= 0.15
    assert slow == ["select"]
    [record] = slow_warnings(caplog)
    message = record.getMessage()
    assert message.startswith("slow query: select ")
    assert " ms: SELECT pg_sleep(" in message and "CAST(" in message
    assert "\n" not in message and "  " not in message
    assert SECRET not in message and "0.15" not in message
    assert SECRET not in repr(record.__dict__)


async def test_failed_statement_is_still_timed(engine: AsyncEngine) -> None:
    queries: list[tuple[str, float]] = []
    detach = instrument_engine(engine, QueryObserver(100, lambda op, s: queries.append((op, s))))
    try:
        async with engine.connect() as conn:
            with pytest.raises(sa.exc.DBAPIError):
                await conn.execute(sa.text("DELETE FROM no_such_table"))
    finally:
        detach()
    assert [op for op, _ in queries] == ["delete"]


async def test_detached_engine_reports_nothing(engine: AsyncEngine) -> None:
    queries: list[tuple[str, float]] = []
    instrument_engine(engine, QueryObserver(100, lambda op, s: queries.append((op, s))))()
    async with engine.connect() as conn:
        await conn.execute(sa.text("SELECT 1"))
    assert queries == []


async def test_driver_lookup_is_timed_and_logged_without_its_arguments(
    driver_pool: DriverPool, caplog: pytest.LogCaptureFixture
) -> None:
    queries: list[tuple[str, float]] = []
    observer = QueryObserver(
        SLOW_MS, lambda op, s: queries.append((op, s)), logging.getLogger(LOGGER)
    )
    caplog.set_level(logging.WARNING, logger=LOGGER)
    sql = "SELECT pg_sleep($1), $2::text"
    conn = await driver_pool.acquire()
    try:
        async with observed(observer, "select", sql):
            await conn.fetch(sql, 0.15, SECRET)
        async with observed(observer, None, "SELECT $1::text"):
            await conn.fetch("SELECT $1::text", SECRET)
    finally:
        await driver_pool.release(conn)

    assert [op for op, _ in queries] == ["select", "select"]
    [record] = slow_warnings(caplog)
    assert record.getMessage().endswith(f"ms: {sql}")
    assert SECRET not in record.getMessage()


async def test_observed_without_an_observer_does_nothing() -> None:
    async with observed(None, "select", "SELECT 1"):
        pass


@pytest.mark.parametrize(
    ("sql", "operation"),
    [
        ("SELECT 1", "select"),
        ("  insert INTO t VALUES ($1)", "insert"),
        ("/* hint */ UPDATE t SET a = %(a)s", "update"),
        ("-- note\nDELETE FROM t", "delete"),
        ("WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a", "insert"),
        ("WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n + 1 FROM r) SELECT n FROM r", "select"),
        ("WITH d AS (DELETE FROM t RETURNING id) SELECT count(*) FROM d", "select"),
        ("(SELECT 1) UNION (SELECT 2)", "select"),
        ("SET LOCAL statement_timeout = 5", "other"),
        ("", "other"),
    ],
)
def test_operation_is_the_statements_main_verb(sql: str, operation: str) -> None:
    assert operation_of(sql) == operation
