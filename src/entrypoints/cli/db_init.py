"""`strata db init`: the database, roles, extensions and grants, then migrations to head."""

from __future__ import annotations

import argparse
from typing import Any

from entrypoints.cli.common import info
from entrypoints.settings import Settings


async def cmd_db_init(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.infra import migrate
    from adapters.postgres.infra.admin.initialize import initialize
    from adapters.postgres.infra.engine import SessionLimits
    from entrypoints import runtime

    database = settings.database
    if database.uses_embedded:
        db = await runtime.open_database(settings)
    else:
        bootstrap = args.superuser_url or database.bootstrap_url()
        await runtime.wait_for_database(
            _with_database(bootstrap, "postgres"),
            retries=database.db_connect_retries,
            backoff=database.db_connect_backoff,
            source="--superuser-url" if args.superuser_url else runtime.url_source(settings),
        )
        passwords = database.role_passwords()
        assert bootstrap is not None
        limits = SessionLimits(**database.session_limits())
        report = await initialize(bootstrap, database.database_name(), passwords, limits)
        _print_init(report)
        if not database.role_mode:
            info(
                "note: DB_PASSWORD_ADMIN/_RW/_RO are not set: the roles have no passwords; "
                "set them and run `strata db init` again to log in as the roles"
            )
        db = await runtime.open_database(settings)
    await runtime.migrate_to(db, settings)
    revision = await migrate.current(db.admin_url)
    info(f"database {db.describe()} initialised; at revision {revision}")
    return 0


def _with_database(url: str | None, name: str) -> str:
    from sqlalchemy.engine import make_url

    assert url
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _print_init(report: Any) -> None:
    if report.roles_created:
        info(f"created roles: {', '.join(report.roles_created)}")
    if report.roles_updated:
        info(f"set passwords of existing roles: {', '.join(report.roles_updated)}")
    if report.database_created:
        info(f"created database {report.database}")
    if report.adopted:
        info(f"handed to strata_admin: {', '.join(report.adopted)}")
    info(f"extensions: {', '.join(report.extensions) or '(none)'}")
