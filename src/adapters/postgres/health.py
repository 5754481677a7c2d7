"""PostgreSQL health: connection, a test query and the pool's figures (seed 004)."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from ports.health import ComponentReport


class PostgresHealthProbe:
    def __init__(self, engine: AsyncEngine, timeout_seconds: float = 2.0) -> None:
        self._engine = engine
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
                self._pool(),
            ]
        return [
            ComponentReport("database", True, _ms(started, connected)),
            ComponentReport("database_query", True, _ms(connected, queried)),
            self._pool(),
        ]

    def _pool(self) -> ComponentReport:
        pool = self._engine.pool
        details = {
            name: str(getattr(pool, name)())
            for name in ("size", "checkedin", "checkedout", "overflow")
            if callable(getattr(pool, name, None))
        }
        return ComponentReport("database_pool", True, details=details)


def _ms(start: float, end: float | None = None) -> float:
    return ((end or time.perf_counter()) - start) * 1000
