"""BM25 statistics: how to keep them (ingest cost), why not compute them per query, and
an inverted table as the alternative to ranking from the GIN candidates' tsvectors.

    python bench/bm25_statistics.py [--chunks 30000] [--per-document 500] [--queries 40]
                                    [--ways none 'statement triggers' ...]

On an embedded PostgreSQL migrated to head, a synthetic corpus (Zipf-distributed
pseudo-words, 40 to 120 per chunk, fixed seed) is written by binary COPY, one document of
--per-document chunks per statement as UpsertChunks writes them, five ways, each into an
emptied chunks table:

- `none`: the statistics triggers disabled (what ingest cost before BM25);
- `statement triggers`: migration 0006's AFTER … FOR EACH STATEMENT triggers;
- `adapter`: triggers disabled, the same two aggregates run by the writer after each
  COPY over the document's new rows (what a repository-maintained design runs);
- `row triggers`: the same upserts FOR EACH ROW (one chunk's lexemes at a time);
- `inverted table`: the statement triggers plus a scratch `bench_postings` (workspace,
  lexeme, chunk → tf; bench/bm25_postings.py) kept by its own statement trigger. It would
  replace the GIN index for ranking only (websearch matching still needs it), so its
  cost is what it adds to `statement triggers`.

Then, with the statistics and the postings kept, a delete of one document's chunks with
the statistics alone and of another's with the postings too; the rows and size of the
postings beside the GIN index and the statistics tables. Per query, p50 in ms over
--queries: `ts_stat` over the workspace's chunks (what statistics at query time would read
first) and the former websearch_to_tsquery + ts_rank_cd query, on 8 words among the 5,000
commonest; then, on those and on question-like queries of 3 to 10 words drawn Zipf-wise
from the whole 20,000 (fixed seed): the adapter's BM25 (text_search.py: GIN candidates, tf
from their tsvectors, MaxScore pruning) against the same BM25 from the postings, read
whole for every query lexeme, and pruned (the rarest lexemes' postings set θ, the other
lexemes are probed per chunk, only the essential lexemes' postings are read whole). Each
postings answer is checked against the adapter's (same ids in the same order, scores to
1e-9): the count that agree is printed beside its p50. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import statistics
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]

from bm25_postings import POSTINGS_SQL, PRUNED_SQL, TABLE, keep_postings, storage  # noqa: E402

from adapters.postgres.knowledge.text_search import text_sql  # noqa: E402
from domain.knowledge.search import ChunkFilter  # noqa: E402
from domain.knowledge.text_query import TextQuery, TextRanking  # noqa: E402
from tests.support.databases import PgServer, create_database  # noqa: E402

TRIGGERS = ("chunks_text_stats_insert", "chunks_text_stats_update", "chunks_text_stats_delete")
_ADAPTER = """
WITH delta AS (SELECT c.workspace_id, count(*) AS chunk_count, sum((SELECT
    sum(cardinality(u.positions)) FROM unnest(c.content_tsv) u)) AS total_length
    FROM chunks c WHERE c.document_id = $1 GROUP BY 1)
INSERT INTO workspace_text_stats AS s SELECT * FROM delta ON CONFLICT (workspace_id) DO UPDATE
SET chunk_count = s.chunk_count + excluded.chunk_count,
    total_length = s.total_length + excluded.total_length;
"""
_ADAPTER_TERMS = """
INSERT INTO chunk_term_stats AS s SELECT c.workspace_id, u.lexeme, count(*)
FROM chunks c, unnest(c.content_tsv) u WHERE c.document_id = $1 GROUP BY 1, 2 ORDER BY 1, 2
ON CONFLICT (workspace_id, lexeme) DO UPDATE SET doc_freq = s.doc_freq + excluded.doc_freq
"""
_ROW_FUNCTION = """
CREATE OR REPLACE FUNCTION bench_row_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO workspace_text_stats AS s VALUES (NEW.workspace_id, 1,
        (SELECT coalesce(sum(cardinality(u.positions)), 0) FROM unnest(NEW.content_tsv) u))
    ON CONFLICT (workspace_id) DO UPDATE SET chunk_count = s.chunk_count + 1,
        total_length = s.total_length + excluded.total_length;
    INSERT INTO chunk_term_stats AS s SELECT NEW.workspace_id, u.lexeme, 1
        FROM unnest(NEW.content_tsv) u ORDER BY 2
    ON CONFLICT (workspace_id, lexeme) DO UPDATE SET doc_freq = s.doc_freq + 1;
    RETURN NULL;
END $$
"""
WAYS = ("none", "statement triggers", "adapter", "row triggers", "inverted table")
COLUMNS = ("id", "document_id", "workspace_id", "ordinal", "content")


def vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = [a + b for a in "bcdfghklmnprstvz" for b in "aeiou"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def corpus(rng: random.Random, words: list[str], n: int) -> list[str]:
    cumulative = list(itertools.accumulate(1 / (i + 1) for i in range(len(words))))
    return [
        " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(40, 120)))
        for _ in range(n)
    ]


async def setup(conn: asyncpg.Connection) -> tuple[str, str]:
    user, ws = str(uuid.uuid4()), str(uuid.uuid4())
    await conn.execute(
        "INSERT INTO users (id, email, username, name, password_hash)"
        " VALUES ($1, 'bench@example.com', 'bench', 'bench', 'x')",
        user,
    )
    await conn.execute("INSERT INTO workspaces (id, name, slug) VALUES ($1, 'b', 'bench')", ws)
    await conn.execute(TABLE)
    return user, ws


async def ingest(
    conn: asyncpg.Connection, user: str, ws: str, texts: list[str], size: int, way: str
) -> float:
    await conn.execute("TRUNCATE chunks, bench_postings")
    await conn.execute("DELETE FROM documents")
    state = "ENABLE" if way in ("statement triggers", "inverted table") else "DISABLE"
    for name in TRIGGERS:
        await conn.execute(f"ALTER TABLE chunks {state} TRIGGER {name}")
    await conn.execute("DROP TRIGGER IF EXISTS bench_row_stats ON chunks")
    if way == "row triggers":
        await conn.execute(_ROW_FUNCTION)
        await conn.execute(
            "CREATE TRIGGER bench_row_stats AFTER INSERT ON chunks"
            " FOR EACH ROW EXECUTE FUNCTION bench_row_stats()"
        )
    await keep_postings(conn, way == "inverted table")
    docs = []
    for start in range(0, len(texts), size):
        doc = str(uuid.uuid4())
        await conn.execute(
            "INSERT INTO documents (id, workspace_id, owner_id, title, kind, storage_key)"
            " VALUES ($1, $2, $3, 't', 'document', $4)",
            doc,
            ws,
            user,
            doc,
        )
        rows = [(uuid.uuid4(), doc, ws, i, t) for i, t in enumerate(texts[start : start + size])]
        docs.append((doc, rows))
    began = time.perf_counter()
    for doc, rows in docs:
        async with conn.transaction():
            await conn.copy_records_to_table("chunks", records=rows, columns=COLUMNS)
            if way == "adapter":
                await conn.execute(_ADAPTER, doc)
                await conn.execute(_ADAPTER_TERMS, doc)
    elapsed = time.perf_counter() - began
    await conn.execute("DROP TRIGGER IF EXISTS bench_row_stats ON chunks")
    await keep_postings(conn, False)
    for name in TRIGGERS:
        await conn.execute(f"ALTER TABLE chunks ENABLE TRIGGER {name}")
    return elapsed


Queries = Sequence[tuple[str, Sequence[object]]]


async def p50(conn: asyncpg.Connection, queries: Queries) -> float:
    times = []
    for sql, args in queries:
        began = time.perf_counter()
        await conn.fetch(sql, *args)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


async def deletes(conn: asyncpg.Connection, size: int) -> None:
    """One document's chunks deleted with the statistics, then another's with the postings."""
    first, second = [
        r["document_id"]
        for r in await conn.fetch("SELECT DISTINCT document_id FROM chunks LIMIT 2")
    ]
    await conn.execute(  # the first document's postings go untimed, before it
        "DELETE FROM bench_postings p USING chunks c, unnest(c.content_tsv) u WHERE"
        " c.document_id = $1 AND (p.workspace_id, p.lexeme, p.chunk_id) = (c.workspace_id,"
        " u.lexeme, c.id)",
        first,
    )
    for doc, label, on in ((first, "the statistics", False), (second, "them + postings", True)):
        await keep_postings(conn, on)
        began = time.perf_counter()
        async with conn.transaction():
            await conn.execute("DELETE FROM chunks WHERE document_id = $1", doc)
        elapsed = (time.perf_counter() - began) * 1000
        print(f"delete of one document's {size} chunks with {label}: {elapsed:.0f} ms")
    await keep_postings(conn, False)


Ranked = list[tuple[str, float]]


async def ranked(conn: asyncpg.Connection, sql: str, args: Sequence[object]) -> Ranked:
    return [(str(r["id"]), r["score"]) for r in await conn.fetch(sql, *args)]


def same(a: Ranked, b: Ranked) -> bool:
    return [i for i, _ in a] == [i for i, _ in b] and all(
        abs(x - y) <= 1e-9 for (_, x), (_, y) in zip(a, b, strict=True)
    )


async def compare(conn: asyncpg.Connection, ws: str, queries: list[str], title: str) -> None:
    """The adapter's BM25 against the same BM25 from the postings, whole and pruned."""
    ranking = TextRanking()
    ways: dict[str, list[tuple[str, Sequence[object]]]] = {
        "adapter": [],
        "postings": [],
        "pruned postings": [],
    }
    agree = {"postings": 0, "pruned postings": 0}
    print(f"  (scoring {len(queries)} {title} each way)", file=sys.stderr)
    for q in queries:
        sql = text_sql(ChunkFilter(ws), TextQuery.parse(q), 10, False, ranking)
        assert sql is not None
        args: list[object] = [q, ws, ranking.k1, ranking.b, 10]
        ways["adapter"].append((sql.text, sql.args))
        ways["postings"].append((POSTINGS_SQL, args))
        ways["pruned postings"].append((PRUNED_SQL, args))
        expected = await ranked(conn, sql.text, sql.args)
        for name in agree:
            agree[name] += same(expected, await ranked(conn, ways[name][-1][0], args))
    print(f"per query, p50 over {len(queries)} {title} (ms; same top 10 as the adapter's):")
    labels = {
        "adapter": "BM25, adapter (GIN + tsv)",
        "postings": "BM25 from postings",
        "pruned postings": "  pruned (MaxScore)",
    }
    for name, qs in ways.items():
        await p50(conn, qs[:2])
        same_as = f"  {agree[name]}/{len(queries)}" if name in agree else ""
        print(f"  {labels[name]:26s} {await p50(conn, qs):8.1f}{same_as}")


async def main(args: argparse.Namespace) -> None:
    rng = random.Random(7)
    words = vocabulary(rng, 20_000)
    texts = corpus(rng, words, args.chunks)
    server = PgServer.start()
    try:
        url = await create_database(server.url, "strata_bench_bm25")
        dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        conn = await asyncpg.connect(dsn)
        user, ws = await setup(conn)
        print(f"ingest of {args.chunks} chunks, {args.per_document} per COPY (s; chunks/s):")
        ways = args.ways
        for way in ways:  # a first pass warms the server; the second is reported
            seconds = await ingest(conn, user, ws, texts, args.per_document, way)
            print(f"  (warm-up) {way:20s} {seconds:7.2f} s", file=sys.stderr)
        for way in ways:
            seconds = await ingest(conn, user, ws, texts, args.per_document, way)
            print(f"  {way:20s} {seconds:7.2f} s  {args.chunks / seconds:8.0f}/s")
        if "inverted table" in ways:
            print(
                "  (inverted table = statement triggers + a postings trigger: its extra cost"
                " over `statement triggers`; the GIN index stays for websearch matching)"
            )
        await ingest(conn, user, ws, texts, args.per_document, "inverted table")
        await conn.execute("ANALYZE")  # as autovacuum would have after a large ingest
        await deletes(conn, args.per_document)
        await conn.execute("VACUUM ANALYZE")
        print("storage after the inverted-table ingest (rows; MB):")
        for name, rows, size in await storage(conn):
            print(f"  {name:38s} {rows if rows is not None else '-':>10} {size / 2**20:8.1f}")
        queries = [" ".join(rng.choices(words[:5000], k=8)) for _ in range(args.queries)]
        cumulative = list(itertools.accumulate(1 / (i + 1) for i in range(len(words))))
        asking = random.Random(11)
        questions = [
            " ".join(asking.choices(words, cum_weights=cumulative, k=asking.randint(3, 10)))
            for _ in range(args.queries)
        ]
        stat = [
            (
                "SELECT count(*) FROM ts_stat($1)",
                [f"SELECT content_tsv FROM chunks WHERE workspace_id = '{ws}'"],
            )
        ] * 5
        old = [
            (
                "SELECT c.id, ts_rank_cd(c.content_tsv, q) AS score FROM chunks c,"
                " websearch_to_tsquery('english', $1) q WHERE c.workspace_id = $2"
                " AND c.content_tsv @@ q ORDER BY score DESC, c.id LIMIT 10",
                [q, ws],
            )
            for q in queries
        ]
        print(f"per query, p50 over {args.queries} queries of 8 words (ms):")
        for name, qs in (("ts_stat of the workspace", stat), ("websearch + ts_rank_cd", old)):
            await p50(conn, qs[:2])
            print(f"  {name:26s} {await p50(conn, qs):8.1f}")
        await compare(conn, ws, queries, "queries of 8 words among the 5,000 commonest")
        await compare(conn, ws, questions, "questions of 3-10 words, Zipf over all 20,000")
        await conn.close()
    finally:
        server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=30_000)
    parser.add_argument("--per-document", type=int, default=500)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--ways", nargs="+", default=list(WAYS), choices=WAYS)
    asyncio.run(main(parser.parse_args()))
