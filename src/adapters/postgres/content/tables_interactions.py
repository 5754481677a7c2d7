"""The tables of interactions, recommendations and feeds (0014).

Interactions are listed per user by (user_id, workspace_id, occurred_at, id) (which also
serves the users foreign key) and per item by (content_item_id, occurred_at, id) (the
items foreign key's); statistics read a time range of (workspace_id, occurred_at); a
feed asks whether a user has seen an item of (user_id, content_item_id). A trigger
writes each new interaction to `analytics_outbox` in its transaction (0014).

Recommendations are one per (content_item_id, user_id, algorithm_version) (the unique
key, which also serves the items foreign key) and listed per user by score, newest next,
all of them or, from a partial index, the unserved ones.

A feed session pins the newest public item at its start (`bound_created_at`,
`bound_id`); `content_feed_served` is its ledger of the items it has shown. Expired
sessions are purged oldest first by `created_at` (0017), their ledgers by cascade.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from adapters.postgres.content.tables import content_items
from adapters.postgres.kernel.tables import fk_column, id_column, metadata, timestamp_column
from domain.content.interaction import MAX_DURATION_MS, InteractionType
from domain.content.recommendation import MAX_ALGORITHM_VERSION

_TYPES = ", ".join(f"'{t}'" for t in InteractionType)


def _metadata() -> sa.Column[object]:
    return sa.Column("metadata", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))


content_interactions = sa.Table(
    "content_interactions",
    metadata,
    id_column(),
    fk_column("workspace_id", "workspaces"),
    fk_column("user_id", "users"),
    fk_column("content_item_id", content_items.name),
    sa.Column("interaction_type", sa.String(8), nullable=False),
    sa.Column("rating", sa.SmallInteger),
    sa.Column("duration_ms", sa.Integer),
    _metadata(),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("batch_id", UUID(as_uuid=False), nullable=False),
    timestamp_column("created_at"),
    sa.CheckConstraint(f"interaction_type IN ({_TYPES})", name="interaction_type"),
    sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
    sa.CheckConstraint(f"duration_ms BETWEEN 0 AND {MAX_DURATION_MS}", name="duration_ms"),
)
_i = content_interactions.c
_NEWEST = (_i.occurred_at.desc(), _i.id.desc())
sa.Index("ix_content_interactions_user_id_workspace_id", _i.user_id, _i.workspace_id, *_NEWEST)
sa.Index("ix_content_interactions_content_item_id", _i.content_item_id, *_NEWEST)
sa.Index("ix_content_interactions_workspace_id_occurred_at", _i.workspace_id, _i.occurred_at)
sa.Index("ix_content_interactions_seen", _i.user_id, _i.content_item_id)
sa.Index("ix_content_interactions_batch_id", _i.batch_id)

content_recommendations = sa.Table(
    "content_recommendations",
    metadata,
    id_column(),
    fk_column("workspace_id", "workspaces"),
    fk_column("user_id", "users"),
    fk_column("content_item_id", content_items.name),
    sa.Column("score", sa.Double, nullable=False),
    sa.Column("algorithm_version", sa.String(MAX_ALGORITHM_VERSION), nullable=False),
    _metadata(),
    sa.Column("served_at", sa.DateTime(timezone=True)),
    timestamp_column("created_at"),
    timestamp_column("updated_at"),
    sa.CheckConstraint("score BETWEEN 0 AND 1", name="score"),
    sa.UniqueConstraint("content_item_id", "user_id", "algorithm_version"),
)
_r = content_recommendations.c
_BEST = (_r.score.desc(), _r.created_at.desc(), _r.id.desc())
sa.Index("ix_content_recommendations_user_id_workspace_id", _r.user_id, _r.workspace_id, *_BEST)
sa.Index(
    "ix_content_recommendations_unserved",
    _r.user_id,
    _r.workspace_id,
    *_BEST,
    postgresql_where=_r.served_at.is_(None),
)

content_feed_sessions = sa.Table(
    "content_feed_sessions",
    metadata,
    id_column(),
    fk_column("workspace_id", "workspaces"),
    fk_column("user_id", "users"),
    sa.Column("bound_created_at", sa.DateTime(timezone=True)),
    sa.Column("bound_id", UUID(as_uuid=False)),
    timestamp_column("created_at"),
)
sa.Index(
    "ix_content_feed_sessions_user_id_workspace_id",
    content_feed_sessions.c.user_id,
    content_feed_sessions.c.workspace_id,
)
sa.Index("ix_content_feed_sessions_created_at", content_feed_sessions.c.created_at)

content_feed_served = sa.Table(
    "content_feed_served",
    metadata,
    sa.Column(
        "session_id",
        UUID(as_uuid=False),
        sa.ForeignKey(f"{content_feed_sessions.name}.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "content_item_id",
        UUID(as_uuid=False),
        sa.ForeignKey(f"{content_items.name}.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    timestamp_column("served_at"),
)
sa.Index("ix_content_feed_served_content_item_id", content_feed_served.c.content_item_id)
