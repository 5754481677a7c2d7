"""The options of `strata db seed` and what `--demo` adds after the demo account: its
people and workspaces, then content items up to `--items`."""

from __future__ import annotations

import argparse
from typing import Any

from entrypoints.cli.common import info
from entrypoints.settings import Settings

DEFAULT_ITEMS = 100_000
MAX_ITEMS = 10_000_000


def _items(raw: str) -> int:
    value = int(raw)
    if not 0 <= value <= MAX_ITEMS:
        raise argparse.ArgumentTypeError(f"must be from 0 to {MAX_ITEMS:,}")
    return value


def add_seed_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--demo",
        action="store_true",
        help="also demo authors, two more workspaces and content items (see --items)",
    )
    p.add_argument(
        "--items",
        type=_items,
        default=DEFAULT_ITEMS,
        metavar="N",
        help=f"with --demo: content items the demo workspaces hold after the seed "
        f"(default {DEFAULT_ITEMS:,}, at most {MAX_ITEMS:,}; a rerun adds only what is missing)",
    )


async def seed_demo_content(settings: Settings, container: Any, seed: Any, items: int) -> None:
    from entrypoints import runtime
    from entrypoints.cli.demo_content import demo_plan, load_demo
    from entrypoints.cli.demo_people import demo_people

    people = await demo_people(container, seed)
    info(f"demo authors: {len(people.author_ids) - 1}; workspaces: {len(people.workspace_ids)}")
    db = await runtime.open_database(settings)
    loaded = await load_demo(db.admin_url, demo_plan(people, items), people.author_ids)
    info(
        f"content items: {loaded.held:,} there, {loaded.added:,} added; "
        f"interactions: {loaded.interactions:,} added; recommendations: "
        f"{loaded.recommendations:,} added; {loaded.seconds:,.1f} s"
    )
