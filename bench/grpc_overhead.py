"""gRPC overhead: a bare grpc.aio servicer against WhoAmI and GetUser through auth + PostgreSQL.

    .venv/bin/python bench/grpc_overhead.py [--seconds 3] [--rounds 3] [--concurrency 1 32]
        [--storage postgres|memory]

A server process (embedded PostgreSQL in a temp dir, migrated, Strata plus a bare
servicer on loopback) is measured by a client in this process. Prints QPS, p50 and
p99 per target and concurrency, and each target's QPS as a ratio of the bare one,
measured in interleaved rounds so that a noisy neighbour hits every target alike.
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
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parents[1]
BARE = "/bench.Bare/Echo"


async def _serve(data_dir: str, storage: str) -> None:
    """Runs in the server process: both servers, then prints their ports and a key."""
    from domain.identity.users import NewUser
    from entrypoints.container import build_container, start
    from entrypoints.grpc.server import AuditOptions, start_server
    from entrypoints.runtime import prepare_database
    from entrypoints.settings import load_settings

    settings = load_settings(
        environ={
            "STRATA_DATA_DIR": data_dir,
            "STRATA_LOG_LEVEL": "WARNING",
            "STRATA_STORAGE": storage,
        }
    )
    url = await prepare_database(settings) if storage == "postgres" else None
    container = build_container(settings, url)
    await start(container)
    strata = await start_server(container, "127.0.0.1:0")
    unaudited = await start_server(container, "127.0.0.1:0", audit=AuditOptions(enabled=False))
    bare = grpc.aio.server()
    bare.add_generic_rpc_handlers(
        [
            grpc.method_handlers_generic_handler(
                "bench.Bare", {"Echo": grpc.unary_unary_rpc_method_handler(_echo)}
            )
        ]
    )
    bare_port = bare.add_insecure_port("127.0.0.1:0")
    await bare.start()
    user = await container.identity.create_user().execute(
        None, NewUser(email=f"bench-{os.getpid()}@example.com", name="Bench")
    )
    key = await container.identity.issue_system_key().execute(user.id, "bench")
    print(
        json.dumps(
            {
                "strata": strata.port,
                "unaudited": unaudited.port,
                "bare": bare_port,
                "key": key.secret,
                "user": user.id,
            }
        ),
        flush=True,
    )
    await asyncio.Event().wait()


async def _echo(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    return b"ok"


async def _measure(
    call: Callable[[], Awaitable[object]], concurrency: int, seconds: float
) -> dict[str, float]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - started)

    for _ in range(20):
        await call()
    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    q = statistics.quantiles(latencies, n=100)
    return {"qps": len(latencies) / elapsed, "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000}


async def _client(
    info: dict[str, object], concurrencies: list[int], seconds: float, rounds: int
) -> None:
    from strata.v1 import identity_pb2 as pb
    from strata.v1 import identity_pb2_grpc

    md = (("authorization", f"Bearer {info['key']}"),)
    async with (
        grpc.aio.insecure_channel(f"127.0.0.1:{info['bare']}") as bare_ch,
        grpc.aio.insecure_channel(f"127.0.0.1:{info['strata']}") as ch,
        grpc.aio.insecure_channel(f"127.0.0.1:{info['unaudited']}") as plain_ch,
    ):
        echo = bare_ch.unary_unary(BARE)
        stub = identity_pb2_grpc.IdentityServiceStub(ch)
        plain = identity_pb2_grpc.IdentityServiceStub(plain_ch)
        targets: dict[str, Callable[[], Awaitable[object]]] = {
            "bare": lambda: echo(b""),
            "WhoAmI": lambda: stub.WhoAmI(pb.WhoAmIRequest(), metadata=md),
            "GetUser": lambda: stub.GetUser(pb.GetUserRequest(id=str(info["user"])), metadata=md),
            "GetUser*": lambda: plain.GetUser(pb.GetUserRequest(id=str(info["user"])), metadata=md),
        }
        rows = []
        for conc in concurrencies:
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
            for r in range(rounds):
                for name, call in targets.items():
                    print(
                        f"  round {r + 1}/{rounds}: {name} at {conc} in flight, {seconds:.0f}s",
                        file=sys.stderr,
                        flush=True,
                    )
                    runs[name].append(await _measure(call, conc, seconds))
            for name in targets:
                ratios = [
                    m["qps"] / b["qps"] for m, b in zip(runs[name], runs["bare"], strict=True)
                ]
                rows.append(
                    (
                        name,
                        conc,
                        *(
                            statistics.median(m[k] for m in runs[name])
                            for k in ("qps", "p50_ms", "p99_ms")
                        ),
                        statistics.median(ratios),
                    )
                )
    print(f"{'target':<8} {'conc':>4} {'qps':>8} {'p50 ms':>8} {'p99 ms':>8} {'vs bare':>8}")
    for name, conc, qps, p50, p99, ratio in rows:
        print(f"{name:<8} {conc:>4} {qps:>8.0f} {p50:>8.2f} {p99:>8.2f} {ratio:>8.2f}")
    print(
        f"(medians of {rounds} interleaved rounds; 'vs bare' is the median per-round QPS ratio;"
        " GetUser* is the same call on a server that writes no audit entries)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="per target and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 32])
    parser.add_argument(
        "--storage",
        choices=["postgres", "memory"],
        default="postgres",
        help="memory isolates the service's own overhead from the database's",
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.serve, args.storage))
        return
    with tempfile.TemporaryDirectory(prefix="strata-bench-") as tmp:
        os.chmod(tmp, 0o755)
        print("starting the server process (embedded PostgreSQL, migrations)...", file=sys.stderr)
        server = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve",
                str(Path(tmp) / "data"),
                "--storage",
                args.storage,
            ],
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
