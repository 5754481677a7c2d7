"""Making the analytics store ready: its ClickHouse schema applied (chDB under the data
directory when no CLICKHOUSE_URL is set). A server that cannot be reached does not stop
the service: analytics answers UNAVAILABLE until it is back and the schema is applied."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from adapters.clickhouse.chdb_errors import ChdbPathError
from adapters.clickhouse.chdb_hosting import attach, detach
from adapters.clickhouse.connect import client_for, describe
from adapters.clickhouse.schema import SchemaError, apply_schema
from domain.kernel.errors import Unavailable
from entrypoints.runtime.database import StartupError
from entrypoints.settings import Settings

log = logging.getLogger("strata.runtime")


def _where(settings: Settings) -> tuple[str | None, str, str, str]:
    analytics = settings.analytics
    chdb_dir = str(analytics.chdb_dir(settings.database.data_dir))
    return analytics.clickhouse_url, chdb_dir, analytics.clickhouse_database, analytics.chdb_host


async def upgrade_analytics(settings: Settings) -> list[str]:
    """Apply the pending ClickHouse schema files; the names applied. StartupError when the
    files and the recorded versions disagree; Unavailable when the server is down."""
    where = _where(settings)
    client = client_for(*where)
    try:
        applied = await apply_schema(client)
    except (SchemaError, ChdbPathError) as exc:
        raise StartupError(f"analytics schema ({describe(*where)}): {exc}") from None
    finally:
        await client.close()
    return [f"{f.version:04d}_{f.name}" for f in applied]


async def prepare_analytics(settings: Settings) -> None:
    """Beside PostgreSQL storage: the ClickHouse schema applied before serving."""
    if settings.database.storage != "postgres":
        return
    where = describe(*_where(settings))
    try:
        applied = await upgrade_analytics(settings)
    except Unavailable as exc:
        log.warning("analytics store not ready (%s): %s; serving without it", where, exc)
        return
    log.info("analytics store ready: %s (applied %s)", where, ", ".join(applied) or "nothing new")


@asynccontextmanager
async def one_chdb_host(settings: Settings) -> AsyncIterator[None]:
    """Under `strata serve` with chDB in its host process: one host for the schema and
    the service after it (the schema's client closing does not stop it), stopped at the
    end; no host is started here, only kept once a client started it."""
    analytics = settings.analytics
    hosted = settings.database.storage == "postgres" and not analytics.clickhouse_url
    if not hosted or analytics.chdb_host != "process":
        yield
        return
    kept = attach(analytics.chdb_dir(settings.database.data_dir))
    try:
        yield
    finally:
        await asyncio.to_thread(detach, kept)
