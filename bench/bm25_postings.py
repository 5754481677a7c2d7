"""An inverted table for BM25, as bench/bm25_statistics.py measures it against the GIN path.

`bench_postings` holds one row per chunk and distinct lexeme with its tf, kept by statement
triggers with transition tables beside the statistics triggers (migrations 0006, 0007);
a query reads its lexemes' postings by index range scans instead of the candidates'
tsvectors. Scores use the same statistics, weights and pruning as bm25.py, so the answers
must be the adapter's to the last bit of rounding.
"""

from __future__ import annotations

import asyncpg

from adapters.postgres.knowledge.bm25 import essential_sql, idf_sql, rare_sql

TABLE = """
CREATE TABLE IF NOT EXISTS bench_postings (workspace_id uuid, lexeme text, chunk_id uuid,
    tf int NOT NULL, PRIMARY KEY (workspace_id, lexeme, chunk_id))
"""
_FUNCTION = """
CREATE OR REPLACE FUNCTION bench_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO bench_postings SELECT c.workspace_id, u.lexeme, c.id,
            cardinality(u.positions) FROM new_chunks c, unnest(c.content_tsv) u ORDER BY 1, 2, 3;
    ELSE
        WITH gone AS MATERIALIZED (SELECT c.workspace_id, u.lexeme, c.id
            FROM old_chunks c, unnest(c.content_tsv) u)
        DELETE FROM bench_postings p USING gone g
        WHERE (p.workspace_id, p.lexeme, p.chunk_id) = (g.workspace_id, g.lexeme, g.id);
    END IF;
    RETURN NULL;
END $$
"""
_TRIGGERS = {
    "bench_postings_insert": "INSERT ON chunks REFERENCING NEW TABLE AS new_chunks",
    "bench_postings_delete": "DELETE ON chunks REFERENCING OLD TABLE AS old_chunks",
}


async def keep_postings(conn: asyncpg.Connection, on: bool) -> None:
    """Install (on) or drop the triggers that keep `bench_postings`."""
    await conn.execute(TABLE)
    await conn.execute(_FUNCTION)
    for name, event in _TRIGGERS.items():
        await conn.execute(f"DROP TRIGGER IF EXISTS {name} ON chunks")
        if on:
            await conn.execute(
                f"CREATE TRIGGER {name} AFTER {event}"
                " FOR EACH STATEMENT EXECUTE FUNCTION bench_postings()"
            )


async def storage(conn: asyncpg.Connection) -> list[tuple[str, int | None, int]]:
    """Rows and bytes (table and indexes) of the postings and of what they stand beside."""
    sized = []
    for name, relation in (
        ("bench_postings (table + primary key)", "bench_postings"),
        ("GIN index on chunks.content_tsv", "ix_chunks_content_tsv"),
        ("chunk_term_stats (+ primary key)", "chunk_term_stats"),
        ("chunk_text_lengths (+ primary key)", "chunk_text_lengths"),
    ):
        rows = None
        if not relation.startswith("ix_"):
            rows = await conn.fetchval(f"SELECT count(*) FROM {relation}")
        size = await conn.fetchval("SELECT pg_total_relation_size($1::regclass)", relation)
        sized.append((name, rows, size))
    return sized


_NORM = "$3::float8 * (1 - $4::float8 + $4::float8 * l.length / w.avglen)"


def _term(tf: str) -> str:
    """One lexeme's share of a chunk's score, from its weight `x.idf` and its tf."""
    return f"x.idf * {tf}::float8 * ($3::float8 + 1) / ({tf}::float8 + {_NORM})"


def _read(lexemes: str) -> str:
    """Each chunk holding a lexeme of `lexemes`, scored on those lexemes alone, from their
    postings read whole (one index range scan per lexeme)."""
    return (
        f"SELECT p.chunk_id, sum({_term('p.tf')}) AS score FROM {lexemes} e"
        " JOIN weights x ON x.lexeme = e.lexeme JOIN bench_postings p"
        " ON p.workspace_id = $2::uuid AND p.lexeme = x.lexeme"
        " JOIN chunk_text_lengths l ON l.chunk_id = p.chunk_id CROSS JOIN corpus w"
        " GROUP BY p.chunk_id"
    )


def _probed(chunks: str, lexemes: str) -> str:
    """The chunks of `chunks` (chunk_id, score on `lexemes`) with the rest of their score:
    the query's other lexemes, one primary-key probe each."""
    rest = (
        f"SELECT sum({_term('q.tf')}) FROM weights x JOIN bench_postings q"
        " ON q.workspace_id = $2::uuid AND q.lexeme = x.lexeme AND q.chunk_id = k.chunk_id"
        f" WHERE x.lexeme NOT IN (SELECT lexeme FROM {lexemes})"
    )
    return (
        f"SELECT k.chunk_id AS id, k.score + coalesce(({rest}), 0) AS score FROM {chunks} k"
        " JOIN chunk_text_lengths l ON l.chunk_id = k.chunk_id CROSS JOIN corpus w"
    )


_PREFIX = (
    "WITH terms AS (SELECT t.lexeme, cardinality(t.positions)::float8 AS qtf"
    " FROM unnest(to_tsvector('english', $1)) t),"
    " corpus AS (SELECT s.chunk_count::float8 AS n,"
    " s.total_length::float8 / s.chunk_count AS avglen"
    " FROM workspace_text_stats s WHERE s.workspace_id = $2::uuid),"
    f" weights AS MATERIALIZED ({idf_sql('$2')}),"
)
# $1 the query's words, $2 the workspace, $3 k1, $4 b, $5 limit.
POSTINGS_SQL = (
    f"{_PREFIX} scored AS ({_read('weights')})"
    f" SELECT s.chunk_id AS id, s.score FROM scored s ORDER BY s.score DESC, s.chunk_id LIMIT $5"
)
PRUNED_SQL = (
    f"{_PREFIX} rare AS MATERIALIZED ({rare_sql('$5')}),"
    f" seed AS MATERIALIZED ({_read('rare')}),"
    " bound AS MATERIALIZED (SELECT coalesce((SELECT s.score"
    f" FROM ({_probed('seed', 'rare')}) s ORDER BY s.score DESC OFFSET $5 - 1 LIMIT 1), 0)"
    " AS theta),"
    f" essential AS MATERIALIZED ({essential_sql('$3')}),"
    f" candidates AS MATERIALIZED ({_read('essential')})"
    f" SELECT s.id, s.score FROM ({_probed('candidates', 'essential')}) s"
    " ORDER BY s.score DESC, s.id LIMIT $5"
)
