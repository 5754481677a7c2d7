"""`strata audit verify | purge`: walk the hash chain; remove entries past retention.

Both run as the admin role (the audit table's owner). Seed 001 keeps audit logs
for two years: `strata audit purge --before $(date -u -d '2 years ago' +%F)`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, time
from typing import Any

from domain.audit.chain import ChainVerifier
from domain.audit.entry import AuditEntry, Outcome
from entrypoints.settings import Settings
from ports.audit import PURGE_ACTION, AuditMaintenance, ChainReport

BATCH = 1000
PROGRESS_EVERY = 10_000
PURGE_TIMEOUT_SECONDS = 3600.0


def add_commands(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    audit = sub.add_parser("audit", help="audit trail maintenance (as the admin role)")
    subs = audit.add_subparsers(
        dest="audit_command", required=True, metavar="AUDIT_COMMAND", parser_class=parser_class
    )
    subs.add_parser(
        "verify", help="check every entry's hash and the chain; exit 1 naming the first bad one"
    ).set_defaults(func=cmd_verify)
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
    from adapters.postgres.audit import SqlaAuditLog
    from adapters.postgres.engine import create_engine
    from entrypoints import runtime

    db = await runtime.open_database(settings)
    engine = create_engine(db.admin_url, pool_size=1, max_overflow=1, **engine_options)
    try:
        yield SqlaAuditLog(engine)
    finally:
        await engine.dispose()


async def verify_chain(log: AuditMaintenance, progress: Callable[[int], None]) -> ChainReport:
    """Walk the whole chain in sequence order; stop at the first entry found wrong."""
    head = await log.head()  # before the walk: appends may go on meanwhile
    verifier = ChainVerifier(anchors=await log.purge_anchors(), head=head)
    after = 0
    while batch := await log.scan(after, BATCH):
        for entry in batch:
            if not verifier.feed(entry):
                return _tampered(verifier)
            if verifier.checked % PROGRESS_EVERY == 0:
                progress(verifier.checked)
        after = batch[-1].sequence or after
    if not verifier.finish():
        return _tampered(verifier)
    return ChainReport(verifier.checked, True)


def _tampered(verifier: ChainVerifier) -> ChainReport:
    bad, problem = verifier.problem or (None, "")
    if bad is None:
        return ChainReport(verifier.checked, False, problem=problem)
    return ChainReport(verifier.checked, False, bad.sequence, bad.id, problem)


async def cmd_verify(settings: Settings, args: argparse.Namespace) -> int:
    def progress(checked: int) -> None:
        print(f"checked {checked} entries…", file=sys.stderr, flush=True)

    async with _audit_log(settings) as log:
        report = await verify_chain(log, progress)
    if report.ok:
        print(f"ok: {report.checked} entries, chain intact")
        return 0
    if report.first_bad_id is None:
        print(f"TAMPERED: {report.problem}")
    else:
        seq, entry_id = report.first_bad_sequence, report.first_bad_id
        print(f"TAMPERED: entry {seq} ({entry_id}): {report.problem}")
    return 1


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
    async with _audit_log(settings, command_timeout=PURGE_TIMEOUT_SECONDS) as log:
        cutoff = datetime.combine(before, time(), UTC)
        deleted = await log.purge(cutoff, purge_entry(before, operator))
    print(f"purged {deleted} audit entries from before {before.isoformat()}")
    return 0
