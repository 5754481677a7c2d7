"""Content: digests and learned preferences (seed 004's digests, digest_items, feedback,
model_metadata and preference_weights).

`digests` holds one row per (workspace_id, user_id, digest_date): the unique index
decides between concurrent creates, and read backwards it lists a user's digests newest
day first. A digest is pending, sent or failed, with `delivered_at` set exactly when it is
not pending. `digest_items` keeps ranks and content items unique per digest.
`content_feedback` names the interaction each feedback was recorded as (one transaction;
docs/content.md says how they map). `model_versions` is keyed by (workspace_id, version)
and listed newest first; `preference_weights` by (workspace_id, user_id, model_version,
feature), the version a foreign key to `model_versions`. Versions and features compare
byte by byte (collation "C"). `digests.updated_at` is kept by the
`update_updated_at_column()` trigger of 0001.

Revision ID: 0015_content_digests
Revises: 0014_content_interactions
Create Date: 2026-12-01 01:03:16.055784+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015_content_digests"
down_revision: str | None = "0014_content_interactions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "digests",
        sa.Column("id", sa.UUID(as_uuid=False), server_default=sa.text("uuidv7()"), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("user_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("digest_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), server_default="pending", nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failure_reason", sa.String(length=1000), server_default="", nullable=False),
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
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.CheckConstraint(
            "(status = 'pending') = (delivered_at IS NULL)", name=op.f("ck_digests_delivered_at")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed')", name=op.f("ck_digests_status")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_digests_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_digests_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digests")),
    )
    op.execute(
        "CREATE TRIGGER update_digests_updated_at BEFORE UPDATE ON digests "
        "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
    )
    op.create_index("ix_digests_user_id", "digests", ["user_id"], unique=False)
    op.create_index(
        "uq_digests_workspace_id_user_id_digest_date",
        "digests",
        ["workspace_id", "user_id", "digest_date"],
        unique=True,
    )
    op.create_table(
        "model_versions",
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("version", sa.String(length=64, collation="C"), nullable=False),
        sa.Column(
            "metrics",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_model_versions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "version", name=op.f("pk_model_versions")),
    )
    op.create_index(
        "ix_model_versions_workspace_id_created_at",
        "model_versions",
        ["workspace_id", sa.literal_column("created_at DESC"), sa.literal_column("version DESC")],
        unique=False,
    )
    op.create_table(
        "digest_items",
        sa.Column("id", sa.UUID(as_uuid=False), server_default=sa.text("uuidv7()"), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("digest_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("content_item_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("reason", sa.String(length=1000), server_default="", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("rank BETWEEN 1 AND 1000", name=op.f("ck_digest_items_rank")),
        sa.CheckConstraint("score BETWEEN 0 AND 1", name=op.f("ck_digest_items_score")),
        sa.ForeignKeyConstraint(
            ["content_item_id"],
            ["content_items.id"],
            name=op.f("fk_digest_items_content_item_id_content_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["digest_id"],
            ["digests.id"],
            name=op.f("fk_digest_items_digest_id_digests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_digest_items_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_items")),
        sa.UniqueConstraint(
            "digest_id", "content_item_id", name=op.f("uq_digest_items_digest_id_content_item_id")
        ),
        sa.UniqueConstraint("digest_id", "rank", name=op.f("uq_digest_items_digest_id_rank")),
    )
    op.create_index(
        "ix_digest_items_content_item_id", "digest_items", ["content_item_id"], unique=False
    )
    op.create_table(
        "preference_weights",
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("user_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("model_version", sa.String(length=64, collation="C"), nullable=False),
        sa.Column("feature", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "weight BETWEEN -1000000 AND 1000000", name=op.f("ck_preference_weights_weight")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_preference_weights_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id", "model_version"],
            ["model_versions.workspace_id", "model_versions.version"],
            name=op.f("fk_preference_weights_workspace_id_model_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_preference_weights_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id",
            "user_id",
            "model_version",
            "feature",
            name=op.f("pk_preference_weights"),
        ),
    )
    op.create_index(
        "ix_preference_weights_model_version",
        "preference_weights",
        ["workspace_id", "model_version"],
        unique=False,
    )
    op.create_index(
        "ix_preference_weights_user_id", "preference_weights", ["user_id"], unique=False
    )
    op.create_table(
        "content_feedback",
        sa.Column("id", sa.UUID(as_uuid=False), server_default=sa.text("uuidv7()"), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("user_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("content_item_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("digest_item_id", sa.UUID(as_uuid=False), nullable=True),
        sa.Column("interaction_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("thumbs", sa.String(length=4), nullable=True),
        sa.Column("comment", sa.String(length=2000), server_default="", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("thumbs IN ('up', 'down')", name=op.f("ck_content_feedback_thumbs")),
        sa.CheckConstraint(
            "(rating IS NULL) <> (thumbs IS NULL)",
            name=op.f("ck_content_feedback_rating_or_thumbs"),
        ),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_content_feedback_rating")),
        sa.ForeignKeyConstraint(
            ["content_item_id"],
            ["content_items.id"],
            name=op.f("fk_content_feedback_content_item_id_content_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["digest_item_id"],
            ["digest_items.id"],
            name=op.f("fk_content_feedback_digest_item_id_digest_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["content_interactions.id"],
            name=op.f("fk_content_feedback_interaction_id_content_interactions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_content_feedback_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_content_feedback_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_feedback")),
    )
    op.create_index(
        "ix_content_feedback_content_item_id", "content_feedback", ["content_item_id"], unique=False
    )
    op.create_index(
        "ix_content_feedback_digest_item_id", "content_feedback", ["digest_item_id"], unique=False
    )
    op.create_index(
        "ix_content_feedback_interaction_id", "content_feedback", ["interaction_id"], unique=False
    )
    op.create_index("ix_content_feedback_user_id", "content_feedback", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_content_feedback_user_id", table_name="content_feedback")
    op.drop_index("ix_content_feedback_interaction_id", table_name="content_feedback")
    op.drop_index("ix_content_feedback_digest_item_id", table_name="content_feedback")
    op.drop_index("ix_content_feedback_content_item_id", table_name="content_feedback")
    op.drop_table("content_feedback")
    op.drop_index("ix_preference_weights_user_id", table_name="preference_weights")
    op.drop_index("ix_preference_weights_model_version", table_name="preference_weights")
    op.drop_table("preference_weights")
    op.drop_index("ix_digest_items_content_item_id", table_name="digest_items")
    op.drop_table("digest_items")
    op.drop_index("ix_model_versions_workspace_id_created_at", table_name="model_versions")
    op.drop_table("model_versions")
    op.execute("DROP TRIGGER IF EXISTS update_digests_updated_at ON digests")
    op.drop_index("uq_digests_workspace_id_user_id_digest_date", table_name="digests")
    op.drop_index("ix_digests_user_id", table_name="digests")
    op.drop_table("digests")
