"""PostgreSQL health: connection, a test query and each pool's figures (seed 004)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.infra.pools import EnginePoolGauge, PoolGauge
from ports.health import ComponentReport


class PostgresHealthProbe:
    def __init__(
        self,
        engine: AsyncEngine,
        pools: Mapping[str, PoolGauge] | None = None,
        timeout_seconds: float = 2.0,
    ) -> None:
        """`pools`: component name -> gauge; by default the engine's pool as database_pool."""
        self._engine = engine
        steady = getattr(engine.pool, "size", lambda: 0)()
        self._pools = pools or {"database_pool": EnginePoolGauge(engine, steady)}
        self._timeout = timeout_seconds

    async def check(self) -> list[ComponentReport]:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self._timeout), self._engine.connect() as conn:
                connected = time.perf_counter()
                await conn.execute(text("SELECT 1"))
                queried = time.perf_counter()
        except Exception as exc:
            error = "timeout" if isinstance(exc, TimeoutError) else "connection failed"
            return [
                ComponentReport("database", False, _ms(started), error),
                ComponentReport("database_query", False, 0.0, "not run"),
                *self._pool_reports(),
            ]
        return [
            ComponentReport("database", True, _ms(started, connected)),
            ComponentReport("database_query", True, _ms(connected, queried)),
            *self._pool_reports(),
        ]

    def _pool_reports(self) -> list[ComponentReport]:
        """size, in_use, idle, overflow_in_use and max of each pool that keeps connections."""
        return [
            ComponentReport(name, True, details=figures.details())
            for name, gauge in self._pools.items()
            if (figures := gauge.figures()) is not None
        ]


def _ms(start: float, end: float | None = None) -> float:
    return ((end or time.perf_counter()) - start) * 1000
