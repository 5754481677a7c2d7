"""`strata db init`: roles, the database, extensions, schema ownership and grants.

Connects as a superuser (the "bootstrap" login) and is idempotent: safe to run again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from adapters.postgres.infra.admin.connection import connect, connect_maintenance
from adapters.postgres.infra.admin.databases import ensure_database, ensure_extensions
from adapters.postgres.infra.admin.grants import grant
from adapters.postgres.infra.admin.ownership import own_schema
from adapters.postgres.infra.admin.roles import bound_roles, ensure_roles
from adapters.postgres.infra.engine import SessionLimits


@dataclass
class InitReport:
    database: str
    database_created: bool = False
    roles_created: list[str] = field(default_factory=list)
    roles_updated: list[str] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)


async def initialize(
    bootstrap_url: str,
    database: str,
    passwords: Mapping[str, str | None],
    limits: SessionLimits | None = None,
) -> InitReport:
    """Create roles, the database, extensions and grants; safe to run again.

    `bootstrap_url` logs in as a superuser (or a role with CREATEROLE and CREATEDB that
    can create the extensions); `passwords` maps "admin"/"rw"/"ro" to a password or None;
    `limits` bound strata_rw's sessions (the defaults when None).
    """
    report = InitReport(database)
    conn = await connect_maintenance(bootstrap_url)
    try:
        report.roles_created, report.roles_updated = await ensure_roles(conn, passwords)
        await bound_roles(conn, limits or SessionLimits())
        report.database_created = await ensure_database(conn, database)
    finally:
        await conn.close()
    conn = await connect(bootstrap_url, database)
    try:
        report.extensions = await ensure_extensions(conn)
        async with conn.transaction():
            report.adopted = await own_schema(conn)
            await grant(conn)
    finally:
        await conn.close()
    return report
