"""Vector search: recall, SearchChunks against raw SQL, filtered search, search modes, ingest,
index builds.

    python bench/vector_search.py [--chunks 100000] [--dim 384] [--queries 200]
        [--ef 40 200] [--seconds 3] [--rounds 3] [--concurrency 1 8]
        [--build-memory 1GB] [--indexed-ingest 6000] [--vocabulary 30000] [--zipf 1.07]
        [--only filtered|ingest|modes]

A server process (embedded PostgreSQL in a temp dir, migrated with
STRATA_EMBEDDING_DIM=--dim so that chunks.embedding is vector(dim); Strata twice
on loopback, as configured and without the audit trail; a bare gRPC servicer
sending the adapter's SQL, bench/bare_search.py; the demo user and workspace)
is measured by a client in this process, which also connects to the
same database with asyncpg: as strata_rw (the service's role) for the raw
queries, as strata_admin for DDL and COPY.

1. data: clustered unit vectors (fixed seed), queries drawn the same way, and
   the exact top 10 of every query by brute force (numpy), overall, among the
   chunks each metadata filter keeps, and in a small second workspace; texts of
   --words words and questions of 3-10 words whose frequencies follow Zipf's
   law over --vocabulary words (fixed seed);
2. ingest without the HNSW index (dropped first): the chunks through
   UpsertChunks (one document of --batch chunks per call; half the documents
   audited, half not; the BM25 statistics kept by its triggers) against COPY of
   the same rows, and the adapter's own COPY (its records, its codecs), into
   scratch tables of the same shape without triggers, and COPY into chunks
   itself (triggers and all), in interleaved segments; rows/s, ratios to both COPYs, and
   CPU per 1,000 rows of the client, the server process and PostgreSQL (Linux /proc);
3. index builds: the migration's HNSW index and the same on a halfvec
   expression, time and size;
4. recall@10 and latency of SearchChunks at the default ef_search and others;
   exact search (no index) and halfvec through the adapter's SQL;
5. SearchChunks (audited and not) and the bare servicer against the adapter's
   own SQL (captured from the repository and sent as it sends it, on
   connections with the service's session settings) by asyncpg: p50, p99 and
   QPS in interleaved rounds;
6. filtered searches, chunk-metadata filters keeping 0.1 %, 1 %, 10 % and 50 %
   of the chunks and a workspace of 1 % as many chunks: the adapter's SQL
   (exact ranking when few chunks pass, else HNSW) against the HNSW-only SQL it
   replaced, and SearchChunks: rows, recall against the exact filtered top 10,
   latency, how many ran without HNSW;
7. SearchChunks FULLTEXT and HYBRID against VECTOR, p50 ratios in interleaved
   rounds, and how many chunks hold a word of the question;
8. ingest with the HNSW index in place: UpsertChunks against COPY into chunks.

Progress goes to stderr, figures to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import re
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

TOP_K = 10
# Chunk metadata {"m1000": "v7", "m100": "v7", "m10": "v7", "m2": "v1"} for row 7: the filter
# {f"m{m}": value} keeps 1/m of the chunks. A second workspace of 1/SMALL_SHARE as many chunks.
SELECTIVITIES = (1000, 100, 10, 2)
SMALL_SHARE = 100
HALF_INDEX = "bench_chunks_embedding_halfvec"
# The most frequent English words, all stopwords of PostgreSQL's `english` configuration (as
# in real text, the words heading a Zipf distribution are function words), then made-up terms.
FUNCTION_WORDS = (
    "the of and to a in is it that for was on are with as he they be at have this from by "
    "had not but what all were we when your can there an which their if do will his her"
)

# --- data -----------------------------------------------------------------------------------------


def make_vectors(
    n: int, dim: int, queries: int, centers: int, noise: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors around `centers` Gaussian centres, and queries drawn the same way."""
    rng = np.random.default_rng(seed)
    mids = rng.standard_normal((centers, dim)).astype(np.float32)

    def draw(count: int) -> np.ndarray:
        out = mids[rng.integers(0, centers, count)]
        out += noise * rng.standard_normal((count, dim)).astype(np.float32)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out

    return draw(n), draw(queries)


class Zipf:
    """Words drawn with frequencies following Zipf's law over a vocabulary of `size`."""

    def __init__(self, size: int, s: float, seed: int) -> None:
        function_words = FUNCTION_WORDS.split()
        made_up = [f"w{i}" for i in range(size - len(function_words))]
        self.vocab = np.array([*function_words, *made_up])
        weights = 1.0 / np.arange(1, size + 1) ** s
        self.p = weights / weights.sum()
        self.rng = np.random.default_rng(seed)

    def texts(self, count: int, words: int) -> list[str]:
        picks = self.rng.choice(len(self.vocab), size=(count, words), p=self.p)
        return [" ".join(self.vocab[row]) for row in picks]

    def questions(self, count: int, shortest: int, longest: int) -> list[str]:
        lengths = self.rng.integers(shortest, longest + 1, count)
        return [self.texts(1, int(n))[0] for n in lengths]


def exact_top(
    data: np.ndarray, queries: np.ndarray, k: int, rows: np.ndarray | None = None
) -> np.ndarray:
    """Row numbers of the k most similar rows per query (cosine of unit vectors), best first."""
    pool = data if rows is None else data[rows]
    out = np.empty((len(queries), k), dtype=np.int64)
    for start in range(0, len(queries), 64):
        sims = queries[start : start + 64] @ pool.T
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(sims, part, axis=1), axis=1)
        best = np.take_along_axis(part, order, axis=1)
        out[start : start + 64] = best if rows is None else rows[best]
    return out


def recall(found: Sequence[Sequence[int]], truth: np.ndarray) -> float:
    k = truth.shape[1]
    return statistics.fmean(
        len(set(f) & set(t.tolist())) / k for f, t in zip(found, truth, strict=True)
    )


@dataclass
class Corpus:
    data: np.ndarray  # the chunks, the indexed-ingest sample, then the small workspace's
    n: int  # how many of `data` are the searched chunks of the big workspace
    small: range  # the rows of the small workspace
    texts: list[str]
    words: int
    queries: np.ndarray
    questions: list[str]  # the queries' words, for FULLTEXT and HYBRID
    truth: np.ndarray  # exact top 10 of each query
    filtered_truth: dict[int, np.ndarray]  # m -> exact top 10 among rows with the query's value
    small_truth: np.ndarray  # exact top 10 in the small workspace
    batch: int

    @staticmethod
    def metadata(row: int) -> dict[str, str]:
        return {f"m{m}": f"v{row % m}" for m in SELECTIVITIES}

    @staticmethod
    def query_filter(query: int, m: int) -> dict[str, str]:
        """The chunk-metadata filter query number `query` is sent with, keeping 1/m."""
        return {f"m{m}": f"v{query % m}"}

    def documents(self, first: int, count: int) -> list[range]:
        """Rows of `count` documents of `batch` rows, starting at row `first`."""
        return [range(first + d * self.batch, first + (d + 1) * self.batch) for d in range(count)]


def filtered_truth(searched: np.ndarray, queries: np.ndarray, m: int) -> np.ndarray:
    """Per query, the exact top 10 among the rows whose metadata matches its filter."""
    values = np.arange(len(queries)) % m
    out = np.empty((len(queries), TOP_K), dtype=np.int64)
    for v in np.unique(values):
        picked = np.flatnonzero(values == v)
        out[picked] = exact_top(searched, queries[picked], TOP_K, np.arange(v, len(searched), m))
    return out


def make_corpus(args: argparse.Namespace) -> Corpus:
    extra, small = args.indexed_ingest, max(args.chunks // SMALL_SHARE, TOP_K)
    data, queries = make_vectors(
        args.chunks + extra + small, args.dim, args.queries, args.centers, args.noise, args.seed
    )
    searched = data[: args.chunks]
    small_rows = range(args.chunks + extra, args.chunks + extra + small)
    zipf = Zipf(args.vocabulary, args.zipf, args.seed + 1)
    return Corpus(
        data=data,
        n=args.chunks,
        small=small_rows,
        texts=zipf.texts(len(data), args.words),
        words=args.words,
        queries=queries,
        questions=zipf.questions(args.queries, 3, 10),
        truth=exact_top(searched, queries, TOP_K),
        filtered_truth={
            m: filtered_truth(searched, queries, m)
            for m in SELECTIVITIES
            if args.chunks // m >= TOP_K  # a filter keeping fewer than top_k is left out
        },
        small_truth=exact_top(data, queries, TOP_K, np.array(small_rows)),
        batch=args.batch,
    )


# --- pgvector's binary format, for COPY and query parameters ------------------------------------


def vector_bytes(values: np.ndarray) -> bytes:
    return struct.pack(">HH", len(values), 0) + values.astype(">f4").tobytes()


async def register_vector_codec(conn: Any) -> None:
    await conn.set_type_codec(
        "vector",
        schema="public",
        encoder=lambda v: v if isinstance(v, bytes) else vector_bytes(np.asarray(v)),
        decoder=lambda b: np.frombuffer(b, ">f4", struct.unpack_from(">H", b)[0], 4).tolist(),
        format="binary",
    )


async def _service_codecs(conn: Any) -> None:
    """What the service's driver pool registers (adapters.postgres.session)."""
    await conn.set_type_codec("uuid", encoder=str, decoder=str, schema="pg_catalog", format="text")
    for name in ("json", "jsonb"):
        await conn.set_type_codec(
            name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog", format="text"
        )


# --- progress and timing --------------------------------------------------------------------------


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def out(text: str = "") -> None:
    print(text, flush=True)


class Progress:
    """A one-line progress bar on stderr; time spent `paused()` does not count."""

    def __init__(self, label: str, total: int, width: int = 30) -> None:
        self.label, self.total, self.width = label, total, width
        self.began = time.perf_counter()
        self.idle = 0.0
        self.shown = 0.0
        self.done = 0

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.idle += time.perf_counter() - started

    def advance(self, count: int) -> None:
        self.done += count
        now = time.perf_counter()
        if now - self.shown < 0.25 and self.done < self.total:
            return
        self.shown = now
        elapsed = now - self.began - self.idle
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate else 0.0
        bar = "#" * (self.width * self.done // self.total)
        print(
            f"\r  {self.label} [{bar:.<{self.width}}] {self.done:,}/{self.total:,} "
            f"{rate:,.0f}/s ~{left:.0f}s left ",
            end="" if self.done < self.total else "\n",
            file=sys.stderr,
            flush=True,
        )


class CpuClock:
    """CPU seconds so far of this process (the client), the server process and the embedded
    PostgreSQL's processes (its postmaster, found by its data directory, and its children),
    from Linux's /proc; zeros elsewhere."""

    def __init__(self, server_pid: int, data_dir: str) -> None:
        self.server_pid, self.data_dir = server_pid, data_dir

    @staticmethod
    def _stat(pid: int | str) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    def _seconds(self, pid: int | str) -> float:
        fields = self._stat(pid)
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _postgres(self) -> float:
        procs = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            with contextlib.suppress(OSError):
                procs[pid] = (Path(f"/proc/{pid}/cmdline").read_bytes(), self._stat(pid)[1])
        master = {p for p, (cmd, _) in procs.items() if self.data_dir.encode() in cmd}
        master = {p for p in master if procs[p][0].split(b"\0")[0].endswith(b"postgres")}
        total = 0.0
        for pid, (_, parent) in procs.items():
            if pid in master or parent in master:
                with contextlib.suppress(OSError):
                    total += self._seconds(pid)
        return total

    def read(self) -> tuple[float, float, float]:
        if not Path("/proc/self/stat").exists():
            return 0.0, 0.0, 0.0
        return time.process_time(), self._seconds(self.server_pid), self._postgres()


def ms(latencies: Sequence[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    if len(latencies) < 2:
        return latencies[0] * 1000, latencies[0] * 1000
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return q[49] * 1000, q[98] * 1000


async def sweep(
    call: Callable[[Any], Awaitable[list[int]]], items: Sequence[Any]
) -> tuple[list[list[int]], list[float]]:
    """Each item once, one at a time: the rows each call found, and the latencies."""
    found, latencies = [], []
    for item in items:
        started = time.perf_counter()
        rows = await call(item)
        latencies.append(time.perf_counter() - started)
        found.append(rows)
    return found, latencies


async def measure(
    calls: Sequence[Callable[[], Awaitable[object]]], seconds: float
) -> dict[str, float]:
    """One worker per call for `seconds`, each call awaited as soon as the last returns."""
    latencies: list[float] = []
    for call in calls:
        for _ in range(5):
            await call()
    deadline = time.perf_counter() + seconds

    async def worker(call: Callable[[], Awaitable[object]]) -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in calls))
    p50, p99 = ms(latencies)
    return {"qps": len(latencies) / (time.perf_counter() - began), "p50": p50, "p99": p99}


def cycling(fn: Callable[[Any], Awaitable[object]], items: Sequence[Any], start: int) -> Any:
    it = itertools.cycle([*items[start:], *items[:start]])
    return lambda: fn(next(it))


# --- the server process -------------------------------------------------------------------------


async def _serve(data_dir: str, dim: int) -> None:
    """Runs in the server process: PostgreSQL, migrations (vector(dim)), Strata, the demo seed."""
    from bare_search import start_bare_server
    from sqlalchemy.engine import make_url

    from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
    from entrypoints.container import build_container, start
    from entrypoints.grpc.server import AuditOptions, start_server
    from entrypoints.runtime import prepare_database, seed_demo
    from entrypoints.settings import ROLE_USERS, load_settings

    settings = load_settings(
        environ={
            "STRATA_DATA_DIR": data_dir,
            "STRATA_LOG_LEVEL": "WARNING",
            "STRATA_EMBEDDING_DIM": str(dim),
            "STRATA_SLOW_QUERY_MS": "600000",  # bulk inserts and index scans are slow by design
            # to compare memory sizes: STRATA_PG_SHARED_BUFFERS=128MB is initdb's default
            **{k: v for k in ["STRATA_PG_SHARED_BUFFERS"] if (v := os.environ.get(k))},
        }
    )
    rw_url = await prepare_database(settings)
    container = build_container(settings, rw_url)
    await start(container)
    # Two servers on one database: as configured (auditing every call), and without audit.
    audited = await start_server(
        container, "127.0.0.1:0", audit=AuditOptions.from_settings(settings)
    )
    unaudited = await start_server(container, "127.0.0.1:0", audit=AuditOptions(enabled=False))
    bare, bare_port = await start_bare_server(rw_url, EmbeddingIndex.of(dim))
    seed = await seed_demo(container)
    # Embedded: no server URL is configured, so settings.database.database_url("admin") is
    # None; the admin login is the URL prepare_database returned with strata_admin as the user.
    admin_url = make_url(rw_url).set(username=ROLE_USERS["admin"])
    info = {
        "port": audited.port,
        "unaudited_port": unaudited.port,
        "bare_port": bare_port,
        "key": seed.api_key,
        "workspace": seed.workspace_id,
        "rw_url": rw_url,
        "admin_url": admin_url.render_as_string(hide_password=False),
        "pid": os.getpid(),
        "data_dir": data_dir,
    }
    print(json.dumps(info), flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await bare.stop(1.0)
    for server in (audited, unaudited):
        await server.stop(1.0)  # the embedded PostgreSQL stops when this process exits


# --- the client: the adapter's SQL ----------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    settings: str  # the adapter's SET LOCALs as one statement, or "" when it sends none
    ef_search: str  # the ef_search the query runs at
    sql: str
    args: tuple[Any, ...]
    count: Statement | None = None  # what the adapter sends first: the count choosing the path


def search_filter(workspace: str, metadata: dict[str, str] | None = None) -> Any:
    from domain.knowledge.search import ChunkFilter

    return ChunkFilter(workspace, chunk_metadata=metadata or {})


async def adapter_statement(
    conn: Any, filt: Any, query: np.ndarray, dim: int, ef_search: int | None = None
) -> Statement:
    """What SqlaChunkRepository.vector_search sends for this query: its count (run on `conn`,
    so that the repository chooses its path on the data), then the statement of that path,
    captured, not sent: alone at the connections' default ef_search, else after setting it."""
    from adapters.postgres.infra.statements import Sql
    from adapters.postgres.knowledge.chunks import SqlaChunkRepository
    from adapters.postgres.knowledge.embedding_index import EmbeddingIndex

    sent: list[Sql] = []

    class Capture(SqlaChunkRepository):
        async def _hand_written(self, sql: Sql) -> list[Any]:
            sent.append(sql)
            return list(await conn.fetch(sql.text, *sql.args)) if len(sent) == 1 else []

    capture = Capture(None, EmbeddingIndex.of(dim))  # type: ignore[arg-type]
    await capture.vector_search(filt, query.tolist(), TOP_K, None, ef_search)
    count, sql = sent
    ef = sql.local[1] if sql.local else ""
    settings = ""
    if sql.local is not None and not sql.local_is_default:
        settings = f"SELECT set_config('{sql.local[0]}', '{ef}', true)"
    first = Statement("", ef, count.text, tuple(count.args))
    return Statement(settings, ef, sql.text, tuple(sql.args), first)


def hnsw_only_statement(filt: Any, query: np.ndarray, dim: int) -> Statement:
    """The statement vector search sent before it chose exact ranking for selective filters:
    HNSW (iterative scans) whatever the filters keep, then exact order, at the default
    ef_search; the same parameters in the same order as the adapter's."""
    from adapters.postgres.infra.engine import DEFAULT_EF_SEARCH
    from adapters.postgres.infra.statements import Sql
    from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
    from adapters.postgres.knowledge.search import columns_sql, join_sql, where_sql

    index, p = EmbeddingIndex.of(dim), Sql()
    q = index.query(p(query.tolist()))
    where = where_sql(filt, p)
    p.text = (
        "WITH nearest AS MATERIALIZED ("
        f" SELECT c.id, {index.distance('c.embedding', q)} AS distance"
        f" FROM chunks c{join_sql(filt)}"
        f" WHERE {where} AND c.embedding IS NOT NULL"
        f" ORDER BY {index.nearest('c.embedding', q)} LIMIT {p(TOP_K)})"
        f" SELECT {columns_sql(False)}, 1 - n.distance AS score"
        " FROM nearest n JOIN chunks c ON c.id = n.id JOIN documents d ON d.id = c.document_id"
        " ORDER BY n.distance, c.id"
    )
    return Statement("", str(DEFAULT_EF_SEARCH), p.text, tuple(p.args))


def adapter_sql_before(filt: Any, query: np.ndarray, dim: int) -> Statement:
    """The one statement vector search sent before it chose its path in the repository: the
    count, the exact ranking and the HNSW scan gated on the count inside one statement, at
    the default ef_search; the same parameters in order."""
    from adapters.postgres.infra.engine import DEFAULT_EF_SEARCH
    from adapters.postgres.infra.repository import uuid_or_none
    from adapters.postgres.infra.statements import Sql
    from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
    from adapters.postgres.knowledge.nearest import EXACT_MAX_ROWS as most
    from adapters.postgres.knowledge.search import columns_sql, join_sql, where_sql

    index, p = EmbeddingIndex.of(dim), Sql()
    q = index.query(p(query.tolist()))
    where = where_sql(filt, p)
    chunks = f"FROM chunks c{join_sql(filt)}"
    count = "(SELECT count(*) FROM probe)"
    probe = f"SELECT 1 {chunks} WHERE {where} LIMIT {most + 1}"
    if not filt.chunk_metadata:  # the bench's filters: the workspace, or chunk metadata
        count = "(SELECT n FROM probe)"
        probe = (
            "SELECT coalesce((SELECT s.chunk_count FROM workspace_text_stats s"
            f" WHERE s.workspace_id = {p(uuid_or_none(filt.workspace_id))}::uuid), 0) AS n"
        )
    distance, limit = index.distance("c.embedding", q), p(TOP_K)
    p.text = (
        f"WITH probe AS MATERIALIZED ({probe}),"
        f" few AS MATERIALIZED (SELECT c.id, {distance} AS distance {chunks}"
        f" WHERE {where} AND c.embedding IS NOT NULL AND {count} <= {most} LIMIT {most}),"
        " nearest AS MATERIALIZED ("
        f"(SELECT id, distance FROM few ORDER BY distance, id LIMIT {limit})"
        f" UNION ALL (SELECT c.id, {distance} {chunks}"
        f" WHERE CASE WHEN {where} THEN true END AND c.embedding IS NOT NULL"
        f" AND {count} > {most} ORDER BY {index.nearest('c.embedding', q)} LIMIT {limit}))"
        f" SELECT {columns_sql(False)}, 1 - n.distance AS score"
        " FROM nearest n JOIN chunks c ON c.id = n.id JOIN documents d ON d.id = c.document_id"
        " ORDER BY n.distance, c.id"
    )
    return Statement("", str(DEFAULT_EF_SEARCH), p.text, tuple(p.args))


def with_settings(stmt: Statement, settings: dict[str, str]) -> Statement:
    """The statement with these settings changed or added in its SET LOCAL statement (which
    stays one statement, one round trip).

    The query gets a comment naming them: a prepared statement's cached plan is not made
    again when settings change, so each variant needs a statement of its own."""
    sql = stmt.settings or "SELECT 1"
    for name, value in settings.items():
        pattern = rf"set_config\('{re.escape(name)}', '[^']*', true\)"
        sql, found = re.subn(pattern, f"set_config('{name}', '{value}', true)", sql)
        if not found:
            sql += f", set_config('{name}', '{value}', true)"
    tag = ", ".join(f"{k}={v}" for k, v in settings.items())
    query = f"{stmt.sql} /* {tag} */" if settings else stmt.sql
    return Statement(sql, stmt.ef_search, query, stmt.args, stmt.count)


def on_halfvec(stmt: Statement, dim: int) -> Statement:
    """The same query as the adapter writes it for the halfvec expression index (exact
    distances kept)."""
    from adapters.postgres.knowledge.embedding_index import EmbeddingIndex

    vector, half = EmbeddingIndex("vector", dim), EmbeddingIndex("halfvec", dim)
    q = vector.query("$1")
    vector_order, half_order = vector.nearest("c.embedding", q), half.nearest("c.embedding", q)
    sql = stmt.sql.replace(f"ORDER BY {vector_order} LIMIT", f"ORDER BY {half_order} LIMIT")
    assert f"ORDER BY {half_order} LIMIT" in sql, "the adapter's SQL changed"
    return Statement(stmt.settings, stmt.ef_search, sql, stmt.args, stmt.count)


async def run_raw(conn: Any, stmt: Statement) -> list[Any]:
    if stmt.count is not None:
        await conn.fetch(stmt.count.sql, *stmt.count.args)  # as the repository reads it
    if not stmt.settings:
        return list(await conn.fetch(stmt.sql, *stmt.args))
    async with conn.transaction(readonly=True):
        await conn.execute(stmt.settings)
        return list(await conn.fetch(stmt.sql, *stmt.args))


def _access(plan: Any) -> str:
    """How a plan reaches chunks: the indexes it scans (primary keys left out) or a seq scan."""
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        name = node.get("Index Name", "")
        if name and not name.startswith("pk_") and node.get("Relation Name") != "documents":
            found.append(name)
        elif node.get("Relation Name") == "chunks" and "Seq Scan" in node["Node Type"]:
            found.append("seq scan")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return " + ".join(dict.fromkeys(found)) or "?"


async def exact_share(conn: Any, stmts: Sequence[Statement]) -> str:
    """How many of these statements took the exact branch (their HNSW scan never ran;
    EXPLAIN ANALYZE), as "k/n"."""

    def hnsw_ran(node: dict[str, Any]) -> bool:
        scanned = "hnsw" in node.get("Index Name", "") or "embedding" in node.get("Index Name", "")
        if scanned and node.get("Actual Loops", 0) > 0:
            return True
        return any(hnsw_ran(child) for child in node.get("Plans", []))

    exact = 0
    for stmt in stmts:
        async with conn.transaction(readonly=True):
            if stmt.settings:
                await conn.execute(stmt.settings)
            sql = f"EXPLAIN (ANALYZE, FORMAT JSON) {stmt.sql}"
            plan = await conn.fetchval(sql, *stmt.args)
        plan = json.loads(plan) if isinstance(plan, str) else plan
        exact += not hnsw_ran(plan[0]["Plan"])
    return f"{exact}/{len(stmts)}"


async def plan_of(conn: Any, stmts: Sequence[Statement]) -> str:
    """Which plans these statements (one query text, different values) get: the custom plan
    for each one's values, the generic plan, and which of the two the connection ran."""
    custom: dict[str, int] = {}
    async with conn.transaction(readonly=True):
        if stmts[0].settings:
            await conn.execute(stmts[0].settings)
        for stmt in stmts:
            plan = _access(await conn.fetchval(f"EXPLAIN (FORMAT JSON) {stmt.sql}", *stmt.args))
            custom[plan] = custom.get(plan, 0) + 1
        sql = f"EXPLAIN (FORMAT JSON, GENERIC_PLAN) {stmts[0].sql}"
        generic = _access(await conn.fetchval(sql, *stmts[0].args))
    if list(custom) == [generic]:
        return generic
    ran = await conn.fetchrow(
        "SELECT custom_plans, generic_plans FROM pg_prepared_statements WHERE statement = $1",
        stmts[0].sql,
    )
    shares = ", ".join(f"{plan} for {n}" for plan, n in custom.items())
    counts = f"; ran {ran[0]} custom, {ran[1]} generic" if ran else ""
    return f"custom plans: {shares}; generic plan: {generic}{counts}"


# --- the client -----------------------------------------------------------------------------------


class Bench:
    def __init__(self, info: dict[str, Any], args: argparse.Namespace, corpus: Corpus) -> None:
        from adapters.postgres.knowledge.nearest import EXACT_MAX_ROWS
        from strata.v1 import identity_pb2_grpc, knowledge_pb2_grpc
        from strata.v1 import knowledge_pb2 as pb

        self.pb = pb
        self.args, self.corpus = args, corpus
        self.ws = info["workspace"]
        self.md = (("authorization", f"Bearer {info['key']}"),)
        self.rw_url, self.admin_url = info["rw_url"], info["admin_url"]
        ports = (info["port"], info["unaudited_port"], info["bare_port"])
        self.channels = [grpc_channel(port) for port in ports]
        # The service as configured (auditing every call), the same without the audit trail,
        # and a bare servicer sending the same SQL (bench/bare_search.py).
        self.stub, self.unaudited, self.bare = (
            knowledge_pb2_grpc.KnowledgeServiceStub(ch) for ch in self.channels
        )
        self.identity = identity_pb2_grpc.IdentityServiceStub(self.channels[0])
        self.small_ws = ""  # the small workspace (SMALL_SHARE times fewer chunks)
        self.copy_ws = ""  # where COPY into chunks writes during ingest (emptied after)
        self.exact_max = EXACT_MAX_ROWS
        self.doc_index: dict[str, int] = {}  # document id -> its first row
        self.admin: Any = None
        self.adapter_conn: Any = None  # the adapter's COPY, with the service's vector codec
        self.hnsw = ("", "")  # name and definition of the migration's HNSW index on chunks
        self.raw: list[Any] = []
        self.cpu = CpuClock(info["pid"], info["data_dir"])
        self.cpu_rows: dict[str, int] = {}

    async def open(self) -> None:
        import asyncpg

        from adapters.postgres.infra.engine import SERVER_SETTINGS

        self.admin = await asyncpg.connect(self.admin_url)
        await register_vector_codec(self.admin)
        self.small_ws = await self.create_workspace("Small", "bench-small")
        self.copy_ws = await self.create_workspace("COPY into chunks", "bench-copy")
        for _ in range(max(self.args.concurrency)):
            # As the service's driver pool: its session settings and codecs; one per worker.
            conn = await asyncpg.connect(self.rw_url, server_settings=SERVER_SETTINGS)
            await _service_codecs(conn)
            self.raw.append(conn)

    async def close(self) -> None:
        for conn in [self.admin, self.adapter_conn, *self.raw]:
            if conn is not None:
                await conn.close()
        for ch in self.channels:
            await ch.close()

    async def create_workspace(self, name: str, slug: str) -> str:
        from strata.v1 import identity_pb2

        request = identity_pb2.CreateWorkspaceRequest(name=name, slug=slug)
        reply = await self.identity.CreateWorkspace(request, metadata=self.md)
        return str(reply.workspace.id)

    # --- ingest ---

    async def create_documents(
        self, rows: list[range], label: str, workspace: str | None = None
    ) -> list[str]:
        ids = []
        for first in rows:
            reply = await self.stub.CreateDocument(
                self.pb.CreateDocumentRequest(
                    workspace_id=workspace or self.ws,
                    title=f"{label} {first.start}",
                    mime_type="text/plain",
                ),
                metadata=self.md,
            )
            ids.append(reply.document.id)
            self.doc_index[reply.document.id] = first.start
        return ids

    def chunk_messages(self, rows: range) -> list[Any]:
        c = self.corpus
        out = []
        for ordinal, row in enumerate(rows):
            chunk = self.pb.Chunk(
                ordinal=ordinal,
                content=c.texts[row],
                embedding=c.data[row].tolist(),
                token_count=c.words,
            )
            chunk.metadata.update(Corpus.metadata(row))
            out.append(chunk)
        return out

    async def upsert(
        self,
        stub: Any,
        doc_ids: list[str],
        rows: list[range],
        progress: Progress,
        workspace: str | None = None,
    ) -> float:
        """UpsertChunks for these documents, --ingest-concurrency in flight; seconds taken
        (the request messages are built first, as copy's records are)."""
        requests = [
            self.pb.UpsertChunksRequest(
                workspace_id=workspace or self.ws,
                document_id=doc_id,
                chunks=self.chunk_messages(r),
            )
            for doc_id, r in zip(doc_ids, rows, strict=True)
        ]
        jobs = iter(requests)

        async def worker() -> None:
            for request in jobs:
                reply = await stub.UpsertChunks(request, metadata=self.md)
                assert reply.chunk_count == len(request.chunks)
                progress.advance(len(request.chunks))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(self.args.ingest_concurrency)))
        return time.perf_counter() - started

    def copy_records(
        self, doc_ids: list[str], rows: list[range], workspace: str
    ) -> Iterator[tuple[Any, ...]]:
        c = self.corpus
        for doc_id, r in zip(doc_ids, rows, strict=True):
            for ordinal, row in enumerate(r):
                yield (
                    doc_id,
                    workspace,
                    ordinal,
                    c.texts[row],
                    vector_bytes(c.data[row]),
                    c.words,
                    json.dumps(Corpus.metadata(row)),
                )

    async def copy(
        self, table: str, doc_ids: list[str], rows: list[range], workspace: str | None = None
    ) -> float:
        """COPY of these documents' rows (binary, its records built first); seconds taken."""
        columns = [
            "document_id",
            "workspace_id",
            "ordinal",
            "content",
            "embedding",
            "token_count",
            "metadata",
        ]
        records = list(self.copy_records(doc_ids, rows, workspace or self.ws))
        started = time.perf_counter()
        await self.admin.copy_records_to_table(table, records=records, columns=columns)
        return time.perf_counter() - started

    async def adapter_copy(self, table: str, doc_ids: list[str], rows: list[range]) -> float:
        """What SqlaChunkRepository.replace writes: its records, one binary COPY per document,
        in one transaction on a connection with the service's vector codec; seconds taken
        (the Chunk entities it is given are made first)."""
        import asyncpg

        from adapters.postgres.infra.vector_codec import register_vector
        from adapters.postgres.knowledge.chunk_copy import COLUMNS, records
        from domain.knowledge.model import Chunk

        c, now = self.corpus, datetime.now(UTC)
        docs = [
            (
                doc_id,
                [
                    Chunk(
                        str(uuid.uuid4()),
                        doc_id,
                        self.ws,
                        ordinal,
                        c.texts[row],
                        c.data[row].tolist(),
                        c.words,
                        Corpus.metadata(row),
                        now,
                    )
                    for ordinal, row in enumerate(r)
                ],
            )
            for doc_id, r in zip(doc_ids, rows, strict=True)
        ]
        if self.adapter_conn is None:  # kept open: its PostgreSQL CPU stays readable
            self.adapter_conn = await asyncpg.connect(self.admin_url)
            await register_vector(self.adapter_conn)
        conn = self.adapter_conn
        started = time.perf_counter()
        async with conn.transaction():
            for doc_id, chunks in docs:
                got = records(doc_id, self.ws, chunks, now)
                await conn.copy_records_to_table(table, records=got, columns=COLUMNS)
        return time.perf_counter() - started

    async def hnsw_index(self) -> tuple[str, str]:
        row = await self.admin.fetchrow(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'chunks' "
            "AND indexdef LIKE '%USING hnsw (embedding vector_cosine_ops)%'"
        )
        assert row is not None, "no HNSW index on chunks.embedding"
        return row["indexname"], row["indexdef"]

    def ingest_rows(
        self,
        label: str,
        rates: dict[str, list[float]],
        cpu: dict[str, list[float]] | None = None,
    ) -> None:
        """rows/s and ratios per path (medians of per-segment ratios); with `cpu`, the CPU
        milliseconds per 1,000 rows of the client, the server process and PostgreSQL."""
        into = "COPY into chunks (BM25 statistics triggers)"
        paths = ["COPY (asyncpg, binary)", *([into] if into in rates else [])]
        heads = ["÷ COPY", *(["÷ into"] if into in rates else [])]
        if cpu is not None:
            heads += ["client", "server", "PG", "CPU ms"]
        out(f"{'path':<44} {'rows/s':>9} " + " ".join(f"{h:>7}" for h in heads))
        for name, got in rates.items():
            cells = [
                statistics.median(g / c for g, c in zip(got, rates[p], strict=False)) for p in paths
            ]
            line = f"{name:<44} {statistics.median(got):>9,.0f} "
            line += " ".join(f"{c:>7.2f}" for c in cells)
            if cpu is not None:
                parts = cpu[name]
                line += " " + " ".join(f"{v:>7.0f}" for v in [*parts, sum(parts)])
            out(line)
        out(label)
        out()

    async def cpu_of(
        self, spent: dict[str, list[float]], name: str, rows: int, work: Awaitable[float]
    ) -> float:
        """`work`'s result, its CPU (ms per 1,000 rows: client, server, PostgreSQL) added
        to spent[name] as a running mean over the rows so far."""
        before = self.cpu.read()
        took = await work
        used = [(b - a) * 1e6 / rows for a, b in zip(before, self.cpu.read(), strict=True)]
        done = self.cpu_rows.get(name, 0)
        mean = spent.get(name, [0.0, 0.0, 0.0])
        spent[name] = [
            (m * done + u * rows) / (done + rows) for m, u in zip(mean, used, strict=True)
        ]
        self.cpu_rows[name] = done + rows
        return took

    async def bulk_ingest(self) -> None:
        """All chunks through UpsertChunks and the same rows by COPY, without the HNSW index."""
        a, c = self.args, self.corpus
        self.hnsw = await self.hnsw_index()
        await self.admin.execute(f'DROP INDEX "{self.hnsw[0]}"')
        await self.admin.execute(
            "DROP TABLE IF EXISTS bench_copy, bench_adapter; "
            "CREATE TABLE bench_copy (LIKE chunks INCLUDING ALL); "
            "ALTER TABLE bench_copy ADD FOREIGN KEY (document_id) REFERENCES documents (id); "
            "CREATE TABLE bench_adapter (LIKE chunks INCLUDING ALL); "
            "ALTER TABLE bench_adapter ADD FOREIGN KEY (document_id) REFERENCES documents (id)"
        )
        docs = c.n // c.batch
        rows = c.documents(0, docs)
        note(f"creating {docs} documents, and as many in another workspace for COPY...")
        ids = await self.create_documents(rows, "bench")
        copy_ids = await self.create_documents(rows, "copy", self.copy_ws)
        progress = Progress("UpsertChunks", c.n)
        paths = [
            f"UpsertChunks ({a.batch}/call, {a.ingest_concurrency} in flight)",
            "UpsertChunks, no audit trail",
            "COPY (asyncpg, binary)",
            "the adapter's COPY (its records and codecs)",
            "COPY into chunks (BM25 statistics triggers)",
        ]
        rates: dict[str, list[float]] = {p: [] for p in paths}
        cpu: dict[str, list[float]] = {}
        for s in range(a.segments):
            first, last = s * docs // a.segments, (s + 1) * docs // a.segments
            mid = (first + last + 1) // 2
            for name, stub, part in (
                (paths[0], self.stub, slice(first, mid)),
                (paths[1], self.unaudited, slice(mid, last)),
            ):
                if part.stop > part.start:
                    n = sum(map(len, rows[part]))
                    work = self.upsert(stub, ids[part], rows[part], progress)
                    rates[name].append(n / await self.cpu_of(cpu, name, n, work))
            with progress.paused():
                part = slice(first, last)
                n = sum(map(len, rows[part]))
                for name, work in (
                    (paths[2], self.copy("bench_copy", ids[part], rows[part])),
                    (paths[3], self.adapter_copy("bench_adapter", ids[part], rows[part])),
                    (paths[4], self.copy("chunks", copy_ids[part], rows[part], self.copy_ws)),
                ):
                    rates[name].append(n / await self.cpu_of(cpu, name, n, work))
        note("emptying the COPY workspace, filling the small one...")
        await self.admin.execute("DELETE FROM documents WHERE workspace_id = $1", self.copy_ws)
        await self.small_workspace()
        stored = await self.admin.fetchval(
            "SELECT count(*) FROM chunks WHERE workspace_id = $1", self.ws
        )
        assert stored == c.n, f"{stored} chunks stored, {c.n} sent"
        await self.admin.execute("DROP TABLE bench_copy, bench_adapter")
        note("VACUUM ANALYZE...")
        await self.admin.execute("VACUUM ANALYZE chunks")
        await self.admin.execute("VACUUM ANALYZE documents")
        out(
            f"## Ingest without the HNSW index ({c.n:,} chunks of {a.dim} dims, "
            f"{a.words} words, {len(SELECTIVITIES)} metadata keys)"
        )
        self.ingest_rows(
            f"(medians of {a.segments} interleaved segments: the first half of each segment's "
            "documents audited, the second not; then all its rows by one COPY, and by the "
            "adapter's COPY per document in one transaction, each into a table LIKE chunks "
            "INCLUDING ALL plus its foreign key, which has no triggers; then by one COPY into "
            "chunks itself, for documents of another workspace (deleted after). UpsertChunks "
            "keeps the workspace's BM25 statistics exact in its transaction, as COPY into "
            "chunks does: statement triggers on chunks, migration 0006. The inputs, request "
            "messages, COPY records and the adapter's Chunk entities, are built before timing; "
            "÷ into: ratio to COPY into chunks; client, server, PG: CPU ms per 1,000 rows of "
            "this process, the server process and PostgreSQL's processes, CPU ms their sum, "
            "including what each builds before its timing starts)",
            rates,
            cpu,
        )

    async def copy_load(self) -> None:
        """Only the searched data, quickly: every chunk by COPY into chunks itself (statistics
        triggers and all) without the HNSW index, then the migration's index rebuilt."""
        c = self.corpus
        self.hnsw = await self.hnsw_index()
        await self.admin.execute(f'DROP INDEX "{self.hnsw[0]}"')
        small = [range(r, min(r + c.batch, c.small.stop)) for r in c.small[:: c.batch]]
        for rows, workspace in ((c.documents(0, c.n // c.batch), self.ws), (small, self.small_ws)):
            note(f"COPY of {sum(map(len, rows)):,} chunks into chunks...")
            ids = await self.create_documents(rows, "bench", workspace)
            for first in range(0, len(ids), 10):
                part = slice(first, first + 10)
                await self.copy("chunks", ids[part], rows[part], workspace)
        note("building the HNSW index, VACUUM ANALYZE...")
        await self.admin.execute(f"SET maintenance_work_mem = '{self.args.build_memory}'")
        await self.admin.execute(self.hnsw[1])
        await self.admin.execute("RESET maintenance_work_mem")
        await self.admin.execute("VACUUM ANALYZE chunks")
        await self.admin.execute("VACUUM ANALYZE documents")

    async def small_workspace(self) -> None:
        """The small workspace's chunks, through UpsertChunks, in documents of `batch`."""
        c = self.corpus
        rows = [range(r, min(r + c.batch, c.small.stop)) for r in c.small[:: c.batch]]
        ids = await self.create_documents(rows, "small", self.small_ws)
        progress = Progress("small workspace", len(c.small))
        await self.upsert(self.stub, ids, rows, progress, self.small_ws)

    async def build_indexes(self) -> None:
        a = self.args
        await self.admin.execute(f"SET maintenance_work_mem = '{a.build_memory}'")
        workers = await self.admin.fetchval("SHOW max_parallel_maintenance_workers")
        heap, toast = await self.admin.fetchrow(
            "SELECT pg_relation_size(oid), pg_relation_size(reltoastrelid) "
            "FROM pg_class WHERE relname = 'chunks'"
        )
        out(
            f"## Index builds ({self.corpus.n:,} rows; maintenance_work_mem {a.build_memory}, "
            f"max_parallel_maintenance_workers {workers}; chunks: heap {heap / 2**20:,.0f} MiB, "
            f"TOAST {toast / 2**20:,.0f} MiB)"
        )
        out(f"{'index':<44} {'build s':>8} {'MiB':>7}")
        name, definition = self.hnsw  # the migration's index, recreated as it was
        half = (
            f"CREATE INDEX {HALF_INDEX} ON chunks USING hnsw "
            f"((embedding::halfvec({a.dim})) halfvec_cosine_ops) "
            "WITH (m = 16, ef_construction = 64)"
        )
        for label, index, sql in (
            ("hnsw vector_cosine_ops (the migration's)", name, definition),
            (f"hnsw (embedding::halfvec({a.dim})) halfvec_cosine", HALF_INDEX, half),
        ):
            note(f"building {label}...")
            started = time.perf_counter()
            await self.admin.execute(sql)
            took = time.perf_counter() - started
            size = await self.admin.fetchval("SELECT pg_relation_size($1::regclass)", index)
            out(f"{label:<44} {took:>8.1f} {size / 2**20:>7.0f}")
        await self.admin.execute("RESET maintenance_work_mem")
        out()

    # --- search ---

    def rows_of(self, chunks: Sequence[tuple[str, int]]) -> list[int]:
        return [self.doc_index[doc] + ordinal for doc, ordinal in chunks]

    def search_request(
        self,
        query: np.ndarray,
        ef: int = 0,
        metadata: dict[str, str] | None = None,
        workspace: str | None = None,
    ) -> Any:
        request = self.pb.SearchChunksRequest(
            workspace_id=workspace or self.ws,
            query_embedding=query.tolist(),
            mode=self.pb.SEARCH_MODE_VECTOR,
            top_k=TOP_K,
            ef_search=ef,
        )
        if metadata:
            request.chunk_metadata.update(metadata)
        return request

    async def rpc(self, request: Any) -> list[int]:
        reply = await self.stub.SearchChunks(request, metadata=self.md)
        return self.rows_of([(h.chunk.document_id, h.chunk.ordinal) for h in reply.results])

    async def raw_rows(self, stmt: Statement) -> list[int]:
        rows = await run_raw(self.raw[0], stmt)
        return self.rows_of([(r["document_id"], r["ordinal"]) for r in rows])

    async def statements(self, ef: int | None = None) -> list[Statement]:
        filt = search_filter(self.ws)
        conn, dim = self.raw[0], self.args.dim
        return [await adapter_statement(conn, filt, q, dim, ef) for q in self.corpus.queries]

    @staticmethod
    def result_row(label: str, found: list[list[int]], lat: list[float], truth: np.ndarray) -> None:
        p50, p99 = ms(lat)
        rows = statistics.fmean(len(f) for f in found)
        out(f"{label:<44} {rows:>5.1f} {recall(found, truth):>7.3f} {p50:>7.2f} {p99:>7.2f}")

    async def recall_table(self) -> None:
        a, c = self.args, self.corpus
        out(f"## Recall@{TOP_K} against exact search ({len(c.queries)} queries, one at a time)")
        out(f"{'search':<44} {'rows':>5} {'recall':>7} {'p50 ms':>7} {'p99 ms':>7}")
        stmts = await self.statements()
        default = stmts[0].ef_search
        for ef in [0, *a.ef]:
            note(f"SearchChunks at ef_search {ef or 'default'}...")
            requests = [self.search_request(q, ef) for q in c.queries]
            found, lat = await sweep(self.rpc, requests)
            label = f"SearchChunks, ef_search {ef or default}" + (" (default)" if not ef else "")
            self.result_row(label, found, lat, c.truth)
        note("the adapter's SQL on the vector and halfvec indexes, and exact...")
        half = [on_halfvec(s, a.dim) for s in stmts]
        exact = [with_settings(s, {"enable_indexscan": "off"}) for s in stmts[: a.exact_queries]]
        plans = []
        for label, items in (
            (f"adapter SQL, vector, ef_search {default}", stmts),
            (f"adapter SQL, halfvec, ef_search {default}", half),
            ("adapter SQL, exact (enable_indexscan off)", exact),
        ):
            found, lat = await sweep(self.raw_rows, items)
            self.result_row(label, found, lat, c.truth[: len(items)])
            plans.append(f"  {label}: {await plan_of(self.raw[0], items)}")
        out(f"(rows: mean rows returned; exact: the first {len(exact)} queries; plans:")
        out("\n".join(plans) + ")")
        out()
        await self.admin.execute(f"DROP INDEX {HALF_INDEX}")

    async def latency_table(self) -> None:
        a, c = self.args, self.corpus
        requests = [self.search_request(q) for q in c.queries]
        stmts = await self.statements()

        def rpc(stub: Any) -> Callable[[Any], Awaitable[object]]:
            return lambda request: stub.SearchChunks(request, metadata=self.md)

        out(f"## SearchChunks against the adapter's SQL on asyncpg (vector, top_k {TOP_K})")
        out(
            f"{'target':<26} {'conc':>4} {'qps':>7} {'p50 ms':>7} {'p99 ms':>7} "
            f"{'p50 ÷ raw':>9} {'qps ÷ raw':>9}"
        )
        for conc in a.concurrency:
            workers = range(conc)
            targets: dict[str, list[Callable[[], Awaitable[object]]]] = {
                "SearchChunks": [cycling(rpc(self.stub), requests, w * 17) for w in workers],
                "SearchChunks, no audit": [
                    cycling(rpc(self.unaudited), requests, w * 17) for w in workers
                ],
                "bare gRPC, same SQL": [cycling(rpc(self.bare), requests, w * 17) for w in workers],
                "raw asyncpg": [
                    cycling(lambda s, cn=self.raw[w]: run_raw(cn, s), stmts, w * 17)
                    for w in workers
                ],
            }
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
            for r in range(a.rounds):
                note(f"  round {r + 1}/{a.rounds}: {conc} in flight, {a.seconds:.0f}s per target")
                for name, calls in targets.items():
                    runs[name].append(await measure(calls, a.seconds))
            raw = runs["raw asyncpg"]
            for name, got in runs.items():
                med = {k: statistics.median(m[k] for m in got) for k in ("qps", "p50", "p99")}
                p50r = statistics.median(m["p50"] / b["p50"] for m, b in zip(got, raw, strict=True))
                qpsr = statistics.median(m["qps"] / b["qps"] for m, b in zip(got, raw, strict=True))
                out(
                    f"{name:<26} {conc:>4} {med['qps']:>7.0f} {med['p50']:>7.2f} "
                    f"{med['p99']:>7.2f} {p50r:>9.2f} {qpsr:>9.2f}"
                )
        out(
            f"(medians of {a.rounds} interleaved rounds of {a.seconds:.0f}s per target, ratios "
            "per round; raw: the adapter's statements as it sends them, on connections with the "
            "service's session settings, one per worker; bare gRPC: bench/bare_search.py, a "
            "servicer sending the same SQL with no auth, checks or audit, i.e. the floor of any "
            "grpc.aio service here; target: SearchChunks p50 ≤ 1.3 x raw)"
        )
        out()

    def filtered_cases(self) -> list[tuple[str, list[Any], np.ndarray]]:
        """(label, each query's filter, the exact answers): none beyond the big workspace,
        each selectivity, and the small workspace (no filter beyond it)."""
        c = self.corpus
        whole = f"none (the workspace, {c.n:,} chunks)"
        cases = [(whole, [search_filter(self.ws)] * len(c.queries), c.truth)]
        for m in c.filtered_truth:
            label = f"chunk metadata, {100 / m:g} % ({c.n // m:,} chunks)"
            filters = [
                search_filter(self.ws, Corpus.query_filter(i, m)) for i in range(len(c.queries))
            ]
            cases.append((label, filters, c.filtered_truth[m]))
        small = f"small workspace ({len(c.small):,} chunks of {c.n + len(c.small):,})"
        cases.append((small, [search_filter(self.small_ws)] * len(c.queries), c.small_truth))
        return cases

    async def filtered_table(self) -> None:
        """Filtered searches at several selectivities: the adapter's statements (a count, then
        exact ranking when few chunks pass, else HNSW) against the one statement it sent
        before, the HNSW-only statement, and SearchChunks; the four in turn for each query."""
        a, c = self.args, self.corpus
        out(f"## Filtered searches (top_k {TOP_K}, default ef_search; {len(c.queries)} queries)")
        out(
            f"{'filter':<41} {'path':<28} {'rows':>5} {'recall':>7} {'p50 ms':>7} "
            f"{'p99 ms':>7} {'exact':>6}"
        )
        for label, filters, truth in self.filtered_cases():
            note(f"filtered: {label}...")
            pairs = list(zip(filters, c.queries, strict=True))
            new = [await adapter_statement(self.raw[0], f, q, a.dim) for f, q in pairs]
            before = [adapter_sql_before(f, q, a.dim) for f, q in pairs]
            old = [hnsw_only_statement(f, q, a.dim) for f, q in pairs]
            requests = [
                self.search_request(q, 0, dict(f.chunk_metadata), f.workspace_id) for f, q in pairs
            ]
            calls: dict[str, tuple[Callable[[Any], Awaitable[list[int]]], list[Any]]] = {
                "adapter: count, exact|HNSW": (self.raw_rows, new),
                "count inside one statement": (self.raw_rows, before),
                "HNSW only (the former SQL)": (self.raw_rows, old),
                "SearchChunks": (self.rpc, requests),
            }
            paths: dict[str, tuple[list[list[int]], list[float]]] = {n: ([], []) for n in calls}
            for call, items in calls.values():
                for item in items[:5]:  # warm-up
                    await call(item)
            names = list(calls)
            for i in range(len(c.queries)):
                # Each path first as often as the others: the first to search a query meets
                # its index pages and vectors cold, those after find them in the CPU's caches.
                for name in names[i % len(names) :] + names[: i % len(names)]:
                    call, items = calls[name]
                    started = time.perf_counter()
                    rows = await call(items[i])
                    paths[name][1].append(time.perf_counter() - started)
                    paths[name][0].append(rows)
            explained = slice(0, a.plan_queries)
            shares = {
                "adapter: count, exact|HNSW": await exact_share(self.raw[0], new[explained]),
                "count inside one statement": await exact_share(self.raw[0], before[explained]),
            }
            for name, (found, lat) in paths.items():
                p50, p99 = ms(lat)
                rows = statistics.fmean(len(f) for f in found)
                share = shares.get(name, "")
                out(
                    f"{label:<41} {name:<28} {rows:>5.1f} {recall(found, truth):>7.3f} "
                    f"{p50:>7.2f} {p99:>7.2f} {share:>6}"
                )
        out(
            f"(recall against the exact top {TOP_K} among the chunks the filter keeps; the "
            "four paths in turn for each query, each first for a quarter of the queries, after 5 "
            "queries of warm-up each; adapter: the "
            "count of the chunks the filter keeps (up to 1,001; a workspace's kept count), then "
            "the exact or the HNSW statement, both sent on one connection; count inside one "
            "statement: the count gating both, as the adapter sent it before; HNSW only: the "
            f"statement before exact ranking existed; exact: of the first {a.plan_queries} "
            "queries, how many were ranked exactly, the HNSW scan never running (EXPLAIN "
            "ANALYZE))"
        )
        out()

    async def candidates(self) -> list[int]:
        """Per question, how many chunks hold any of its words (the workspace's text search
        configuration: stopwords dropped, words stemmed)."""
        config = await self.admin.fetchval(
            "SELECT split_part(pg_get_expr(d.adbin, d.adrelid), '', 2) FROM pg_attrdef d "
            "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE d.adrelid = 'chunks'::regclass AND a.attname = 'content_tsv'"
        )
        counts = []
        for question in self.corpus.questions:
            words = " | ".join(question.split())
            counts.append(
                await self.admin.fetchval(
                    "SELECT count(*) FROM chunks WHERE workspace_id = $1 "
                    "AND content_tsv @@ to_tsquery($2::regconfig, $3)",
                    self.ws,
                    config or "english",
                    words,
                )
            )
        return counts

    async def text_table(self) -> None:
        """SearchChunks FULLTEXT and HYBRID against VECTOR: p50 per round, in interleaved
        rounds (each round every mode sweeps every query once, the modes' order rotating)."""
        a, c = self.args, self.corpus
        modes = {"VECTOR": self.pb.SEARCH_MODE_VECTOR}
        modes |= {"FULLTEXT": self.pb.SEARCH_MODE_FULLTEXT, "HYBRID": self.pb.SEARCH_MODE_HYBRID}
        requests = {
            name: [
                self.pb.SearchChunksRequest(
                    workspace_id=self.ws,
                    query_embedding=[] if name == "FULLTEXT" else q.tolist(),
                    query_text="" if name == "VECTOR" else text,
                    mode=mode,
                    top_k=TOP_K,
                )
                for q, text in zip(c.queries, c.questions, strict=True)
            ]
            for name, mode in modes.items()
        }
        rounds: dict[str, list[tuple[float, float, float]]] = {name: [] for name in modes}
        for r in range(a.text_rounds):
            order = list(modes)[r % 3 :] + list(modes)[: r % 3]
            note(f"  text round {r + 1}/{a.text_rounds}: {', '.join(order)}")
            for name in order:
                found, lat = await sweep(self.rpc, requests[name])
                rounds[name].append((*ms(lat), statistics.fmean(len(f) for f in found)))
        counts = await self.candidates()
        words = statistics.median(len(q.split()) for q in c.questions)
        out(
            f"## SearchChunks by mode ({len(c.queries)} questions of 3-10 words, median "
            f"{words:g}; chunks of {a.words} words, Zipf s={a.zipf} over {a.vocabulary:,} words)"
        )
        out(f"{'mode':<10} {'rows':>5} {'p50 ms':>7} {'p99 ms':>7} {'p50 ÷ VECTOR':>13}")
        vector = rounds["VECTOR"]
        for name, got in rounds.items():
            ratio = statistics.median(g[0] / v[0] for g, v in zip(got, vector, strict=True))
            p50, p99, rows = (statistics.median(g[i] for g in got) for i in range(3))
            out(f"{name:<10} {rows:>5.1f} {p50:>7.2f} {p99:>7.2f} {ratio:>13.2f}")
        out(
            f"(medians of {a.text_rounds} interleaved rounds, ratios per round; target: "
            f"FULLTEXT and HYBRID p50 <= 1.5 x VECTOR; chunks holding any word of a question: "
            f"median {statistics.median(counts):,.0f} of {c.n:,}, quartiles "
            f"{np.percentile(counts, 25):,.0f}-{np.percentile(counts, 75):,.0f}; "
            f"shared_buffers {await self.admin.fetchval('SHOW shared_buffers')})"
        )
        out()

    async def indexed_ingest(self) -> None:
        """UpsertChunks against COPY into chunks itself, with the HNSW index in place."""
        a, c = self.args, self.corpus
        docs = a.indexed_ingest // c.batch
        if docs < 3:
            return
        rows = c.documents(c.n, docs)
        ids = await self.create_documents(rows, "indexed")
        progress = Progress("ingest with HNSW", docs * c.batch)
        paths = ["UpsertChunks", "UpsertChunks, no audit trail", "COPY (asyncpg, binary)"]
        rates: dict[str, list[float]] = {p: [] for p in paths}
        for i in range(docs):
            one = slice(i, i + 1)
            if i % 3 < 2:
                stub = (self.stub, self.unaudited)[i % 3]
                took = await self.upsert(stub, ids[one], rows[one], progress)
            else:
                took = await self.copy("chunks", ids[one], rows[one])
                progress.advance(c.batch)
            rates[paths[i % 3]].append(c.batch / took)
        out(f"## Ingest with the HNSW index in place ({c.n:,} rows indexed, {c.batch} per call)")
        self.ingest_rows(
            f"(medians over documents of {c.batch} rows, the three paths in turn; "
            "COPY into chunks itself)",
            rates,
        )


def grpc_channel(port: int) -> Any:
    import grpc

    return grpc.aio.insecure_channel(
        f"127.0.0.1:{port}", options=[("grpc.max_send_message_length", 64 * 2**20)]
    )


async def _client(info: dict[str, Any], args: argparse.Namespace, corpus: Corpus) -> None:
    bench = Bench(info, args, corpus)
    await bench.open()
    try:
        if args.only == "filtered":
            await bench.copy_load()
            await bench.filtered_table()
            return
        if args.only == "ingest":
            await bench.bulk_ingest()
            return
        if args.only == "modes":
            await bench.copy_load()
            await bench.text_table()
            return
        await bench.bulk_ingest()
        await bench.build_indexes()
        await bench.recall_table()
        await bench.latency_table()
        await bench.filtered_table()
        await bench.text_table()
        await bench.indexed_ingest()
    finally:
        await bench.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch", type=int, default=1000, help="chunks per document and call")
    parser.add_argument("--ingest-concurrency", type=int, default=1, help="UpsertChunks in flight")
    parser.add_argument("--segments", type=int, default=4, help="interleaved ingest segments")
    parser.add_argument("--ef", type=int, nargs="*", default=[40, 200], help="besides default")
    parser.add_argument("--seconds", type=float, default=3.0, help="per target and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--exact-queries", type=int, default=20)
    parser.add_argument("--build-memory", default="1GB", help="maintenance_work_mem for builds")
    parser.add_argument("--indexed-ingest", type=int, default=6000, help="rows, 0: skip")
    parser.add_argument("--centers", type=int, default=100)
    parser.add_argument("--noise", type=float, default=1.0, help="per dimension, centres ~ 1")
    parser.add_argument("--words", type=int, default=40, help="per chunk")
    parser.add_argument("--vocabulary", type=int, default=30_000, help="distinct words")
    parser.add_argument("--zipf", type=float, default=1.07, help="exponent of word frequencies")
    parser.add_argument("--plan-queries", type=int, default=20, help="explained per filter")
    parser.add_argument("--text-rounds", type=int, default=3, help="VECTOR/FULLTEXT/HYBRID")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--only",
        choices=["filtered", "ingest", "modes"],
        help="filtered: load by COPY and measure filtered searches only; "
        "ingest: only the ingest without the HNSW index; "
        "modes: load by COPY and measure SearchChunks by mode only",
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.chunks % args.batch or args.indexed_ingest % args.batch:
        parser.error("--chunks and --indexed-ingest must be multiples of --batch")
    if args.serve:
        asyncio.run(_serve(args.serve, args.dim))
        return
    note(f"generating {args.chunks:,} vectors of {args.dim} dims and the exact answers...")
    corpus = make_corpus(args)
    with tempfile.TemporaryDirectory(prefix="strata-vector-bench-") as tmp:
        os.chmod(tmp, 0o755)
        note("starting the server process (embedded PostgreSQL, migrations)...")
        command = [sys.executable, __file__, "--serve", str(Path(tmp) / "data")]
        command += ["--dim", str(args.dim)]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=os.environ)
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            if not line:
                raise SystemExit("the server process failed to start")
            asyncio.run(_client(json.loads(line), args, corpus))
        finally:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
