"""Identity: users, workspaces, memberships, API keys and idempotency keys.

Creates the `update_updated_at_column()` trigger function (seed 001) and BEFORE UPDATE
triggers that keep `updated_at` on users, workspaces and memberships. Ids are UUIDs
defaulting to PostgreSQL 18's `uuidv7()`. Extensions are not created here: `strata db
init` does that as the admin role.

Revision ID: 0001_identity
Revises:
Create Date: 2025-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision: str = "0001_identity"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOUCHED = ("users", "workspaces", "memberships")

CREATE_TOUCH_FUNCTION = """
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""


def _id() -> sa.Column:
    return sa.Column(
        "id", UUID(as_uuid=False), primary_key=True, server_default=sa.text("uuidv7()")
    )


def _ts(name: str) -> sa.Column:
    return sa.Column(
        name, sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")
    )


def _version() -> sa.Column:
    return sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))


def _fk(owner: str, name: str, target: str, nullable: bool = False) -> sa.Column:
    key = sa.ForeignKey(f"{target}.id", ondelete="CASCADE", name=f"fk_{owner}_{name}_{target}")
    return sa.Column(name, UUID(as_uuid=False), key, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        _id(),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("name", sa.String(255), nullable=False, server_default=""),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("oauth_provider", sa.String(50), nullable=True),
        sa.Column("oauth_subject", sa.String(255), nullable=True),
        sa.Column("picture_url", sa.Text(), nullable=False, server_default=""),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("is_superuser", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("preferences", JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        _ts("created_at"),
        _ts("updated_at"),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        _version(),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
    )
    op.create_index("uq_users_lower_email", "users", [sa.text("lower(email)")], unique=True)
    op.create_index("uq_users_lower_username", "users", [sa.text("lower(username)")], unique=True)
    op.create_index(
        "uq_users_oauth",
        "users",
        ["oauth_provider", "oauth_subject"],
        unique=True,
        postgresql_where=sa.text("oauth_provider IS NOT NULL AND oauth_subject IS NOT NULL"),
    )
    op.create_index("ix_users_is_active", "users", ["is_active"])
    op.create_index("ix_users_created_at", "users", ["created_at"])
    op.create_index("ix_users_preferences_gin", "users", ["preferences"], postgresql_using="gin")
    op.create_index(
        "ix_users_email_pattern", "users", ["email"], postgresql_ops={"email": "text_pattern_ops"}
    )

    op.create_table(
        "workspaces",
        _id(),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("slug", sa.String(63), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        _version(),
        sa.PrimaryKeyConstraint("id", name="pk_workspaces"),
        sa.UniqueConstraint("slug", name="uq_workspaces_slug"),
        sa.CheckConstraint("slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'", name="ck_workspaces_slug_format"),
    )

    op.create_table(
        "memberships",
        _id(),
        _fk("memberships", "workspace_id", "workspaces"),
        _fk("memberships", "user_id", "users"),
        sa.Column("role", sa.String(16), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_memberships"),
        sa.UniqueConstraint("user_id", "workspace_id", name="uq_memberships_user_id_workspace_id"),
        sa.CheckConstraint(
            "role IN ('viewer', 'member', 'admin', 'owner')", name="ck_memberships_role"
        ),
    )
    op.create_index("ix_memberships_workspace_id_id", "memberships", ["workspace_id", "id"])
    op.create_index(
        "ix_memberships_owners",
        "memberships",
        ["workspace_id"],
        postgresql_where=sa.text("role = 'owner'"),
    )

    op.create_table(
        "api_keys",
        _id(),
        _fk("api_keys", "user_id", "users"),
        _fk("api_keys", "workspace_id", "workspaces", nullable=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("public_id", sa.String(12), nullable=False),
        sa.Column("key_hash", sa.String(128), nullable=False),
        _ts("created_at"),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("metadata", JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        sa.UniqueConstraint("public_id", name="uq_api_keys_public_id"),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
    )
    op.create_index("ix_api_keys_user_id", "api_keys", ["user_id"])
    op.create_index("ix_api_keys_workspace_id", "api_keys", ["workspace_id"])
    op.create_index(
        "ix_api_keys_active",
        "api_keys",
        ["user_id"],
        postgresql_where=sa.text("revoked_at IS NULL"),
    )

    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(255), nullable=False),
        sa.Column("request_id", sa.String(128), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("resource_id", sa.String(64), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("scope", "request_id", name="pk_idempotency_keys"),
    )
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"])

    op.execute(CREATE_TOUCH_FUNCTION)
    for table in TOUCHED:
        op.execute(
            f"CREATE TRIGGER update_{table}_updated_at BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
        )


def downgrade() -> None:
    for table in TOUCHED:
        op.execute(f"DROP TRIGGER IF EXISTS update_{table}_updated_at ON {table}")
    op.execute("DROP FUNCTION IF EXISTS update_updated_at_column()")
    for table in ("idempotency_keys", "api_keys", "memberships", "workspaces", "users"):
        op.drop_table(table)
