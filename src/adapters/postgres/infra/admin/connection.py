"""Administrative connections: asyncpg to a URL, to another database, or to maintenance."""

from __future__ import annotations

import asyncpg
from sqlalchemy.engine import URL, make_url

SCHEMA = "public"


class AdminError(Exception):
    """An administration step failed in a way the operator has to fix; one clear line."""


def dsn(url: str | URL, database: str | None = None) -> str:
    """A libpq-style DSN asyncpg accepts (driver suffix dropped, database swapped)."""
    parsed = make_url(url) if isinstance(url, str) else url
    parsed = parsed.set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    if "ssl" in parsed.query and "sslmode" not in parsed.query:
        parsed = parsed.update_query_dict({"sslmode": parsed.query["ssl"]}).difference_update_query(
            ["ssl"]
        )
    return parsed.render_as_string(hide_password=False)


async def connect(
    url: str | URL, database: str | None = None, connect_timeout: float = 10.0
) -> asyncpg.Connection:
    return await asyncpg.connect(dsn(url, database), timeout=connect_timeout)


async def connect_maintenance(url: str) -> asyncpg.Connection:
    """A connection to a database that always exists (`postgres`, else `template1`)."""
    try:
        return await connect(url, "postgres")
    except asyncpg.InvalidCatalogNameError:
        return await connect(url, "template1")


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
