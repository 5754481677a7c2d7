"""Content: items written by people or generated (seed 000's content_items and
content_items_auto as one table with an `origin` column; docs/content.md says why).

`visibility` replaces the seed's is_public/is_private pair (public, or private: the pair's
every other combination). Keyset lists walk (workspace_id[, content_type | origin],
created_at DESC, id DESC), (creator_id, workspace_id, created_at DESC, id DESC) (which
also serves the users foreign key), (workspace_id, coalesce(quality_score, -1) DESC,
created_at DESC, id DESC) and, for public items, a partial (workspace_id, created_at DESC,
id DESC); tags, metadata and the title's words (`title_tsv`, 'simple' configuration) have
GIN indexes. `content_counts` keeps offset pages' totals per (workspace, filter) under the
workspace's epoch in `content_count_epochs`, which every write to its items moves.
`content_items.updated_at` is kept by the `update_updated_at_column()` trigger of 0001.

Revision ID: 0013_content
Revises: 0012_analytics
Create Date: 2026-12-01 00:29:31.534134+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013_content"
down_revision: str | None = "0012_analytics"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_count_epochs",
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("epoch", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_content_count_epochs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_content_count_epochs")),
    )
    op.create_table(
        "content_counts",
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("filter_key", sa.String(length=32), nullable=False),
        sa.Column("epoch", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("estimate", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_content_counts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "filter_key", name=op.f("pk_content_counts")),
    )
    op.create_table(
        "content_items",
        sa.Column("id", sa.UUID(as_uuid=False), server_default=sa.text("uuidv7()"), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("creator_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("origin", sa.String(length=8), server_default="user", nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column(
            "title_tsv",
            postgresql.TSVECTOR(),
            sa.Computed("to_tsvector('simple'::regconfig, title)", persisted=True),
            nullable=True,
        ),
        sa.Column("content_type", sa.String(length=8), server_default="text", nullable=False),
        sa.Column("content_data", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "metadata",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "tags",
            postgresql.ARRAY(sa.String(length=64)),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("quality_score", sa.Double(), nullable=True),
        sa.Column("visibility", sa.String(length=8), server_default="private", nullable=False),
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
            "content_type IN ('text', 'image', 'video', 'audio')",
            name=op.f("ck_content_items_content_type"),
        ),
        sa.CheckConstraint("origin IN ('user', 'auto')", name=op.f("ck_content_items_origin")),
        sa.CheckConstraint(
            "visibility IN ('public', 'private')", name=op.f("ck_content_items_visibility")
        ),
        sa.CheckConstraint(
            "quality_score BETWEEN 0 AND 1", name=op.f("ck_content_items_quality_score")
        ),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["users.id"],
            name=op.f("fk_content_items_creator_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_content_items_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_items")),
    )
    op.execute(
        "CREATE TRIGGER update_content_items_updated_at BEFORE UPDATE ON content_items "
        "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
    )
    op.create_index(
        "ix_content_items_metadata",
        "content_items",
        ["metadata"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_content_items_tags", "content_items", ["tags"], unique=False, postgresql_using="gin"
    )
    op.create_index(
        "ix_content_items_title_tsv",
        "content_items",
        ["title_tsv"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_content_items_workspace_id_content_type",
        "content_items",
        [
            "workspace_id",
            "content_type",
            sa.literal_column("created_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )
    op.create_index(
        "ix_content_items_workspace_id_created_at_id",
        "content_items",
        ["workspace_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index(
        "ix_content_items_creator_id_workspace_id",
        "content_items",
        [
            "creator_id",
            "workspace_id",
            sa.literal_column("created_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )
    op.create_index(
        "ix_content_items_workspace_id_origin",
        "content_items",
        [
            "workspace_id",
            "origin",
            sa.literal_column("created_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )
    op.create_index(
        "ix_content_items_workspace_id_public",
        "content_items",
        ["workspace_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
        postgresql_where=sa.text("visibility = 'public'"),
    )
    op.create_index(
        "ix_content_items_workspace_id_quality",
        "content_items",
        [
            "workspace_id",
            sa.literal_column("coalesce(quality_score, '-1'::double precision) DESC"),
            sa.literal_column("created_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_content_items_workspace_id_quality", table_name="content_items")
    op.drop_index(
        "ix_content_items_workspace_id_public",
        table_name="content_items",
        postgresql_where=sa.text("visibility = 'public'"),
    )
    op.drop_index("ix_content_items_workspace_id_origin", table_name="content_items")
    op.drop_index("ix_content_items_creator_id_workspace_id", table_name="content_items")
    op.drop_index("ix_content_items_workspace_id_created_at_id", table_name="content_items")
    op.drop_index("ix_content_items_workspace_id_content_type", table_name="content_items")
    op.drop_index("ix_content_items_title_tsv", table_name="content_items", postgresql_using="gin")
    op.drop_index("ix_content_items_tags", table_name="content_items", postgresql_using="gin")
    op.drop_index("ix_content_items_metadata", table_name="content_items", postgresql_using="gin")
    op.execute("DROP TRIGGER IF EXISTS update_content_items_updated_at ON content_items")
    op.drop_table("content_items")
    op.drop_table("content_counts")
    op.drop_table("content_count_epochs")
