"""Jobs: one queue for agent runs (seed 001 `runs`) and generation jobs (seed 000), and
`job_events`, the history of every state change and the analytics outbox.

Claims read one range of the partial index `ix_jobs_claim` (workspace_id, kind, priority
DESC, scheduled_at, id) WHERE status = 'pending': a claim is per workspace and kind, so
the workspace leads; finished jobs leave the index, so it stays the size of the backlog.
`uq_jobs_workspace_id_unique_key` is partial too (pending and running only): unique keys
are race-proof while a job is active and free again once it ends. `(owner_id, created_at
DESC)` and `(status, created_at DESC)` are the seed's history indexes; listing a workspace
newest first uses `(workspace_id, created_at DESC, id DESC)`.

Storage: every job is updated several times (claim, heartbeats, completion), so the
table keeps 20 % of each page free (`fillfactor = 80`) for HOT updates, which write no
index entries while no indexed column changes (heartbeats change none). Autovacuum runs
after 1 % of the rows are dead (`autovacuum_vacuum_scale_factor = 0.01`, against the
default 20 %), so a busy queue's dead tuples are reclaimed in small, frequent passes.
`jobs.updated_at` is kept by the `update_updated_at_column()` trigger of 0001.
`thread_id` refers to conversations' `threads` (ON DELETE SET NULL).

Revision ID: 0009_jobs
Revises: 0008_conversations
Create Date: 2025-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision: str = "0009_jobs"
down_revision: str | None = "0008_conversations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("pending", "running", "completed", "failed", "cancelled")
ACTIVE = "status IN ('pending', 'running')"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _fk(owner: str, name: str, target: str, ondelete: str = "CASCADE", **kw: bool) -> sa.Column:
    key = sa.ForeignKey(f"{target}.id", ondelete=ondelete, name=f"fk_{owner}_{name}_{target}")
    return sa.Column(name, UUID(as_uuid=False), key, nullable=False, **kw)


def _ts(name: str, required: bool = True) -> sa.Column:
    default = sa.text("now()") if required else None
    return sa.Column(
        name, sa.DateTime(timezone=True), nullable=not required, server_default=default
    )


def _json(name: str, nullable: bool = False) -> sa.Column:
    default = None if nullable else sa.text("'{}'::jsonb")
    return sa.Column(name, JSONB(), nullable=nullable, server_default=default)


def _int(name: str, kind: type[sa.types.TypeEngine[int]], default: int) -> sa.Column:
    return sa.Column(name, kind(), nullable=False, server_default=sa.text(str(default)))


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", UUID(as_uuid=False), server_default=sa.text("uuidv7()"), nullable=False),
        _fk("jobs", "workspace_id", "workspaces"),
        _fk("jobs", "owner_id", "users"),
        sa.Column(
            "thread_id",
            UUID(as_uuid=False),
            sa.ForeignKey("threads.id", ondelete="SET NULL", name="fk_jobs_thread_id_threads"),
            nullable=True,
        ),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("agent_type", sa.String(100), nullable=False, server_default=""),
        _json("input"),
        _json("parameters"),
        _json("output", nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("progress", sa.Double(), nullable=False, server_default=sa.text("0")),
        _int("priority", sa.Integer, 0),
        _int("attempts", sa.Integer, 0),
        _int("max_attempts", sa.Integer, 3),
        sa.Column("unique_key", sa.String(255), nullable=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("lease_holder", sa.String(255), nullable=True),
        _ts("lease_expires_at", required=False),
        _int("lease_epoch", sa.BigInteger, 0),
        _int("event_seq", sa.BigInteger, 0),
        _ts("scheduled_at"),
        _ts("started_at", required=False),
        _ts("completed_at", required=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
        sa.CheckConstraint(_in("status", STATUSES), name="status"),
        sa.CheckConstraint("progress >= 0 AND progress <= 1", name="progress"),
        sa.CheckConstraint("max_attempts >= 1", name="max_attempts"),
        postgresql_with={"fillfactor": "80", "autovacuum_vacuum_scale_factor": "0.01"},
    )
    op.create_index(
        "ix_jobs_claim",
        "jobs",
        ["workspace_id", "kind", sa.text("priority DESC"), "scheduled_at", "id"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "uq_jobs_workspace_id_unique_key",
        "jobs",
        ["workspace_id", "unique_key"],
        unique=True,
        postgresql_where=sa.text(ACTIVE),
    )
    op.create_index(
        "ix_jobs_lease_expires_at",
        "jobs",
        ["lease_expires_at"],
        postgresql_where=sa.text("status = 'running'"),
    )
    op.create_index(
        "ix_jobs_workspace_id_created_at",
        "jobs",
        ["workspace_id", sa.text("created_at DESC"), sa.text("id DESC")],
    )
    op.create_index("ix_jobs_owner_id_created_at", "jobs", ["owner_id", sa.text("created_at DESC")])
    op.create_index("ix_jobs_status_created_at", "jobs", ["status", sa.text("created_at DESC")])
    op.create_index(
        "ix_jobs_thread_id",
        "jobs",
        ["thread_id"],
        postgresql_where=sa.text("thread_id IS NOT NULL"),
    )
    op.execute(
        "CREATE TRIGGER update_jobs_updated_at BEFORE UPDATE ON jobs "
        "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
    )
    op.create_table(
        "job_events",
        sa.Column(
            "job_id",
            UUID(as_uuid=False),
            sa.ForeignKey("jobs.id", ondelete="CASCADE", name="fk_job_events_job_id_jobs"),
            nullable=False,
        ),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        _fk("job_events", "workspace_id", "workspaces"),
        sa.Column("from_status", sa.String(16), nullable=True),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("progress", sa.Double(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _json("detail"),
        sa.PrimaryKeyConstraint("job_id", "seq", name="pk_job_events"),
    )
    op.create_index("ix_job_events_workspace_id_at", "job_events", ["workspace_id", "at"])


def downgrade() -> None:
    op.drop_table("job_events")
    op.execute("DROP TRIGGER IF EXISTS update_jobs_updated_at ON jobs")
    op.drop_table("jobs")
