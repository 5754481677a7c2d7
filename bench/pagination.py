"""ListContent at depth, keyset against OFFSET, through the RPC; GetFeed under 32 clients.

    .venv/bin/python bench/pagination.py [--items 10000000] [--depth 10000] [--runs 30]
        [--clients 32] [--feed-seconds 30] [--only lists feed] [--data-dir DIR]

With --data-dir the server's data stays in DIR, and a later run given the same DIR serves
what that load made (its item count and users) without loading again (delete DIR to
start over).

A server process (embedded PostgreSQL and chDB in a temp dir, migrated, the demo account
seeded) creates --clients demo users, members of the demo workspace, and loads --items
content items into that workspace with the loader of `strata db seed --demo` (COPY in
chunks, indexes built after, progress on stderr), with those users' interactions and
recommendations; then it serves Strata on a free port and waits for the analytics outbox
to drain. Through the RPC, for each sort (NEWEST, QUALITY, OLDEST), in --runs interleaved
rounds of page size 50:

- page 1 (no token);
- keyset at page --depth: a token taken at that depth (the next_page_token of an offset
  page just above it), replayed each round;
- OFFSET at the same depth (`skip`, which also asks the total: kept after the first call).

p50/p99 in ms and each shape's p50 over page 1's (target: keyset within 1.2x). Then
--clients clients, each a different user continuing its own feed session (a new one
when a session runs dry), call GetFeed (page size 20) for --feed-seconds: requests per
second, p50/p99, and the RSS sampled every 0.2 s (seed 000: < 300 MB a worker) of the
server process and, apart, of its chDB host process (STRATA_CHDB_HOST=process, the
default; STRATA_CHDB_HOST=inline in the bench's environment keeps chDB in the server),
each with its anonymous and file-backed parts. Figures to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
from process_memory import chdb_host_of, memory_mb, summary

PAGE = 50
LOADED = "pagination-bench.json"  # in a --data-dir: what its load made, for later runs
SORTS = ("NEWEST", "QUALITY", "OLDEST")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the server process -------------------------------------------------------------


async def _serve(data_dir: str, items: int, clients: int) -> None:
    from adapters.postgres.content.demo_items import DemoPlan
    from entrypoints import runtime
    from entrypoints.cli.demo_content import load_demo
    from entrypoints.cli.demo_people import demo_people
    from entrypoints.container import build_container, start
    from entrypoints.grpc.server import AuditOptions, start_server
    from entrypoints.runtime.analytics_schema import prepare_analytics
    from entrypoints.runtime.calls import use_case
    from entrypoints.settings import load_settings

    settings = load_settings(
        environ={"STRATA_DATA_DIR": data_dir, "STRATA_LOG_LEVEL": "WARNING",
                 "STRATA_SLOW_QUERY_MS": "600000",
                 # OFFSET half a million rows deep in a cold cache takes longer than the
                 # service's default statement timeout: the bench shows how long it takes
                 "STRATA_STATEMENT_TIMEOUT_MS": "600000",
                 "STRATA_CHDB_HOST": os.environ.get("STRATA_CHDB_HOST", "process")}
    )  # fmt: skip
    rw_url = await runtime.prepare_database(settings)
    await prepare_analytics(settings)
    container = build_container(settings, rw_url)
    await start(container)
    kept = Path(data_dir) / LOADED
    if kept.exists():  # a --data-dir loaded by an earlier run: serve it as it is
        info = json.loads(kept.read_text())
        info["rw_url"] = (await runtime.open_database(settings)).rw_url
        server = await start_server(
            container, "127.0.0.1:0", audit=AuditOptions.from_settings(settings)
        )
        print(json.dumps({**info, "port": server.port, "pid": os.getpid()}), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        await server.stop(5)
        return
    seed = await runtime.seed_demo(container)
    people = await demo_people(container, seed, authors=clients, more_workspaces=())
    db = await runtime.open_database(settings)
    plan = DemoPlan([(seed.workspace_id, people.author_ids, 1)], datetime.now(UTC), items)
    loaded = await load_demo(db.admin_url, plan, people.author_ids[1:])
    issue = await use_case(container.identity.issue_system_key)
    keys = [(await issue.execute(u, "bench")).secret for u in people.author_ids[1:]]
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)  # hand back what the load freed
    server = await start_server(
        container, "127.0.0.1:0", audit=AuditOptions.from_settings(settings)
    )
    info = {
        "port": server.port, "key": seed.api_key, "workspace": seed.workspace_id,
        "users": people.author_ids[1:], "keys": keys, "pid": os.getpid(),
        "rw_url": db.rw_url, "load_seconds": loaded.seconds, "items": items,
        "interactions": loaded.interactions, "recommendations": loaded.recommendations,
    }  # fmt: skip
    kept.write_text(json.dumps(info))
    print(json.dumps(info), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await server.stop(5)


# --- the client ---------------------------------------------------------------------


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(0.99 * (len(ordered) - 1))] * 1000


async def _timed(call: Any, request: Any, md: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    reply = await call(request, metadata=md)
    return time.perf_counter() - started, reply


async def _wait_for_outbox(info: dict[str, Any], limit: float = 900.0) -> None:
    import asyncpg

    from adapters.postgres.infra.admin.connection import dsn

    conn = await asyncpg.connect(dsn(info["rw_url"]))
    try:
        deadline = time.monotonic() + limit
        while (left := await conn.fetchval("SELECT count(*) FROM analytics_outbox")) > 0:
            if time.monotonic() > deadline:
                raise SystemExit(f"the analytics outbox still holds {left:,} rows after {limit} s")
            log(f"  waiting for the analytics relay: {left:,} rows in the outbox")
            await asyncio.sleep(2)
    finally:
        await conn.close()


async def _lists(stub: Any, pb: Any, info: dict[str, Any], args: argparse.Namespace) -> None:
    md = (("authorization", f"Bearer {info['key']}"),)
    ws = info["workspace"]
    depth = max(2, min(args.depth, args.items // PAGE - 1))
    skip = (depth - 1) * PAGE
    print(f"\nListContent over {args.items:,} items, page size {PAGE}, page {depth:,} deep "
          f"(row {skip:,}), {args.runs} rounds; ms")  # fmt: skip
    print(f"{'sort':<8} {'shape':<14} {'p50':>8} {'p99':>8} {'/ page 1':>9}")
    for name in SORTS:
        sort = pb.ContentSort.Value(f"CONTENT_SORT_{name}")
        above = pb.ListContentRequest(workspace_id=ws, page_size=PAGE, sort=sort, skip=skip - PAGE)
        token = (await stub.ListContent(above, metadata=md)).next_page_token
        shapes = {
            "page 1": pb.ListContentRequest(workspace_id=ws, page_size=PAGE, sort=sort),
            "keyset deep": pb.ListContentRequest(
                workspace_id=ws, page_size=PAGE, sort=sort, page_token=token
            ),
            "offset deep": pb.ListContentRequest(
                workspace_id=ws, page_size=PAGE, sort=sort, skip=skip
            ),
        }
        pages = {k: await stub.ListContent(r, metadata=md) for k, r in shapes.items()}  # warm
        first = [i.id for i in pages["keyset deep"].items]
        assert first == [i.id for i in pages["offset deep"].items], "keyset and offset disagree"
        times: dict[str, list[float]] = {k: [] for k in shapes}
        for _ in range(args.runs):
            for shape, request in shapes.items():
                times[shape].append((await _timed(stub.ListContent, request, md))[0])
        base = _ms(times["page 1"])[0]
        for shape in shapes:
            p50, p99 = _ms(times[shape])
            print(f"{name:<8} {shape:<14} {p50:>8.2f} {p99:>8.2f} {p50 / base:>8.2f}x")


async def _feed(stub: Any, pb: Any, info: dict[str, Any], args: argparse.Namespace) -> None:
    server, host = info["pid"], chdb_host_of(info["pid"])  # no host: chDB runs in the server
    ws, done, latencies = info["workspace"], [0], []
    rss, host_rss = [memory_mb(server)], [memory_mb(host)]
    stop = time.monotonic() + args.feed_seconds

    async def client(key: str) -> None:
        md, token = (("authorization", f"Bearer {key}"),), ""
        while time.monotonic() < stop:
            request = pb.GetFeedRequest(workspace_id=ws, page_size=20, page_token=token)
            spent, reply = await _timed(stub.GetFeed, request, md)
            latencies.append(spent)
            token = reply.next_page_token
            done[0] += 1

    async def sample() -> None:
        while time.monotonic() < stop:
            rss.append(memory_mb(server))
            host_rss.append(memory_mb(host))
            await asyncio.sleep(0.2)

    try:
        probe = pb.GetFeedRequest(workspace_id=ws, page_size=20)
        await stub.GetFeed(probe, metadata=(("authorization", f"Bearer {info['keys'][0]}"),))
    except grpc.aio.AioRpcError as exc:
        print(f"\nGetFeed: not measured ({exc.code().name}: {exc.details()})")
        return
    started = time.monotonic()
    await asyncio.gather(sample(), *(client(k) for k in info["keys"]))
    elapsed = time.monotonic() - started
    p50, p99 = _ms(latencies)
    print(f"\nGetFeed, {len(info['keys'])} clients (one user each), page size 20, {elapsed:.0f} s")
    print(f"requests/s {done[0] / elapsed:,.0f}; p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    print(summary("server", rss))
    print(summary(f"chDB host (pid {host})", host_rss) if host else "chDB runs in the server")


async def _client(info: dict[str, Any], args: argparse.Namespace) -> None:
    from strata.v1 import content_pb2 as pb
    from strata.v1 import content_pb2_grpc

    activity = f"{info['interactions']:,} interactions, {info['recommendations']:,} recommendations"
    print(f"load of {args.items:,} items (with {activity}): {info['load_seconds']:,.0f} s")
    await _wait_for_outbox(info)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{info['port']}") as channel:
        stub = content_pb2_grpc.ContentServiceStub(channel)
        if "lists" in args.only:
            await _lists(stub, pb, info, args)
        if "feed" in args.only:
            await _feed(stub, pb, info, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000_000)
    parser.add_argument("--depth", type=int, default=10_000, help="the deep page's number")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--feed-seconds", type=float, default=30.0)
    parser.add_argument("--only", nargs="+", choices=("lists", "feed"), default=["lists", "feed"])
    parser.add_argument(
        "--data-dir",
        help="keep the server's data here; a directory an earlier run loaded is served as "
        "it is (its --items and --clients), skipping the load",
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.serve, args.items, args.clients))
        return
    with tempfile.TemporaryDirectory(prefix="strata-pagination-bench-") as tmp:
        os.chmod(tmp, 0o755)
        data = Path(args.data_dir).resolve() if args.data_dir else Path(tmp) / "data"
        if (data / LOADED).exists():
            loaded = json.loads((data / LOADED).read_text())
            args.items, args.clients = loaded["items"], len(loaded["users"])
        log("starting the server process (embedded PostgreSQL and chDB, migrations, load)...")
        command = [sys.executable, __file__, "--serve", str(data),
                   "--items", str(args.items), "--clients", str(args.clients)]  # fmt: skip
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            assert process.stdout is not None
            info = json.loads(process.stdout.readline())
            asyncio.run(_client(info, args))
        finally:
            if process.stdin:
                process.stdin.close()
            process.wait(timeout=120)


if __name__ == "__main__":
    main()
