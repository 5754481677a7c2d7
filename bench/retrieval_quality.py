"""Retrieval quality: SearchChunks VECTOR, FULLTEXT and HYBRID on CISI against references.

    .venv/bin/python bench/retrieval_quality.py [--data ../shared/eval/cisi]
        [--k1 K1] [--b B] [--request rrf_k=60 --request fusion=CONVEX ...]
        [--stemmer porter|english] [--stopwords postgres|none] [--top-k 100] [--sweep]

A server process (embedded PostgreSQL in a temp dir, migrated with STRATA_EMBEDDING_DIM=384;
STRATA_BM25_K1 / STRATA_BM25_B only when --k1 / --b are given) is loaded through the gRPC API:
a workspace, one document per abstract (its title) with one chunk (`title + ". " + text` and
its precomputed MiniLM embedding). Each judged query is then searched in every mode
(query_text the question, query_embedding its precomputed row) and scored by nDCG@10, MAP@100,
Recall@100 and MRR@10 (bench/retrieval_metrics.py), beside references computed in this run
(bench/retrieval_references.py): exact dense cosine, BM25 (rank_bm25) and their reciprocal
rank fusion. `--request name=value` sets a SearchChunksRequest field by name, when the
service has it. `--sweep` adds HYBRID under each of SWEEP's fusion settings (nDCG and the
other metrics, no latency). Prints one table, then each target of issue #10 as PASS or
FAIL; exits 0.

A question longer than the service's query_text limits is sent shortened to them (the
error names the limit); the BM25 references rank the text as sent, and a further row
ranks the full questions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval_client import Collection, QualityClient, load_collection, note, request_options
from retrieval_metrics import mean_scores
from retrieval_references import Analyzer, Bm25Reference, dense_rank, reciprocal_rank_fusion

ROOT = Path(__file__).resolve().parents[1]
DIM = 384
MODES = ("VECTOR", "FULLTEXT", "HYBRID")
FUSION_CANDIDATES = 200
README_BM25 = (1.5, 0.75)


async def _serve(data_dir: str) -> None:
    """Runs in the server process: PostgreSQL, migrations (vector(384)), Strata, a key."""
    from entrypoints.container import build_container, start
    from entrypoints.grpc.server import AuditOptions, start_server
    from entrypoints.runtime import prepare_database, seed_demo
    from entrypoints.settings import load_settings

    environ = {
        "STRATA_DATA_DIR": data_dir,
        "STRATA_LOG_LEVEL": "WARNING",
        "STRATA_EMBEDDING_DIM": str(DIM),
        "STRATA_SLOW_QUERY_MS": "600000",
    }
    environ |= {k: v for k, v in os.environ.items() if k in ("STRATA_BM25_K1", "STRATA_BM25_B")}
    settings = load_settings(environ=environ)
    container = build_container(settings, await prepare_database(settings))
    await start(container)
    server = await start_server(container, "127.0.0.1:0", audit=AuditOptions(enabled=False))
    seed = await seed_demo(container)
    print(json.dumps({"port": server.port, "key": seed.api_key}), flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await server.stop(1.0)


@dataclass
class References:
    rankings: dict[str, dict[int, list[int]]]  # by label, in the table's order
    dense: str  # the labels the targets compare with
    bm25: str
    fusion: str
    bm25_as_served: str  # BM25 with the service's k1 and b, when given
    has_term: dict[int, bool]  # whether a query has any term of the collection's vocabulary
    analysis: str  # how the BM25 references make terms


def bm25_settings(args: argparse.Namespace) -> list[tuple[float, float]]:
    """The README's k1 and b, then the service's when --k1 or --b differ from them."""
    if args.k1 is None and args.b is None:
        return [README_BM25]
    given = (
        README_BM25[0] if args.k1 is None else args.k1,
        README_BM25[1] if args.b is None else args.b,
    )
    return [README_BM25] if given == README_BM25 else [README_BM25, given]


def references(data: Collection, sent: dict[int, str], args: argparse.Namespace) -> References:
    note("computing the references (exact dense, BM25, their fusion)...")
    analyzer = Analyzer(args.stemmer, keep_stopwords=args.stopwords == "none")
    top = max(args.top_k, FUSION_CANDIDATES)
    dense = {
        q: dense_rank(data.doc_vectors, data.doc_ids, data.query_vector(q), top) for q in data.qrels
    }
    rankings = {"exact dense cosine": {q: r[: args.top_k] for q, r in dense.items()}}
    labels = []
    for k1, b in bm25_settings(args):
        bm25 = Bm25Reference(data.chunk_texts, data.doc_ids, analyzer, k1, b)
        labels.append(f"BM25 reference k1 {k1:g} b {b:g}")
        rankings[labels[-1]] = {q: bm25.rank(sent[q], top) for q in data.qrels}
        if (k1, b) == README_BM25:
            has_term = {q: bm25.has_indexed_term(sent[q]) for q in data.qrels}
            if any(sent[q] != data.queries[q] for q in data.qrels):
                rankings[labels[-1] + ", full questions"] = {
                    q: bm25.rank(data.queries[q], args.top_k) for q in data.qrels
                }
    fusion = f"RRF of dense and BM25 (k 60, {FUSION_CANDIDATES} each)"
    rankings[fusion] = {
        q: reciprocal_rank_fusion(
            [dense[q][:FUSION_CANDIDATES], rankings[labels[0]][q][:FUSION_CANDIDATES]]
        )[: args.top_k]
        for q in data.qrels
    }
    for label in labels:
        rankings[label] = {q: r[: args.top_k] for q, r in rankings[label].items()}
    stopwords = "no stopwords" if args.stopwords == "none" else "PostgreSQL's English stopwords"
    analysis = f"PyStemmer {args.stemmer}, {stopwords}"
    return References(
        rankings, "exact dense cosine", labels[0], fusion, labels[-1], has_term, analysis
    )


async def measure_service(
    client: QualityClient, data: Collection, sent: dict[int, str], rounds: int
) -> dict[str, tuple[dict[int, list[int]], list[float]]]:
    """Each mode's ranking of every judged query, and the latencies of `rounds` passes
    (interleaved by query, after one pass to warm up)."""
    found: dict[str, dict[int, list[int]]] = {mode: {} for mode in MODES}
    latencies: dict[str, list[float]] = {mode: [] for mode in MODES}
    for r in range(rounds + 1):
        note(
            f"  {'warm-up pass' if r == 0 else f'round {r}/{rounds}'}:"
            f" {len(data.qrels)} queries x {len(MODES)} modes"
        )
        for q in data.qrels:
            for mode in MODES:
                ranking, seconds = await client.search(mode, sent[q], data.query_vector(q))
                found[mode][q] = ranking
                if r:
                    latencies[mode].append(seconds)
    return {mode: (found[mode], latencies[mode]) for mode in MODES}


# HYBRID's fusion settings tried by --sweep: RRF's k, then CONVEX's alpha.
SWEEP = [{"rrf_k": k} for k in (10, 20, 30, 60, 100)] + [
    {"fusion": "CONVEX", "alpha": a} for a in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
]


async def sweep_fusion(
    client: QualityClient, data: Collection, sent: dict[int, str]
) -> dict[str, dict[int, list[int]]]:
    """HYBRID's ranking of every judged query under each of SWEEP's settings."""
    out: dict[str, dict[int, list[int]]] = {}
    for setting in SWEEP:
        label = "HYBRID " + " ".join(f"{k}={v}" for k, v in setting.items())
        note(f"  {label}")
        fields = request_options(
            [f"{k}={v}" for k, v in setting.items()], client.pb.SearchChunksRequest()
        )
        out[label] = {
            q: (await client.search("HYBRID", sent[q], data.query_vector(q), **fields))[0]
            for q in data.qrels
        }
    return out


def report(
    data: Collection,
    refs: References,
    served: dict[str, tuple[dict[int, list[int]], list[float]]],
    shortened_count: int,
    swept: dict[str, dict[int, list[int]]],
) -> None:
    scores = {label: mean_scores(r, data.qrels) for label, r in refs.rankings.items()}
    width = max(len(label) for label in [*refs.rankings, "SearchChunks FULLTEXT"]) + 2
    print(f"{'system':<{width}} nDCG@10  MAP@100  Recall@100  MRR@10  empty  p50 ms")
    for mode, (rankings, latencies) in served.items():
        label = f"SearchChunks {mode}"
        scores[label] = mean_scores(rankings, data.qrels)
        empty = sum(not rankings[q] for q in data.qrels)
        p50 = statistics.median(latencies) * 1000
        print(_row(label, width, scores[label]) + f"  {empty:>5}  {p50:>6.1f}")
    for label in refs.rankings:
        empty = sum(not refs.rankings[label][q] for q in data.qrels)
        print(_row(label, width, scores[label]) + f"  {empty:>5}       -")
    print(
        f"({len(data.qrels)} judged queries; {shortened_count} sent shortened to the service's"
        " query_text limits, the BM25 references ranking the same text; empty: queries with no"
        f" hit; BM25 terms: {refs.analysis})"
    )
    if swept:
        print(f"{'fusion setting':<{width}} nDCG@10  MAP@100  Recall@100  MRR@10  nDCG@10 halves")
    halves = [
        {q: r for i, (q, r) in enumerate(sorted(data.qrels.items())) if i % 2 == h} for h in (0, 1)
    ]
    for label, rankings in swept.items():
        split = [mean_scores(rankings, half)["nDCG@10"] for half in halves]
        row = _row(label, width, mean_scores(rankings, data.qrels))
        print(row + f"  {split[0]:.3f} / {split[1]:.3f}")
    print()
    for verdict in targets(data, refs, served, scores):
        print(verdict)


def _row(label: str, width: int, s: dict[str, float]) -> str:
    return (
        f"{label:<{width}} {s['nDCG@10']:>7.3f}  {s['MAP@100']:>7.3f}  {s['Recall@100']:>10.3f}"
        f"  {s['MRR@10']:>6.3f}"
    )


def targets(
    data: Collection,
    refs: References,
    served: dict[str, tuple[dict[int, list[int]], list[float]]],
    scores: dict[str, dict[str, float]],
) -> list[str]:
    """Issue #10's targets, each a line starting PASS or FAIL."""
    ndcg = {label: s["nDCG@10"] for label, s in scores.items()}
    full, hybrid = ndcg["SearchChunks FULLTEXT"], ndcg["SearchChunks HYBRID"]
    lines = []
    for label in dict.fromkeys([refs.bm25, refs.bm25_as_served]):
        floor = 0.95 * ndcg[label]
        lines.append(
            _verdict(
                full >= floor,
                f"FULLTEXT nDCG@10 {full:.3f} >= 0.95 x {label} {ndcg[label]:.3f} = {floor:.3f}",
            )
        )
    with_terms = [q for q in data.qrels if refs.has_term[q]]
    for mode in ("FULLTEXT", "HYBRID"):
        empty = sum(not served[mode][0][q] for q in with_terms)
        lines.append(
            _verdict(
                empty == 0,
                f"{mode}: {empty} empty results among the {len(with_terms)} queries"
                " with an indexed term",
            )
        )
    lines.append(
        _verdict(
            hybrid >= ndcg[refs.fusion],
            f"HYBRID nDCG@10 {hybrid:.3f} >= {refs.fusion} {ndcg[refs.fusion]:.3f}",
        )
    )
    for label in (refs.dense, refs.bm25):
        lines.append(
            _verdict(
                hybrid > ndcg[label], f"HYBRID nDCG@10 {hybrid:.3f} > {label} {ndcg[label]:.3f}"
            )
        )
    return lines


def _verdict(ok: bool, text: str) -> str:
    return f"{'PASS' if ok else 'FAIL'}  {text}"


async def _client(info: dict[str, Any], data: Collection, args: argparse.Namespace) -> None:
    client = QualityClient(info["port"], info["key"], args.top_k, args.request)
    try:
        note(f"loading {len(data.doc_ids):,} documents through CreateDocument + UpsertChunks...")
        await client.load(data, args.in_flight)
        note("fitting the questions to query_text's limits...")
        sent = {q: await client.accepted_text(data.queries[q]) for q in data.qrels}
        served = await measure_service(client, data, sent, args.rounds)
        swept = await sweep_fusion(client, data, sent) if args.sweep else {}
    finally:
        await client.close()
    refs = references(data, sent, args)
    report(data, refs, served, sum(sent[q] != data.queries[q] for q in data.qrels), swept)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "cisi")
    parser.add_argument("--k1", type=float, help="STRATA_BM25_K1 for the server, and a reference")
    parser.add_argument("--b", type=float, help="STRATA_BM25_B for the server, and a reference")
    parser.add_argument(
        "--request",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="set on every SearchChunksRequest (repeatable)",
    )
    parser.add_argument("--stemmer", choices=["porter", "english"], default="porter")
    parser.add_argument("--stopwords", choices=["postgres", "none"], default="postgres")
    parser.add_argument("--top-k", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the queries")
    parser.add_argument("--in-flight", type=int, default=8, help="loading calls in flight")
    parser.add_argument(
        "--sweep", action="store_true", help="also HYBRID under each fusion setting of SWEEP"
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(_serve(args.serve))
        return
    data = load_collection(args.data)
    env = dict(os.environ)
    for name, value in (("STRATA_BM25_K1", args.k1), ("STRATA_BM25_B", args.b)):
        if value is not None:
            env[name] = f"{value:g}"
    with tempfile.TemporaryDirectory(prefix="strata-quality-bench-") as tmp:
        os.chmod(tmp, 0o755)
        note("starting the server process (embedded PostgreSQL, migrations)...")
        command = [sys.executable, __file__, "--serve", str(Path(tmp) / "data")]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            if not line:
                raise SystemExit("the server process failed to start")
            asyncio.run(_client(json.loads(line), data, args))
        finally:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
