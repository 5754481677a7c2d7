"""The SQL of full-text chunk search: the chunks matching a query, best first by BM25.

Chunks holding every quoted phrase of the query come before those missing one (which are
left out when the query requires its phrases); within each, BM25 orders them (bm25.py). A
query without phrases scores only the chunks that can reach its best `limit` (bm25.py's
pruning); with phrases, every chunk matching it is scored, since a chunk holding the
phrases ranks first whatever its score.
"""

from __future__ import annotations

from adapters.postgres.infra.repository import uuid_or_none
from adapters.postgres.infra.statements import Sql
from adapters.postgres.knowledge.bm25 import (
    any_of_sql,
    bm25_sql,
    bound_sql,
    essential_sql,
    idf_sql,
    rare_sql,
)
from adapters.postgres.knowledge.search import columns_sql, join_sql, where_sql
from adapters.postgres.knowledge.text_match import match_sql, phrases_sql
from domain.knowledge.search import ChunkFilter
from domain.knowledge.text_query import TextQuery, TextRanking


def text_sql(
    filt: ChunkFilter, query: TextQuery, limit: int, with_embeddings: bool, ranking: TextRanking
) -> Sql | None:
    """The best `limit` chunks; None when nothing can match."""
    p = Sql()
    where = where_sql(filt, p)
    if where is None or query.is_empty:
        return None
    config = f"{p(ranking.config)}::regconfig"
    ws, k1, b, n = p(uuid_or_none(filt.workspace_id)), p(ranking.k1), p(ranking.b), p(limit)
    whole = "(q.phrases IS NULL OR c.content_tsv @@ q.phrases)"
    required = f" AND {whole}" if query.phrases_required else ""
    chunks = f"chunks c{join_sql(filt)}, q WHERE {where} AND c.content_tsv @@ q.query"
    pruning, essential = "", ""
    if not query.phrases:
        pruning = (
            f" rare AS ({rare_sql(n)}),"
            " seed AS MATERIALIZED (SELECT c.id, c.content_tsv, true AS whole"
            f" FROM {chunks} AND c.content_tsv @@ {any_of_sql('rare')}),"
            f" bound AS MATERIALIZED ({bound_sql(k1, b, n)}),"
            f" essential AS ({essential_sql(k1)}),"
        )
        essential = f" AND c.content_tsv @@ {any_of_sql('essential')}"
    p.text = (
        f"WITH q AS MATERIALIZED (SELECT {match_sql(query, p, config)} AS query,"
        f" {phrases_sql(query, p, config)} AS phrases),"
        " terms AS (SELECT t.lexeme, cardinality(t.positions)::float8 AS qtf"
        f" FROM unnest(to_tsvector({config}, {p(' '.join(query.positive_words))})) t),"
        " corpus AS (SELECT s.chunk_count::float8 AS n,"
        " s.total_length::float8 / s.chunk_count AS avglen"
        f" FROM workspace_text_stats s WHERE s.workspace_id = {ws}::uuid),"
        f" weights AS MATERIALIZED ({idf_sql(ws)}),"
        " wanted AS MATERIALIZED (SELECT array_agg(lexeme) AS lexemes FROM weights),"
        f"{pruning}"
        f" candidates AS MATERIALIZED (SELECT c.id, c.content_tsv, {whole} AS whole"
        f" FROM {chunks}{essential}{required}),"
        f" scored AS ({bm25_sql(k1, b, 'candidates')} ORDER BY k.whole DESC, score DESC, k.id"
        f" LIMIT {n})"
        f" SELECT {columns_sql(with_embeddings)}, s.score, NOT s.whole AS missing_phrase"
        " FROM scored s JOIN chunks c ON c.id = s.id JOIN documents d ON d.id = c.document_id"
        " ORDER BY s.whole DESC, s.score DESC, c.id"
    )
    return p
