"""The audit checkpoints' table (migration 0005): insert-only, one row per sequence."""

from __future__ import annotations

import sqlalchemy as sa

from adapters.postgres.kernel.tables import metadata

# `signature` is NULL for checkpoints taken without a checkpoint secret.
audit_checkpoints = sa.Table(
    "audit_checkpoints",
    metadata,
    sa.Column("sequence", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("hash", sa.CHAR(64), nullable=False),
    sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("signature", sa.CHAR(64)),
)
