"""What one unit of work's statements run on: a SQLAlchemy connection, and for reads the driver.

A read-only unit of work takes an asyncpg connection from its own pool for its
constant lookups: SQLAlchemy's pool checkout and per-statement work cost more
than the round trip itself on the hottest calls. Anything else it runs lazily
checks out a SQLAlchemy connection in autocommit mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any, Protocol

import asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.infra.cache_listener import NOTIFY
from adapters.postgres.infra.engine import SessionLimits, driver_dsn, server_settings
from adapters.postgres.infra.errors import DriverConnectTimeout, translated
from adapters.postgres.infra.observe import QueryObserver
from adapters.postgres.infra.pools import PoolFigures

CLOSE_SECONDS = 10.0  # what a closing pool waits for connections still in use


class _LookupConnection(asyncpg.Connection):  # type: ignore[misc]
    """Used only for single read statements: nothing to reset between acquirers."""

    def get_reset_query(self) -> str:
        return ""


async def decode_like_sqlalchemy(conn: Any) -> None:
    """uuid as str and jsonb as Python objects, decoded by the driver itself."""
    await conn.set_type_codec("uuid", encoder=str, decoder=str, schema="pg_catalog", format="text")
    for name in ("json", "jsonb"):
        await conn.set_type_codec(
            name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog", format="text"
        )


class DriverPool:
    """An asyncpg pool created on first use; connections are opened as needed and kept
    while in use (asyncpg closes one idle for 5 minutes). `limits` start every session;
    the driver's command_timeout then falls just past their statement_timeout."""

    def __init__(
        self,
        url: str,
        max_size: int = 10,
        connect_timeout: float = 3.0,
        command_timeout: float | None = None,
        observer: QueryObserver | None = None,
        limits: SessionLimits | None = None,
        steady_size: int | None = None,
    ) -> None:
        self.observer = observer
        self._dsn = driver_dsn(url)
        self._max = max_size
        self._steady = max_size if steady_size is None else steady_size
        self._connect_timeout = connect_timeout
        if command_timeout is None:
            command_timeout = limits.client_timeout() if limits is not None else 30.0
        self._command_timeout = command_timeout
        self._settings = server_settings(limits)
        self._pool: asyncpg.Pool | None = None
        self._closing: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()

    async def _ready(self) -> asyncpg.Pool:
        if self._pool is None:
            async with self._lock:
                if self._pool is None:
                    self._pool = await asyncpg.create_pool(
                        self._dsn,
                        min_size=0,
                        max_size=self._max,
                        timeout=self._connect_timeout,
                        command_timeout=self._command_timeout,
                        server_settings=self._settings,
                        connection_class=_LookupConnection,
                        init=decode_like_sqlalchemy,
                    )
        return self._pool

    async def acquire(self) -> Any:
        pool = await self._ready()
        try:
            return await pool.acquire()
        except TimeoutError as exc:  # connecting, not a statement: the database is away
            raise DriverConnectTimeout("connecting to the database timed out") from exc

    async def release(self, conn: Any) -> None:
        pool = self._pool or self._closing  # a closing pool waits for it
        if pool is not None:
            await pool.release(conn)

    def figures(self) -> PoolFigures:
        pool = self._pool
        if pool is None:  # created on first use
            return PoolFigures(0, 0, 0, 0, self._max)
        idle = pool.get_idle_size()
        return PoolFigures.of(pool.get_size() - idle, idle, self._steady, pool.get_max_size())

    async def close(self, within: float = CLOSE_SECONDS) -> None:
        """Waits `within` seconds for the connections in use to come back, then closes
        them anyway (asyncpg's terminate): a connection some task never released does not
        hold the shutdown forever."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            self._closing = pool
            try:
                await asyncio.wait_for(pool.close(), within)
            except TimeoutError:
                pool.terminate()
            finally:
                self._closing = None


class ReadCache(Protocol):
    """What read-only work may answer from (who stands where); cleared by a committed change."""

    def clear(self) -> None: ...


class Session:
    def __init__(
        self,
        engine: AsyncEngine,
        pool: DriverPool | None,
        read_only: bool,
        standing: ReadCache | None = None,
    ) -> None:
        self._engine = engine
        self._pool = pool if read_only else None
        self._observer = pool.observer if pool is not None else None
        self.read_only = read_only
        self._standing = standing
        self._caches_changed = False
        self._conn: AsyncConnection | None = None
        self._driver: Any = None

    @property
    def standing(self) -> ReadCache | None:
        """The cache read-only work may answer standing lookups from; None for writes."""
        return self._standing if self.read_only else None

    def caches_changed(self) -> None:
        """A user, key, workspace or membership was written: when this commits, cached
        standings here and every instance's caches (CacheListener) are cleared."""
        self._caches_changed = True

    async def conn(self) -> AsyncConnection:
        if self._conn is None:
            with translated():
                conn = await self._engine.connect()
                if self.read_only:
                    await conn.execution_options(isolation_level="AUTOCOMMIT")
            self._conn = conn
        return self._conn

    @property
    def observer(self) -> QueryObserver | None:
        """For statements sent on the driver, which the engine's instrumentation cannot see."""
        return self._observer

    async def driver(self) -> Any:
        """The asyncpg connection for constant lookups; None outside read-only work."""
        if self._pool is None:
            return None
        if self._driver is None:
            with translated():
                self._driver = await self._pool.acquire()
        return self._driver

    async def commit(self) -> None:
        if self._conn is not None:
            with translated():
                if self._caches_changed:  # delivered only if the commit succeeds
                    await self._conn.exec_driver_sql(NOTIFY)
                await self._conn.commit()
        if self._caches_changed and self._standing is not None:
            self._standing.clear()
        self._caches_changed = False

    async def rollback(self) -> None:
        if self._conn is not None:
            with translated():
                await self._conn.rollback()

    async def close(self) -> None:
        """Never raises: a connection lost mid-work was rolled back by the server."""
        conn, self._conn = self._conn, None
        driver, self._driver = self._driver, None
        if driver is not None and self._pool is not None:
            with contextlib.suppress(Exception):
                await self._pool.release(driver)
        if conn is not None:
            try:
                await conn.rollback()
            except BaseException:
                # Left mid-operation (a cancelled call, a killed backend): never pooled again.
                with contextlib.suppress(BaseException):
                    await conn.invalidate()
            finally:
                with contextlib.suppress(BaseException):
                    await conn.close()
