"""`strata serve [--seed]`: migrate the database and serve gRPC until stopped."""

from __future__ import annotations

import argparse
from typing import Any

from entrypoints.cli.common import Refused
from entrypoints.settings import Settings


def add_commands(sub: Any) -> None:
    serve = sub.add_parser("serve", help="migrate the database and serve gRPC until stopped")
    serve.add_argument("--seed", action="store_true", help="seed the demo account first")
    serve.set_defaults(func=cmd_serve)


async def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from entrypoints.cli.seed import print_seed
    from entrypoints.grpc import server
    from entrypoints.runtime.analytics_schema import one_chdb_host, prepare_analytics

    url: str | None = None
    async with one_chdb_host(settings):
        if settings.database.storage == "postgres":
            from entrypoints import runtime

            url = await runtime.prepare_database(settings)
            await prepare_analytics(settings)
            if args.seed:
                await print_seed(settings, url)
        elif args.seed:
            raise Refused(
                "--seed needs STRATA_STORAGE=postgres (memory storage lives in the server)"
            )
        await server.run(settings, url)
    return 0
