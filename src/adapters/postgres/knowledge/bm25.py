"""Okapi BM25 in SQL, from statistics kept exact per workspace by triggers (migration 0006).

idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)); a chunk scores Σ over the query's lexemes
qtf(t) · idf(t) · tf · (k1 + 1) / (tf + k1 · (1 - b + b · len / avglen)), where qtf is how
often the query says t (on CISI's questions, nDCG@10 0.33 without it, 0.41 with), N, df and avglen
are the workspace's (`workspace_text_stats`, `chunk_term_stats`) and tf and len (in
lexeme positions) are read from the candidates' `content_tsv` only: the GIN index finds
the candidates, nothing scans the workspace's chunks.

Why statement triggers with transition tables keep the statistics (bench/bm25_statistics.py,
figures in bench/RESULTS.md; 30,000 chunks): they cost no more than the same aggregates run
by the repository after its COPY (13.3 s against 14.4 s; 7.1 s without statistics), and
they also follow the writes the repository never sees (a document's or a workspace's
cascade) without a second code path; row triggers took 48.2 s; `ts_stat` at query time
reads every chunk of the workspace on every query (458 ms there, 3x the whole BM25 query,
and growing with the workspace). A chunk's length is summed from its tsvector at query
time instead of a stored column: a generated column cannot read `content_tsv`, and a
second `to_tsvector` per row would slow ingest.
"""

from __future__ import annotations


def idf_sql(workspace: str) -> str:
    """Each query lexeme (`terms`) with its weight: how often the query says it (qtf) times
    its idf in the workspace (`corpus`)."""
    df = "coalesce(f.doc_freq, 0)"
    return (
        f"SELECT t.lexeme, t.qtf * ln(1 + (w.n - {df} + 0.5) / ({df} + 0.5)) AS idf"
        " FROM terms t CROSS JOIN corpus w LEFT JOIN chunk_term_stats f"
        f" ON f.workspace_id = {workspace}::uuid AND f.lexeme = t.lexeme"
    )


def bm25_sql(k1: str, b: str) -> str:
    """Each of the `candidates` with its score, from `weights` and `corpus`: one pass over
    a candidate's lexemes gives its length and the query lexemes' tf and idf."""
    norm = f"{k1}::float8 * (1 - {b}::float8 + {b}::float8 * l.len / w.avglen)"
    found = "FILTER (WHERE x.idf IS NOT NULL)"
    return (
        "SELECT k.id, coalesce((SELECT"
        f" sum(z.idf * z.tf * ({k1}::float8 + 1) / (z.tf + {norm}))"
        " FROM unnest(l.idfs, l.tfs) z(idf, tf)), 0) AS score"
        " FROM candidates k CROSS JOIN corpus w, LATERAL (SELECT"
        " sum(cardinality(u.positions))::float8 AS len,"
        f" array_agg(x.idf) {found} AS idfs,"
        f" array_agg(cardinality(u.positions)::float8) {found} AS tfs"
        " FROM unnest(k.content_tsv) u LEFT JOIN weights x ON x.lexeme = u.lexeme) l"
    )
