"""The audit log's own connections: the admin engine's transactions and autocommit reads."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.infra.errors import translated
from adapters.postgres.infra.session import DriverPool


class AuditConnections:
    """`pool`, when given, serves appends and `get` on the driver."""

    def __init__(self, engine: AsyncEngine, pool: DriverPool | None = None) -> None:
        self._engine = engine
        self._pool = pool

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncConnection]:
        with translated():
            async with self._engine.begin() as conn:
                yield conn

    async def _rows(self, stmt: sa.Executable) -> list[Mapping[Any, Any]]:
        with translated():
            async with self._engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                return list((await conn.execute(stmt)).mappings())
