"""The PostgreSQL unit of work: one pooled connection and its transaction."""

from __future__ import annotations

import contextlib
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.errors import translated
from adapters.postgres.identity import (
    SqlaApiKeyRepository,
    SqlaIdempotencyStore,
    SqlaMembershipRepository,
    SqlaUserRepository,
    SqlaWorkspaceRepository,
)


class SqlaUnitOfWork:
    """`async with uow:` checks out a connection; leaving without `commit()` rolls back.

    A read-only unit of work runs each statement on its own (autocommit).

    After `commit()` the unit of work may go on: the next statement opens a new transaction.
    """

    users: SqlaUserRepository
    workspaces: SqlaWorkspaceRepository
    members: SqlaMembershipRepository
    api_keys: SqlaApiKeyRepository
    idempotency: SqlaIdempotencyStore

    def __init__(self, engine: AsyncEngine, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._conn: AsyncConnection | None = None

    async def __aenter__(self) -> SqlaUnitOfWork:
        with translated():
            conn = await self._engine.connect()
            if self._read_only:
                # Reads skip BEGIN/ROLLBACK: one round trip per query.
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        self._conn = conn
        self.users = SqlaUserRepository(conn, self._read_only)
        self.workspaces = SqlaWorkspaceRepository(conn, self._read_only)
        self.members = SqlaMembershipRepository(conn, self._read_only)
        self.api_keys = SqlaApiKeyRepository(conn, self._read_only)
        self.idempotency = SqlaIdempotencyStore(conn, self._read_only)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            # A rollback that fails has lost its connection: the server rolls back for us.
            with contextlib.suppress(Exception):
                await conn.rollback()
        finally:
            with contextlib.suppress(Exception):
                await conn.close()

    def _connection(self) -> AsyncConnection:
        if self._conn is None:
            raise RuntimeError("the unit of work is not open; use `async with uow:`")
        return self._conn

    async def commit(self) -> None:
        with translated():
            await self._connection().commit()

    async def rollback(self) -> None:
        with translated():
            await self._connection().rollback()


class SqlaUnitOfWorkFactory:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    def __call__(self, read_only: bool = False) -> SqlaUnitOfWork:
        return SqlaUnitOfWork(self.engine, read_only)
