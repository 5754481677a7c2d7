"""`strata db ...`: migrations forward and back, the current revision, history, stamp,
the demo seed and reset; `db init` lives in `db_init`, `db load` in `load`."""

from __future__ import annotations

import argparse
import inspect
from typing import Any

from entrypoints.cli.common import Refused
from entrypoints.cli.db_init import cmd_db_init
from entrypoints.cli.load import add_load_command
from entrypoints.cli.seed import cmd_db_seed
from entrypoints.cli.seed_options import add_seed_options
from entrypoints.settings import Settings

RESETTABLE = ("dev", "test")


def add_commands(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    db = sub.add_parser("db", help="database administration")
    dbs = db.add_subparsers(
        dest="db_command", required=True, metavar="DB_COMMAND", parser_class=parser_class
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
    p = dbs.add_parser(
        "seed", help="create the demo account and workspace (idempotent), print a new API key"
    )
    add_seed_options(p)
    p.set_defaults(func=cmd_db_seed)
    add_load_command(dbs)
    dbs.add_parser(
        "reset", help="drop everything and migrate again (dev and test only)"
    ).set_defaults(func=cmd_db_reset)


async def cmd_db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import migrate
    from entrypoints import runtime
    from entrypoints.runtime.analytics_schema import upgrade_analytics

    db = await runtime.open_database(settings)
    await runtime.migrate_to(db, settings, args.revision)
    applied = await upgrade_analytics(settings)
    database = settings.analytics.clickhouse_database
    print(f"{database} (analytics): applied {', '.join(applied) if applied else 'nothing new'}")
    print(f"{db.name}: at revision {await migrate.current(db.admin_url) or '(none)'}")
    return 0


async def cmd_db_downgrade(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import migrate
    from adapters.postgres.infra.admin.grants import sync_grants
    from entrypoints import runtime

    db = await runtime.open_database(settings)
    await migrate.downgrade(db.admin_url, args.revision, settings.migrations.alembic_ini)
    await sync_grants(db.admin_url)
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

    history: Any = migrate.history(settings.migrations.alembic_ini)
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
    await migrate.stamp(db.admin_url, args.revision, settings.migrations.alembic_ini)
    print(f"{db.name}: stamped at {await migrate.current(db.admin_url) or '(none)'}")
    return 0


async def cmd_db_reset(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import migrate
    from adapters.postgres.infra.admin.reset import reset_database
    from entrypoints import runtime

    env = settings.database.environment()
    if env not in RESETTABLE:
        raise Refused(
            f"refusing to reset the {env} database: `db reset` is for dev and test only "
            "(STRATA_DB_ENVIRONMENT / DEMO)"
        )
    db = await runtime.open_database(settings)
    dropped = await reset_database(
        db.admin_url,
        options=runtime.migration_options(settings),
        alembic_ini=settings.migrations.alembic_ini,
    )
    print(
        f"{db.name}: dropped {len(dropped)} objects, migrated to "
        f"{await migrate.current(db.admin_url) or '(none)'}"
    )
    return 0
