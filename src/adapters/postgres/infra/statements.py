"""The statements a repository runs besides SQLAlchemy Core built per call.

`Constant`: a Core statement compiled once; read-only work runs it on the driver.
`Sql`: hand-written SQL with `$n` parameters, for what Core cannot say as the planner
needs it (search's materialized nearest-neighbour CTE), optionally with one setting
local to its transaction (`hnsw.ef_search`).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import asyncpg as postgresql_asyncpg

_DIALECT = postgresql_asyncpg.dialect()  # type: ignore[no-untyped-call]
SET_LOCAL = "SELECT set_config($1, $2, true)"


class Constant:
    """A constant query, compiled once. Read-only units of work run it on the driver
    itself: SQLAlchemy's per-statement work costs more than the round trip."""

    def __init__(self, stmt: sa.Select[Any] | sa.Update | sa.Insert | sa.Delete) -> None:
        self.stmt = stmt
        compiled = stmt.compile(dialect=_DIALECT)
        self.sql = str(compiled)
        self.names = list(compiled.positiontup or [])

    def args(self, params: dict[str, Any]) -> list[Any]:
        return [params[name] for name in self.names]


class Sql:
    """Hand-written SQL with `$n` parameters, collected as the text is built."""

    def __init__(self) -> None:
        self.args: list[Any] = []
        self.text = ""
        self.local: tuple[str, str] | None = None
        self.local_is_default = False

    def __call__(self, value: Any) -> str:
        self.args.append(value)
        return f"${len(self.args)}"

    def set_local(self, name: str, value: str, default: str) -> None:
        """A setting for this statement's transaction only (SET LOCAL). Connections start
        with `default`: a statement alone on a connection of its own skips setting it,
        one in a unit of work's transaction sets it (an earlier SET LOCAL may hold)."""
        self.local = (name, value)
        self.local_is_default = value == default
