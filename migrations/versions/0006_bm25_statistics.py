"""BM25 statistics per workspace, kept exact by statement triggers on chunks.

`chunk_term_stats` (workspace, lexeme → how many of the workspace's chunks hold it) and
`workspace_text_stats` (workspace → its chunks' count and total length in lexeme
positions) are written by AFTER INSERT / UPDATE / DELETE triggers FOR EACH STATEMENT with
transition tables: one aggregate per COPY or DELETE, in the writer's transaction, for every
path that changes chunks (replace, append, a document's or a workspace's cascade). Every
trigger first writes the workspace's row, so writers of one workspace's statistics queue
there and then take its lexemes' rows without deadlocking. A TRUNCATE of chunks empties both.
Existing chunks are counted here.

`chunks.content_tsv` is made with the text search configuration STRATA_TEXT_SEARCH_CONFIG
(`english`, the default, or `simple`), read like the embedding dimension: `simple`
regenerates the column (a table rewrite); downgrading makes it English again.

Revision ID: 0006_bm25_statistics
Revises: 0005_audit_checkpoints
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects.postgresql import UUID

revision: str = "0006_bm25_statistics"
down_revision: str | None = "0005_audit_checkpoints"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONFIGS = ("english", "simple")
_LENGTH = "(SELECT coalesce(sum(cardinality(u.positions)), 0) FROM unnest(c.content_tsv) u)"
# %1$s: the transition table; %2$s: 1 when its rows come, -1 when they go. Rows come by
# INSERT … ON CONFLICT, which waits for a concurrent first writer of the workspace.
_DELTA = f"""
WITH delta AS (
    SELECT c.workspace_id, %2$s * count(*) AS chunk_count, %2$s * sum({_LENGTH}) AS total_length
    FROM %1$s c GROUP BY 1 ORDER BY 1)
"""
_WORKSPACES_COME = f"""{_DELTA}
INSERT INTO workspace_text_stats AS s SELECT * FROM delta
ON CONFLICT (workspace_id) DO UPDATE SET chunk_count = s.chunk_count + excluded.chunk_count,
    total_length = s.total_length + excluded.total_length
"""
_WORKSPACES_GO = f"""{_DELTA}
MERGE INTO workspace_text_stats s USING delta d ON s.workspace_id = d.workspace_id
WHEN MATCHED AND s.chunk_count + d.chunk_count = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET chunk_count = s.chunk_count + d.chunk_count,
    total_length = s.total_length + d.total_length
"""
_TERMS = """
WITH delta AS (
    SELECT c.workspace_id, u.lexeme, %2$s * count(*) AS doc_freq
    FROM %1$s c, unnest(c.content_tsv) u GROUP BY 1, 2)
MERGE INTO chunk_term_stats s USING delta d
    ON s.workspace_id = d.workspace_id AND s.lexeme = d.lexeme
WHEN MATCHED AND s.doc_freq + d.doc_freq = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET doc_freq = s.doc_freq + d.doc_freq
WHEN NOT MATCHED THEN INSERT VALUES (d.workspace_id, d.lexeme, d.doc_freq)
"""
FUNCTION = f"""
CREATE FUNCTION chunks_text_stats() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    come CONSTANT text := $q${_WORKSPACES_COME}$q$;
    go CONSTANT text := $q${_WORKSPACES_GO}$q$;
    terms CONSTANT text := $q${_TERMS}$q$;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        EXECUTE format(go, 'old_chunks', -1);
        EXECUTE format(terms, 'old_chunks', -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format(come, 'new_chunks', 1);
        EXECUTE format(terms, 'new_chunks', 1);
    END IF;
    RETURN NULL;
END
$fn$
"""
TRUNCATE_FUNCTION = """
CREATE FUNCTION chunks_text_stats_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM chunk_term_stats;
    DELETE FROM workspace_text_stats;
    RETURN NULL;
END
$fn$
"""
TRIGGERS = {
    "chunks_text_stats_insert": "INSERT ON chunks REFERENCING NEW TABLE AS new_chunks",
    "chunks_text_stats_update": "UPDATE ON chunks "
    "REFERENCING OLD TABLE AS old_chunks NEW TABLE AS new_chunks",
    "chunks_text_stats_delete": "DELETE ON chunks REFERENCING OLD TABLE AS old_chunks",
}
BACKFILL = (
    f"INSERT INTO workspace_text_stats SELECT c.workspace_id, count(*), sum({_LENGTH}) "
    "FROM chunks c GROUP BY 1",
    "INSERT INTO chunk_term_stats SELECT c.workspace_id, u.lexeme, count(*) "
    "FROM chunks c, unnest(c.content_tsv) u GROUP BY 1, 2",
)


def _config() -> str:
    given = context.config.attributes.get("options", {}).get("STRATA_TEXT_SEARCH_CONFIG")
    config = str(given or "english").strip().lower()
    if config not in CONFIGS:
        raise ValueError(f"STRATA_TEXT_SEARCH_CONFIG must be english or simple: got {config}")
    return config


def _make_tsv(config: str) -> None:
    op.execute(
        "ALTER TABLE chunks ALTER COLUMN content_tsv SET EXPRESSION AS "
        f"(to_tsvector('{config}'::regconfig, content))"
    )


def upgrade() -> None:
    if (config := _config()) != "english":
        _make_tsv(config)
    op.create_table(
        "chunk_term_stats",
        sa.Column("workspace_id", UUID(as_uuid=False), nullable=False),
        sa.Column("lexeme", sa.Text(), nullable=False),
        sa.Column("doc_freq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "lexeme", name="pk_chunk_term_stats"),
    )
    op.create_table(
        "workspace_text_stats",
        sa.Column("workspace_id", UUID(as_uuid=False), nullable=False),
        sa.Column("chunk_count", sa.BigInteger(), nullable=False),
        sa.Column("total_length", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", name="pk_workspace_text_stats"),
    )
    for statement in BACKFILL:
        op.execute(statement)
    op.execute(FUNCTION)
    op.execute(TRUNCATE_FUNCTION)
    for name, event in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} "
            "FOR EACH STATEMENT EXECUTE FUNCTION chunks_text_stats()"
        )
    op.execute(
        "CREATE TRIGGER chunks_text_stats_truncate AFTER TRUNCATE ON chunks "
        "FOR EACH STATEMENT EXECUTE FUNCTION chunks_text_stats_truncate()"
    )


def downgrade() -> None:
    for name in (*TRIGGERS, "chunks_text_stats_truncate"):
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON chunks")
    op.execute("DROP FUNCTION IF EXISTS chunks_text_stats_truncate()")
    op.execute("DROP FUNCTION IF EXISTS chunks_text_stats()")
    op.drop_table("workspace_text_stats")
    op.drop_table("chunk_term_stats")
    _make_tsv("english")
