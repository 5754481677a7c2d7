"""The conversation tables: threads and their messages (0008).

Both carry `workspace_id`; messages reach their thread through (workspace_id, thread_id),
so a message can never sit in another workspace than its thread. `threads.last_sequence`
numbers a thread's messages (UNIQUE (thread_id, sequence) keeps them apart); keyset pages
walk (workspace_id, updated_at DESC, id DESC) and (thread_id, sequence).
`threads.updated_at` is kept by the `update_updated_at_column()` trigger of 0001.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from adapters.postgres.kernel.tables import id_column, metadata, timestamp_column, version_column
from domain.conversations.values import (
    MAX_MODEL,
    MAX_TITLE,
    MessageRole,
    ThreadRunStatus,
    ThreadStatus,
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _uuid(name: str, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, UUID(as_uuid=False), nullable=nullable)


def _jsonb() -> sa.Column[dict[str, object]]:
    return sa.Column("metadata", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))


threads = sa.Table(
    "threads",
    metadata,
    id_column(),
    sa.Column(
        "workspace_id",
        UUID(as_uuid=False),
        sa.ForeignKey("workspaces.id", ondelete="CASCADE"),
        nullable=False,
    ),
    # A thread keeps its owner: a user who still owns threads cannot be deleted.
    sa.Column(
        "owner_id",
        UUID(as_uuid=False),
        sa.ForeignKey("users.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    sa.Column("title", sa.String(MAX_TITLE), nullable=False, server_default=""),
    sa.Column("status", sa.String(16), nullable=False, server_default="active"),
    _jsonb(),
    sa.Column("last_sequence", sa.BigInteger, nullable=False, server_default=sa.text("0")),
    timestamp_column("created_at"),
    timestamp_column("updated_at"),
    version_column(),
    # Written by the jobs context with each state change of the thread's runs (0010).
    sa.Column("run_status", sa.String(16), nullable=False, server_default="idle"),
    sa.UniqueConstraint("workspace_id", "id"),
    sa.CheckConstraint(_in("status", tuple(ThreadStatus)), name="status"),
    sa.CheckConstraint(_in("run_status", tuple(ThreadRunStatus)), name="run_status"),
)
_t = threads.c
sa.Index(
    "ix_threads_workspace_id_updated_at_id", _t.workspace_id, _t.updated_at.desc(), _t.id.desc()
)
sa.Index(
    "ix_threads_workspace_id_status_updated_at_id",
    _t.workspace_id,
    _t.status,
    _t.updated_at.desc(),
    _t.id.desc(),
)
sa.Index("ix_threads_owner_id_updated_at_id", _t.owner_id, _t.updated_at.desc(), _t.id.desc())
sa.Index("ix_threads_created_at", _t.created_at)

messages = sa.Table(
    "messages",
    metadata,
    id_column(),
    _uuid("workspace_id"),
    _uuid("thread_id"),
    sa.Column("sequence", sa.BigInteger, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("tokens_used", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("model", sa.String(MAX_MODEL), nullable=False, server_default=""),
    _jsonb(),
    # The job (agent run) that wrote it (its foreign key comes with the jobs, 0010).
    sa.Column("run_id", UUID(as_uuid=False), sa.ForeignKey("jobs.id", ondelete="SET NULL")),
    timestamp_column("created_at"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "thread_id"],
        ["threads.workspace_id", "threads.id"],
        ondelete="CASCADE",
    ),
    sa.UniqueConstraint("thread_id", "sequence"),
    sa.CheckConstraint(_in("role", tuple(MessageRole)), name="role"),
    sa.CheckConstraint("tokens_used >= 0", name="tokens_used"),
)
_m = messages.c
sa.Index("ix_messages_created_at", _m.created_at)
sa.Index("ix_messages_role", _m.role)
sa.Index(
    "ix_messages_run_id",
    _m.run_id,
    postgresql_where=_m.run_id.isnot(None),
)
