"""What every repository on PostgreSQL shares: one way to run a statement, and id parsing.

Every statement goes through `first`, `all`, `scalar` or `execute`, which choose the
connection, observe the statement and translate driver errors:

- SQLAlchemy Core built per call runs on the unit of work's SQLAlchemy connection;
- a `Constant` (Core compiled once) runs on the asyncpg driver in read-only work,
  else like Core. The hot lookups (a key with its user, a user, a workspace with the
  caller's membership) are constants: measured in bench/RESULTS.md, SQLAlchemy's
  per-statement work and pool checkout cost more than the round trip itself;
- `Sql` (hand-written, `$n`) runs on the driver, in the unit of work's transaction
  when it has one. Only search uses it;
- `on_driver` runs hand-written SQL on the unit of work's own driver connection in its
  transaction: the job queue's claim, event append and batch writes.

The one exception is COPY of chunks (knowledge/chunk_copy.py): bulk loads, on the
unit of work's driver connection.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from typing import Any

import sqlalchemy as sa

from adapters.postgres.infra.errors import translated
from adapters.postgres.infra.observe import observed
from adapters.postgres.infra.session import Session
from adapters.postgres.infra.statements import SET_LOCAL, Constant, Sql
from domain.kernel.errors import InvalidArgument

Statement = sa.Executable | Constant | Sql
Row = Mapping[Any, Any]


def uuid_or_none(value: str | None) -> str | None:
    """The canonical form of an id, or None when it cannot be one (so nothing matches)."""
    try:
        return str(uuid.UUID(value)) if value else None
    except (ValueError, TypeError, AttributeError):
        return None


def after_key(after: tuple[Any, ...] | None) -> str | None:
    if after is None:
        return None
    key = uuid_or_none(str(after[0])) if after else None
    if key is None:
        raise InvalidArgument.of("page_token", "is not a valid page token")
    return key


class Repository:
    errors: Callable[[], AbstractContextManager[None]] = staticmethod(translated)

    def __init__(self, session: Session) -> None:
        self._s = session

    async def all(self, stmt: Statement, **params: Any) -> list[Row]:
        if isinstance(stmt, Sql):
            return await self._hand_written(stmt)
        if isinstance(stmt, Constant):
            driver = await self._s.driver()
            if driver is not None:
                with self.errors():
                    async with observed(self._s.observer, "select", stmt.sql):
                        return list(await driver.fetch(stmt.sql, *stmt.args(params)))
            return await self._core(stmt.stmt, params)
        return await self._core(stmt, params)

    async def _core(self, stmt: sa.Executable, params: dict[str, Any]) -> list[Row]:
        conn = await self._s.conn()
        with self.errors():
            result = await conn.execute(stmt, params or None)
            return list(result.mappings()) if result.returns_rows else []

    async def first(self, stmt: Statement, **params: Any) -> Row | None:
        rows = await self.all(stmt, **params)
        return rows[0] if rows else None

    async def scalar(self, stmt: Statement, **params: Any) -> Any:
        row = await self.first(stmt, **params)
        return next(iter(row.values())) if row is not None else None

    async def execute(self, stmt: sa.Executable, *many: dict[str, Any]) -> None:
        """A write, once or once per row of `many` (executemany)."""
        conn = await self._s.conn()
        with self.errors():
            await conn.execute(stmt, list(many) or None)

    async def on_driver(self, sql: str, *args: Any) -> list[Row]:
        """Hand-written SQL (`$n`) on the unit of work's own driver connection, inside its
        transaction: the job queue's hot statements, where SQLAlchemy's per-statement work
        costs several times the statement itself (bench/RESULTS.md, "Job queue")."""
        conn = await self._s.conn()
        with self.errors():
            driver: Any = (await conn.get_raw_connection()).driver_connection
            if not driver.is_in_transaction():
                await conn.exec_driver_sql("SELECT 1")  # begins it, on the driver too
            async with observed(self._s.observer, None, sql):
                return list(await driver.fetch(sql, *args))

    async def _hand_written(self, sql: Sql) -> list[Row]:
        driver = await self._s.driver()
        if driver is None and self._s.read_only:  # autocommit: take the driver's transaction
            driver = (await (await self._s.conn()).get_raw_connection()).driver_connection
        with self.errors():
            if driver is None:  # in the unit of work's transaction: SET LOCAL holds till its end
                conn = await self._s.conn()
                if sql.local is not None:
                    await conn.exec_driver_sql(SET_LOCAL, sql.local)
                return list((await conn.exec_driver_sql(sql.text, tuple(sql.args))).mappings())
            async with observed(self._s.observer, "select", sql.text):
                if sql.local is None or sql.local_is_default:
                    return list(await driver.fetch(sql.text, *sql.args))
                async with driver.transaction(readonly=True):
                    await driver.execute(SET_LOCAL, *sql.local)
                    return list(await driver.fetch(sql.text, *sql.args))
