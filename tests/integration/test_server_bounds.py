"""Server-side bounds on the service's sessions, and what a query meeting one answers."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import pytest
from sqlalchemy import text

from adapters.postgres.infra.admin.initialize import initialize
from adapters.postgres.infra.engine import SessionLimits, create_engine
from adapters.postgres.infra.errors import translated
from adapters.postgres.infra.session import DriverPool
from domain.kernel.errors import Aborted, DeadlineExceeded, InvalidArgument
from tests.support.databases import with_database

pytestmark = [pytest.mark.postgres]
TIGHT = SessionLimits(
    statement_timeout_ms=300, lock_timeout_ms=200, idle_in_transaction_timeout_ms=900
)


async def test_every_service_connection_starts_with_the_configured_bounds(migrated_db_url) -> None:
    engine = create_engine(migrated_db_url, limits=TIGHT)
    pool = DriverPool(migrated_db_url, limits=TIGHT)
    try:
        async with engine.connect() as conn:
            shown = [
                (await conn.execute(text(f"SHOW {name}"))).scalar() for name in TIGHT.as_settings()
            ]
        assert shown == ["300ms", "200ms", "900ms"]
        driver = await pool.acquire()
        assert await driver.fetchval("SHOW statement_timeout") == "300ms"
        await pool.release(driver)
    finally:
        await pool.close()
        await engine.dispose()


async def test_a_statement_past_its_timeout_is_deadline_exceeded_not_unavailable(
    migrated_db_url,
) -> None:
    engine = create_engine(migrated_db_url, limits=TIGHT)
    try:
        async with engine.connect() as conn:
            with pytest.raises(DeadlineExceeded, match="STRATA_STATEMENT_TIMEOUT_MS"), translated():
                await conn.execute(text("SELECT pg_sleep(3)"))
    finally:
        await engine.dispose()


async def test_the_drivers_own_timeout_is_deadline_exceeded_too(migrated_db_url) -> None:
    pool = DriverPool(migrated_db_url, command_timeout=0.2)
    try:
        conn = await pool.acquire()
        with pytest.raises(DeadlineExceeded), translated():
            await conn.fetchval("SELECT pg_sleep(3)")
        await pool.release(conn)
    finally:
        await pool.close()


def test_the_client_gives_up_only_after_the_server_would_have() -> None:
    client = SessionLimits(statement_timeout_ms=15_000).client_timeout()
    assert client is not None and client > 15
    assert SessionLimits(statement_timeout_ms=0).client_timeout() is None


async def test_waiting_past_the_lock_timeout_is_aborted(migrated_db_url) -> None:
    holder = await asyncpg.connect(migrated_db_url)
    engine = create_engine(migrated_db_url, limits=TIGHT)
    try:
        await holder.execute("SELECT pg_advisory_lock(4242)")
        async with engine.connect() as conn:
            with pytest.raises(Aborted, match="retry"), translated():
                await conn.execute(text("SELECT pg_advisory_lock(4242)"))
    finally:
        await holder.close()
        await engine.dispose()


@pytest.mark.parametrize(
    ("sql", "field"),
    [
        (
            "SELECT to_tsvector('simple', string_agg(md5(i::text), ' ')) "
            "FROM generate_series(1, 60000) i",
            "content",
        ),
        (
            "SELECT websearch_to_tsquery('english', string_agg('w' || i, ' or ')) "
            "FROM generate_series(1, 50000) i",
            "",
        ),
    ],
    ids=["tsvector-too-long", "stack-depth"],
)
async def test_work_too_big_for_the_database_is_invalid_argument(
    migrated_db_url, sql: str, field: str
) -> None:
    engine = create_engine(migrated_db_url)
    try:
        async with engine.connect() as conn:
            with pytest.raises(InvalidArgument) as refused, translated():
                await conn.execute(text(sql))
        assert [v.field for v in refused.value.violations] == [field]
    finally:
        await engine.dispose()


async def test_a_cancelled_call_stops_its_query_on_the_server(migrated_db_url) -> None:
    """What a client's deadline does: the handler is cancelled, and so is its statement."""
    engine = create_engine(migrated_db_url)
    watcher = await asyncpg.connect(migrated_db_url)
    try:

        async def slow() -> None:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT pg_sleep(30) /* cancelled-by-deadline */"))

        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.3):
                await slow()
        started = time.monotonic()
        while await watcher.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
            "AND query LIKE '%cancelled-by-deadline%' AND pid <> pg_backend_pid()"
        ):
            assert time.monotonic() - started < 2, "the statement kept running"
            await asyncio.sleep(0.05)
    finally:
        await watcher.close()
        await engine.dispose()


async def test_db_init_bounds_the_service_and_reporting_roles_but_not_admin(
    pg_admin_url,
) -> None:
    limits = SessionLimits(statement_timeout_ms=12_000, lock_timeout_ms=3_000)
    await initialize(pg_admin_url, "strata_bounds", {}, limits)
    by_role = {
        r["rolname"]: set(r["rolconfig"] or [])
        for r in await _fetch(
            pg_admin_url,
            "SELECT rolname, rolconfig FROM pg_roles WHERE rolname LIKE 'strata\\_%'",
        )
    }
    assert {"statement_timeout=12000", "lock_timeout=3000"} <= by_role["strata_rw"]
    assert "idle_in_transaction_session_timeout=30000" in by_role["strata_rw"]
    assert "statement_timeout=300000" in by_role["strata_ro"]
    assert not any("timeout" in s for s in by_role["strata_admin"])
    rw = with_database(pg_admin_url, "strata_bounds").replace("postgres:", "strata_rw:", 1)
    assert (await _fetch(rw, "SHOW statement_timeout"))[0][0] == "12s"


async def _fetch(url: str, sql: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        return list(await conn.fetch(sql))
    finally:
        await conn.close()


async def test_a_connection_never_released_does_not_hold_the_pool_open(migrated_db_url) -> None:
    pool = DriverPool(migrated_db_url, max_size=2)
    held = await pool.acquire()
    await asyncio.wait_for(pool.close(within=0.2), 30)  # fails here, rather than hang
    with pytest.raises(asyncpg.InterfaceError):
        await held.fetchval("SELECT 1")
