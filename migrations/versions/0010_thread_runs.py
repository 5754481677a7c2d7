"""Thread runs: messages reference the run that wrote them, threads carry a run status,
and a thread's active runs are one small index range.

`messages.run_id` gets its foreign key to `jobs.id` (ON DELETE SET NULL: purging a job
leaves its messages in the thread). `threads.run_status` (idle, busy, interrupted, error)
is written by the jobs context in the transaction of every state change of a thread's
run, so reading or filtering it is a column read, not a join over the thread's history.
`ix_jobs_thread_id_active` (thread_id, created_at, id) WHERE the job is pending or running
holds only the active runs: the run policies read it on submit, and each claim candidate
checks through it that no earlier run of its thread is still active.

Revision ID: 0010_thread_runs
Revises: 0009_jobs
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_thread_runs"
down_revision: str | None = "0009_jobs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RUN_STATUSES = ("idle", "busy", "interrupted", "error")
ACTIVE_ON_THREAD = "thread_id IS NOT NULL AND status IN ('pending', 'running')"


def upgrade() -> None:
    op.create_foreign_key(
        op.f("fk_messages_run_id_jobs"), "messages", "jobs", ["run_id"], ["id"], ondelete="SET NULL"
    )
    op.add_column(
        "threads",
        sa.Column("run_status", sa.String(16), nullable=False, server_default="idle"),
    )
    op.create_check_constraint(
        op.f("ck_threads_run_status"),
        "threads",
        "run_status IN (" + ", ".join(f"'{s}'" for s in RUN_STATUSES) + ")",
    )
    op.create_index(
        "ix_jobs_thread_id_active",
        "jobs",
        ["thread_id", "created_at", "id"],
        postgresql_where=sa.text(ACTIVE_ON_THREAD),
    )


def downgrade() -> None:
    op.drop_index("ix_jobs_thread_id_active", table_name="jobs")
    op.drop_constraint(op.f("ck_threads_run_status"), "threads", type_="check")
    op.drop_column("threads", "run_status")
    op.drop_constraint(op.f("fk_messages_run_id_jobs"), "messages", type_="foreignkey")
