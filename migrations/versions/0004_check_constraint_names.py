"""Check constraints of 0001 and 0002 get the names the naming convention means.

0001 and 0002 passed full names (`ck_workspaces_slug_format`) where the metadata's naming
convention adds the `ck_<table>_` prefix itself, so the database holds them twice prefixed
(`ck_workspaces_ck_workspaces_slug_format`). Renamed here; nothing else changes.

Revision ID: 0004_check_constraint_names
Revises: 0003_knowledge
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004_check_constraint_names"
down_revision: str | None = "0003_knowledge"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMES = {  # table: constraint names as the convention means them
    "workspaces": "ck_workspaces_slug_format",
    "memberships": "ck_memberships_role",
    "audit_entries": "ck_audit_entries_outcome",
    "audit_chain_head": "ck_audit_chain_head_single_row",
}


def _twice(table: str, name: str) -> str:
    return f"ck_{table}_{name}"


def upgrade() -> None:
    for table, name in RENAMES.items():
        op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {_twice(table, name)} TO {name}")


def downgrade() -> None:
    for table, name in RENAMES.items():
        op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {name} TO {_twice(table, name)}")
