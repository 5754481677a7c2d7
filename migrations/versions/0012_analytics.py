"""Analytics: the outbox of changes bound for the analytics store, and each workspace's
retention.

`analytics_outbox` gets one row per job event and per audited call of a workspace,
written by statement-level AFTER INSERT triggers (with transition tables) in the
transaction of the change: a row exists exactly when its change committed. A job
event's row carries the job's kind and owner (joined from `jobs`) and its event id is
md5(job_id || ':' || seq)::uuid, so a redelivered event keeps its id; an audit row's
event id is the entry's id. Audit entries without a workspace leave no row. The relay
pins the oldest unpinned rows of one source (one range of
`ix_analytics_outbox_source_id`) to a batch id in `batch`, delivers that batch, the
same rows on every retry (`ix_analytics_outbox_pinned` finds them), and deletes them
once the analytics store has them; strata_rw gets INSERT, SELECT, UPDATE and DELETE on
it from the default privileges.

`analytics_retention` holds a workspace's retention in days (1..3650) when it is not
the default, and goes with the workspace.

Revision ID: 0012_analytics
Revises: 0011_worker_keys
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision: str = "0012_analytics"
down_revision: str | None = "0011_worker_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JOB_EVENTS_FUNCTION = """
CREATE FUNCTION analytics_outbox_job_events() RETURNS TRIGGER AS $$
BEGIN
    INSERT INTO analytics_outbox (source, event_id, workspace_id, occurred_at, data)
    SELECT 'job_events', md5(e.job_id::text || ':' || e.seq::text)::uuid, e.workspace_id,
           e.at, jsonb_build_object(
               'job_id', e.job_id, 'seq', e.seq, 'kind', j.kind, 'owner_id', j.owner_id,
               'started_at', j.started_at,
               'from_status', e.from_status, 'to_status', e.to_status,
               'progress', e.progress, 'detail', e.detail)
    FROM new_events e JOIN jobs j ON j.id = e.job_id
    ORDER BY e.at, e.job_id, e.seq;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

AUDIT_FUNCTION = """
CREATE FUNCTION analytics_outbox_audit() RETURNS TRIGGER AS $$
BEGIN
    INSERT INTO analytics_outbox (source, event_id, workspace_id, occurred_at, data)
    SELECT 'audit', a.id, a.workspace_id, a.occurred_at, jsonb_build_object(
               'user_id', a.user_id, 'action', a.action, 'outcome', a.outcome,
               'duration_ms', a.duration_ms)
    FROM new_entries a
    WHERE a.workspace_id IS NOT NULL
    ORDER BY a.sequence;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = {
    "job_events": ("new_events", "analytics_outbox_job_events"),
    "audit_entries": ("new_entries", "analytics_outbox_audit"),
}


def upgrade() -> None:
    op.create_table(
        "analytics_outbox",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("event_id", UUID(as_uuid=False), nullable=False),
        sa.Column("workspace_id", UUID(as_uuid=False), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", JSONB(), nullable=False),
        sa.Column("batch", UUID(as_uuid=False), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analytics_outbox")),
    )
    op.create_index(
        "ix_analytics_outbox_source_id", "analytics_outbox", ["source", "id"], unique=False
    )
    op.create_index(
        "ix_analytics_outbox_pinned",
        "analytics_outbox",
        ["source", "batch"],
        unique=False,
        postgresql_where=sa.text("batch IS NOT NULL"),
    )
    op.create_table(
        "analytics_retention",
        sa.Column("workspace_id", UUID(as_uuid=False), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("days BETWEEN 1 AND 3650", name="days"),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_analytics_retention_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", name=op.f("pk_analytics_retention")),
    )
    op.execute(JOB_EVENTS_FUNCTION)
    op.execute(AUDIT_FUNCTION)
    for table, (rows, function) in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {function} AFTER INSERT ON {table} "
            f"REFERENCING NEW TABLE AS {rows} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )


def downgrade() -> None:
    for table, (_, function) in TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {function} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.drop_table("analytics_retention")
    op.drop_index("ix_analytics_outbox_pinned", table_name="analytics_outbox")
    op.drop_index("ix_analytics_outbox_source_id", table_name="analytics_outbox")
    op.drop_table("analytics_outbox")
