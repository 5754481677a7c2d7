"""Content: BM25 statistics of titles per workspace, kept exact by statement triggers.

`content_title_terms` (workspace, lexeme → how many of its items' titles hold it) and
`content_title_stats` (workspace → its items' count and their titles' total length in
lexeme positions) are written by AFTER INSERT / UPDATE / DELETE triggers FOR EACH
STATEMENT on content_items with transition tables, as 0006 keeps the chunks' statistics:
one aggregate per statement (a COPY included), in the writer's transaction, for every path
that changes items (a workspace's cascade too). An UPDATE counts only the rows whose title
changed. Every trigger first writes the workspace's row, so writers of one workspace queue
there before they take its lexemes' rows. A TRUNCATE of content_items empties both.
`content_title_bm25(tsv, words, idf, avglen, k1, b)` scores one title: a title is short,
so its length is counted from its tsvector rather than kept in a row of its own.
Existing items are counted here.

Revision ID: 0016_content_title_bm25
Revises: 0015_content_digests
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision: str = "0016_content_title_bm25"
down_revision: str | None = "0015_content_digests"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LENGTH = "(SELECT coalesce(sum(cardinality(u.positions)), 0) FROM unnest(c.title_tsv) u)"
# %1$s: the rows (a transition table, or those of an UPDATE whose title changed); %2$s: 1
# when they come, -1 when they go; %3$s: whether they change the item count (1 or 0).
_DELTA = f"""
WITH delta AS (
    SELECT c.workspace_id, %3$s * %2$s * count(*) AS item_count,
        %2$s * sum({_LENGTH}) AS total_length
    FROM %1$s c GROUP BY 1 ORDER BY 1)
"""
_COME = f"""{_DELTA}
INSERT INTO content_title_stats AS s SELECT * FROM delta
ON CONFLICT (workspace_id) DO UPDATE SET item_count = s.item_count + excluded.item_count,
    total_length = s.total_length + excluded.total_length
"""
_GO = f"""{_DELTA}
MERGE INTO content_title_stats s USING delta d ON s.workspace_id = d.workspace_id
WHEN MATCHED AND s.item_count + d.item_count = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET item_count = s.item_count + d.item_count,
    total_length = s.total_length + d.total_length
"""
_TERMS = """
WITH delta AS (
    SELECT c.workspace_id, u.lexeme, %2$s * count(*) AS doc_freq
    FROM %1$s c, unnest(c.title_tsv) u GROUP BY 1, 2)
MERGE INTO content_title_terms s USING delta d
    ON s.workspace_id = d.workspace_id AND s.lexeme = d.lexeme
WHEN MATCHED AND s.doc_freq + d.doc_freq = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET doc_freq = s.doc_freq + d.doc_freq
WHEN NOT MATCHED THEN INSERT VALUES (d.workspace_id, d.lexeme, d.doc_freq)
"""
_RETITLED = (
    "(SELECT {side}.* FROM old_items o JOIN new_items n ON n.id = o.id"
    " WHERE n.title_tsv IS DISTINCT FROM o.title_tsv)"
)
FUNCTION = f"""
CREATE FUNCTION content_title_stats() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    come CONSTANT text := $q${_COME}$q$;
    go CONSTANT text := $q${_GO}$q$;
    terms CONSTANT text := $q${_TERMS}$q$;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        EXECUTE format(come, $r${_RETITLED.format(side="n")}$r$, 1, 0);
        EXECUTE format(go, $r${_RETITLED.format(side="o")}$r$, -1, 0);
        EXECUTE format(terms, $r${_RETITLED.format(side="o")}$r$, -1);
        EXECUTE format(terms, $r${_RETITLED.format(side="n")}$r$, 1);
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format(go, 'old_items', -1, 1);
        EXECUTE format(terms, 'old_items', -1);
    ELSE
        EXECUTE format(come, 'new_items', 1, 1);
        EXECUTE format(terms, 'new_items', 1);
    END IF;
    RETURN NULL;
END
$fn$
"""
TRUNCATE_FUNCTION = """
CREATE FUNCTION content_title_stats_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM content_title_terms;
    DELETE FROM content_title_stats;
    RETURN NULL;
END
$fn$
"""
SCORE_FUNCTION = """
CREATE FUNCTION content_title_bm25(
    tsv tsvector, words text[], idf float8[], avglen float8, k1 float8, b float8
) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
SELECT coalesce(sum(x.idf * cardinality(u.positions) * (k1 + 1)
    / (cardinality(u.positions) + k1 * (1 - b + b * l.len / avglen))), 0)
FROM unnest(tsv) u JOIN unnest(words, idf) x(lexeme, idf) ON x.lexeme = u.lexeme
CROSS JOIN (SELECT sum(cardinality(v.positions))::float8 AS len FROM unnest(tsv) v) l
$fn$
"""
TRIGGERS = {
    "content_title_stats_insert": "INSERT ON content_items REFERENCING NEW TABLE AS new_items",
    "content_title_stats_update": "UPDATE ON content_items "
    "REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items",
    "content_title_stats_delete": "DELETE ON content_items REFERENCING OLD TABLE AS old_items",
}
BACKFILL = (
    f"INSERT INTO content_title_stats SELECT c.workspace_id, count(*), sum({_LENGTH}) "
    "FROM content_items c GROUP BY 1",
    "INSERT INTO content_title_terms SELECT c.workspace_id, u.lexeme, count(*) "
    "FROM content_items c, unnest(c.title_tsv) u GROUP BY 1, 2",
)


def upgrade() -> None:
    op.create_table(
        "content_title_stats",
        sa.Column("workspace_id", UUID(as_uuid=False), nullable=False),
        sa.Column("item_count", sa.BigInteger(), nullable=False),
        sa.Column("total_length", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", name="pk_content_title_stats"),
    )
    op.create_table(
        "content_title_terms",
        sa.Column("workspace_id", UUID(as_uuid=False), nullable=False),
        sa.Column("lexeme", sa.Text(), nullable=False),
        sa.Column("doc_freq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "lexeme", name="pk_content_title_terms"),
    )
    for statement in BACKFILL:
        op.execute(statement)
    for function in (FUNCTION, TRUNCATE_FUNCTION, SCORE_FUNCTION):
        op.execute(function)
    for name, event in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} "
            "FOR EACH STATEMENT EXECUTE FUNCTION content_title_stats()"
        )
    op.execute(
        "CREATE TRIGGER content_title_stats_truncate AFTER TRUNCATE ON content_items "
        "FOR EACH STATEMENT EXECUTE FUNCTION content_title_stats_truncate()"
    )


def downgrade() -> None:
    for name in (*TRIGGERS, "content_title_stats_truncate"):
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON content_items")
    op.execute(
        "DROP FUNCTION IF EXISTS content_title_bm25(tsvector, text[], float8[], "
        "float8, float8, float8)"
    )
    op.execute("DROP FUNCTION IF EXISTS content_title_stats_truncate()")
    op.execute("DROP FUNCTION IF EXISTS content_title_stats()")
    op.drop_table("content_title_terms")
    op.drop_table("content_title_stats")
