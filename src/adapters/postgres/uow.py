"""The PostgreSQL unit of work: one session (pooled connection) and its transaction.

Each context hands the factory its `PostgresRepositories`: how a unit of work builds
its repositories on the session, and what the context reads from the database when
the service starts (knowledge: its embeddings' dimension and index kind).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.infra.errors import translated
from adapters.postgres.infra.session import DriverPool, ReadCache, Session
from adapters.postgres.kernel.idempotency import SqlaIdempotencyStore

State = dict[str, Any]


async def _nothing_to_read(conn: AsyncConnection) -> State:
    return {}


@dataclass(frozen=True)
class PostgresRepositories:
    """One context's repositories on PostgreSQL. `build` gets the session and the state
    every context read at start (`defaults` until then, and when it never starts)."""

    build: Callable[[Session, State], Mapping[str, object]]
    defaults: State | None = None
    read_at_start: Callable[[AsyncConnection], Awaitable[State]] = _nothing_to_read


class SqlaUnitOfWork:
    """`async with uow:` opens a session; leaving without `commit()` rolls back.

    A read-only unit of work runs each statement on its own (autocommit), its
    lookups on the driver. After `commit()` the unit of work may go on: the next
    statement opens a new transaction.
    """

    idempotency: SqlaIdempotencyStore

    def __init__(self, factory: SqlaUnitOfWorkFactory, read_only: bool = False) -> None:
        self._factory = factory
        self._read_only = read_only
        self._session: Session | None = None

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(
            f"no registered context has a repository named {name!r}"
            if self.__dict__.get("_session")
            else "the unit of work is not open; use `async with uow:`"
        )

    async def __aenter__(self) -> SqlaUnitOfWork:
        f = self._factory
        session = Session(f.engine, f.pool, self._read_only, f.standing)
        if not self._read_only:
            await session.conn()
        self._session = session
        self.idempotency = SqlaIdempotencyStore(session)
        for part in f.parts:
            self.__dict__.update(part.build(session, f.state))
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    def _open(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open; use `async with uow:`")
        return self._session

    async def commit(self) -> None:
        await self._open().commit()

    async def rollback(self) -> None:
        await self._open().rollback()


class SqlaUnitOfWorkFactory:
    """Units of work on one engine, with every registered context's repositories."""

    def __init__(
        self,
        engine: AsyncEngine,
        parts: Sequence[PostgresRepositories],
        pool: DriverPool | None = None,
        standing: ReadCache | None = None,
        **state: Any,
    ) -> None:
        self.engine = engine
        self.parts = tuple(parts)
        self.pool = pool
        self.standing = standing
        self.state: State = {}
        for part in self.parts:
            self.state.update(part.defaults or {})
        self.state.update(state)

    async def start(self) -> State:
        """Read what each context needs from the catalog, and use it from now on."""
        with translated():
            async with self.engine.connect() as conn:
                for part in self.parts:
                    self.state.update(await part.read_at_start(conn))
        return self.state

    def __call__(self, read_only: bool = False) -> SqlaUnitOfWork:
        return SqlaUnitOfWork(self, read_only)
