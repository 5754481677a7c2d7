"""Okapi BM25 in SQL, from statistics kept exact per workspace by triggers (migrations
0006 and 0007), and the bound that lets a search score only the chunks that can win.

idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)); a chunk scores Σ over the query's lexemes
qtf(t) · idf(t) · tf · (k1 + 1) / (tf + k1 · (1 - b + b · len / avglen)), where qtf is how
often the query says t (on CISI's questions, nDCG@10 0.33 without it, 0.41 with), N, df and
avglen are the workspace's (`workspace_text_stats`, `chunk_term_stats`), len the chunk's
(`chunk_text_lengths`, in lexeme positions), and tf is read from the candidate's
`content_tsv`, narrowed first to the query's lexemes (`setweight` marks them, `ts_filter`
keeps them): the GIN index finds the candidates, nothing scans the workspace's chunks, and
no candidate's tsvector is unnested whole.

Pruning (MaxScore): a lexeme adds less than qtf · idf · (k1 + 1) to any chunk's score. The
chunks holding the query's rarest lexemes (`seed`: those lexemes' chunk counts add up to a
few times `limit`) are scored first; the `limit`-th best of them is a score θ the answer
must reach. The commonest lexemes whose bounds add up to less than θ cannot lift a chunk
holding only them to θ: the candidates are the chunks holding one of the other
(`essential`) lexemes. The answer is the one an unpruned search gives; a question with a
very common word stops scoring every chunk that holds it (bench/RESULTS.md).

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

SEED_FACTOR = 4  # the seed's lexemes hold about this many times `limit` chunks


def idf_sql(workspace: str) -> str:
    """Each query lexeme (`terms`) with its chunk count in the workspace (`corpus`) and its
    weight: how often the query says it (qtf) times its idf."""
    df = "coalesce(f.doc_freq, 0)"
    return (
        f"SELECT t.lexeme, {df} AS df, t.qtf * ln(1 + (w.n - {df} + 0.5) / ({df} + 0.5)) AS idf"
        " FROM terms t CROSS JOIN corpus w LEFT JOIN chunk_term_stats f"
        f" ON f.workspace_id = {workspace}::uuid AND f.lexeme = t.lexeme"
    )


def bm25_sql(k1: str, b: str, chunks: str) -> str:
    """Each of `chunks` (id, content_tsv, whole) with its score, from `weights`, `wanted`
    (their lexemes as an array) and `corpus`."""
    tf = "cardinality(u.positions)::float8"
    norm = f"{k1}::float8 * (1 - {b}::float8 + {b}::float8 * l.length / w.avglen)"
    return (
        "SELECT k.id, k.whole, coalesce((SELECT"
        f" sum(x.idf * {tf} * ({k1}::float8 + 1) / ({tf} + {norm}))"
        " FROM unnest(ts_filter(setweight(k.content_tsv, 'A', a.lexemes), '{a}')) u"
        " JOIN weights x ON x.lexeme = u.lexeme), 0) AS score"
        f" FROM {chunks} k JOIN chunk_text_lengths l ON l.chunk_id = k.id"
        " CROSS JOIN corpus w CROSS JOIN wanted a"
    )


def any_of_sql(lexemes: str) -> str:
    """A tsquery matching any lexeme of the relation `lexemes` (NULL when it is empty),
    each quoted as tsquery input wants it."""
    quoted = "'''' || replace(replace(x.lexeme, '\\', '\\\\'), '''', '''''') || ''''"
    return f"(SELECT string_agg({quoted}, ' | ')::tsquery FROM {lexemes} x)"


def rare_sql(limit: str) -> str:
    """The query's rarest lexemes, in order, until their chunks number SEED_FACTOR · limit."""
    return (
        "SELECT s.lexeme FROM (SELECT lexeme, sum(df) OVER (ORDER BY df, lexeme) - df AS before"
        f" FROM weights WHERE df > 0) s WHERE s.before < {limit}::bigint * {SEED_FACTOR}"
    )


def bound_sql(k1: str, b: str, limit: str) -> str:
    """θ: the `limit`-th best score among the `seed` chunks (0 when there are fewer)."""
    return (
        f"SELECT coalesce((SELECT s.score FROM ({bm25_sql(k1, b, 'seed')}) s"
        f" ORDER BY s.score DESC OFFSET {limit} - 1 LIMIT 1), 0) AS theta"
    )


def essential_sql(k1: str) -> str:
    """The lexemes a chunk must hold to reach θ: all but the commonest ones whose bounds
    add up to less than θ (a hair under, for rounding)."""
    return (
        "SELECT e.lexeme FROM (SELECT lexeme,"
        f" sum(idf * ({k1}::float8 + 1)) OVER (ORDER BY idf, lexeme) AS upto FROM weights) e,"
        " bound WHERE e.upto >= bound.theta * (1 - 1e-9)"
    )
