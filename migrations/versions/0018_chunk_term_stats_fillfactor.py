"""BM25's lexeme counts: updates that stay on their page, and lexemes read without positions.

Every chunk written or deleted changes the count of each of its lexemes in
`chunk_term_stats` (the statement triggers of 0006/0007): a 1,000-chunk document of 40
words updates some 6,000 rows. On full pages each update writes its new row version to
another page and a new entry into the primary key's B-tree; with room on the page it is a
heap-only (HOT) update, which touches no index. The table now keeps 30 % of each page free
(`fillfactor = 70`), and is rewritten here so that rows already counted get the room too
(CLUSTER, then the clustering mark removed: nothing else changes).

The triggers' count of lexemes reads each chunk's lexemes with `tsvector_to_array` instead
of `unnest`, which also builds every lexeme's positions and weights: the same lexemes
(a tsvector holds each once), without the arrays the count never reads. Chunk lengths,
which need the positions, are measured as before.

Measured on 1,000-chunk documents of 40 words (bench/RESULTS.md): the lexemes' MERGE
44 ms at fillfactor 100 against 32 ms at 70; their aggregate 12.0 ms by `unnest`, 7.6 ms
by `tsvector_to_array`.

Revision ID: 0018_chunk_term_stats_fillfactor
Revises: 0017_content_feed_expiry
Create Date: 2026-12-01
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0018_chunk_term_stats_fillfactor"
down_revision: str | None = "0017_content_feed_expiry"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _migration(name: str) -> ModuleType:
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"strata_migration_{name[:4]}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_PREVIOUS = _migration("0007_chunk_text_lengths")
# How a statement changes the lexemes' chunk counts: 0006's, each chunk's lexemes as text[].
_TERMS = """
WITH delta AS (
    SELECT c.workspace_id, u.lexeme, %2$s * count(*) AS doc_freq
    FROM %1$s c, unnest(tsvector_to_array(c.content_tsv)) AS u(lexeme) GROUP BY 1, 2)
MERGE INTO chunk_term_stats s USING delta d
    ON s.workspace_id = d.workspace_id AND s.lexeme = d.lexeme
WHEN MATCHED AND s.doc_freq + d.doc_freq = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET doc_freq = s.doc_freq + d.doc_freq
WHEN NOT MATCHED THEN INSERT VALUES (d.workspace_id, d.lexeme, d.doc_freq)
"""
FUNCTION = _PREVIOUS.FUNCTION.replace(_PREVIOUS._TERMS, _TERMS)


def _rewrite() -> None:
    op.execute("CLUSTER chunk_term_stats USING pk_chunk_term_stats")
    op.execute("ALTER TABLE chunk_term_stats SET WITHOUT CLUSTER")


def upgrade() -> None:
    assert FUNCTION != _PREVIOUS.FUNCTION, "0007's count of lexemes was not found to replace"
    op.execute(FUNCTION)
    op.execute("ALTER TABLE chunk_term_stats SET (fillfactor = 70)")
    _rewrite()


def downgrade() -> None:
    op.execute(_PREVIOUS.FUNCTION)
    op.execute("ALTER TABLE chunk_term_stats RESET (fillfactor)")
    _rewrite()
