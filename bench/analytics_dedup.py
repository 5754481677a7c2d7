"""Reading deduplicated events without FINAL: `LIMIT 1 BY event_id` and `argMax` against
`FINAL`, on chDB, over workload_events with a share of events delivered twice.

    .venv/bin/python bench/analytics_dedup.py [--events 1000000] [--repeat 0.1]
        [--workspaces 20] [--rounds 7]

chDB in a temp dir, the schema applied. --events events over 30 days in --workspaces
workspaces are inserted in batches of 100,000 (one part each, merged in the background
as ClickHouse does), then a --repeat share of them again in later parts (at-least-once
delivery before any merge: what ReplacingMergeTree has not yet collapsed). Each query is
run for one workspace in interleaved rounds; the median is reported, with the ratio to
the same query without deduplication (which counts the repeats: a wrong answer, the
floor of what a right one can cost) and whether the answer is the deduplicated one.

Progress goes to stderr, figures to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pyarrow as pa

from adapters.clickhouse.chdb_client import ChdbClient
from adapters.clickhouse.rows import EVENT_SCHEMA
from adapters.clickhouse.schema import apply_schema

WS = "{ws:String}"
QUERIES = {
    "page of 100 newest": {
        "none": f"SELECT event_id, timestamp FROM workload_events WHERE workspace_id = {WS} "
        "ORDER BY timestamp DESC, event_id DESC LIMIT 100",
        "LIMIT 1 BY": f"SELECT event_id, timestamp FROM workload_events WHERE workspace_id = {WS} "
        "ORDER BY timestamp DESC, event_id DESC LIMIT 1 BY event_id LIMIT 100",
        "FINAL": f"SELECT event_id, timestamp FROM workload_events FINAL WHERE workspace_id = {WS} "
        "ORDER BY timestamp DESC, event_id DESC LIMIT 100",
    },
    "count, 7 days": {
        "none": f"SELECT count() FROM workload_events WHERE workspace_id = {WS} "
        "AND timestamp >= {since:DateTime64(3)}",
        "LIMIT 1 BY": "SELECT count() FROM (SELECT event_id FROM workload_events "
        f"WHERE workspace_id = {WS} AND timestamp >= {{since:DateTime64(3)}} LIMIT 1 BY event_id)",
        "uniqExact": f"SELECT uniqExact(event_id) FROM workload_events WHERE workspace_id = {WS} "
        "AND timestamp >= {since:DateTime64(3)}",
        "FINAL": f"SELECT count() FROM workload_events FINAL WHERE workspace_id = {WS} "
        "AND timestamp >= {since:DateTime64(3)}",
    },
    "hourly avg, 30 days": {
        "none": "SELECT toStartOfHour(timestamp) h, avg(metrics.value[1]) FROM workload_events "
        f"WHERE workspace_id = {WS} GROUP BY h ORDER BY h",
        "LIMIT 1 BY": "SELECT toStartOfHour(timestamp) h, avg(v) FROM (SELECT timestamp, "
        "metrics.value[1] v FROM workload_events "
        f"WHERE workspace_id = {WS} LIMIT 1 BY event_id) GROUP BY h ORDER BY h",
        "argMax": "SELECT toStartOfHour(t) h, avg(v) FROM (SELECT event_id, any(timestamp) t, "
        "argMax(metrics.value[1], timestamp) v FROM workload_events "
        f"WHERE workspace_id = {WS} GROUP BY event_id) GROUP BY h ORDER BY h",
        "FINAL": "SELECT toStartOfHour(timestamp) h, avg(metrics.value[1]) "
        f"FROM workload_events FINAL WHERE workspace_id = {WS} GROUP BY h ORDER BY h",
    },
}


def batch(rng: random.Random, n: int, workspaces: list[str], start: datetime) -> pa.Table:
    span = 30 * 24 * 3600 * 1000
    stamps = [start + timedelta(milliseconds=rng.randrange(span)) for _ in range(n)]
    return pa.table(
        {
            "workspace_id": [rng.choice(workspaces) for _ in range(n)],
            "event_id": [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(n)],
            "timestamp": stamps,
            "user_id": ["00000000-0000-0000-0000-000000000000"] * n,
            "workload_id": [f"w{rng.randrange(50)}" for _ in range(n)],
            "event_type": [rng.choice(("start", "metric", "stop")) for _ in range(n)],
            "event_category": ["compute"] * n,
            "metrics.name": [["latency_ms"]] * n,
            "metrics.value": [[rng.uniform(1, 500)] for _ in range(n)],
            "metrics.unit": [["ms"]] * n,
            "dimensions": [[("region", rng.choice(("eu", "us")))] for _ in range(n)],
            "metadata": ["{}"] * n,
            "expires_at": [t + timedelta(days=365) for t in stamps],
        },
        schema=EVENT_SCHEMA,
    )


async def load(client: ChdbClient, args: argparse.Namespace, workspaces: list[str]) -> None:
    rng = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=30)
    repeats: list[pa.Table] = []
    done = 0
    while done < args.events:
        part = batch(rng, min(100_000, args.events - done), workspaces, start)
        await client.insert("workload_events", part)
        repeats.append(part.slice(0, int(part.num_rows * args.repeat)))
        done += part.num_rows
        print(f"  inserted {done:,} events", file=sys.stderr)
    for part in repeats:
        await client.insert("workload_events", part)
    print(f"  repeated {sum(p.num_rows for p in repeats):,} events", file=sys.stderr)


async def timed(client: ChdbClient, sql: str, params: dict[str, object]) -> tuple[float, str]:
    started = time.perf_counter()
    rows = await client.query(sql, params)
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, repr([[_rounded(v) for v in row.values()] for row in rows])


def _rounded(value: object) -> object:
    return round(value, 6) if isinstance(value, float) else value


async def measure(client: ChdbClient, args: argparse.Namespace, workspace: str) -> None:
    params = {"ws": workspace, "since": datetime.now(UTC) - timedelta(days=7)}
    [parts] = await client.query(
        "SELECT count() AS n FROM system.parts WHERE database = currentDatabase() "
        "AND table = 'workload_events' AND active"
    )
    print(
        f"{args.events:,} events, {args.repeat:.0%} repeated, {parts['n']} active parts;"
        f" one workspace of {args.workspaces}; median of {args.rounds} rounds"
    )
    print(f"{'query':22} {'way':11} {'ms':>9} {'vs none':>8}  answer")
    for name, ways in QUERIES.items():
        times: dict[str, list[float]] = {way: [] for way in ways}
        answers: dict[str, str] = {}
        for _ in range(args.rounds):
            for way, sql in ways.items():
                ms, answers[way] = await timed(client, sql, params)
                times[way].append(ms)
        base = statistics.median(times["none"])
        for way in ways:
            ms = statistics.median(times[way])
            same = (
                "-"
                if way == "none"
                else ("= FINAL" if answers[way] == answers["FINAL"] else "DIFFERS")
            )
            print(f"{name:22} {way:11} {ms:9.1f} {ms / base:8.2f}  {same}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=float, default=0.1)
    parser.add_argument("--workspaces", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    workspaces = [f"ws{i:02d}" for i in range(args.workspaces)]
    with tempfile.TemporaryDirectory() as tmp:
        client = ChdbClient(tmp, "bench")
        await apply_schema(client)
        await load(client, args, workspaces)
        await measure(client, args, workspaces[0])
        await client.close()


if __name__ == "__main__":
    asyncio.run(main())
