"""Conversations: threads and their messages (seed 001's threads and messages).

Both tables carry `workspace_id`; a message references its thread by (workspace_id,
thread_id), so it can never sit in another workspace than its thread, and goes with it.
Messages are numbered per thread (`sequence`, from `threads.last_sequence`, unique per
thread, never reused): ListMessages pages by it from either side of a message. Threads list
by latest activity through (workspace_id[, status], updated_at DESC, id DESC) and by owner
through (owner_id, updated_at DESC, id DESC); seed 001's indexes on threads.created_at,
messages.created_at and messages.role are kept (its threads.user_id and threads.status
indexes are the owner and status keyset indexes' prefixes, messages.thread_id is
UNIQUE (thread_id, sequence)'s). `messages.run_id` is the agent run (job) that wrote it,
indexed where set; the jobs context adds its foreign key. `threads.updated_at` is kept by
the `update_updated_at_column()` trigger of 0001.

Revision ID: 0008_conversations
Revises: 0007_chunk_text_lengths
Create Date: 2026-11-30 17:43:25.978277+00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_conversations"
down_revision: str | None = "0007_chunk_text_lengths"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "threads",
        sa.Column("id", sa.UUID(as_uuid=False), server_default=sa.text("uuidv7()"), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("owner_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("title", sa.String(length=255), server_default="", nullable=False),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column(
            "metadata",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("last_sequence", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
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
            "status IN ('active', 'archived', 'deleted')", name=op.f("ck_threads_status")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_threads_owner_id_users"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_threads_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_threads")),
        sa.UniqueConstraint("workspace_id", "id", name=op.f("uq_threads_workspace_id_id")),
    )
    op.execute(
        "CREATE TRIGGER update_threads_updated_at BEFORE UPDATE ON threads "
        "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
    )
    op.create_index("ix_threads_created_at", "threads", ["created_at"], unique=False)
    op.create_index(
        "ix_threads_owner_id_updated_at_id",
        "threads",
        ["owner_id", sa.literal_column("updated_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index(
        "ix_threads_workspace_id_status_updated_at_id",
        "threads",
        [
            "workspace_id",
            "status",
            sa.literal_column("updated_at DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )
    op.create_index(
        "ix_threads_workspace_id_updated_at_id",
        "threads",
        ["workspace_id", sa.literal_column("updated_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.UUID(as_uuid=False), server_default=sa.text("uuidv7()"), nullable=False),
        sa.Column("workspace_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("thread_id", sa.UUID(as_uuid=False), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("tokens_used", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("model", sa.String(length=100), server_default="", nullable=False),
        sa.Column(
            "metadata",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("run_id", sa.UUID(as_uuid=False), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "role IN ('user', 'assistant', 'system', 'tool')", name=op.f("ck_messages_role")
        ),
        sa.CheckConstraint("tokens_used >= 0", name=op.f("ck_messages_tokens_used")),
        sa.ForeignKeyConstraint(
            ["workspace_id", "thread_id"],
            ["threads.workspace_id", "threads.id"],
            name=op.f("fk_messages_workspace_id_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("thread_id", "sequence", name=op.f("uq_messages_thread_id_sequence")),
    )
    op.create_index("ix_messages_created_at", "messages", ["created_at"], unique=False)
    op.create_index("ix_messages_role", "messages", ["role"], unique=False)
    op.create_index(
        "ix_messages_run_id",
        "messages",
        ["run_id"],
        unique=False,
        postgresql_where=sa.text("run_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_messages_run_id", table_name="messages", postgresql_where=sa.text("run_id IS NOT NULL")
    )
    op.drop_index("ix_messages_role", table_name="messages")
    op.drop_index("ix_messages_created_at", table_name="messages")
    op.drop_table("messages")
    op.execute("DROP TRIGGER IF EXISTS update_threads_updated_at ON threads")
    op.drop_index("ix_threads_workspace_id_updated_at_id", table_name="threads")
    op.drop_index("ix_threads_workspace_id_status_updated_at_id", table_name="threads")
    op.drop_index("ix_threads_owner_id_updated_at_id", table_name="threads")
    op.drop_index("ix_threads_created_at", table_name="threads")
    op.drop_table("threads")
