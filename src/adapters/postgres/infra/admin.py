"""Database administration for `strata db init` / `db reset`: plain asyncpg, no ORM.

`initialize` (connect as a superuser, the "bootstrap" login) is idempotent:

- roles strata_admin (owns the schema, runs migrations), strata_rw (the service:
  SELECT/INSERT/UPDATE/DELETE on tables, USAGE on sequences, no DDL, no UPDATE/DELETE
  on append-only tables) and strata_ro (SELECT only), all NOSUPERUSER NOCREATEDB
  NOCREATEROLE; passwords set (or changed) when given, left alone when not;
  statement_timeout, lock_timeout and idle_in_transaction_session_timeout set on
  strata_rw (the settings') and strata_ro (REPORTING_LIMITS), none on strata_admin;
- the database, created owned by strata_admin when missing (CREATE DATABASE cannot
  run in a transaction: asyncpg's `execute` outside a transaction is autocommit);
- extensions vector (required; a clear error when the server lacks pgvector) and
  pg_trgm (when available);
- schema public owned by strata_admin, objects in it that another login created
  handed to strata_admin, grants on what exists, and `ALTER DEFAULT PRIVILEGES FOR
  ROLE strata_admin` so tables the migrations create later get the same grants.

`sync_grants` re-applies the grants after migrations (as strata_admin): it is what
takes UPDATE/DELETE on the audit table away from strata_rw, since default
privileges cannot make exceptions per table.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from sqlalchemy.engine import URL, make_url

from adapters.postgres.infra.engine import SessionLimits

log = logging.getLogger("strata.db.admin")

ADMIN_ROLE = "strata_admin"
RW_ROLE = "strata_rw"
RO_ROLE = "strata_ro"
ROLE_NAMES: dict[str, str] = {"admin": ADMIN_ROLE, "rw": RW_ROLE, "ro": RO_ROLE}
REQUIRED_EXTENSIONS = ("vector",)
OPTIONAL_EXTENSIONS = ("pg_trgm",)
# Insert-only tables: strata_rw may INSERT and SELECT, never UPDATE or DELETE.
APPEND_ONLY_TABLES = ("audit_entries", "audit_checkpoints", "audit_log", "audit_logs")
# Written only by migrations.
MIGRATION_TABLES = ("alembic_version",)
SCHEMA = "public"
# Reporting reads may scan for minutes, never hold locks long, never idle in a transaction.
REPORTING_LIMITS = SessionLimits(
    statement_timeout_ms=300_000, lock_timeout_ms=5_000, idle_in_transaction_timeout_ms=60_000
)


class AdminError(Exception):
    """An administration step failed in a way the operator has to fix; one clear line."""


@dataclass
class InitReport:
    database: str
    database_created: bool = False
    roles_created: list[str] = field(default_factory=list)
    roles_updated: list[str] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)


def _dsn(url: str | URL, database: str | None = None) -> str:
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
    return await asyncpg.connect(_dsn(url, database), timeout=connect_timeout)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- initialize ---------------------------------------------------------------------------------


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
    conn = await _connect_maintenance(bootstrap_url)
    try:
        await _ensure_roles(conn, passwords, report)
        await _bound_roles(conn, limits or SessionLimits())
        report.database_created = await _ensure_database(conn, database)
    finally:
        await conn.close()
    conn = await connect(bootstrap_url, database)
    try:
        await ensure_extensions(conn, report)
        async with conn.transaction():
            await _own_schema(conn, report)
            await _grant(conn)
    finally:
        await conn.close()
    return report


async def _connect_maintenance(url: str) -> asyncpg.Connection:
    """A connection to a database that always exists (`postgres`, else `template1`)."""
    try:
        return await connect(url, "postgres")
    except asyncpg.InvalidCatalogNameError:
        return await connect(url, "template1")


async def _ensure_roles(
    conn: asyncpg.Connection, passwords: Mapping[str, str | None], report: InitReport
) -> None:
    for key, role in ROLE_NAMES.items():
        password = passwords.get(key)
        exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
        if not exists:
            try:
                await conn.execute(
                    f"CREATE ROLE {_ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                    "NOREPLICATION NOBYPASSRLS"
                )
                report.roles_created.append(role)
            except asyncpg.DuplicateObjectError:  # another init got there first
                pass
        else:
            # An existing role keeps its name but loses any extra power it was given.
            await conn.execute(
                f"ALTER ROLE {_ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                "NOREPLICATION NOBYPASSRLS"
            )
        if password is not None:
            # format(%L) quotes on the server; the password never goes through our quoting.
            stmt = await conn.fetchval(
                "SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)", role, password
            )
            await conn.execute(stmt)
            if exists:
                report.roles_updated.append(role)
    # The bootstrap login must be able to hand objects to strata_admin (PG16+ needs
    # membership to create a database OWNER strata_admin unless superuser).
    is_super = await conn.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not is_super:
        await conn.execute(f"GRANT {_ident(ADMIN_ROLE)} TO current_user")


async def _bound_roles(conn: asyncpg.Connection, service: SessionLimits) -> None:
    """Server-side bounds per role, whatever client connects as it: the service's (rw),
    reporting's (ro, longer statements); none for strata_admin, whose migrations may
    rewrite large tables."""
    for role, limits in ((RW_ROLE, service), (RO_ROLE, REPORTING_LIMITS)):
        for name, value in limits.as_settings().items():
            await conn.execute(f"ALTER ROLE {_ident(role)} SET {name} = {int(value)}")
    for name in SessionLimits().as_settings():
        await conn.execute(f"ALTER ROLE {_ident(ADMIN_ROLE)} RESET {name}")


async def _ensure_database(conn: asyncpg.Connection, database: str) -> bool:
    if await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database):
        await conn.execute(f"GRANT ALL ON DATABASE {_ident(database)} TO {_ident(ADMIN_ROLE)}")
        await _grant_connect(conn, database)
        return False
    try:
        # Not in a transaction: asyncpg runs a lone statement in autocommit mode.
        await conn.execute(
            f"CREATE DATABASE {_ident(database)} OWNER {_ident(ADMIN_ROLE)} ENCODING 'UTF8' "
            "TEMPLATE template0"
        )
    except asyncpg.DuplicateDatabaseError:
        return False
    await conn.execute(f"REVOKE ALL ON DATABASE {_ident(database)} FROM PUBLIC")
    await _grant_connect(conn, database)
    log.info("created database %s", database)
    return True


async def _grant_connect(conn: asyncpg.Connection, database: str) -> None:
    for role in (RW_ROLE, RO_ROLE):
        await conn.execute(
            f"GRANT CONNECT, TEMPORARY ON DATABASE {_ident(database)} TO {_ident(role)}"
        )


async def ensure_extensions(conn: asyncpg.Connection, report: InitReport | None = None) -> None:
    """CREATE EXTENSION IF NOT EXISTS for vector (required) and pg_trgm (if available).

    Checks pg_available_extensions first (seed 002's init_db) so a server without
    pgvector gets an error that says what to install.
    """
    rows = await conn.fetch(
        "SELECT name, installed_version FROM pg_available_extensions WHERE name = ANY($1::text[])",
        [*REQUIRED_EXTENSIONS, *OPTIONAL_EXTENSIONS],
    )
    available = {r["name"]: r["installed_version"] for r in rows}
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
                await conn.execute(f"CREATE EXTENSION IF NOT EXISTS {_ident(ext)}")
            except asyncpg.InsufficientPrivilegeError:
                if ext in REQUIRED_EXTENSIONS:
                    raise AdminError(
                        f"creating extension '{ext}' needs a superuser: run `strata db init` "
                        "with a superuser login (DATABASE_URL, DB_USER/DB_PASSWORD or "
                        "--superuser-url)"
                    ) from None
                continue
        if report is not None:
            report.extensions.append(ext)


async def _own_schema(conn: asyncpg.Connection, report: InitReport) -> None:
    await conn.execute(f"ALTER SCHEMA {SCHEMA} OWNER TO {_ident(ADMIN_ROLE)}")
    await conn.execute(f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM PUBLIC")
    # Objects another login created (say, migrations run before `db init`) move to
    # strata_admin, or its later migrations could not alter or drop them.
    relations = await conn.fetch(
        """
        SELECT c.oid::regclass::text AS name, c.relkind::text AS relkind
        FROM pg_class c
        WHERE c.relnamespace = $1::regnamespace
          AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND pg_get_userbyid(c.relowner) <> $2
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                            AND d.deptype IN ('e', 'a', 'i'))
        """,
        SCHEMA,
        ADMIN_ROLE,
    )
    kinds = {
        "r": "TABLE",
        "p": "TABLE",
        "f": "FOREIGN TABLE",
        "v": "VIEW",
        "m": "MATERIALIZED VIEW",
        "S": "SEQUENCE",
    }
    for row in relations:
        kind = kinds[row["relkind"]]
        await conn.execute(f"ALTER {kind} {row['name']} OWNER TO {_ident(ADMIN_ROLE)}")
        report.adopted.append(row["name"])
    routines = await conn.fetch(
        """
        SELECT p.oid::regprocedure::text AS name FROM pg_proc p
        WHERE p.pronamespace = $1::regnamespace AND p.prokind IN ('f', 'p')
          AND pg_get_userbyid(p.proowner) <> $2
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                            AND d.deptype = 'e')
        """,
        SCHEMA,
        ADMIN_ROLE,
    )
    for row in routines:
        await conn.execute(f"ALTER ROUTINE {row['name']} OWNER TO {_ident(ADMIN_ROLE)}")
        report.adopted.append(row["name"])
    types = await conn.fetch(
        """
        SELECT t.oid::regtype::text AS name FROM pg_type t
        WHERE t.typnamespace = $1::regnamespace AND t.typtype IN ('e', 'd', 'r')
          AND pg_get_userbyid(t.typowner) <> $2
          AND NOT EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                            AND d.deptype = 'e')
        """,
        SCHEMA,
        ADMIN_ROLE,
    )
    for row in types:
        await conn.execute(f"ALTER TYPE {row['name']} OWNER TO {_ident(ADMIN_ROLE)}")
        report.adopted.append(row["name"])


async def _grant(conn: asyncpg.Connection) -> None:
    """Grants on what exists, default privileges for what migrations create later."""
    a, rw, ro = _ident(ADMIN_ROLE), _ident(RW_ROLE), _ident(RO_ROLE)
    statements = [
        f"GRANT USAGE ON SCHEMA {SCHEMA} TO {rw}, {ro}",
        f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM {rw}, {ro}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {rw}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {rw}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {ro}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {a} IN SCHEMA {SCHEMA} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {rw}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {a} IN SCHEMA {SCHEMA} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {rw}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {a} IN SCHEMA {SCHEMA} GRANT SELECT ON TABLES TO {ro}",
    ]
    for stmt in statements:
        await conn.execute(stmt)
    await _restrict_special_tables(conn)


async def _restrict_special_tables(conn: asyncpg.Connection) -> None:
    rw = _ident(RW_ROLE)
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
        await conn.execute(f"REVOKE {revoke} ON {SCHEMA}.{_ident(table)} FROM {rw}")


async def roles_exist(conn: asyncpg.Connection) -> bool:
    count = await conn.fetchval(
        "SELECT count(*) FROM pg_roles WHERE rolname = ANY($1::text[])", list(ROLE_NAMES.values())
    )
    return bool(count == len(ROLE_NAMES))


async def sync_grants(url: str) -> bool:
    """Re-apply grants after migrations; False (nothing done) when the roles do not exist."""
    conn = await connect(url)
    try:
        if not await roles_exist(conn):
            return False
        async with conn.transaction():
            await _grant(conn)
        return True
    finally:
        await conn.close()


# --- reset --------------------------------------------------------------------------------------


async def drop_all(url: str) -> list[str]:
    """Drop every table, view, sequence, type and routine in `public` that no extension owns
    (alembic_version included): the schema as `db init` left it. Returns what was dropped."""
    conn = await connect(url)
    dropped: list[str] = []
    try:
        async with conn.transaction():
            rels = await conn.fetch(
                """
                SELECT c.oid::regclass::text AS name, c.relkind::text AS relkind FROM pg_class c
                WHERE c.relnamespace = $1::regnamespace
                  AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                    AND d.deptype IN ('e', 'a', 'i'))
                  AND NOT (c.relkind = 'r' AND c.relispartition)
                ORDER BY c.relkind
                """,
                SCHEMA,
            )
            kinds = {
                "r": "TABLE",
                "p": "TABLE",
                "f": "FOREIGN TABLE",
                "v": "VIEW",
                "m": "MATERIALIZED VIEW",
                "S": "SEQUENCE",
            }
            for row in rels:
                await conn.execute(f"DROP {kinds[row['relkind']]} IF EXISTS {row['name']} CASCADE")
                dropped.append(row["name"])
            routines = await conn.fetch(
                """
                SELECT p.oid::regprocedure::text AS name FROM pg_proc p
                WHERE p.pronamespace = $1::regnamespace AND p.prokind IN ('f', 'p')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                                    AND d.deptype = 'e')
                """,
                SCHEMA,
            )
            for row in routines:
                await conn.execute(f"DROP ROUTINE IF EXISTS {row['name']} CASCADE")
                dropped.append(row["name"])
            types = await conn.fetch(
                """
                SELECT t.oid::regtype::text AS name FROM pg_type t
                WHERE t.typnamespace = $1::regnamespace AND t.typtype IN ('e', 'd', 'r', 'c')
                  AND (t.typtype <> 'c'
                       OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                                    AND d.deptype = 'e')
                """,
                SCHEMA,
            )
            for row in types:
                await conn.execute(f"DROP TYPE IF EXISTS {row['name']} CASCADE")
                dropped.append(row["name"])
    finally:
        await conn.close()
    return dropped


async def reset_database(
    url: str, revision: str = "head", options: Mapping[str, str] | None = None
) -> list[str]:
    """Development and tests only: drop every app object, migrate to `revision` again and
    re-apply grants. Dropping (rather than `downgrade base`) also works when a downgrade
    is broken or the version table is out of step with the schema."""
    from adapters.postgres.infra import migrate

    dropped = await drop_all(url)
    await migrate.upgrade(url, revision, options)
    await sync_grants(url)
    return dropped


async def privileges(url: str, role: str) -> dict[str, Any]:
    """What `role` may do in the database (for checks and tests)."""
    conn = await connect(url)
    try:
        row = await conn.fetchrow(
            "SELECT has_schema_privilege($1, $2, 'CREATE') AS create_in_schema, "
            "has_schema_privilege($1, $2, 'USAGE') AS usage, "
            "has_database_privilege($1, current_database(), 'CREATE') AS create_in_database",
            role,
            SCHEMA,
        )
        return dict(row) if row else {}
    finally:
        await conn.close()
