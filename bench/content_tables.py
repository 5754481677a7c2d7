"""Content items: one table with an `origin` column, or seed 000's two mirrored tables
(content_items and content_items_auto) behind one port — which serves ListContent better.

    python bench/content_tables.py [--items 1000000] [--runs 30]

On an embedded PostgreSQL migrated to head, --items items (half `user`, half `auto`;
fixed seed; four content types, two origins and two visibilities at random, 0-3 of 12
tags, a category in the metadata, quality unset for a quarter) are loaded by COPY in
batches, each batch once into the migrated `content_items` and once into two tables made
`LIKE content_items INCLUDING ALL` (same columns, checks and indexes), one per origin.
Then, after VACUUM ANALYZE, p50 in ms over --runs interleaved rounds of ListContent's main
statements, 51 rows (a page of 50 and the row that says another follows): for two tables
a query over both origins is a UNION ALL of the two tables' ordered, limited pages,
merged and limited again (what one port over two tables would run); a query on one
origin reads one table. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.support.databases import PgServer, create_database  # noqa: E402

COLUMNS = (
    "id", "workspace_id", "creator_id", "origin", "title", "content_type", "content_data",
    "metadata", "tags", "quality_score", "visibility", "created_at", "updated_at",
)  # fmt: skip
WORDS = [f"w{n}" for n in range(2000)]
TAGS = [
    "news",
    "sport",
    "tech",
    "art",
    "food",
    "travel",
    "music",
    "film",
    "code",
    "ai",
    "geo",
    "pets",
]
TYPES = ["text", "image", "video", "audio"]
BATCH = 20_000
T0 = datetime(2025, 1, 1, tzinfo=UTC)
ORDERS = {
    "newest": "created_at DESC, id DESC",
    "quality": "coalesce(quality_score, '-1'::double precision) DESC, created_at DESC, id DESC",
}


def rows(rng: random.Random, n: int, ws: str, user: str, origin: str) -> list[tuple[Any, ...]]:
    out = []
    for _ in range(n):
        at = T0 + timedelta(seconds=rng.randrange(365 * 86400))
        metadata = {"category": rng.choice(["technology", "science", "music", "sport"])}
        out.append(
            (
                uuid.uuid4(), ws, user, origin, " ".join(rng.choices(WORDS, k=5)),
                rng.choice(TYPES), "data", json.dumps(metadata),
                rng.sample(TAGS, rng.randrange(4)),
                None if rng.random() < 0.25 else rng.random(),
                rng.choice(["public", "private"]), at, at,
            )
        )  # fmt: skip
    return out


async def load(conn: asyncpg.Connection, n: int, ws: str, user: str) -> tuple[float, float]:
    """Each batch into the one table, then into its origin's table: seconds spent each way."""
    rng = random.Random(7)
    spent, done = {False: 0.0, True: 0.0}, 0
    while done < n:
        size = min(BATCH, n - done)
        origin = "user" if (done // BATCH) % 2 == 0 else "auto"
        batch = rows(rng, size, ws, user, origin)
        for two in (False, True):
            table = f"content_items_{origin}" if two else "content_items"
            started = time.monotonic()
            await conn.copy_records_to_table(table, records=batch, columns=COLUMNS)
            spent[two] += time.monotonic() - started
        done += size
        print(f"\r  {done:,}/{n:,} each way", end="", file=sys.stderr)
    print(file=sys.stderr)
    return spent[False], spent[True]


def one_table(where: str, order: str, origin: str | None = None) -> str:
    if origin:
        where += f" AND origin = '{origin}'"
    return f"SELECT id FROM content_items WHERE {where} ORDER BY {order} LIMIT 51"


def two_tables(where: str, order: str, origin: str | None = None) -> str:
    if origin:
        return f"SELECT id FROM content_items_{origin} WHERE {where} ORDER BY {order} LIMIT 51"
    columns = "id, created_at, quality_score"
    parts = [
        f"(SELECT {columns} FROM content_items_{o} WHERE {where} ORDER BY {order} LIMIT 51)"
        for o in ("user", "auto")
    ]
    return f"SELECT id FROM ({' UNION ALL '.join(parts)}) u ORDER BY {order} LIMIT 51"


def shapes(ws: str, deep_at: str) -> dict[str, tuple[str, str, str | None]]:
    mine = f"workspace_id = '{ws}'"
    return {
        "newest, page 1": (mine, ORDERS["newest"], None),
        "oldest, page 1": (mine, "created_at ASC, id ASC", None),
        "quality, page 1": (mine, ORDERS["quality"], None),
        "newest, origin auto": (mine, ORDERS["newest"], "auto"),
        "newest, type video": (f"{mine} AND content_type = 'video'", ORDERS["newest"], None),
        "newest, public": (f"{mine} AND visibility = 'public'", ORDERS["newest"], None),
        "newest, tags any (art, food)": (
            f"{mine} AND tags && '{{art,food}}'", ORDERS["newest"], None
        ),
        "newest, metadata @> category": (
            f"""{mine} AND metadata @> '{{"category": "music"}}'""", ORDERS["newest"], None
        ),
        "newest, keyset deep": (f"{mine} AND created_at < '{deep_at}'", ORDERS["newest"], None),
    }  # fmt: skip


async def p50s(conn: asyncpg.Connection, one: str, two: str, runs: int) -> tuple[float, float]:
    """The two statements' p50s, timed in interleaved rounds after a warm-up of each."""
    await conn.fetch(one)
    await conn.fetch(two)
    times: dict[str, list[float]] = {one: [], two: []}
    for _ in range(runs):
        for sql in (one, two):
            started = time.perf_counter()
            await conn.fetch(sql)
            times[sql].append((time.perf_counter() - started) * 1000)
    return statistics.median(times[one]), statistics.median(times[two])


def counts(ws: str) -> tuple[str, str]:
    one = f"SELECT count(*) FROM content_items WHERE workspace_id = '{ws}'"
    both = " + ".join(
        f"(SELECT count(*) FROM content_items_{o} WHERE workspace_id = '{ws}')"
        for o in ("user", "auto")
    )
    return one, f"SELECT {both}"


async def main(args: argparse.Namespace) -> None:
    server = PgServer.start()
    try:
        url = await create_database(server.url, "strata_bench_content")
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        conn = await asyncpg.connect(dsn)
        user, ws = str(uuid.uuid4()), str(uuid.uuid4())
        await conn.execute(
            "INSERT INTO users (id, email, username, name) VALUES ($1, 'b@example.com', 'b', 'B')",
            uuid.UUID(user),
        )
        await conn.execute(
            "INSERT INTO workspaces (id, name, slug) VALUES ($1, 'Bench', 'bench')", uuid.UUID(ws)
        )
        for origin in ("user", "auto"):
            await conn.execute(
                f"CREATE TABLE content_items_{origin} (LIKE content_items INCLUDING ALL)"
            )
        print(f"load of {args.items:,} items by COPY, {BATCH:,} a batch (s):")
        one, two = await load(conn, args.items, ws, user)
        print(f"  one table  {one:7.1f} s\n  two tables {two:7.1f} s")
        await conn.execute("VACUUM ANALYZE")
        deep_at = (T0 + timedelta(days=180)).isoformat()
        print(f"p50 over {args.runs} runs (ms): one table | two tables")
        for name, (where, order, origin) in shapes(ws, deep_at).items():
            statements = one_table(where, order, origin), two_tables(where, order, origin)
            one, two = await p50s(conn, *statements, args.runs)
            print(f"  {name:32s} {one:8.2f} | {two:8.2f}")
        one, two = await p50s(conn, *counts(ws), 5)
        print(f"  {'count(*) of the workspace':32s} {one:8.2f} | {two:8.2f}")
        await conn.close()
    finally:
        server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    asyncio.run(main(parser.parse_args()))
