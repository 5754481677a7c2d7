"""The jobs tables: the queue (agent runs and generation jobs) and its events (0009)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from adapters.postgres.kernel.tables import fk_column, id_column, metadata, timestamp_column
from domain.jobs.values import MAX_AGENT_TYPE, MAX_KIND, MAX_UNIQUE_KEY, MAX_WORKER_ID, JobStatus

STATUSES = tuple(str(s) for s in JobStatus)
ACTIVE = "status IN ('pending', 'running')"
FINISHED = "status IN ('completed', 'failed', 'cancelled')"
# What the table is created with (see the migration's docstring for why).
STORAGE = {"fillfactor": "80", "autovacuum_vacuum_scale_factor": "0.01"}


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _json(name: str, nullable: bool = False) -> sa.Column[object]:
    default = None if nullable else sa.text("'{}'::jsonb")
    return sa.Column(name, JSONB, nullable=nullable, server_default=default)


def _when(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True))


jobs = sa.Table(
    "jobs",
    metadata,
    id_column(),
    fk_column("workspace_id", "workspaces"),
    fk_column("owner_id", "users"),
    sa.Column("thread_id", UUID(as_uuid=False), sa.ForeignKey("threads.id", ondelete="SET NULL")),
    sa.Column("kind", sa.String(MAX_KIND), nullable=False),
    sa.Column("agent_type", sa.String(MAX_AGENT_TYPE), nullable=False, server_default=""),
    _json("input"),
    _json("parameters"),
    _json("output", nullable=True),
    sa.Column("error", sa.Text),
    sa.Column("progress", sa.Double, nullable=False, server_default=sa.text("0")),
    sa.Column("priority", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("max_attempts", sa.Integer, nullable=False, server_default=sa.text("3")),
    sa.Column("unique_key", sa.String(MAX_UNIQUE_KEY)),
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
    sa.Column("cancel_requested", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("lease_holder", sa.String(MAX_WORKER_ID)),
    _when("lease_expires_at"),
    sa.Column("lease_epoch", sa.BigInteger, nullable=False, server_default=sa.text("0")),
    sa.Column("event_seq", sa.BigInteger, nullable=False, server_default=sa.text("0")),
    timestamp_column("scheduled_at"),
    _when("started_at"),
    _when("completed_at"),
    timestamp_column("created_at"),
    timestamp_column("updated_at"),
    sa.CheckConstraint(_in("status", STATUSES), name="status"),
    sa.CheckConstraint("progress >= 0 AND progress <= 1", name="progress"),
    sa.CheckConstraint("max_attempts >= 1", name="max_attempts"),
    postgresql_with=STORAGE,
)
_j = jobs.c
# A claim is one range of this index: the pending jobs of a workspace and kind, in order.
sa.Index(
    "ix_jobs_claim",
    _j.workspace_id,
    _j.kind,
    _j.priority.desc(),
    _j.scheduled_at,
    _j.id,
    postgresql_where=sa.text("status = 'pending'"),
)
sa.Index(
    "uq_jobs_workspace_id_unique_key",
    _j.workspace_id,
    _j.unique_key,
    unique=True,
    postgresql_where=sa.text(ACTIVE),
)
sa.Index(
    "ix_jobs_lease_expires_at", _j.lease_expires_at, postgresql_where=sa.text("status = 'running'")
)
sa.Index("ix_jobs_workspace_id_created_at", _j.workspace_id, _j.created_at.desc(), _j.id.desc())
sa.Index("ix_jobs_owner_id_created_at", _j.owner_id, _j.created_at.desc())
sa.Index("ix_jobs_status_created_at", _j.status, _j.created_at.desc())
sa.Index("ix_jobs_thread_id", _j.thread_id, postgresql_where=sa.text("thread_id IS NOT NULL"))
# A thread's active runs in submit order: run policies and one-run-at-a-time claims (0010).
sa.Index(
    "ix_jobs_thread_id_active",
    _j.thread_id,
    _j.created_at,
    _j.id,
    postgresql_where=sa.text(f"thread_id IS NOT NULL AND {ACTIVE}"),
)
# The purge's batches, oldest finished first (0011).
sa.Index("ix_jobs_completed_at", _j.completed_at, postgresql_where=sa.text(FINISHED))

job_events = sa.Table(
    "job_events",
    metadata,
    sa.Column(
        "job_id",
        UUID(as_uuid=False),
        sa.ForeignKey("jobs.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("seq", sa.BigInteger, primary_key=True),
    fk_column("workspace_id", "workspaces"),
    sa.Column("from_status", sa.String(16)),
    sa.Column("to_status", sa.String(16), nullable=False),
    sa.Column("progress", sa.Double, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    _json("detail"),
)
sa.Index("ix_job_events_workspace_id_at", job_events.c.workspace_id, job_events.c.at)
