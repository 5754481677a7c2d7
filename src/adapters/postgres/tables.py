"""Table definitions (SQLAlchemy Core); Alembic compares migrations against this MetaData."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from domain.identity.values import SLUG_PATTERN

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
ROLES = ("viewer", "member", "admin", "owner")

# Tables whose `updated_at` a BEFORE UPDATE trigger maintains (see migration 0001).
TOUCHED_TABLES = ("users", "workspaces", "memberships")


def _id() -> sa.Column[str]:
    uuidv7 = sa.text("uuidv7()")
    return sa.Column("id", UUID(as_uuid=False), primary_key=True, server_default=uuidv7)


def _timestamp(name: str) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1"))


def _fk(name: str, table: str, *, nullable: bool = False) -> sa.Column[str]:
    target = sa.ForeignKey(f"{table}.id", ondelete="CASCADE")
    return sa.Column(name, UUID(as_uuid=False), target, nullable=nullable)


users = sa.Table(
    "users",
    metadata,
    _id(),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("username", sa.String(64)),
    sa.Column("name", sa.String(255), nullable=False, server_default=""),
    sa.Column("password_hash", sa.String(255)),
    sa.Column("oauth_provider", sa.String(50)),
    sa.Column("oauth_subject", sa.String(255)),
    sa.Column("picture_url", sa.Text, nullable=False, server_default=""),
    sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("is_superuser", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("preferences", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    _timestamp("created_at"),
    _timestamp("updated_at"),
    sa.Column("last_login_at", sa.DateTime(timezone=True)),
    _version(),
)
sa.Index("uq_users_lower_email", sa.func.lower(users.c.email), unique=True)
sa.Index("uq_users_lower_username", sa.func.lower(users.c.username), unique=True)
sa.Index(
    "uq_users_oauth",
    users.c.oauth_provider,
    users.c.oauth_subject,
    unique=True,
    postgresql_where=sa.and_(users.c.oauth_provider.isnot(None), users.c.oauth_subject.isnot(None)),
)
sa.Index("ix_users_is_active", users.c.is_active)
sa.Index("ix_users_created_at", users.c.created_at)
sa.Index("ix_users_preferences_gin", users.c.preferences, postgresql_using="gin")
# Serves `email LIKE 'prefix%'` (emails are stored lower-case) in any collation.
sa.Index("ix_users_email_pattern", users.c.email, postgresql_ops={"email": "text_pattern_ops"})

workspaces = sa.Table(
    "workspaces",
    metadata,
    _id(),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("slug", sa.String(63), nullable=False),
    _timestamp("created_at"),
    _timestamp("updated_at"),
    _version(),
    sa.UniqueConstraint("slug"),
    sa.CheckConstraint(f"slug ~ '{SLUG_PATTERN}'", name="slug_format"),
)

memberships = sa.Table(
    "memberships",
    metadata,
    _id(),
    _fk("workspace_id", "workspaces"),
    _fk("user_id", "users"),
    sa.Column("role", sa.String(16), nullable=False),
    _timestamp("created_at"),
    _timestamp("updated_at"),
    sa.UniqueConstraint("user_id", "workspace_id"),
    sa.CheckConstraint("role IN ('viewer', 'member', 'admin', 'owner')", name="role"),
)
sa.Index("ix_memberships_workspace_id_id", memberships.c.workspace_id, memberships.c.id)
sa.Index(
    "ix_memberships_owners",
    memberships.c.workspace_id,
    postgresql_where=memberships.c.role == "owner",
)

api_keys = sa.Table(
    "api_keys",
    metadata,
    _id(),
    _fk("user_id", "users"),
    _fk("workspace_id", "workspaces", nullable=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("public_id", sa.String(12), nullable=False),
    sa.Column("key_hash", sa.String(128), nullable=False),
    _timestamp("created_at"),
    sa.Column("expires_at", sa.DateTime(timezone=True)),
    sa.Column("last_used_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("metadata", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.UniqueConstraint("public_id"),
    sa.UniqueConstraint("key_hash"),
)
sa.Index("ix_api_keys_user_id", api_keys.c.user_id)
sa.Index("ix_api_keys_workspace_id", api_keys.c.workspace_id)
sa.Index("ix_api_keys_active", api_keys.c.user_id, postgresql_where=api_keys.c.revoked_at.is_(None))

idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("scope", sa.String(255), primary_key=True),
    sa.Column("request_id", sa.String(128), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("resource_id", sa.String(64), nullable=False),
    _timestamp("created_at"),
)
sa.Index("ix_idempotency_keys_created_at", idempotency_keys.c.created_at)

# The audit and knowledge tables live in their own modules, on this MetaData.
from adapters.postgres import (  # noqa: E402, F401
    audit_checkpoint_tables,
    audit_tables,
    knowledge_tables,
)
