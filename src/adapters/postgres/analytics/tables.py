"""The analytics tables (0012): the outbox of changes bound for the analytics store, and
each workspace's retention."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from adapters.postgres.kernel.tables import metadata, timestamp_column

MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 3650

# Rows are written by triggers on job_events and audit_entries (see migration 0012).
analytics_outbox = sa.Table(
    "analytics_outbox",
    metadata,
    sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(32), nullable=False),
    sa.Column("event_id", UUID(as_uuid=False), nullable=False),
    sa.Column("workspace_id", UUID(as_uuid=False), nullable=False),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("data", JSONB, nullable=False),
    # The relay batch the row is pinned to until delivered; NULL while it waits.
    sa.Column("batch", UUID(as_uuid=False), nullable=True),
)
# A new batch is one range of this index: the oldest unpinned rows of one source.
sa.Index("ix_analytics_outbox_source_id", analytics_outbox.c.source, analytics_outbox.c.id)
# The few pinned rows, found without reading the unpinned ones.
sa.Index(
    "ix_analytics_outbox_pinned",
    analytics_outbox.c.source,
    analytics_outbox.c.batch,
    postgresql_where=analytics_outbox.c.batch.isnot(None),
)

analytics_retention = sa.Table(
    "analytics_retention",
    metadata,
    sa.Column(
        "workspace_id",
        UUID(as_uuid=False),
        sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("days", sa.Integer, nullable=False),
    timestamp_column("updated_at"),
    sa.CheckConstraint(f"days BETWEEN {MIN_RETENTION_DAYS} AND {MAX_RETENTION_DAYS}", name="days"),
)
