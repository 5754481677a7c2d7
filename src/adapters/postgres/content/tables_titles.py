"""BM25's statistics of titles per workspace (0016), kept by statement triggers on
content_items: how many of its items hold each word of their titles, and its items' count
and the total length of their titles in lexeme positions."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from adapters.postgres.kernel.tables import metadata

content_title_terms = sa.Table(
    "content_title_terms",
    metadata,
    sa.Column("workspace_id", UUID(as_uuid=False), primary_key=True),
    sa.Column("lexeme", sa.Text, primary_key=True),
    sa.Column("doc_freq", sa.BigInteger, nullable=False),
)
content_title_stats = sa.Table(
    "content_title_stats",
    metadata,
    sa.Column("workspace_id", UUID(as_uuid=False), primary_key=True),
    sa.Column("item_count", sa.BigInteger, nullable=False),
    sa.Column("total_length", sa.BigInteger, nullable=False),
)
