"""The three roles: created (or stripped of extra power), passwords set, sessions bounded.

strata_admin owns the schema and runs migrations, strata_rw is the service, strata_ro
reads; all NOSUPERUSER NOCREATEDB NOCREATEROLE. Passwords are set (or changed) when
given and left alone when not.
"""

from __future__ import annotations

from collections.abc import Mapping

import asyncpg

from adapters.postgres.infra.admin.connection import ident
from adapters.postgres.infra.engine import SessionLimits

ADMIN_ROLE = "strata_admin"
RW_ROLE = "strata_rw"
RO_ROLE = "strata_ro"
ROLE_NAMES: dict[str, str] = {"admin": ADMIN_ROLE, "rw": RW_ROLE, "ro": RO_ROLE}
# Reporting reads may scan for minutes, never hold locks long, never idle in a transaction.
REPORTING_LIMITS = SessionLimits(
    statement_timeout_ms=300_000, lock_timeout_ms=5_000, idle_in_transaction_timeout_ms=60_000
)
_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"


async def ensure_roles(
    conn: asyncpg.Connection, passwords: Mapping[str, str | None]
) -> tuple[list[str], list[str]]:
    """The roles created, and the existing roles whose password was set."""
    created: list[str] = []
    updated: list[str] = []
    for key, role in ROLE_NAMES.items():
        password = passwords.get(key)
        exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
        if not exists:
            try:
                await conn.execute(f"CREATE ROLE {ident(role)} {_ATTRIBUTES}")
                created.append(role)
            except asyncpg.DuplicateObjectError:  # another init got there first
                pass
        else:
            # An existing role keeps its name but loses any extra power it was given.
            await conn.execute(f"ALTER ROLE {ident(role)} {_ATTRIBUTES}")
        if password is not None:
            # format(%L) quotes on the server; the password never goes through our quoting.
            stmt = await conn.fetchval(
                "SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)", role, password
            )
            await conn.execute(stmt)
            if exists:
                updated.append(role)
    # The bootstrap login must be able to hand objects to strata_admin (PG16+ needs
    # membership to create a database OWNER strata_admin unless superuser).
    is_super = await conn.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not is_super:
        await conn.execute(f"GRANT {ident(ADMIN_ROLE)} TO current_user")
    return created, updated


async def bound_roles(conn: asyncpg.Connection, service: SessionLimits) -> None:
    """Server-side bounds per role, whatever client connects as it: the service's (rw),
    reporting's (ro, longer statements); none for strata_admin, whose migrations may
    rewrite large tables."""
    for role, limits in ((RW_ROLE, service), (RO_ROLE, REPORTING_LIMITS)):
        for name, value in limits.as_settings().items():
            await conn.execute(f"ALTER ROLE {ident(role)} SET {name} = {int(value)}")
    for name in SessionLimits().as_settings():
        await conn.execute(f"ALTER ROLE {ident(ADMIN_ROLE)} RESET {name}")


async def roles_exist(conn: asyncpg.Connection) -> bool:
    count = await conn.fetchval(
        "SELECT count(*) FROM pg_roles WHERE rolname = ANY($1::text[])", list(ROLE_NAMES.values())
    )
    return bool(count == len(ROLE_NAMES))
