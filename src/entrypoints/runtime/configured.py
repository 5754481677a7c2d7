"""A configured server (DATABASE_URL or DB_* parts): waited for with bounded retries and
exponential backoff; wrong credentials or a missing database fail at once."""

from __future__ import annotations

import asyncio
import logging

import asyncpg
from sqlalchemy.engine import make_url

from adapters.postgres.infra.admin.connection import connect
from entrypoints.runtime.database import Database, StartupError
from entrypoints.settings import ROLE_PASSWORD_VARS, ROLE_USERS, Settings, redact_url

log = logging.getLogger("strata.runtime")

MAX_BACKOFF_SECONDS = 10.0
_TRANSIENT = (
    OSError,
    TimeoutError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.ConnectionDoesNotExistError,
)


def url_source(settings: Settings) -> str:
    """The variable a server URL came from, to name in error messages."""
    database = settings.database
    env = database.environment()
    if env == "test" and database.db_url_test:
        return "DATABASE_URL_TEST"
    if env == "demo" and database.db_url_demo:
        return "DATABASE_URL_DEMO"
    if database.db_url:
        return "DATABASE_URL"
    return "DB_HOST/DB_PORT/DB_USER/DB_PASSWORD"


def _scrub(text: str, url: str) -> str:
    password = make_url(url).password
    return text.replace(str(password), "***") if password else text


def _credentials_hint(settings: Settings, url: str) -> str:
    user = make_url(url).username or "?"
    for role, name in ROLE_USERS.items():
        if user == name and settings.database.role_mode:
            return f"{ROLE_PASSWORD_VARS[role]} (and that `strata db init` created {name})"
    return url_source(settings) if settings.database.db_url else "DB_USER/DB_PASSWORD"


async def _select_one(url: str) -> None:
    conn = await connect(url, connect_timeout=10.0)
    try:
        await conn.fetchval("SELECT 1")
    finally:
        await conn.close()


async def wait_for_database(
    url: str, *, retries: int, backoff: float, source: str, credentials: str = ""
) -> None:
    """Connect and `SELECT 1`, retrying transient failures up to `retries` times with
    exponential backoff; wrong credentials or a missing database fail at once."""
    delay = backoff
    shown = redact_url(url)
    for attempt in range(1, retries + 2):
        try:
            await _select_one(url)
        except (asyncpg.InvalidPasswordError, asyncpg.InvalidAuthorizationSpecificationError):
            raise StartupError(f"login refused by {shown}: check {credentials or source}") from None
        except asyncpg.InvalidCatalogNameError:
            raise StartupError(
                f"database {make_url(url).database} does not exist on {shown}: "
                "create it with `strata db init`"
            ) from None
        except _TRANSIENT as exc:
            reason = _scrub(f"{type(exc).__name__}: {exc}", url)
            if attempt > retries:
                raise StartupError(
                    f"cannot reach the database at {shown} after {attempt} attempts "
                    f"({reason}); check {source} and that the server is running"
                ) from None
            log.warning(
                "database at %s not reachable (attempt %d of %d: %s); retrying in %.1fs",
                *(shown, attempt, retries + 1, reason, delay),
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF_SECONDS)
        else:
            if attempt > 1:
                log.info("database at %s reachable after %d attempts", shown, attempt)
            return


async def open_configured(settings: Settings, *, wait_as: str = "admin") -> Database:
    database = settings.database
    admin_url = database.database_url("admin")
    rw_url = database.database_url("rw")
    bootstrap = database.bootstrap_url()
    assert admin_url and rw_url and bootstrap
    probe = {"admin": admin_url, "rw": rw_url, "bootstrap": bootstrap}[wait_as]
    if wait_as == "bootstrap":  # `db init`: the database may not exist yet
        probe = make_url(bootstrap).set(database="postgres").render_as_string(hide_password=False)
    await wait_for_database(
        probe,
        retries=database.db_connect_retries,
        backoff=database.db_connect_backoff,
        source=url_source(settings),
        credentials=_credentials_hint(settings, probe),
    )
    return Database(
        name=database.database_name(),
        admin_url=admin_url,
        rw_url=rw_url,
        bootstrap_url=bootstrap,
        embedded=False,
        source=url_source(settings),
    )
