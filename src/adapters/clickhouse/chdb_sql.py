"""What chDB is sent and what it answers, the same whether it runs in this process or in
its host process: SETTINGS clauses, the columnar INSERT, parameters as text, and the
JSONEachRow / JSONColumns answers parsed (ChdbStatements: the reads and commands of a
client that runs SQL and gets the answer's bytes)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from adapters.clickhouse.client import (
    READ_SETTINGS,
    Params,
    Row,
    Settings,
    literal,
    quoted_identifier,
)

# chDB's Python() table function reads the Arrow table bound to this name in the caller.
INSERTED_TABLE = "tbl"


class ChdbStatements:
    """query, columns and command of a chDB client, over its `_run`."""

    async def _run(self, sql: str, params: Params | None, fmt: str) -> bytes:
        raise NotImplementedError

    async def query(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> list[Row]:
        every = {**READ_SETTINGS, **(settings or {})}
        return rows_of(await self._run(with_settings(sql, every), params, "JSONEachRow"))

    async def columns(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> dict[str, list[Any]]:
        every = {**READ_SETTINGS, **(settings or {})}
        return columns_of(await self._run(with_settings(sql, every), params, "JSONColumns"))

    async def command(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> None:
        await self._run(with_settings(sql, settings or {}), params, "CSV")


def with_settings(sql: str, settings: Settings) -> str:
    return f"{sql.rstrip().rstrip(';')} {settings_clause(settings)}" if settings else sql


def settings_clause(settings: Settings) -> str:
    if not settings:
        return ""
    return "SETTINGS " + ", ".join(f"{k} = {_setting(v)}" for k, v in settings.items())


def insert_sql(table: str, names: Iterable[str], settings: Settings | None) -> str:
    listed = ", ".join(quoted_identifier(n) for n in names)
    options = settings_clause(settings or {})
    return f"INSERT INTO {table} ({listed}) {options} SELECT {listed} FROM Python({INSERTED_TABLE})"


def create_database_sql(database: str) -> str:
    return f"CREATE DATABASE IF NOT EXISTS {quoted_identifier(database)}"


def param_texts(params: Params | None) -> dict[str, str] | None:
    return {k: literal(v) for k, v in params.items()} if params else None


def rows_of(answer: bytes) -> list[Row]:
    return [json.loads(line) for line in answer.splitlines() if line]


def columns_of(answer: bytes) -> dict[str, list[Any]]:
    return json.loads(answer) if answer.strip() else {}


def _setting(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return literal(value)
