"""Content: interactions, recommendations and feed sessions (seed 000's user_interactions
and recommendations).

`content_interactions` (view, like, share, comment, download; a rating 1..5 on any type;
duration in milliseconds up to a day) is listed per user by (user_id, workspace_id,
occurred_at DESC, id DESC), which also serves the users foreign key, and per item by
(content_item_id, occurred_at DESC, id DESC); statistics read (workspace_id,
occurred_at); feeds ask (user_id, content_item_id) whether a user has seen an item;
`batch_id` names the RecordInteractions call (its replay reads it). A statement-level
AFTER INSERT trigger writes each new interaction to `analytics_outbox` (source
`interactions`, the interaction's id as the event id) in the same transaction.

`content_recommendations` holds one row per (content_item_id, user_id,
algorithm_version), listed per user by (score DESC, created_at DESC, id DESC), all of
them or, from a partial index, the unserved ones. `content_feed_sessions` pins the
newest public item at a feed session's start; `content_feed_served` is the session's
ledger of items shown.

Revision ID: 0014_content_interactions
Revises: 0013_content
Create Date: 2026-12-01 00:58:35.632638+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014_content_interactions"
down_revision: str | None = "0013_content"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTBOX_FUNCTION = """
CREATE FUNCTION analytics_outbox_interactions() RETURNS TRIGGER AS $$
BEGIN
    INSERT INTO analytics_outbox (source, event_id, workspace_id, occurred_at, data)
    SELECT 'interactions', i.id, i.workspace_id, i.occurred_at, jsonb_build_object(
               'user_id', i.user_id, 'content_item_id', i.content_item_id,
               'interaction_type', i.interaction_type, 'rating', i.rating,
               'duration_ms', i.duration_ms, 'metadata', i.metadata)
    FROM new_interactions i
    ORDER BY i.occurred_at, i.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
OUTBOX_TRIGGER = (
    "CREATE TRIGGER analytics_outbox_interactions AFTER INSERT ON content_interactions "
    "REFERENCING NEW TABLE AS new_interactions "
    "FOR EACH STATEMENT EXECUTE FUNCTION analytics_outbox_interactions()"
)


def upgrade() -> None:
    op.create_table(
        "content_feed_sessions",
        sa.Column("id", sa.UUID(as_uuid=False), server_default=sa.text("uuidv7()"), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("user_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("bound_created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bound_id", sa.UUID(as_uuid=False), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_content_feed_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_content_feed_sessions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_feed_sessions")),
    )
    op.create_index(
        "ix_content_feed_sessions_user_id_workspace_id",
        "content_feed_sessions",
        ["user_id", "workspace_id"],
        unique=False,
    )
    op.create_table(
        "content_feed_served",
        sa.Column("session_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("content_item_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column(
            "served_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["content_item_id"],
            ["content_items.id"],
            name=op.f("fk_content_feed_served_content_item_id_content_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["content_feed_sessions.id"],
            name=op.f("fk_content_feed_served_session_id_content_feed_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "content_item_id", name=op.f("pk_content_feed_served")
        ),
    )
    op.create_index(
        "ix_content_feed_served_content_item_id",
        "content_feed_served",
        ["content_item_id"],
        unique=False,
    )
    op.create_table(
        "content_interactions",
        sa.Column("id", sa.UUID(as_uuid=False), server_default=sa.text("uuidv7()"), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("user_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("content_item_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("interaction_type", sa.String(length=8), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column(
            "metadata",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("batch_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "interaction_type IN ('view', 'like', 'share', 'comment', 'download')",
            name=op.f("ck_content_interactions_interaction_type"),
        ),
        sa.CheckConstraint(
            "duration_ms BETWEEN 0 AND 86400000", name=op.f("ck_content_interactions_duration_ms")
        ),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_content_interactions_rating")),
        sa.ForeignKeyConstraint(
            ["content_item_id"],
            ["content_items.id"],
            name=op.f("fk_content_interactions_content_item_id_content_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_content_interactions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_content_interactions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_interactions")),
    )
    op.create_index(
        "ix_content_interactions_batch_id", "content_interactions", ["batch_id"], unique=False
    )
    op.create_index(
        "ix_content_interactions_content_item_id",
        "content_interactions",
        ["content_item_id", sa.literal_column("occurred_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index(
        "ix_content_interactions_seen",
        "content_interactions",
        ["user_id", "content_item_id"],
        unique=False,
    )
    op.create_index(
        "ix_content_interactions_user_id_workspace_id",
        "content_interactions",
        [
            "user_id",
            "workspace_id",
            sa.literal_column("occurred_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )
    op.create_index(
        "ix_content_interactions_workspace_id_occurred_at",
        "content_interactions",
        ["workspace_id", "occurred_at"],
        unique=False,
    )
    op.create_table(
        "content_recommendations",
        sa.Column("id", sa.UUID(as_uuid=False), server_default=sa.text("uuidv7()"), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("user_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("content_item_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("algorithm_version", sa.String(length=64), nullable=False),
        sa.Column(
            "metadata",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("served_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("score BETWEEN 0 AND 1", name=op.f("ck_content_recommendations_score")),
        sa.ForeignKeyConstraint(
            ["content_item_id"],
            ["content_items.id"],
            name=op.f("fk_content_recommendations_content_item_id_content_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_content_recommendations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_content_recommendations_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_recommendations")),
        sa.UniqueConstraint(
            "content_item_id",
            "user_id",
            "algorithm_version",
            name=op.f("uq_content_recommendations_content_item_id_user_id_algorithm_version"),
        ),
    )
    op.create_index(
        "ix_content_recommendations_unserved",
        "content_recommendations",
        [
            "user_id",
            "workspace_id",
            sa.literal_column("score DESC"),
            sa.literal_column("created_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
        postgresql_where=sa.text("served_at IS NULL"),
    )
    op.create_index(
        "ix_content_recommendations_user_id_workspace_id",
        "content_recommendations",
        [
            "user_id",
            "workspace_id",
            sa.literal_column("score DESC"),
            sa.literal_column("created_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )
    op.execute(OUTBOX_FUNCTION)
    op.execute(OUTBOX_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS analytics_outbox_interactions ON content_interactions")
    op.execute("DROP FUNCTION IF EXISTS analytics_outbox_interactions()")
    op.drop_index(
        "ix_content_recommendations_user_id_workspace_id", table_name="content_recommendations"
    )
    op.drop_index(
        "ix_content_recommendations_unserved",
        table_name="content_recommendations",
        postgresql_where=sa.text("served_at IS NULL"),
    )
    op.drop_table("content_recommendations")
    op.drop_index(
        "ix_content_interactions_workspace_id_occurred_at", table_name="content_interactions"
    )
    op.drop_index("ix_content_interactions_user_id_workspace_id", table_name="content_interactions")
    op.drop_index("ix_content_interactions_seen", table_name="content_interactions")
    op.drop_index("ix_content_interactions_content_item_id", table_name="content_interactions")
    op.drop_index("ix_content_interactions_batch_id", table_name="content_interactions")
    op.drop_table("content_interactions")
    op.drop_index("ix_content_feed_served_content_item_id", table_name="content_feed_served")
    op.drop_table("content_feed_served")
    op.drop_index(
        "ix_content_feed_sessions_user_id_workspace_id", table_name="content_feed_sessions"
    )
    op.drop_table("content_feed_sessions")
