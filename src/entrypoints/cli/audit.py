"""`strata audit verify | checkpoint | purge`: check the trail; anchor its head; retention.

They run as the admin role (the audit table's owner), on the application's container.
Seed 001 keeps audit logs for two years:
`strata audit purge --before $(date -u -d '2 years ago' +%F)`.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time
from typing import Any

from domain.audit.entry import AuditEntry, Outcome
from entrypoints.cli.audit_verify import checkpoints_line, verify_chain
from entrypoints.cli.common import started_container
from entrypoints.settings import Settings, operator_name
from ports.audit import PURGE_ACTION

# Purging deletes in one statement: the sessions' statement timeout is raised to an hour.
PURGE_TIMEOUT_MS = 3_600_000


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
async def _audit(settings: Settings, **limits: int) -> AsyncIterator[Any]:
    """The audit context of the application's container, connected as the admin role."""
    from entrypoints import runtime
    from entrypoints.container import context

    db = await runtime.open_database(settings)
    async with started_container(settings, db.admin_url, **limits) as container:
        yield context(container, "audit")


async def cmd_verify(settings: Settings, args: argparse.Namespace) -> int:
    def progress(checked: int) -> None:
        print(f"checked {checked} entries…", file=sys.stderr, flush=True)

    async with _audit(settings) as audit:
        signer = audit.core.checkpoint_signer()
        report = await verify_chain(audit.log(), progress, audit.checkpoints(), signer)
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


async def cmd_checkpoint(settings: Settings, args: argparse.Namespace) -> int:
    async with _audit(settings) as audit:
        taken = await audit.checkpoint().execute()
    if taken is None:
        print("no checkpoint: the newest one already records the chain's head")
    else:
        signed = "signed" if taken.signature else "UNSIGNED (STRATA_AUDIT_CHECKPOINT_SECRET unset)"
        print(f"checkpoint {taken.sequence} {taken.hash} {signed}")
    return 0


def purge_entry(audit: Any, before: date, operator: str) -> AuditEntry:
    """The entry a purge leaves in the trail: who purged before which day."""
    return AuditEntry(
        id=audit.core.ids().new_id(),
        occurred_at=audit.core.clock().now(),
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
    async with _audit(settings, statement_timeout_ms=PURGE_TIMEOUT_MS) as audit:
        cutoff = datetime.combine(before, time(), UTC)
        entry = purge_entry(audit, before, operator_name())
        deleted = await audit.log().purge(cutoff, entry)
    print(f"purged {deleted} audit entries from before {before.isoformat()}")
    return 0
