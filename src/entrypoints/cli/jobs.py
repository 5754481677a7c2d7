"""`strata jobs purge --before T [--batch N]`: delete finished jobs older than T, once.

The service does the same every hour with STRATA_JOBS_RETENTION_DAYS; this is for an
operator who wants a cut of their own (or keeps jobs forever and purges by hand).
Pending and running jobs are never deleted; a finished job's events go with it.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from domain.jobs.purging import DEFAULT_PURGE_BATCH, MAX_PURGE_BATCH
from entrypoints.cli.common import info, started_container
from entrypoints.settings import Settings


def add_commands(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    jobs = sub.add_parser("jobs", help="job queue maintenance")
    subs = jobs.add_subparsers(
        dest="jobs_command", required=True, metavar="JOBS_COMMAND", parser_class=parser_class
    )
    p = subs.add_parser(
        "purge", help="delete finished jobs (completed, failed, cancelled) older than a time"
    )
    p.add_argument(
        "--before",
        required=True,
        type=_past_time,
        metavar="TIME",
        help="delete jobs finished before this time, e.g. 2026-01-01T00:00:00Z (UTC if no zone)",
    )
    p.add_argument(
        "--batch",
        type=_batch,
        default=DEFAULT_PURGE_BATCH,
        metavar="N",
        help=f"jobs per transaction (default {DEFAULT_PURGE_BATCH}, at most {MAX_PURGE_BATCH})",
    )
    p.set_defaults(func=cmd_purge)


def _past_time(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time (ISO 8601)") from None
    when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    if when > datetime.now(UTC):
        raise argparse.ArgumentTypeError(f"{text} is in the future")
    return when


def _batch(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 1 <= value <= MAX_PURGE_BATCH:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_PURGE_BATCH}")
    return value


async def cmd_purge(settings: Settings, args: argparse.Namespace) -> int:
    from entrypoints import runtime
    from entrypoints.container import context

    before: datetime = args.before
    db = await runtime.open_database(settings)
    async with started_container(settings, db.rw_url) as container:
        purge = context(container, "jobs").purge_finished_jobs()
        total = await purge.execute(
            before, args.batch, lambda done: info(f"purged {done} jobs so far…")
        )
    print(f"purged {total} finished jobs from before {before.isoformat()}")
    return 0
