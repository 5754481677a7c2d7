"""What auditing costs: a read and a write RPC with the audit trail on and off, in one run.

    .venv/bin/python bench/audit_overhead.py [--seconds 3] [--rounds 3] [--concurrency 1 32]

A server process (embedded PostgreSQL in a temp dir, migrated) runs two Strata
servers on the same database: one auditing every call, one not. A client in this
process measures GetUser (a read: its entry is queued and written in batches) and
CreateApiKey (a write: its entry is sealed into the chain and committed in the
write's own transaction) against both, in interleaved rounds, and prints the QPS
cost of auditing. Targets: reads ≤ 15 %, writes ≤ 20 % at 1 in flight.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grpc_overhead import _measure


async def _serve(data_dir: str) -> None:
    from domain.identity.users import NewUser
    from entrypoints.container import build_container, start
    from entrypoints.grpc.server import AuditOptions, start_server
    from entrypoints.runtime import prepare_database
    from entrypoints.settings import load_settings

    settings = load_settings(environ={"STRATA_DATA_DIR": data_dir, "STRATA_LOG_LEVEL": "WARNING"})
    url = await prepare_database(settings)
    container = build_container(settings, url)
    await start(container)
    on = await start_server(container, "127.0.0.1:0", audit=AuditOptions.from_settings(settings))
    off = await start_server(container, "127.0.0.1:0", audit=AuditOptions(enabled=False))
    user = await container.identity.create_user().execute(
        None, NewUser(email=f"audit-bench-{os.getpid()}@example.com", name="Bench")
    )
    key = await container.identity.issue_system_key().execute(user.id, "bench")
    print(
        json.dumps({"on": on.port, "off": off.port, "key": key.secret, "user": user.id}), flush=True
    )
    await asyncio.Event().wait()


def _targets(
    ch: grpc.aio.Channel, info: dict[str, str]
) -> dict[str, Callable[[], Awaitable[object]]]:
    from strata.v1 import identity_pb2 as pb
    from strata.v1 import identity_pb2_grpc

    stub = identity_pb2_grpc.IdentityServiceStub(ch)
    md = (("authorization", f"Bearer {info['key']}"),)
    return {
        "read": lambda: stub.GetUser(pb.GetUserRequest(id=info["user"]), metadata=md),
        "write": lambda: stub.CreateApiKey(pb.CreateApiKeyRequest(name="bench"), metadata=md),
    }


async def _client(
    info: dict[str, str], concurrencies: list[int], seconds: float, rounds: int
) -> None:
    async with (
        grpc.aio.insecure_channel(f"127.0.0.1:{info['on']}") as on_ch,
        grpc.aio.insecure_channel(f"127.0.0.1:{info['off']}") as off_ch,
    ):
        on, off = _targets(on_ch, info), _targets(off_ch, info)
        print(
            f"{'call':<6} {'conc':>4} {'qps off':>8} {'qps on':>8} {'p50 off':>8} "
            f"{'p50 on':>8} {'cost':>6}"
        )
        for conc in concurrencies:
            for kind in ("read", "write"):
                costs, offs, ons = [], [], []
                for r in range(rounds):
                    print(
                        f"  round {r + 1}/{rounds}: {kind} at {conc} in flight",
                        file=sys.stderr,
                        flush=True,
                    )
                    a = await _measure(off[kind], conc, seconds)
                    b = await _measure(on[kind], conc, seconds)
                    offs.append(a)
                    ons.append(b)
                    costs.append(1 - b["qps"] / a["qps"])
                med = statistics.median
                print(
                    f"{kind:<6} {conc:>4} {med(x['qps'] for x in offs):>8.0f} "
                    f"{med(x['qps'] for x in ons):>8.0f} {med(x['p50_ms'] for x in offs):>8.2f} "
                    f"{med(x['p50_ms'] for x in ons):>8.2f} {med(costs):>6.0%}",
                    flush=True,
                )
    print(f"(medians of {rounds} interleaved rounds; cost = 1 - QPS on / QPS off, per round)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.serve))
        return
    with tempfile.TemporaryDirectory(prefix="strata-audit-bench-") as tmp:
        os.chmod(tmp, 0o755)
        print("starting the server process (embedded PostgreSQL, migrations)...", file=sys.stderr)
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(Path(tmp) / "data")],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None
            info = json.loads(server.stdout.readline())
            asyncio.run(_client(info, args.concurrency, args.seconds, args.rounds))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
