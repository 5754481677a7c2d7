"""The text search configuration `chunks.content_tsv` is made with, read from the catalog."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncConnection

_CATALOG = (
    "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a"
    " ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
    " WHERE d.adrelid = 'chunks'::regclass AND a.attname = 'content_tsv'"
)
_CONFIG = re.compile(r"to_tsvector\('([^']+)'::regconfig")


async def read_text_search_config(conn: AsyncConnection) -> str | None:
    """`english` or `simple` as migrations made it; None when the column says neither."""
    expression = str((await conn.exec_driver_sql(_CATALOG)).scalar() or "")
    found = _CONFIG.search(expression)
    return found.group(1) if found else None
