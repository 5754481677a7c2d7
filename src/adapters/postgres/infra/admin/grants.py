"""Grants on schema public: on what exists, default privileges for what migrations create
later, and the tables strata_rw may only append to (audit) or not write at all.

`sync_grants` re-applies them after migrations (as strata_admin): it is what takes
UPDATE/DELETE on the audit tables away from strata_rw, since default privileges cannot
make exceptions per table.
"""

from __future__ import annotations

import asyncpg

from adapters.postgres.infra.admin.connection import SCHEMA, connect, ident
from adapters.postgres.infra.admin.roles import ADMIN_ROLE, RO_ROLE, RW_ROLE, roles_exist

# Insert-only tables: strata_rw may INSERT and SELECT, never UPDATE or DELETE.
APPEND_ONLY_TABLES = ("audit_entries", "audit_checkpoints", "audit_log", "audit_logs")
# Written only by migrations.
MIGRATION_TABLES = ("alembic_version",)


async def grant(conn: asyncpg.Connection) -> None:
    """Grants on what exists, default privileges for what migrations create later."""
    a, rw, ro = ident(ADMIN_ROLE), ident(RW_ROLE), ident(RO_ROLE)
    defaults = f"ALTER DEFAULT PRIVILEGES FOR ROLE {a} IN SCHEMA {SCHEMA}"
    statements = [
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {rw}, {ro}",
        f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM {rw}, {ro}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {rw}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {rw}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {ro}",
        f"{defaults} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {rw}",
        f"{defaults} GRANT USAGE, SELECT ON SEQUENCES TO {rw}",
        f"{defaults} GRANT SELECT ON TABLES TO {ro}",
    ]
    for stmt in statements:
        await conn.execute(stmt)
    await _restrict_special_tables(conn)


async def _restrict_special_tables(conn: asyncpg.Connection) -> None:
    rw = ident(RW_ROLE)
    existing = {
        r["relname"]
        for r in await conn.fetch(
            "SELECT relname FROM pg_class WHERE relnamespace = $1::regnamespace "
            "AND relkind IN ('r', 'p') AND relname = ANY($2::text[])",
            SCHEMA,
            [*APPEND_ONLY_TABLES, *MIGRATION_TABLES],
        )
    }
    for table in sorted(existing):
        revoke = (
            "UPDATE, DELETE, TRUNCATE"
            if table in APPEND_ONLY_TABLES
            else "INSERT, UPDATE, DELETE, TRUNCATE"
        )
        await conn.execute(f"REVOKE {revoke} ON {SCHEMA}.{ident(table)} FROM {rw}")


async def sync_grants(url: str) -> bool:
    """Re-apply grants after migrations; False (nothing done) when the roles do not exist."""
    conn = await connect(url)
    try:
        if not await roles_exist(conn):
            return False
        async with conn.transaction():
            await grant(conn)
        return True
    finally:
        await conn.close()
