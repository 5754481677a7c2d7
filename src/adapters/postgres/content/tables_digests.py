"""The tables of digests and learned preferences (0015).

A user has one digest a day: the unique index (workspace_id, user_id, digest_date) decides
between concurrent creates, and its order read backwards is ListDigests' (newest day
first; a status filter is applied as it walks). Digest items hold unique ranks and unique
content items per digest; (content_item_id) serves the items foreign key. Feedback names
the interaction it was recorded as (content_interactions, in the same transaction); it is
read by id, and each of its foreign keys has an index. Model versions are unique by
name in a workspace and listed newest first by (workspace_id, created_at, version);
weights are keyed (workspace_id, user_id, model_version, feature), so one version's
weights of a user are one index range, replaced together. `digests.updated_at` is kept by
the `update_updated_at_column()` trigger of 0001.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from adapters.postgres.content.tables import content_items
from adapters.postgres.content.tables_interactions import content_interactions
from adapters.postgres.kernel.tables import (
    fk_column,
    id_column,
    metadata,
    timestamp_column,
    version_column,
)
from domain.content.digest_model import MAX_FAILURE_REASON, DigestStatus
from domain.content.digest_values import MAX_RANK, MAX_REASON
from domain.content.feedback_model import MAX_COMMENT, Thumbs
from domain.content.preference_model import MAX_FEATURE, MAX_VERSION

_STATUSES = ", ".join(f"'{s}'" for s in DigestStatus)
_THUMBS = ", ".join(f"'{t}'" for t in Thumbs)

digests = sa.Table(
    "digests",
    metadata,
    id_column(),
    fk_column("workspace_id", "workspaces"),
    fk_column("user_id", "users"),
    sa.Column("digest_date", sa.Date, nullable=False),
    sa.Column("status", sa.String(8), nullable=False, server_default="pending"),
    sa.Column("delivered_at", sa.DateTime(timezone=True)),
    sa.Column("failure_reason", sa.String(MAX_FAILURE_REASON), nullable=False, server_default=""),
    timestamp_column("created_at"),
    timestamp_column("updated_at"),
    version_column(),
    sa.CheckConstraint(f"status IN ({_STATUSES})", name="status"),
    sa.CheckConstraint("(status = 'pending') = (delivered_at IS NULL)", name="delivered_at"),
)
_d = digests.c
sa.Index(
    "uq_digests_workspace_id_user_id_digest_date",
    _d.workspace_id,
    _d.user_id,
    _d.digest_date,
    unique=True,
)
sa.Index("ix_digests_user_id", _d.user_id)

digest_items = sa.Table(
    "digest_items",
    metadata,
    id_column(),
    fk_column("workspace_id", "workspaces"),
    fk_column("digest_id", "digests"),
    fk_column("content_item_id", content_items.name),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("score", sa.Double, nullable=False),
    sa.Column("reason", sa.String(MAX_REASON), nullable=False, server_default=""),
    timestamp_column("created_at"),
    sa.CheckConstraint(f"rank BETWEEN 1 AND {MAX_RANK}", name="rank"),
    sa.CheckConstraint("score BETWEEN 0 AND 1", name="score"),
    sa.UniqueConstraint("digest_id", "rank"),
    sa.UniqueConstraint("digest_id", "content_item_id"),
)
sa.Index("ix_digest_items_content_item_id", digest_items.c.content_item_id)

model_versions = sa.Table(
    "model_versions",
    metadata,
    fk_column("workspace_id", "workspaces"),
    sa.Column("version", sa.String(MAX_VERSION, collation="C"), nullable=False),
    sa.Column("metrics", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    timestamp_column("created_at"),
    sa.PrimaryKeyConstraint("workspace_id", "version"),
)
_m = model_versions.c
sa.Index(
    "ix_model_versions_workspace_id_created_at",
    _m.workspace_id,
    _m.created_at.desc(),
    _m.version.desc(),
)

preference_weights = sa.Table(
    "preference_weights",
    metadata,
    fk_column("workspace_id", "workspaces"),
    fk_column("user_id", "users"),
    sa.Column("model_version", sa.String(MAX_VERSION, collation="C"), nullable=False),
    sa.Column("feature", sa.String(MAX_FEATURE, collation="C"), nullable=False),
    sa.Column("weight", sa.Double, nullable=False),
    timestamp_column("updated_at"),
    sa.PrimaryKeyConstraint("workspace_id", "user_id", "model_version", "feature"),
    sa.ForeignKeyConstraint(
        ["workspace_id", "model_version"],
        [_m.workspace_id, _m.version],
        ondelete="CASCADE",
    ),
    sa.CheckConstraint("weight BETWEEN -1000000 AND 1000000", name="weight"),
)
_w = preference_weights.c
sa.Index("ix_preference_weights_user_id", _w.user_id)
sa.Index("ix_preference_weights_model_version", _w.workspace_id, _w.model_version)

content_feedback = sa.Table(
    "content_feedback",
    metadata,
    id_column(),
    fk_column("workspace_id", "workspaces"),
    fk_column("user_id", "users"),
    fk_column("content_item_id", content_items.name),
    fk_column("digest_item_id", digest_items.name, nullable=True),
    fk_column("interaction_id", content_interactions.name),
    sa.Column("rating", sa.SmallInteger),
    sa.Column("thumbs", sa.String(4)),
    sa.Column("comment", sa.String(MAX_COMMENT), nullable=False, server_default=""),
    timestamp_column("created_at"),
    sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),
    sa.CheckConstraint(f"thumbs IN ({_THUMBS})", name="thumbs"),
    sa.CheckConstraint("(rating IS NULL) <> (thumbs IS NULL)", name="rating_or_thumbs"),
)
_f = content_feedback.c
sa.Index("ix_content_feedback_user_id", _f.user_id)
sa.Index("ix_content_feedback_content_item_id", _f.content_item_id)
sa.Index("ix_content_feedback_digest_item_id", _f.digest_item_id)
sa.Index("ix_content_feedback_interaction_id", _f.interaction_id)
