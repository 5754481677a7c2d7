"""Analytics through the API against chDB used directly: ingest, QueryMetrics, the relay.

    .venv/bin/python bench/analytics.py [--events 200000] [--batch 1000] [--in-flight 4 8]
        [--rounds 5] [--load 10000000] [--queries 30] [--jobs 3000] [--backlog 100000]
        [--only ingest query relay]

A server process (embedded PostgreSQL and chDB in a temp dir, migrated, the demo account
seeded) serves Strata and also answers the baselines, on the same chDB, over its stdin:

1. ingest: --events generated events (seeded: 1 to 3 metrics, 2 dimensions, a small
   metadata object each) through IngestEvents in batches of --batch, with each of
   --in-flight calls at a time, and through one StreamEvents stream of the same batch
   size (fresh ids for each path), against the same rows inserted directly (pyarrow
   columns, one INSERT per batch, the same tables and materialized views, in a database
   of their own). The paths take turns in --rounds rounds, so that background merges
   and the machine's other load weigh on each alike. events/s each, the ratio to
   direct, and the server's CPU time per 1,000 events (every thread, chDB's included);
2. query: --load events generated inside ClickHouse (INSERT … SELECT FROM numbers, in
   chunks of a million, through the same materialized view), then QueryMetrics through
   the RPC --queries times for each of four shapes (a day by hour, a month by hour, 90
   days by day, a month by hour for one workload), against the same SQL
   (adapters.clickhouse.queries.metrics_sql) run directly on the server's chDB client and
   read as the store reads it (its columns), the RPC in both layouts (POINTS, COLUMNS)
   and the SQL taking turns call by call: p50 of each and the ratios;
3. relay: --jobs SubmitJob calls, 16 at a time; each commits a job_events row and an
   audit entry, both of which the outbox carries to ClickHouse. The outbox's backlog and
   the age of its oldest row are sampled every 0.2 s: lag p50/max during the load, the
   time to drain after it, and rows delivered per second; then --backlog job events
   written in one statement (jobs and their first events, as SubmitJob writes them) and
   the rate at which the relay empties the outbox.

The server keeps chDB inline (STRATA_CHDB_HOST=inline), not in the host process
`strata serve` starts by default: "direct" here is chDB used in process with no Strata
around it (issue #12's baseline), and it must share the server's one chDB path, which
one process may open. Inline, both sides reach the same chDB the same way, so the
ratios are Strata's own cost, and the CPU time per 1,000 events is one process's
(every thread, chDB's included). With the host process, the server's side would also
pay the pipe to the host, and its CPU would be split between two processes.

Progress goes to stderr, figures to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import grpc
from google.protobuf import struct_pb2, timestamp_pb2

T_END = datetime(2026, 11, 1, tzinfo=UTC)
TYPES = ["metric", "start", "stop", "error"]
CATEGORIES = ["compute", "storage", "network"]
METRICS = ["latency_ms", "tokens", "cost_usd"]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generated(seed: int, n: int) -> list[dict[str, Any]]:
    """The same events for the RPC and the direct insert: plain values."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        names = rng.sample(METRICS, rng.randint(1, 3))
        rows.append(
            {
                "event_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "timestamp": T_END - timedelta(seconds=rng.randint(0, 30 * 86400)),
                "event_type": rng.choice(TYPES),
                "event_category": rng.choice(CATEGORIES),
                "workload_id": f"wl-{rng.randint(1, 200)}",
                "metrics": [(m, rng.uniform(0, 1000), "u") for m in names],
                "dimensions": {
                    "region": rng.choice(["eu", "us"]),
                    "model": f"m{rng.randint(1, 9)}",
                },
                "metadata": {"source": "bench", "n": rng.randint(1, 100)},
            }
        )
    return rows


# --- the server process -------------------------------------------------------------


async def _serve(data_dir: str) -> None:
    from entrypoints.container import build_container, start
    from entrypoints.grpc.server import AuditOptions, start_server
    from entrypoints.runtime import prepare_database, seed_demo
    from entrypoints.runtime.analytics_schema import prepare_analytics
    from entrypoints.runtime.heap import settle_heap
    from entrypoints.settings import load_settings

    settings = load_settings(
        environ={
            "STRATA_DATA_DIR": data_dir,
            "STRATA_LOG_LEVEL": "WARNING",
            "STRATA_SLOW_QUERY_MS": "600000",
            "STRATA_ANALYTICS_RELAY_SECONDS": "0.2",
            "STRATA_CHDB_HOST": "inline",  # the baselines' chDB: see the docstring
        }
    )
    rw_url = await prepare_database(settings)
    await prepare_analytics(settings)
    container = build_container(settings, rw_url)
    await start(container)
    server = await start_server(
        container, "127.0.0.1:0", audit=AuditOptions.from_settings(settings)
    )
    seed = await seed_demo(container)
    settle_heap()  # as `strata serve` does once it listens
    client = container.analytics_client()
    info = {
        "port": server.port,
        "key": seed.api_key,
        "workspace": seed.workspace_id,
        "rw_url": _dsn(rw_url),
    }
    print(json.dumps(info), flush=True)
    reader = asyncio.StreamReader()
    loop = asyncio.get_running_loop()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    baselines = Baselines(client, data_dir, container.analytics_store())
    while line := await reader.readline():
        command = json.loads(line)
        answer = await getattr(baselines, command.pop("op"))(**command)
        print(json.dumps(answer), flush=True)
    await server.stop(5)


def _dsn(url: str) -> str:
    from sqlalchemy.engine import make_url

    from adapters.postgres.infra.engine import driver_dsn

    return driver_dsn(make_url(url))


class Baselines:
    """What the client asks the server process to run on its own chDB, without Strata."""

    def __init__(self, client: Any, data_dir: str, store: Any) -> None:
        self._client = client
        self._dir = data_dir
        self._store = store

    async def direct_insert(self, seed: int, events: int, batch: int, workspace: str) -> dict:
        from adapters.clickhouse.chdb_client import ChdbClient
        from adapters.clickhouse.schema import apply_schema

        direct = ChdbClient(Path(self._dir) / "clickhouse", "bench_direct")
        await apply_schema(direct)
        rows = generated(seed, events)
        started = time.perf_counter()
        for i in range(0, len(rows), batch):
            await direct.insert("workload_events", _columns(rows[i : i + batch], workspace))
        elapsed = time.perf_counter() - started
        await direct.close()
        return {"events_per_s": events / elapsed}

    async def writes(self) -> dict:
        """How many writes the store's event inserts took so far, and their events."""
        group = self._store._events.group
        return {"writes": group.writes, "events": group.items}

    async def cpu(self) -> dict:
        """The server process's CPU seconds so far, every thread (chDB's included)."""
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {"seconds": usage.ru_utime + usage.ru_stime}

    async def load(self, workspace: str, events: int) -> dict:
        chunk = 1_000_000
        started = time.perf_counter()
        for offset in range(0, events, chunk):
            await self._client.command(
                LOAD_SQL, {"ws": workspace, "n": min(chunk, events - offset), "o": offset}
            )
            log(f"  loaded {min(offset + chunk, events):,} of {events:,} events")
        return {"seconds": time.perf_counter() - started}

    async def merge(self) -> dict:
        """The rollups' parts merged, as ClickHouse leaves them in its own time."""
        started = time.perf_counter()
        await self._client.command("OPTIMIZE TABLE metrics_hourly FINAL")
        return {"seconds": time.perf_counter() - started}

    async def direct_query(self, shape: dict[str, Any]) -> dict:
        """One run of the SQL QueryMetrics sends, on the server's own client, read as the
        store reads it."""
        from adapters.clickhouse.queries import EPOCH_SECONDS, metrics_sql
        from domain.analytics.model import Bucket, MetricsQuery

        query = MetricsQuery(
            workspace_id=shape["workspace"],
            metric_name=shape["metric"],
            start=datetime.fromisoformat(shape["start"]),
            end=datetime.fromisoformat(shape["end"]),
            bucket=Bucket(shape["bucket"]),
            workload_id=shape["workload"],
        )
        sql, params = metrics_sql(query)
        started = time.perf_counter()
        await self._client.columns(sql, params, EPOCH_SECONDS)
        return {"seconds": time.perf_counter() - started}


LOAD_SQL = """
INSERT INTO workload_events
    (workspace_id, event_id, timestamp, user_id, workload_id, event_type, event_category,
     `metrics.name`, `metrics.value`, `metrics.unit`, dimensions, metadata, expires_at)
SELECT
    {ws:String},
    toString(generateUUIDv4(number)),
    toDateTime64('2026-11-01 00:00:00', 3, 'UTC')
        - toIntervalSecond((number + {o:UInt64}) % (90 * 86400)),
    generateUUIDv4(number % 50),
    concat('wl-', toString(cityHash64(number) % 200)),
    ['metric', 'start', 'stop', 'error'][1 + number % 4],
    ['compute', 'storage', 'network'][1 + number % 3],
    ['latency_ms', 'tokens'],
    [toFloat64(cityHash64(number) % 1000), toFloat64(number % 4096)],
    ['ms', 'n'],
    map('region', if(number % 2 = 0, 'eu', 'us')),
    '{}',
    toDateTime('2027-11-01 00:00:00', 'UTC')
FROM numbers({n:UInt64})
"""


def _columns(rows: list[dict[str, Any]], workspace: str) -> Any:
    import pyarrow as pa

    from adapters.clickhouse.rows import EVENT_SCHEMA

    expires = T_END + timedelta(days=365)
    return pa.table(
        {
            "workspace_id": [workspace] * len(rows),
            "event_id": [r["event_id"] for r in rows],
            "timestamp": [r["timestamp"] for r in rows],
            "user_id": ["00000000-0000-0000-0000-000000000000"] * len(rows),
            "workload_id": [r["workload_id"] for r in rows],
            "event_type": [r["event_type"] for r in rows],
            "event_category": [r["event_category"] for r in rows],
            "metrics.name": [[m[0] for m in r["metrics"]] for r in rows],
            "metrics.value": [[m[1] for m in r["metrics"]] for r in rows],
            "metrics.unit": [[m[2] for m in r["metrics"]] for r in rows],
            "dimensions": [list(r["dimensions"].items()) for r in rows],
            "metadata": [json.dumps(r["metadata"]) for r in rows],
            "expires_at": [expires] * len(rows),
        },
        schema=EVENT_SCHEMA,
    )


# --- the client ---------------------------------------------------------------------


class Server:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._p = process

    def ask(self, **command: Any) -> dict[str, Any]:
        assert self._p.stdin is not None and self._p.stdout is not None
        self._p.stdin.write(json.dumps(command) + "\n")
        self._p.stdin.flush()
        return json.loads(self._p.stdout.readline())


def _stamp(value: datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(value)
    return stamp


def _messages(rows: list[dict[str, Any]]) -> list[Any]:
    from strata.v1 import analytics_pb2 as pb

    out = []
    for r in rows:
        meta = struct_pb2.Struct()
        meta.update(r["metadata"])
        out.append(
            pb.Event(
                event_id=r["event_id"],
                timestamp=_stamp(r["timestamp"]),
                event_type=r["event_type"],
                event_category=r["event_category"],
                workload_id=r["workload_id"],
                metrics=[pb.Metric(name=m[0], value=m[1], unit=m[2]) for m in r["metrics"]],
                dimensions=r["dimensions"],
                metadata=meta,
            )
        )
    return out


async def _ingest(info: dict[str, Any], server: Server, args: argparse.Namespace) -> None:
    from strata.v1 import analytics_pb2 as pb
    from strata.v1 import analytics_pb2_grpc

    md = (("authorization", f"Bearer {info['key']}"),)
    ws = info["workspace"]
    log(f"generating {args.events:,} events for each path (unary calls, the stream)")
    unary = [_messages(generated(10 + n, args.events)) for n in args.in_flight]
    streamed = _messages(generated(2, args.events))
    per_round = -(-args.events // args.rounds)
    spent = {"direct": 0.0, **{f"unary{n}": 0.0 for n in args.in_flight}, "stream": 0.0}
    cpu = dict.fromkeys(spent, 0.0)
    writes = dict.fromkeys(spent, 0)

    def cpu_now() -> float:
        return float(server.ask(op="cpu")["seconds"])

    def writes_now() -> int:
        return int(server.ask(op="writes")["writes"])

    async with grpc.aio.insecure_channel(f"127.0.0.1:{info['port']}") as channel:
        stub = analytics_pb2_grpc.AnalyticsServiceStub(channel)

        async def one(batch: list[Any], gate: asyncio.Semaphore) -> None:
            async with gate:
                await stub.IngestEvents(
                    pb.IngestEventsRequest(workspace_id=ws, events=batch), metadata=md
                )

        def requests(events: list[Any]) -> Any:
            for i in range(0, len(events), args.batch):
                yield pb.StreamEventsRequest(workspace_id=ws, events=events[i : i + args.batch])

        for r, lo in enumerate(range(0, args.events, per_round)):
            hi = min(lo + per_round, args.events)
            log(f"round {r + 1} of {args.rounds}: events {lo:,} to {hi:,} each way")
            was = cpu_now()
            direct = server.ask(
                op="direct_insert", seed=100 + r, events=hi - lo, batch=args.batch, workspace=ws
            )
            spent["direct"] += (hi - lo) / direct["events_per_s"]
            cpu["direct"] += cpu_now() - was
            writes["direct"] += -(-(hi - lo) // args.batch)
            for n, part in zip(args.in_flight, unary, strict=True):
                was, started, wrote = cpu_now(), time.perf_counter(), writes_now()
                mine, gate = part[lo:hi], asyncio.Semaphore(n)
                await asyncio.gather(
                    *(one(mine[i : i + args.batch], gate) for i in range(0, len(mine), args.batch))
                )
                spent[f"unary{n}"] += time.perf_counter() - started
                cpu[f"unary{n}"] += cpu_now() - was
                writes[f"unary{n}"] += writes_now() - wrote
            was, started, wrote = cpu_now(), time.perf_counter(), writes_now()
            await stub.StreamEvents(requests(streamed[lo:hi]), metadata=md)
            spent["stream"] += time.perf_counter() - started
            cpu["stream"] += cpu_now() - was
            writes["stream"] += writes_now() - wrote
    rate = {path: args.events / seconds for path, seconds in spent.items()}
    per_k = {path: seconds * 1000 / args.events * 1000 for path, seconds in cpu.items()}
    base = rate["direct"]
    print(
        f"\ningest, batches of {args.batch} ({args.events:,} events each way, {args.rounds} rounds)"
    )
    print(
        f"{'path':<36} {'events/s':>10} {'vs direct':>10} {'server CPU ms/1k':>17}"
        f" {'events/write':>13}"
    )
    rows = [
        ("chDB direct (pyarrow INSERT)", "direct"),
        *((f"IngestEvents, {n} in flight", f"unary{n}") for n in args.in_flight),
        ("StreamEvents, one stream", "stream"),
    ]
    for label, path in rows:
        per_write = args.events / max(1, writes[path])
        print(
            f"{label:<36} {rate[path]:>10,.0f} {rate[path] / base:>10.2f} {per_k[path]:>17.1f}"
            f" {per_write:>13,.0f}"
        )


async def _query(info: dict[str, Any], server: Server, args: argparse.Namespace) -> None:
    from strata.v1 import analytics_pb2 as pb
    from strata.v1 import analytics_pb2_grpc

    md = (("authorization", f"Bearer {info['key']}"),)
    ws = await _workspace(info, "bench-query")
    log(f"loading {args.load:,} events inside ClickHouse")
    loaded = server.ask(op="load", workspace=ws, events=args.load)
    log(f"  {args.load / loaded['seconds']:,.0f} events/s with the rollup view")
    merged = server.ask(op="merge")
    log(f"  the rollups' parts merged in {merged['seconds']:.1f} s")
    end = datetime(2026, 11, 1, tzinfo=UTC)
    shapes = [
        ("a day by hour", "latency_ms", end - timedelta(days=1), "hour", ""),
        ("a month by hour", "latency_ms", end - timedelta(days=30), "hour", ""),
        ("90 days by day", "tokens", end - timedelta(days=90), "day", ""),
        ("a month by hour, one workload", "latency_ms", end - timedelta(days=30), "hour", "wl-7"),
    ]
    buckets = {"hour": pb.METRIC_BUCKET_HOUR, "day": pb.METRIC_BUCKET_DAY}
    layouts = {"points": pb.METRIC_LAYOUT_POINTS, "columns": pb.METRIC_LAYOUT_COLUMNS}
    rpc_p50: dict[str, list[float]] = {name: [] for name in layouts}
    direct: list[float] = []
    async with grpc.aio.insecure_channel(f"127.0.0.1:{info['port']}") as channel:
        stub = analytics_pb2_grpc.AnalyticsServiceStub(channel)
        for name, metric, start, bucket, workload in shapes:
            request = pb.QueryMetricsRequest(
                workspace_id=ws,
                metric_name=metric,
                workload_id=workload,
                start_time=_stamp(start),
                end_time=_stamp(end),
                bucket=buckets[bucket],
            )
            shape = {
                "workspace": ws,
                "metric": metric,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "bucket": bucket,
                "workload": workload,
            }
            await stub.QueryMetrics(request, metadata=md)
            server.ask(op="direct_query", shape=shape)
            rpc: dict[str, list[float]] = {name: [] for name in layouts}
            raw = []
            for _ in range(args.queries):  # alternating, so all see the same caches
                for layout, value in layouts.items():
                    request.layout = value
                    started = time.perf_counter()
                    await stub.QueryMetrics(request, metadata=md)
                    rpc[layout].append(time.perf_counter() - started)
                raw.append(server.ask(op="direct_query", shape=shape)["seconds"])
            for layout in layouts:
                rpc_p50[layout].append(statistics.median(rpc[layout]) * 1000)
            direct.append(statistics.median(raw) * 1000)
            figures = ", ".join(f"{rpc_p50[k][-1]:.1f} ms as {k}" for k in layouts)
            log(f"  {name}: {figures} through the RPC, {direct[-1]:.1f} ms direct")
    print(f"\nQueryMetrics over {args.load:,} events (parts merged), p50 of {args.queries}")
    heads = f"{'direct ms':>10} {'points ms':>10} {'ratio':>6} {'columns ms':>11} {'ratio':>6}"
    print(f"{'shape':<32} {heads}")
    for i, (name, *_) in enumerate(shapes):
        d, p, c = direct[i], rpc_p50["points"][i], rpc_p50["columns"][i]
        print(f"{name:<32} {d:>10.1f} {p:>10.1f} {p / d:>6.2f} {c:>11.1f} {c / d:>6.2f}")


async def _workspace(info: dict[str, Any], slug: str) -> str:
    from strata.v1 import identity_pb2 as ipb
    from strata.v1 import identity_pb2_grpc

    md = (("authorization", f"Bearer {info['key']}"),)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{info['port']}") as channel:
        stub = identity_pb2_grpc.IdentityServiceStub(channel)
        made = await stub.CreateWorkspace(
            ipb.CreateWorkspaceRequest(name=slug, slug=slug), metadata=md
        )
        return str(made.workspace.id)


async def _relay(info: dict[str, Any], args: argparse.Namespace) -> None:
    from strata.v1 import jobs_pb2 as jpb
    from strata.v1 import jobs_pb2_grpc

    md = (("authorization", f"Bearer {info['key']}"),)
    conn = await asyncpg.connect(info["rw_url"])
    samples: list[tuple[float, int, float]] = []
    loading = True

    async def sample() -> None:
        while True:
            row = await conn.fetchrow(
                "SELECT count(*) AS n, extract(epoch FROM now() - min(occurred_at)) AS age "
                "FROM analytics_outbox"
            )
            samples.append((time.perf_counter(), row["n"], float(row["age"] or 0.0)))
            if not loading and row["n"] == 0:
                return
            await asyncio.sleep(0.2)

    log(f"relay: {args.jobs:,} SubmitJob calls, 16 at a time")
    sampler = asyncio.create_task(sample())
    started = time.perf_counter()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{info['port']}") as channel:
        stub = jobs_pb2_grpc.JobServiceStub(channel)
        gate = asyncio.Semaphore(16)

        async def submit(i: int) -> None:
            async with gate:
                await stub.SubmitJob(
                    jpb.SubmitJobRequest(workspace_id=info["workspace"], kind="bench.relay"),
                    metadata=md,
                )

        await asyncio.gather(*(submit(i) for i in range(args.jobs)))
    loaded = time.perf_counter()
    loading = False
    await asyncio.wait_for(sampler, timeout=600)
    drained = time.perf_counter()
    delivered = await conn.fetchval(
        "SELECT count(*) FROM job_events WHERE workspace_id = $1", info["workspace"]
    )
    await conn.close()
    during = [age for t, _, age in samples if t <= loaded]
    print(f"\nrelay under {args.jobs:,} SubmitJob calls ({args.jobs / (loaded - started):,.0f}/s)")
    lag_p50, lag_max = statistics.median(during or [0]), max(during or [0])
    print(f"outbox lag during the load: p50 {lag_p50:.2f} s, max {lag_max:.2f} s")
    backlog = max(n for _, n, _ in samples)
    print(f"max backlog: {backlog:,} rows; drained {drained - loaded:.2f} s after the load")
    rows = 2 * args.jobs
    rate = rows / (drained - started)
    print(f"rows relayed (job events and audit entries, ~{rows:,}): {rate:,.0f}/s end to end")
    print(f"job events in PostgreSQL for the workspace: {delivered:,}")
    await _drain(info, args)


async def _drain(info: dict[str, Any], args: argparse.Namespace) -> None:
    """A backlog made at once (job rows and their first events, as SubmitJob writes them,
    in one statement: the triggers fill the outbox), then the time the relay takes to
    empty it."""
    from job_queue import SEED_SQL

    conn = await asyncpg.connect(info["rw_url"])
    owner = await conn.fetchval("SELECT owner_id FROM jobs WHERE kind = 'bench.relay' LIMIT 1")
    log(f"drain: {args.backlog:,} job events written in one statement")
    await conn.execute(SEED_SQL, info["workspace"], owner, "bench.drain", args.backlog)
    started = time.perf_counter()
    left = args.backlog
    while left:
        await asyncio.sleep(0.2)
        left = await conn.fetchval("SELECT count(*) FROM analytics_outbox")
        log(f"  {left:,} rows waiting")
    elapsed = time.perf_counter() - started
    await conn.close()
    print(f"relay drain of {args.backlog:,} rows: {args.backlog / elapsed:,.0f} rows/s")


async def _client(info: dict[str, Any], server: Server, args: argparse.Namespace) -> None:
    if "ingest" in args.only:
        await _ingest(info, server, args)
    if "query" in args.only:
        await _query(info, server, args)
    if "relay" in args.only:
        await _relay(info, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--in-flight", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--load", type=int, default=10_000_000)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=3000)
    parser.add_argument("--backlog", type=int, default=100_000)
    parser.add_argument("--only", nargs="+", default=["ingest", "query", "relay"])
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.serve))
        return
    with tempfile.TemporaryDirectory(prefix="strata-analytics-bench-") as tmp:
        os.chmod(tmp, 0o755)
        log("starting the server process (embedded PostgreSQL and chDB, migrations)...")
        process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(Path(tmp) / "data")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout is not None
            info = json.loads(process.stdout.readline())
            asyncio.run(_client(info, Server(process), args))
        finally:
            process.terminate()
            process.wait(timeout=120)


if __name__ == "__main__":
    main()
