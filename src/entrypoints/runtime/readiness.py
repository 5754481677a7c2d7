"""Making the environment's database ready to serve: opened (embedded or configured),
its extensions checked, migrated as the admin URL, grants re-applied; or, when serving
may run no DDL, checked to be at head."""

from __future__ import annotations

import logging

import asyncpg

from adapters.postgres.infra import migrate
from adapters.postgres.infra.admin.connection import AdminError, connect
from adapters.postgres.infra.admin.databases import ensure_extensions
from adapters.postgres.infra.admin.grants import sync_grants
from adapters.postgres.infra.schema_state import may_migrate, schema_state
from entrypoints.runtime.configured import open_configured
from entrypoints.runtime.database import Database, StartupError
from entrypoints.runtime.embedded import open_embedded
from entrypoints.settings import ROLE_PASSWORD_VARS, ROLE_USERS, Settings, redact_url

log = logging.getLogger("strata.runtime")


async def open_database(settings: Settings, *, wait_as: str = "admin") -> Database:
    """The environment's database, reachable: embedded (started and initialised) or configured."""
    if settings.database.storage != "postgres":
        raise StartupError("STRATA_STORAGE=memory has no database: use STRATA_STORAGE=postgres")
    if settings.database.uses_embedded:
        return await open_embedded(settings)
    return await open_configured(settings, wait_as=wait_as)


async def _check_extensions(db: Database) -> None:
    try:
        conn = await connect(db.admin_url)
    except asyncpg.PostgresError as exc:
        raise StartupError(f"cannot connect to {redact_url(db.admin_url)}: {exc}") from None
    try:
        await ensure_extensions(conn)
    except AdminError as exc:
        raise StartupError(str(exc)) from None
    finally:
        await conn.close()


def migration_options(settings: Settings) -> dict[str, str]:
    """The settings migrations read: the embeddings' dimension and HNSW index kind."""
    return settings.knowledge.migration_options()


async def migrate_to(db: Database, settings: Settings, revision: str = "head") -> None:
    if not db.embedded:
        await _check_extensions(db)
    ini = settings.migrations.alembic_ini
    await migrate.upgrade(db.admin_url, revision, migration_options(settings), ini)
    if await sync_grants(db.admin_url):
        log.debug("grants re-applied for %s", ", ".join(ROLE_USERS.values()))


async def prepare_database(settings: Settings) -> str:
    """Make the environment's database ready and return the URL the service uses (rw).

    Embedded, or a configured login that may migrate (no role passwords): migrate. With
    role passwords, or a login that may not (a least-privilege DATABASE_URL), serving
    needs no DDL: only check that the schema is at head."""
    db = await open_database(settings, wait_as="rw")
    if db.embedded or (not settings.database.role_mode and await may_migrate(db.admin_url)):
        await migrate_to(db, settings)
    else:
        await require_head(db, settings)
    environment = settings.database.environment()
    log.info("database ready: %s (environment %s)", db.describe(), environment)
    return db.rw_url


async def require_head(db: Database, settings: Settings) -> None:
    state = await schema_state(db.rw_url, settings.migrations.alembic_ini)
    if not state.at_head:
        found = f"at revision {state.current}" if state.current else "not migrated"
        how = (
            f"(it migrates as strata_admin, with {ROLE_PASSWORD_VARS['admin']})"
            if settings.database.role_mode
            else f"with {db.source} logging in as strata_admin or a superuser"
        )
        raise StartupError(
            f"the database {db.name} is {found}, not at head ({', '.join(state.heads)}), and "
            f"serving runs no migrations: run `strata db upgrade` {how}, then start again"
        )
