"""`strata worker --kinds echo`: claim and run jobs of a server, through its public API."""

from __future__ import annotations

import argparse
from typing import Any

from entrypoints.cli.common import Refused, info
from entrypoints.settings import Settings


def _bounded(low: int, high: int) -> Any:
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value

    return parse


def add_commands(sub: Any) -> None:
    p = sub.add_parser("worker", help="claim and run jobs of the kinds given, until stopped")
    p.add_argument("--kinds", required=True, help="comma-separated kinds to claim, e.g. echo")
    p.add_argument("--workspace", default="", help="default: the key's only workspace")
    p.add_argument("--concurrency", type=_bounded(1, 1000), default=4, help="jobs held at once")
    p.add_argument("--batch", type=_bounded(1, 100), default=10, help="jobs per claim, at most")
    p.add_argument("--lease-seconds", type=_bounded(3, 3600), default=30)
    p.add_argument(
        "--ack-batch", type=_bounded(1, 1000), default=50, help="completions per CompleteJobs"
    )
    p.add_argument(
        "--ack-millis",
        type=_bounded(0, 1000),
        default=20,
        help="most a completion waits for its batch (and at most a tenth of the lease)",
    )
    p.add_argument("--grace-seconds", type=float, default=10.0, help="to finish on SIGTERM")
    p.add_argument("--poll-seconds", type=float, default=0.5, help="wait when the queue is empty")
    p.add_argument("--address", help="HOST:PORT of the server (default: STRATA_GRPC_ADDR)")
    p.add_argument("--api-key", help="default: STRATA_API_KEY")
    p.add_argument("--worker-id", help="the lease holder's name (default: host-pid)")
    p.set_defaults(func=cmd_worker)


async def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    from entrypoints.worker.connect import work_until_signalled
    from entrypoints.worker.handlers import HANDLERS
    from entrypoints.worker.loop import WorkerRefused, summary
    from entrypoints.worker.options import WorkerOptions

    kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
    if unknown := [k for k in kinds if k not in HANDLERS] or not kinds:
        raise Refused(f"--kinds: no handler for {unknown or 'none'}; known: {sorted(HANDLERS)}")
    key = args.api_key or settings.client.api_key.get_secret_value()
    if not key:
        raise Refused("an API key is needed: STRATA_API_KEY or --api-key")
    options = WorkerOptions(
        address=args.address or settings.server.grpc_addr,
        api_key=key,
        kinds=kinds,
        workspace_id=args.workspace,
        concurrency=args.concurrency,
        batch=args.batch,
        lease_seconds=args.lease_seconds,
        ack_batch=args.ack_batch,
        ack_millis=args.ack_millis,
        grace_seconds=args.grace_seconds,
        poll_seconds=args.poll_seconds,
        **({"worker_id": args.worker_id} if args.worker_id else {}),
    )
    info(f"worker {options.worker_id}: {','.join(kinds)} from {options.address}")
    try:
        outcomes = await work_until_signalled(options)
    except WorkerRefused as exc:
        raise Refused(str(exc)) from None
    info(f"worker {options.worker_id} stopped: {summary(outcomes)}")
    return 0
