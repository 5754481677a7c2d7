"""The database and its extensions: created owned by strata_admin when missing (CREATE
DATABASE cannot run in a transaction: asyncpg's lone `execute` is autocommit), vector
required (a clear error when the server lacks pgvector), pg_trgm when available."""

from __future__ import annotations

import logging

import asyncpg

from adapters.postgres.infra.admin.connection import AdminError, ident
from adapters.postgres.infra.admin.roles import ADMIN_ROLE, RO_ROLE, RW_ROLE

log = logging.getLogger("strata.db.admin")

REQUIRED_EXTENSIONS = ("vector",)
OPTIONAL_EXTENSIONS = ("pg_trgm",)


async def ensure_database(conn: asyncpg.Connection, database: str) -> bool:
    """True when the database was created now."""
    if await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
        await conn.execute(f"GRANT ALL ON DATABASE {ident(database)} TO {ident(ADMIN_ROLE)}")
        await _grant_connect(conn, database)
        return False
    try:
        # Not in a transaction: asyncpg runs a lone statement in autocommit mode.
        await conn.execute(
            f"CREATE DATABASE {ident(database)} OWNER {ident(ADMIN_ROLE)} ENCODING 'UTF8' "
            "TEMPLATE template0"
        )
    except asyncpg.DuplicateDatabaseError:
        return False
    await conn.execute(f"REVOKE ALL ON DATABASE {ident(database)} FROM PUBLIC")
    await _grant_connect(conn, database)
    log.info("created database %s", database)
    return True


async def _grant_connect(conn: asyncpg.Connection, database: str) -> None:
    for role in (RW_ROLE, RO_ROLE):
        await conn.execute(
            f"GRANT CONNECT, TEMPORARY ON DATABASE {ident(database)} TO {ident(role)}"
        )


async def ensure_extensions(conn: asyncpg.Connection) -> list[str]:
    """CREATE EXTENSION IF NOT EXISTS for vector (required) and pg_trgm (if available);
    the extensions installed.

    Checks pg_available_extensions first (seed 002's init_db) so a server without
    pgvector gets an error that says what to install.
    """
    rows = await conn.fetch(
        "SELECT name, installed_version FROM pg_available_extensions WHERE name = ANY($1::text[])",
        [*REQUIRED_EXTENSIONS, *OPTIONAL_EXTENSIONS],
    )
    available = {r["name"]: r["installed_version"] for r in rows}
    installed: list[str] = []
    for ext in (*REQUIRED_EXTENSIONS, *OPTIONAL_EXTENSIONS):
        if ext not in available:
            if ext in REQUIRED_EXTENSIONS:
                version = await conn.fetchval("SHOW server_version_num")
                raise AdminError(
                    f"the PostgreSQL server has no '{ext}' extension (pgvector): install it "
                    f"(e.g. apt install postgresql-{int(version) // 10000}-pgvector, or use an "
                    "image with pgvector such as pgvector/pgvector) and run `strata db init` again"
                )
            continue
        if available[ext] is None:
            try:
                await conn.execute(f"CREATE EXTENSION IF NOT EXISTS {ident(ext)}")
            except asyncpg.InsufficientPrivilegeError:
                if ext in REQUIRED_EXTENSIONS:
                    raise AdminError(
                        f"creating extension '{ext}' needs a superuser: run `strata db init` "
                        "with a superuser login (DATABASE_URL, DB_USER/DB_PASSWORD or "
                        "--superuser-url)"
                    ) from None
                continue
        installed.append(ext)
    return installed
