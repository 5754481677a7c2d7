"""`strata audit verify | checkpoint | purge`: check the trail; anchor its head; retention.

They run as the admin role (the audit table's owner). Seed 001 keeps audit logs
for two years: `strata audit purge --before $(date -u -d '2 years ago' +%F)`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time
from typing import Any

from domain.audit.entry import AuditEntry, Outcome
from entrypoints.audit_verify import checkpoints_line, verify_chain
from entrypoints.settings import Settings
from ports.audit import PURGE_ACTION, CheckpointSigner

PURGE_TIMEOUT_SECONDS = 3600.0


def add_commands(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    audit = sub.add_parser("audit", help="audit trail maintenance (as the admin role)")
    subs = audit.add_subparsers(
        dest="audit_command", required=True, metavar="AUDIT_COMMAND", parser_class=parser_class
    )
    subs.add_parser(
        "verify", help="check every entry's hash and the chain; exit 1 naming the first bad one"
    ).set_defaults(func=cmd_verify)
    subs.add_parser(
        "checkpoint", help="record the chain's head as a (signed) checkpoint, once"
    ).set_defaults(func=cmd_checkpoint)
    p = subs.add_parser(
        "purge", help="delete entries older than a date (retention: two years), keeping the chain"
    )
    p.add_argument(
        "--before",
        required=True,
        type=_past_date,
        metavar="YYYY-MM-DD",
        help="delete the entries before this day (00:00 UTC); not a future day",
    )
    p.set_defaults(func=cmd_purge)


def _past_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    if day > datetime.now(UTC).date():
        raise argparse.ArgumentTypeError(f"{text} is in the future")
    return day


@contextlib.asynccontextmanager
async def _audit_log(settings: Settings, **engine_options: Any) -> AsyncIterator[Any]:
    """The audit log and the checkpoint store, on one admin engine."""
    from adapters.postgres.audit.checkpoints import SqlaAuditCheckpoints
    from adapters.postgres.audit.log import SqlaAuditLog
    from adapters.postgres.infra.engine import create_engine
    from entrypoints import runtime

    db = await runtime.open_database(settings)
    engine = create_engine(db.admin_url, pool_size=1, max_overflow=1, **engine_options)
    try:
        yield SqlaAuditLog(engine), SqlaAuditCheckpoints(engine)
    finally:
        await engine.dispose()


async def cmd_verify(settings: Settings, args: argparse.Namespace) -> int:
    def progress(checked: int) -> None:
        print(f"checked {checked} entries…", file=sys.stderr, flush=True)

    async with _audit_log(settings) as (log, store):
        report = await verify_chain(log, progress, store, _signer(settings))
    if report.ok:
        print(f"ok: {report.checked} entries, chain intact")
        if report.details.get("checkpoints"):
            print(checkpoints_line(report.details))
        return 0
    if report.first_bad_id is None:
        print(f"TAMPERED: {report.problem}")
    else:
        seq, entry_id = report.first_bad_sequence, report.first_bad_id
        print(f"TAMPERED: entry {seq} ({entry_id}): {report.problem}")
    return 1


def _signer(settings: Settings) -> CheckpointSigner:
    from adapters.system.signing import HmacCheckpointSigner

    return HmacCheckpointSigner(settings.audit_checkpoint_secret.get_secret_value())


async def cmd_checkpoint(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.system.basics import SystemClock
    from domain.audit.checkpointing import Checkpoint

    async with _audit_log(settings) as (log, store):
        taken = await Checkpoint(log, store, _signer(settings), SystemClock()).execute()
    if taken is None:
        print("no checkpoint: the newest one already records the chain's head")
    else:
        signed = "signed" if taken.signature else "UNSIGNED (STRATA_AUDIT_CHECKPOINT_SECRET unset)"
        print(f"checkpoint {taken.sequence} {taken.hash} {signed}")
    return 0


def purge_entry(before: date, operator: str) -> AuditEntry:
    from adapters.system.basics import Uuid7Generator

    return AuditEntry(
        id=Uuid7Generator().new_id(),
        occurred_at=datetime.now(UTC),
        action=PURGE_ACTION,
        outcome=Outcome.SUCCESS,
        status_code="OK",
        duration_ms=0,
        username=operator,
        roles=["operator"],
        resource=before.isoformat(),
    )


async def cmd_purge(settings: Settings, args: argparse.Namespace) -> int:
    before: date = args.before
    operator = os.environ.get("USER") or "operator"
    async with _audit_log(settings, command_timeout=PURGE_TIMEOUT_SECONDS) as (log, _):
        cutoff = datetime.combine(before, time(), UTC)
        deleted = await log.purge(cutoff, purge_entry(before, operator))
    print(f"purged {deleted} audit entries from before {before.isoformat()}")
    return 0
