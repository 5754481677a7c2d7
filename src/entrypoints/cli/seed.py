"""`strata db seed` (and `serve --seed`): the demo account and workspace, and a new key;
with `--demo`, demo content too (seed_options)."""

from __future__ import annotations

import argparse

from entrypoints.cli.common import info, started_container
from entrypoints.settings import Settings


async def cmd_db_seed(settings: Settings, args: argparse.Namespace) -> int:
    from entrypoints import runtime

    url = await runtime.prepare_database(settings)
    await print_seed(settings, url, args.items if args.demo else None)
    return 0


async def print_seed(settings: Settings, url: str, demo_items: int | None = None) -> None:
    from entrypoints import runtime
    from entrypoints.cli.seed_options import seed_demo_content

    async with started_container(settings, url) as container:
        result = await runtime.seed_demo(container)
        if demo_items is not None:
            await seed_demo_content(settings, container, result, demo_items)
    state = "created" if result.user_created else "already there"
    info(
        f"demo user: {result.user.email} (id {result.user.id}, {state})"
        + (f", password {runtime.DEMO_PASSWORD}" if result.user_created else "")
    )
    state = "created" if result.workspace_created else "already there"
    info(
        f"workspace: {runtime.DEMO_WORKSPACE_NAME} /{runtime.DEMO_WORKSPACE_SLUG} "
        f"(id {result.workspace_id}, {state}), demo user is owner"
    )
    info("API key for the demo user (shown once) on stdout")
    print(result.api_key, flush=True)
