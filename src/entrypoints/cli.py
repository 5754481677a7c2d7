"""The `strata` command: serve, database administration, operator tasks.

    strata serve [--seed]
    strata db init [--superuser-url URL] | upgrade [REV] | downgrade REV | current
              | history | stamp REV | seed | reset
    strata admin create-superuser --email E [--password P] [--name N]
    strata audit verify | purge --before YYYY-MM-DD

With no database configured every command uses the embedded PostgreSQL under
STRATA_DATA_DIR. Results go to stdout, logs to stderr. Exit codes: 0 done,
1 failed (database unreachable, migration error, ...), 2 bad usage, bad
settings or refused (e.g. `db reset` on demo).
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any, NoReturn

from entrypoints.settings import Settings, SettingsError, load_settings

log = logging.getLogger("strata.cli")

EXIT_FAILED = 1
EXIT_REFUSED = 2
RESETTABLE = ("dev", "test")


class Refused(Exception):
    """The command is not allowed in this environment (exit code 2)."""


# --- commands -------------------------------------------------------------------------------------


async def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from entrypoints.grpc import server

    url: str | None = None
    if settings.storage == "postgres":
        from entrypoints import runtime

        url = await runtime.prepare_database(settings)
        if args.seed:
            await _print_seed(settings, url)
    elif args.seed:
        raise Refused("--seed needs STRATA_STORAGE=postgres (memory storage lives in the server)")
    await server.run(settings, url)
    return 0


async def cmd_db_init(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import admin
    from entrypoints import runtime

    if settings.uses_embedded:
        db = await runtime.open_database(settings)
    else:
        bootstrap = args.superuser_url or settings.bootstrap_url()
        await runtime.wait_for_database(
            _with_database(bootstrap, "postgres"),
            retries=settings.db_connect_retries,
            backoff=settings.db_connect_backoff,
            source="--superuser-url" if args.superuser_url else runtime.url_source(settings),
        )
        passwords = settings.role_passwords()
        assert bootstrap is not None
        report = await admin.initialize(
            bootstrap, settings.database_name(), passwords, settings.session_limits()
        )
        _print_init(report)
        if not settings.role_mode:
            _info(
                "note: DB_PASSWORD_ADMIN/_RW/_RO are not set: the roles have no passwords; "
                "set them and run `strata db init` again to log in as the roles"
            )
        db = await runtime.open_database(settings)
    await runtime.migrate_to(db, settings)
    from adapters.postgres.infra import migrate

    revision = await migrate.current(db.admin_url)
    _info(f"database {db.describe()} initialised; at revision {revision}")
    return 0


def _with_database(url: str | None, name: str) -> str:
    from sqlalchemy.engine import make_url

    assert url
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _print_init(report: Any) -> None:
    if report.roles_created:
        _info(f"created roles: {', '.join(report.roles_created)}")
    if report.roles_updated:
        _info(f"set passwords of existing roles: {', '.join(report.roles_updated)}")
    if report.database_created:
        _info(f"created database {report.database}")
    if report.adopted:
        _info(f"handed to strata_admin: {', '.join(report.adopted)}")
    _info(f"extensions: {', '.join(report.extensions) or '(none)'}")


async def cmd_db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import migrate
    from entrypoints import runtime

    db = await runtime.open_database(settings)
    await runtime.migrate_to(db, settings, args.revision)
    print(f"{db.name}: at revision {await migrate.current(db.admin_url) or '(none)'}")
    return 0


async def cmd_db_downgrade(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import admin, migrate
    from entrypoints import runtime

    db = await runtime.open_database(settings)
    await migrate.downgrade(db.admin_url, args.revision)
    await admin.sync_grants(db.admin_url)
    print(f"{db.name}: at revision {await migrate.current(db.admin_url) or '(none)'}")
    return 0


async def cmd_db_current(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import migrate
    from entrypoints import runtime

    db = await runtime.open_database(settings)
    print(await migrate.current(db.admin_url) or "(none)")
    return 0


async def cmd_db_history(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import migrate

    history: Any = migrate.history()
    if inspect.isawaitable(history):
        history = await history
    if isinstance(history, str):
        print(history)
        return 0
    for rev in history:
        if hasattr(rev, "revision"):
            head = " (head)" if getattr(rev, "is_head", False) else ""
            print(f"{rev.down_revision or '<base>'} -> {rev.revision}{head}, {rev.doc}")
        else:
            print(rev)
    return 0


async def cmd_db_stamp(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import migrate
    from entrypoints import runtime

    db = await runtime.open_database(settings)
    await migrate.stamp(db.admin_url, args.revision)
    print(f"{db.name}: stamped at {await migrate.current(db.admin_url) or '(none)'}")
    return 0


async def cmd_db_seed(settings: Settings, args: argparse.Namespace) -> int:
    from entrypoints import runtime

    url = await runtime.prepare_database(settings)
    await _print_seed(settings, url)
    return 0


async def _print_seed(settings: Settings, url: str) -> None:
    from entrypoints import runtime

    async with _container(settings, url) as container:
        result = await runtime.seed_demo(container)
    state = "created" if result.user_created else "already there"
    _info(
        f"demo user: {result.user.email} (id {result.user.id}, {state})"
        + (f", password {runtime.DEMO_PASSWORD}" if result.user_created else "")
    )
    state = "created" if result.workspace_created else "already there"
    _info(
        f"workspace: {runtime.DEMO_WORKSPACE_NAME} /{runtime.DEMO_WORKSPACE_SLUG} "
        f"(id {result.workspace_id}, {state}), demo user is owner"
    )
    _info("API key for the demo user (shown once) on stdout")
    print(result.api_key, flush=True)


def _info(message: str) -> None:
    """Human-readable progress: stderr, so stdout carries only what scripts capture."""
    print(message, file=sys.stderr, flush=True)


async def cmd_db_reset(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import admin, migrate
    from entrypoints import runtime

    env = settings.environment()
    if env not in RESETTABLE:
        raise Refused(
            f"refusing to reset the {env} database: `db reset` is for dev and test only "
            "(STRATA_DB_ENVIRONMENT / DEMO)"
        )
    db = await runtime.open_database(settings)
    dropped = await admin.reset_database(db.admin_url, options=runtime.migration_options(settings))
    print(
        f"{db.name}: dropped {len(dropped)} objects, migrated to "
        f"{await migrate.current(db.admin_url) or '(none)'}"
    )
    return 0


async def cmd_create_superuser(settings: Settings, args: argparse.Namespace) -> int:
    from entrypoints import runtime

    url = await runtime.prepare_database(settings) if settings.storage == "postgres" else None
    if url is None:
        raise Refused("create-superuser needs STRATA_STORAGE=postgres")
    async with _container(settings, url) as container:
        result = await runtime.create_superuser(
            container, args.email, args.password or "", args.name or ""
        )
    if result.created:
        _info(f"created superuser {result.user.email} (id {result.user.id})")
    else:
        _info(
            f"superuser {result.user.email} (id {result.user.id}) already exists; new key issued"
            + ("; password left unchanged" if args.password else "")
        )
    _info("API key (shown once) on stdout")
    print(result.api_key, flush=True)
    return 0


class _container:
    """`async with _container(settings, url) as c`: the application container, started."""

    def __init__(self, settings: Settings, url: str | None) -> None:
        from entrypoints.container import build_container

        self._c = build_container(settings, url)

    async def __aenter__(self) -> Any:
        from entrypoints.container import start

        await start(self._c)
        return self._c

    async def __aexit__(self, *exc: object) -> None:
        from entrypoints.container import stop

        await stop(self._c)


# --- parsing and running ------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_REFUSED, f"strata: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="strata", description="Strata: the data core, served over gRPC.")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    serve = sub.add_parser("serve", help="migrate the database and serve gRPC until stopped")
    serve.add_argument("--seed", action="store_true", help="seed the demo account first")
    serve.set_defaults(func=cmd_serve)

    db = sub.add_parser("db", help="database administration")
    dbs = db.add_subparsers(
        dest="db_command", required=True, metavar="DB_COMMAND", parser_class=_Parser
    )
    p = dbs.add_parser("init", help="create database, roles, extensions, grants; migrate to head")
    p.add_argument(
        "--superuser-url",
        help="superuser login for creating roles and the "
        "database (default: DATABASE_URL's or DB_USER/DB_PASSWORD's credentials)",
    )
    p.set_defaults(func=cmd_db_init)
    p = dbs.add_parser("upgrade", help="migrate forward (default: to head)")
    p.add_argument("revision", nargs="?", default="head")
    p.set_defaults(func=cmd_db_upgrade)
    p = dbs.add_parser("downgrade", help="migrate back to REV (e.g. -1 or base)")
    p.add_argument("revision")
    p.set_defaults(func=cmd_db_downgrade)
    dbs.add_parser("current", help="print the current revision").set_defaults(func=cmd_db_current)
    dbs.add_parser("history", help="list the migrations").set_defaults(func=cmd_db_history)
    p = dbs.add_parser("stamp", help="record REV as current without running migrations")
    p.add_argument("revision")
    p.set_defaults(func=cmd_db_stamp)
    dbs.add_parser(
        "seed", help="create the demo account and workspace (idempotent), print a new API key"
    ).set_defaults(func=cmd_db_seed)
    dbs.add_parser(
        "reset", help="drop everything and migrate again (dev and test only)"
    ).set_defaults(func=cmd_db_reset)

    adm = sub.add_parser("admin", help="operator tasks")
    adms = adm.add_subparsers(
        dest="admin_command", required=True, metavar="ADMIN_COMMAND", parser_class=_Parser
    )
    p = adms.add_parser(
        "create-superuser", help="create a superuser (or reuse one) and print a new API key"
    )
    p.add_argument("--email", required=True)
    p.add_argument("--password", help="optional: the user can then also log in with it")
    p.add_argument("--name")
    p.set_defaults(func=cmd_create_superuser)

    from entrypoints import audit_cli

    audit_cli.add_commands(sub, _Parser)
    return parser


def _configure_logging(settings: Settings) -> None:
    from entrypoints import logs

    logs.configure(settings.log_level, settings.log_format)


def _fail(message: str, code: int) -> int:
    print(f"strata: error: {message}", file=sys.stderr)
    return code


def _expected_errors() -> tuple[type[BaseException], ...]:
    import asyncpg
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import SQLAlchemyError

    from adapters.postgres.infra.admin import AdminError
    from domain.kernel.errors import DomainError
    from entrypoints.runtime import StartupError

    return (
        StartupError,
        AdminError,
        DomainError,
        asyncpg.PostgresError,
        SQLAlchemyError,
        CommandError,
        OSError,
    )


def run(argv: list[str] | None = None) -> int:
    """Parse, load settings, run the command; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        return _fail(f"bad settings: {exc}", EXIT_REFUSED)
    _configure_logging(settings)
    command: Callable[[Settings, argparse.Namespace], Coroutine[Any, Any, int]] = args.func
    expected = _expected_errors()
    try:
        return asyncio.run(command(settings, args))
    except KeyboardInterrupt:
        return 130
    except SettingsError as exc:
        return _fail(f"bad settings: {exc}", EXIT_REFUSED)
    except Refused as exc:
        return _fail(str(exc), EXIT_REFUSED)
    except expected as exc:
        log.debug("command failed", exc_info=True)
        return _fail(_one_line(exc), EXIT_FAILED)


def _one_line(exc: BaseException) -> str:
    from adapters.postgres.infra.admin import AdminError
    from domain.kernel.errors import DomainError
    from entrypoints.runtime import StartupError

    text = (getattr(exc, "message", None) or str(exc)).strip()
    first = text.splitlines()[0] if text else ""
    if isinstance(exc, (StartupError, AdminError, DomainError)) and first:
        return first
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
