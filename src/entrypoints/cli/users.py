"""`strata admin create-superuser`: a superuser (new or existing) and a new API key."""

from __future__ import annotations

import argparse
from typing import Any

from entrypoints.cli.common import Refused, info, started_container
from entrypoints.settings import Settings


def add_commands(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    adm = sub.add_parser("admin", help="operator tasks")
    adms = adm.add_subparsers(
        dest="admin_command", required=True, metavar="ADMIN_COMMAND", parser_class=parser_class
    )
    p = adms.add_parser(
        "create-superuser", help="create a superuser (or reuse one) and print a new API key"
    )
    p.add_argument("--email", required=True)
    p.add_argument("--password", help="optional: the user can then also log in with it")
    p.add_argument("--name")
    p.set_defaults(func=cmd_create_superuser)


async def cmd_create_superuser(settings: Settings, args: argparse.Namespace) -> int:
    from entrypoints import runtime

    postgres = settings.database.storage == "postgres"
    url = await runtime.prepare_database(settings) if postgres else None
    if url is None:
        raise Refused("create-superuser needs STRATA_STORAGE=postgres")
    async with started_container(settings, url) as container:
        result = await runtime.create_superuser(
            container, args.email, args.password or "", args.name or ""
        )
    if result.created:
        info(f"created superuser {result.user.email} (id {result.user.id})")
    else:
        info(
            f"superuser {result.user.email} (id {result.user.id}) already exists; new key issued"
            + ("; password left unchanged" if args.password else "")
        )
    info("API key (shown once) on stdout")
    print(result.api_key, flush=True)
    return 0
