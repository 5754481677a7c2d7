"""Which of a batch's ids a workspace already has: asked of workload_events (ordered by
time, a bloom filter on event_id) against id tables ordered by (workspace_id, event_id)
at several index granularities, with ClickHouse's default compression blocks (64 KiB
to 1 MiB) and with blocks of about one granule (4 to 8 KiB), on chDB.

    .venv/bin/python bench/analytics_known_ids.py [--rows 5000000] [--batch 1000]
        [--rounds 7] [--granularities 64 128 256 8192]

chDB in a temp dir. --rows events of one workspace over 90 days (random UUID ids) are
inserted in chunks of a million into a table shaped like workload_events' key and
index, and their ids into two id tables per granularity (default and small compression
blocks); every table is then merged to one part per partition. Each round draws
--batch ids, half stored and half new, and asks every table in turn which it has; the
median per table is reported, with the answer checked to be the stored half,
the size of each table's primary index and of its data.

Progress goes to stderr, figures to stdout.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from typing import Any

from chdb import session

BASE = """
CREATE TABLE events (workspace_id String, event_id String, timestamp DateTime64(3, 'UTC'),
    INDEX idx_event_id event_id TYPE bloom_filter GRANULARITY 1)
ENGINE = ReplacingMergeTree PARTITION BY toYYYYMM(timestamp)
ORDER BY (workspace_id, timestamp, event_id)
"""
IDS = """
CREATE TABLE {table} (workspace_id String, event_id String, expires_at DateTime('UTC'))
ENGINE = ReplacingMergeTree ORDER BY (workspace_id, event_id)
SETTINGS index_granularity = {g}{blocks}
"""
SMALL_BLOCKS = ", min_compress_block_size = 4096, max_compress_block_size = 8192"
KNOWN = (
    "SELECT DISTINCT event_id FROM {table} "
    "WHERE workspace_id = 'ws' AND event_id IN {{ids:Array(String)}}"
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--granularities", type=int, nargs="+", default=[64, 128, 256, 8192])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as path:
        s = session.Session(path)
        s.query("CREATE DATABASE b")
        s.query("USE b")
        tables = fill(s, args.rows, args.granularities)
        stored = [r[0] for r in rows(s, "SELECT event_id FROM events ORDER BY rand() LIMIT 100000")]
        timings: dict[str, list[float]] = {t: [] for t in tables}
        for n in range(args.rounds):
            known = random.sample(stored, args.batch // 2)
            ids = known + [str(uuid.uuid4()) for _ in range(args.batch - len(known))]
            random.shuffle(ids)
            for table in tables:
                started = time.perf_counter()
                got = rows(s, KNOWN.format(table=table), {"ids": ids})
                timings[table].append((time.perf_counter() - started) * 1000)
                assert sorted(r[0] for r in got) == sorted(known), table
            log(f"round {n + 1}/{args.rounds}")
        print(
            f"{args.rows:,} rows, batches of {args.batch:,} ids (half stored), "
            f"median of {args.rounds}"
        )
        print(f"{'table':<44}{'ms':>8}{'primary index':>16}{'data':>14}")
        for table in tables:
            [(index, data)] = rows(
                s,
                "SELECT sum(primary_key_bytes_in_memory), sum(data_compressed_bytes) "
                f"FROM system.parts WHERE database = 'b' AND table = '{table}' AND active",
            )
            print(
                f"{label(table):<44}{statistics.median(timings[table]):>8.1f}"
                f"{int(index):>14,} B{int(data) / 1e6:>11.1f} MB"
            )


def label(table: str) -> str:
    if table == "events":
        return "workload_events-like (by time, bloom filter)"
    granularity = table.split("_")[1]
    blocks = "4-8 KiB blocks" if table.endswith("_small") else "default blocks"
    return f"id table, granularity {granularity}, {blocks}"


def fill(s: Any, count: int, granularities: list[int]) -> list[str]:
    s.query(BASE)
    for start in range(0, count, 1_000_000):
        n = min(1_000_000, count - start)
        log(f"inserting events {start:,}..{start + n:,}")
        s.query(
            "INSERT INTO events SELECT 'ws', toString(generateUUIDv4(number)), "
            f"now64() - toIntervalSecond(number % 7776000) FROM numbers({start}, {n})"
        )
    tables = ["events"]
    for g in granularities:
        for suffix, blocks in (("", ""), ("_small", SMALL_BLOCKS)):
            table = f"ids_{g}{suffix}"
            s.query(IDS.format(table=table, g=g, blocks=blocks))
            s.query(f"INSERT INTO {table} SELECT workspace_id, event_id, now() FROM events")
            tables.append(table)
    for table in tables:
        log(f"merging {table}")
        s.query(f"OPTIMIZE TABLE {table} FINAL")
    return tables


def rows(s: Any, sql: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
    bound = {k: "[" + ",".join(f"'{i}'" for i in v) + "]" for k, v in (params or {}).items()}
    out = s.query(sql, "JSONCompact", params=bound) if bound else s.query(sql, "JSONCompact")
    return list(json.loads(out.bytes())["data"]) if out.bytes() else []


if __name__ == "__main__":
    main()
