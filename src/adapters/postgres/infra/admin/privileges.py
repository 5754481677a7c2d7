"""What a role may do in the database: a report for checks and tests."""

from __future__ import annotations

from typing import Any

from adapters.postgres.infra.admin.connection import SCHEMA, connect

_PRIVILEGES = """
SELECT has_schema_privilege($1, $2, 'CREATE') AS create_in_schema,
       has_schema_privilege($1, $2, 'USAGE') AS usage,
       has_database_privilege($1, current_database(), 'CREATE') AS create_in_database
"""


async def privileges(url: str, role: str) -> dict[str, Any]:
    """Whether `role` may create in schema public, use it, and create in the database."""
    conn = await connect(url)
    try:
        row = await conn.fetchrow(_PRIVILEGES, role, SCHEMA)
        return dict(row) if row else {}
    finally:
        await conn.close()
