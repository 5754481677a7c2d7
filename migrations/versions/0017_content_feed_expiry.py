"""Content: feed sessions expire; the purge finds the oldest by their start.

`ix_content_feed_sessions_created_at` lets the background purge take expired sessions
(and, by the ledger's ON DELETE CASCADE, their `content_feed_served` rows) oldest first
in bounded batches without reading the whole table.

Revision ID: 0017_content_feed_expiry
Revises: 0016_content_title_bm25
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017_content_feed_expiry"
down_revision: str | None = "0016_content_title_bm25"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_content_feed_sessions_created_at", "content_feed_sessions", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_content_feed_sessions_created_at", table_name="content_feed_sessions")
