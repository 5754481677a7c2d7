"""Each chunk's length in lexeme positions, kept beside it for BM25.

`chunk_text_lengths` (chunk → its length) is written by the same statement triggers that
keep the workspace statistics (0006), from the transition tables, in the writer's
transaction: the rows that come are measured once (their length feeds both the chunk's
row and the workspace's total), the rows that go take their stored length with them. The
full-text search reads a candidate's length here instead of unnesting its tsvector (the
cost that dominated a query: bench/RESULTS.md). Existing chunks are measured here.

Revision ID: 0007_chunk_text_lengths
Revises: 0006_bm25_statistics
Create Date: 2026-11-30
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision: str = "0007_chunk_text_lengths"
down_revision: str | None = "0006_bm25_statistics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LENGTH = "(SELECT coalesce(sum(cardinality(u.positions)), 0) FROM unnest(c.content_tsv) u)"
# Each new chunk measured once: its length row, and the workspace's totals, written before
# the lexemes' counts (INSERT … ON CONFLICT waits there for a concurrent first writer).
_COME = f"""
WITH measured AS MATERIALIZED (
    SELECT c.id, c.workspace_id, {_LENGTH} AS length FROM new_chunks c),
lengths AS (INSERT INTO chunk_text_lengths SELECT id, length FROM measured)
INSERT INTO workspace_text_stats AS s
SELECT workspace_id, count(*), sum(length) FROM measured GROUP BY 1 ORDER BY 1
ON CONFLICT (workspace_id) DO UPDATE SET chunk_count = s.chunk_count + excluded.chunk_count,
    total_length = s.total_length + excluded.total_length
"""
_GO = """
WITH gone AS (
    DELETE FROM chunk_text_lengths l USING old_chunks o WHERE l.chunk_id = o.id
    RETURNING o.workspace_id, l.length),
delta AS (SELECT workspace_id, count(*) AS n, sum(length) AS total FROM gone GROUP BY 1)
MERGE INTO workspace_text_stats s USING delta d ON s.workspace_id = d.workspace_id
WHEN MATCHED AND s.chunk_count = d.n THEN DELETE
WHEN MATCHED THEN UPDATE SET chunk_count = s.chunk_count - d.n,
    total_length = s.total_length - d.total
"""


def _previous() -> ModuleType:
    path = Path(__file__).with_name("0006_bm25_statistics.py")
    spec = importlib.util.spec_from_file_location("strata_migration_0006", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# How a statement changes the lexemes' chunk counts, as 0006 wrote it.
_TERMS = _previous()._TERMS
FUNCTION = f"""
CREATE OR REPLACE FUNCTION chunks_text_stats() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    terms CONSTANT text := $q${_TERMS}$q$;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_GO};
        EXECUTE format(terms, 'old_chunks', -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_COME};
        EXECUTE format(terms, 'new_chunks', 1);
    END IF;
    RETURN NULL;
END
$fn$
"""
TRUNCATE_FUNCTION = """
CREATE OR REPLACE FUNCTION chunks_text_stats_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM chunk_term_stats;
    DELETE FROM workspace_text_stats;
    DELETE FROM chunk_text_lengths;
    RETURN NULL;
END
$fn$
"""
BACKFILL = f"INSERT INTO chunk_text_lengths SELECT c.id, {_LENGTH} FROM chunks c"


def upgrade() -> None:
    op.create_table(
        "chunk_text_lengths",
        sa.Column("chunk_id", UUID(as_uuid=False), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("chunk_id", name="pk_chunk_text_lengths"),
    )
    op.execute(BACKFILL)
    op.execute(FUNCTION)
    op.execute(TRUNCATE_FUNCTION)


def downgrade() -> None:
    previous = _previous()
    for function in (previous.FUNCTION, previous.TRUNCATE_FUNCTION):
        op.execute(function.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    op.drop_table("chunk_text_lengths")
