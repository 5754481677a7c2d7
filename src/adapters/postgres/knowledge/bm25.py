"""Okapi BM25 in SQL, from statistics kept exact per workspace by triggers (migrations
0006 and 0007).

idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)); a chunk scores Σ over the query's lexemes
qtf(t) · idf(t) · tf · (k1 + 1) / (tf + k1 · (1 - b + b · len / avglen)), where qtf is how
often the query says t (on CISI's questions, nDCG@10 0.33 without it, 0.41 with), N, df and
avglen are the workspace's (`workspace_text_stats`, `chunk_term_stats`), len the chunk's
(`chunk_text_lengths`, in lexeme positions), and tf is read from the candidate's
`content_tsv`, narrowed first to the query's lexemes (`setweight` marks them, `ts_filter`
keeps them): the GIN index finds the candidates, nothing scans the workspace's chunks, and
no candidate's tsvector is unnested whole.

Why statement triggers with transition tables keep the statistics (bench/bm25_statistics.py,
figures in bench/RESULTS.md; 30,000 chunks): they cost no more than the same aggregates run
by the repository after its COPY (13.3 s against 14.4 s; 7.1 s without statistics), and
they also follow the writes the repository never sees (a document's or a workspace's
cascade) without a second code path; row triggers took 48.2 s; `ts_stat` at query time
reads every chunk of the workspace on every query (458 ms there, 3x the whole BM25 query,
and growing with the workspace). The chunk's length is a row of its own, written by those
triggers, rather than a column of chunks: a generated column cannot read `content_tsv`,
and a second `to_tsvector` per row more than doubled the cost of the text at ingest.
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
    """Each of the `candidates` with its score, from `weights`, `wanted` (their lexemes as
    an array) and `corpus`."""
    tf = "cardinality(u.positions)::float8"
    norm = f"{k1}::float8 * (1 - {b}::float8 + {b}::float8 * l.length / w.avglen)"
    return (
        "SELECT k.id, k.whole, coalesce((SELECT"
        f" sum(x.idf * {tf} * ({k1}::float8 + 1) / ({tf} + {norm}))"
        " FROM unnest(ts_filter(setweight(k.content_tsv, 'A', a.lexemes), '{a}')) u"
        " JOIN weights x ON x.lexeme = u.lexeme), 0) AS score"
        " FROM candidates k JOIN chunk_text_lengths l ON l.chunk_id = k.id"
        " CROSS JOIN corpus w CROSS JOIN wanted a"
    )
