"""The one async interface both ClickHouse backends give: rows as dicts, commands, and a
columnar insert; the same SQL with `{name:Type}` parameters on either."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Protocol, TypeAlias

import pyarrow as pa

Row = dict[str, Any]
Params = Mapping[str, Any]
Settings = Mapping[str, Any]
Columns: TypeAlias = Mapping[str, Sequence[Any]] | pa.Table

# Every read answers in UTC and with 64-bit integers as JSON numbers, on both backends.
READ_SETTINGS: dict[str, Any] = {
    "session_timezone": "UTC",
    "output_format_json_quote_64bit_integers": 0,
    "output_format_json_quote_decimals": 0,
}


class ClickHouseClient(Protocol):
    database: str

    async def query(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> list[Row]:
        """The rows of a SELECT, each a dict of JSON values (times as UTC text)."""
        ...

    async def columns(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> dict[str, list[Any]]:
        """The result of a SELECT column by column (one parse, not one per row): each
        column's values as `query` gives them, by column name."""
        ...

    async def command(
        self, sql: str, params: Params | None = None, settings: Settings | None = None
    ) -> None: ...

    async def insert(self, table: str, columns: Columns, settings: Settings | None = None) -> None:
        """Insert whole columns at once (a dict of equal-length lists, or an Arrow table)."""
        ...

    async def close(self) -> None: ...


def arrow_table(columns: Columns) -> pa.Table:
    return columns if isinstance(columns, pa.Table) else pa.table(dict(columns))


def quoted_identifier(name: str) -> str:
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


def time_text(value: datetime) -> str:
    utc = value.astimezone(UTC) if value.tzinfo else value
    return utc.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def literal(value: Any, top: bool = True) -> str:
    """A parameter value in ClickHouse's text form (what the HTTP interface's `param_` takes):
    top-level strings TSV-escaped, strings inside arrays quoted."""
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\")
        if top:
            return escaped.replace("\t", "\\t").replace("\n", "\\n")
        return "'" + escaped.replace("'", "\\'") + "'"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        text = time_text(value)
        return text if top else f"'{text}'"
    if isinstance(value, date):
        return value.isoformat() if top else f"'{value.isoformat()}'"
    if isinstance(value, list | tuple):
        return "[" + ",".join(literal(v, top=False) for v in value) + "]"
    if value is None:
        return "\\N"
    return str(value)
