"""`strata db load DIR`: a seed 000-style TSV fixture directory into one workspace, in one
transaction. Bad rows are reported on stderr as FILE:LINE: what; `--on-error refuse` (the
default) then loads nothing and exits 1, `--on-error skip` loads the other rows."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from entrypoints.cli.common import EXIT_FAILED, Refused, info
from entrypoints.runtime.demo import DEMO_WORKSPACE_SLUG
from entrypoints.settings import Settings

_WORKSPACE = "SELECT id::text FROM workspaces WHERE slug = $1 OR id::text = lower($1)"


def add_load_command(dbs: Any) -> None:
    p = dbs.add_parser(
        "load", help="load a TSV fixture directory (content items, interactions, recommendations)"
    )
    p.add_argument("directory", type=Path, metavar="DIR")
    p.add_argument(
        "--workspace",
        default=DEMO_WORKSPACE_SLUG,
        help=f"the workspace's slug or id (default {DEMO_WORKSPACE_SLUG})",
    )
    p.add_argument(
        "--on-error",
        choices=("refuse", "skip"),
        default="refuse",
        help="on bad rows: load nothing (refuse, the default) or load the others (skip)",
    )
    p.set_defaults(func=cmd_db_load)


async def cmd_db_load(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.postgres.content.fixtures import load_fixtures
    from adapters.postgres.infra.admin.connection import connect
    from entrypoints import runtime

    if not args.directory.is_dir():
        raise Refused(f"{args.directory} is not a directory")
    await runtime.prepare_database(settings)
    db = await runtime.open_database(settings)
    conn = await connect(db.admin_url)
    try:
        workspace = await conn.fetchval(_WORKSPACE, args.workspace)
        if workspace is None:
            raise Refused(f"no workspace {args.workspace!r} (give its slug or id)")
        async with conn.transaction():
            report = await load_fixtures(
                conn, args.directory, workspace, skip_bad=args.on_error == "skip"
            )
    finally:
        await conn.close()
    if not report.loaded and not report.problems:
        info(f"no fixture files in {args.directory} (content_items.tsv, …)")
    for problem in report.problems:
        info(str(problem))
    if report.problems and args.on_error == "refuse":
        info(f"{len(report.problems)} bad rows: nothing loaded (--on-error skip loads the rest)")
        return EXIT_FAILED
    for name, count in report.loaded.items():
        print(f"{name}: {count:,} loaded")
    if report.problems:
        info(f"{len(report.problems)} bad rows skipped")
    return 0
