"""Audit checkpoints: the chain's head, recorded now and then outside the chain.

One row per checkpoint, keyed by the sequence it records: the hash of the entry at that
sequence, when it was taken and, when the server holds a checkpoint secret, an
HMAC-SHA-256 signature of the three (NULL when unsigned). A forger who rewrites the
chain and its head cannot sign the new head without the secret, which the database
never holds. Insert-only like `audit_entries`: the same trigger function refuses
UPDATE, DELETE and TRUNCATE; strata_rw keeps INSERT and SELECT only.

Revision ID: 0005_audit_checkpoints
Revises: 0004_check_constraint_names
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_audit_checkpoints"
down_revision: str | None = "0004_check_constraint_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REVOKE_FROM_RW = """
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'strata_rw') THEN
        REVOKE ALL ON audit_checkpoints FROM strata_rw;
        GRANT SELECT, INSERT ON audit_checkpoints TO strata_rw;
    END IF;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "audit_checkpoints",
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.CHAR(64), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.CHAR(64), nullable=True),
        sa.PrimaryKeyConstraint("sequence", name="pk_audit_checkpoints"),
    )
    op.execute(
        "CREATE TRIGGER audit_checkpoints_immutable BEFORE UPDATE OR DELETE "
        "ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_immutable()"
    )
    op.execute(
        "CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_immutable()"
    )
    op.execute(REVOKE_FROM_RW)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_checkpoints_no_truncate ON audit_checkpoints")
    op.execute("DROP TRIGGER IF EXISTS audit_checkpoints_immutable ON audit_checkpoints")
    op.drop_table("audit_checkpoints")
