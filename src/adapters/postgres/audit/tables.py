"""The audit trail's tables: append-only entries and the hash chain's head (migration 0002)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import INET, JSON, UUID

from adapters.postgres.kernel.tables import metadata
from domain.audit.entry import Outcome

PURGE_SETTING = "strata.audit_purge"  # SET LOCAL to on: the trigger lets DELETE through
OUTCOMES = tuple(str(o) for o in Outcome)

# No foreign keys: entries outlive the users and workspaces they name. `roles` and
# `request` are `json`, not `jsonb`: the text is kept as written.
audit_entries = sa.Table(
    "audit_entries",
    metadata,
    sa.Column("id", UUID(as_uuid=False), primary_key=True),
    sa.Column("sequence", sa.BigInteger, nullable=False),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_id", UUID(as_uuid=False)),
    sa.Column("username", sa.String(255)),
    sa.Column("roles", JSON, nullable=False),
    sa.Column("workspace_id", UUID(as_uuid=False)),
    sa.Column("action", sa.String(255), nullable=False),
    sa.Column("resource", sa.String(500)),
    sa.Column("outcome", sa.String(32), nullable=False),
    sa.Column("peer_ip", INET),
    sa.Column("user_agent", sa.Text),
    sa.Column("request_id", sa.String(128)),
    sa.Column("request", JSON, nullable=False),
    sa.Column("status_code", sa.String(32), nullable=False),
    sa.Column("error_message", sa.Text),
    sa.Column("duration_ms", sa.Integer, nullable=False),
    sa.Column("prev_hash", sa.CHAR(64), nullable=False),
    sa.Column("hash", sa.CHAR(64), nullable=False),
    sa.UniqueConstraint("sequence"),
    sa.CheckConstraint(
        "outcome IN (" + ", ".join(f"'{o}'" for o in OUTCOMES) + ")", name="outcome"
    ),
)
_e = audit_entries.c
# Seed 003's user_actions indexes (user_id alone is served by the two composites).
# Entries arrive in time order, so a BRIN index serves time ranges at a fraction of a
# B-tree's upkeep; outcome is indexed where it is looked for (failures), not per success.
sa.Index("ix_audit_entries_occurred_at", _e.occurred_at, postgresql_using="brin")
sa.Index("ix_audit_entries_username", _e.username)
sa.Index("ix_audit_entries_action", _e.action)
sa.Index("ix_audit_entries_outcome", _e.outcome, postgresql_where=_e.outcome != "success")
sa.Index("ix_audit_entries_request_id", _e.request_id)
sa.Index("ix_audit_entries_user_id_occurred_at", _e.user_id, _e.occurred_at)
sa.Index("ix_audit_entries_user_id_action", _e.user_id, _e.action)
# A workspace's feed, newest first, keyed like `find`.
sa.Index("ix_audit_entries_workspace_id_sequence", _e.workspace_id, _e.sequence.desc())

# One row: the last sequence and hash appended. Appends lock it, so they are serial.
audit_chain_head = sa.Table(
    "audit_chain_head",
    metadata,
    sa.Column("id", sa.Boolean, primary_key=True, server_default=sa.true()),
    sa.Column("last_sequence", sa.BigInteger, nullable=False),
    sa.Column("last_hash", sa.CHAR(64), nullable=False),
    sa.CheckConstraint("id", name="single_row"),
)
