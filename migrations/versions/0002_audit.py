"""Audit trail: append-only, hash-chained entries and the chain's head.

`audit_entries` holds one row per call (no foreign keys: entries outlive users and
workspaces); `audit_chain_head` is a single row, (0, 64 zeros) at first, that every
append locks and moves on. The trigger function `audit_entries_immutable()` refuses
UPDATE and DELETE for every role, table owner included, except a DELETE in a
transaction that ran `SET LOCAL strata.audit_purge = 'on'` (the purge); a BEFORE
TRUNCATE trigger always refuses. strata_rw's UPDATE/DELETE/TRUNCATE grants are
revoked by `strata db init` / `admin.grants.sync_grants`.

Revision ID: 0002_audit
Revises: 0001_identity
Create Date: 2025-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import INET, JSON, UUID

revision: str = "0002_audit"
down_revision: str | None = "0001_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOMES = ("success", "error", "permission_denied", "unauthenticated", "invalid")

CREATE_IMMUTABLE_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entries_immutable()
RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('strata.audit_purge', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit entries are immutable'
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'only `strata audit purge` removes entries';
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("id", UUID(as_uuid=False), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", UUID(as_uuid=False), nullable=True),
        sa.Column("username", sa.String(255), nullable=True),
        sa.Column("roles", JSON(), nullable=False),
        sa.Column("workspace_id", UUID(as_uuid=False), nullable=True),
        sa.Column("action", sa.String(255), nullable=False),
        sa.Column("resource", sa.String(500), nullable=True),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("peer_ip", INET(), nullable=True),
        sa.Column("user_agent", sa.Text(), nullable=True),
        sa.Column("request_id", sa.String(128), nullable=True),
        sa.Column("request", JSON(), nullable=False),
        sa.Column("status_code", sa.String(32), nullable=False),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.CHAR(64), nullable=False),
        sa.Column("hash", sa.CHAR(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_entries"),
        sa.UniqueConstraint("sequence", name="uq_audit_entries_sequence"),
        sa.CheckConstraint(
            "outcome IN (" + ", ".join(f"'{o}'" for o in OUTCOMES) + ")",
            name="ck_audit_entries_outcome",
        ),
    )
    op.create_index(
        "ix_audit_entries_occurred_at", "audit_entries", ["occurred_at"], postgresql_using="brin"
    )
    op.create_index(
        "ix_audit_entries_outcome",
        "audit_entries",
        ["outcome"],
        postgresql_where=sa.text("outcome <> 'success'"),
    )
    for name, columns in (
        ("username", ["username"]),
        ("action", ["action"]),
        ("request_id", ["request_id"]),
        ("user_id_occurred_at", ["user_id", "occurred_at"]),
        ("user_id_action", ["user_id", "action"]),
    ):
        op.create_index(f"ix_audit_entries_{name}", "audit_entries", columns)
    op.create_index(
        "ix_audit_entries_workspace_id_sequence",
        "audit_entries",
        ["workspace_id", sa.text("sequence DESC")],
    )

    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("last_sequence", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.CHAR(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_chain_head"),
        sa.CheckConstraint("id", name="ck_audit_chain_head_single_row"),
    )
    op.execute(
        "INSERT INTO audit_chain_head (last_sequence, last_hash) VALUES (0, repeat('0', 64))"
    )

    op.execute(CREATE_IMMUTABLE_FUNCTION)
    op.execute(
        "CREATE TRIGGER audit_entries_immutable BEFORE UPDATE OR DELETE ON audit_entries "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_immutable()"
    )
    op.execute(
        "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_immutable()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries")
    op.execute("DROP TRIGGER IF EXISTS audit_entries_immutable ON audit_entries")
    op.execute("DROP FUNCTION IF EXISTS audit_entries_immutable()")
    op.drop_table("audit_chain_head")
    op.drop_table("audit_entries")
