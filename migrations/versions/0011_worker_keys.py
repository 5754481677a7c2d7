"""Worker keys and job retention.

`api_keys.job_kinds` (text[], empty: not a worker key) limits a key to the job kinds it
serves. `ix_jobs_completed_at` (completed_at WHERE the job is finished) lets the purge
of finished jobs past the retention find its batches oldest first without reading the
queue; it holds finished jobs only until they are purged.

Revision ID: 0011_worker_keys
Revises: 0010_thread_runs
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision: str = "0011_worker_keys"
down_revision: str | None = "0010_thread_runs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FINISHED = "status IN ('completed', 'failed', 'cancelled')"


def upgrade() -> None:
    op.add_column(
        "api_keys",
        sa.Column(
            "job_kinds", ARRAY(sa.String(64)), nullable=False, server_default=sa.text("'{}'")
        ),
    )
    op.create_index(
        "ix_jobs_completed_at", "jobs", ["completed_at"], postgresql_where=sa.text(FINISHED)
    )


def downgrade() -> None:
    op.drop_index("ix_jobs_completed_at", table_name="jobs")
    op.drop_column("api_keys", "job_kinds")
