"""Identity's tables: users, workspaces, memberships and API keys (migration 0001)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from adapters.postgres.kernel.tables import (
    fk_column,
    id_column,
    metadata,
    timestamp_column,
    version_column,
)
from domain.identity.values import SLUG_PATTERN

users = sa.Table(
    "users",
    metadata,
    id_column(),
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
    timestamp_column("created_at"),
    timestamp_column("updated_at"),
    sa.Column("last_login_at", sa.DateTime(timezone=True)),
    version_column(),
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
    id_column(),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("slug", sa.String(63), nullable=False),
    timestamp_column("created_at"),
    timestamp_column("updated_at"),
    version_column(),
    sa.UniqueConstraint("slug"),
    sa.CheckConstraint(f"slug ~ '{SLUG_PATTERN}'", name="slug_format"),
)

memberships = sa.Table(
    "memberships",
    metadata,
    id_column(),
    fk_column("workspace_id", "workspaces"),
    fk_column("user_id", "users"),
    sa.Column("role", sa.String(16), nullable=False),
    timestamp_column("created_at"),
    timestamp_column("updated_at"),
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
    id_column(),
    fk_column("user_id", "users"),
    fk_column("workspace_id", "workspaces", nullable=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("public_id", sa.String(12), nullable=False),
    sa.Column("key_hash", sa.String(128), nullable=False),
    timestamp_column("created_at"),
    sa.Column("expires_at", sa.DateTime(timezone=True)),
    sa.Column("last_used_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("metadata", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    # a worker key's job kinds (0011); empty: not a worker key
    sa.Column("job_kinds", ARRAY(sa.String(64)), nullable=False, server_default=sa.text("'{}'")),
    sa.UniqueConstraint("public_id"),
    sa.UniqueConstraint("key_hash"),
)
sa.Index("ix_api_keys_user_id", api_keys.c.user_id)
sa.Index("ix_api_keys_workspace_id", api_keys.c.workspace_id)
sa.Index("ix_api_keys_active", api_keys.c.user_id, postgresql_where=api_keys.c.revoked_at.is_(None))
