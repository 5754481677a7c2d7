"""What every repository on PostgreSQL shares: its session, constant lookups, id parsing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import asyncpg as postgresql_asyncpg
from sqlalchemy.engine import RowMapping

from adapters.postgres.infra.errors import translated
from adapters.postgres.infra.observe import observed
from adapters.postgres.infra.session import Session
from domain.kernel.errors import InvalidArgument

_DIALECT = postgresql_asyncpg.dialect()  # type: ignore[no-untyped-call]


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


class Lookup:
    """A constant query, compiled once. Read-only units of work run it on the driver
    itself: SQLAlchemy's per-statement work costs more than the round trip."""

    def __init__(self, stmt: sa.Select[Any]) -> None:
        self.stmt = stmt
        compiled = stmt.compile(dialect=_DIALECT)
        self.sql = str(compiled)
        self.names = list(compiled.positiontup or [])


class Repository:
    def __init__(self, session: Session) -> None:
        self._s = session

    async def _lookup(self, query: Lookup, **params: Any) -> Mapping[Any, Any] | None:
        rows = await self._lookup_all(query, **params)
        return rows[0] if rows else None

    async def _lookup_all(self, query: Lookup, **params: Any) -> list[Mapping[Any, Any]]:
        driver = await self._s.driver()
        if driver is None:
            return list(await self._rows(query.stmt, **params))
        with translated():
            async with observed(self._s.observer, "select", query.sql):
                records = await driver.fetch(query.sql, *(params[n] for n in query.names))
        return list(records)

    async def _rows(self, stmt: sa.Executable, **params: Any) -> list[RowMapping]:
        conn = await self._s.conn()
        with translated():
            result = await conn.execute(stmt, params or None)
            return list(result.mappings()) if result.returns_rows else []

    async def _first(self, stmt: sa.Executable, **params: Any) -> RowMapping | None:
        rows = await self._rows(stmt, **params)
        return rows[0] if rows else None

    async def _scalar(self, stmt: sa.Executable) -> Any:
        conn = await self._s.conn()
        with translated():
            return await conn.scalar(stmt)
