"""The content tables (0013): content items, and the counts kept for offset pages.

One table holds both origins (a column, not seed 000's two mirrored tables: docs/content.md
says why). Every list index leads with `workspace_id` and ends with the sort's key, so a
keyset page is an index range: (created_at, id) serves NEWEST and, read backwards, OLDEST;
(coalesce(quality_score, -1), created_at, id) serves QUALITY; type and origin have their
own (…, created_at, id) index, the creator (creator_id, workspace_id, created_at, id), and
public items a partial one. Tags, metadata and the
title's words have GIN indexes. `updated_at` is kept by the `update_updated_at_column()`
trigger of 0001.

`content_counts` keeps ListContent's totals per (workspace, filter) at the workspace's
`content_count_epochs.epoch`; every write to the workspace's items moves the epoch in its
own transaction, so a count kept at an older epoch is never read again.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID

from adapters.postgres.kernel.tables import id_column, metadata, timestamp_column, version_column
from domain.content.values import MAX_TAG, MAX_TITLE, ContentType, Origin, Visibility

TEXT_CONFIG = "simple"  # titles are searched word for word, in any language


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _workspace(primary_key: bool = False) -> sa.Column[str]:
    target = sa.ForeignKey("workspaces.id", ondelete="CASCADE")
    return sa.Column(
        "workspace_id", UUID(as_uuid=False), target, nullable=False, primary_key=primary_key
    )


content_items = sa.Table(
    "content_items",
    metadata,
    id_column(),
    _workspace(),
    sa.Column(
        "creator_id",
        UUID(as_uuid=False),
        sa.ForeignKey("users.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    sa.Column("origin", sa.String(8), nullable=False, server_default="user"),
    sa.Column("title", sa.String(MAX_TITLE), nullable=False),
    sa.Column(
        "title_tsv",
        TSVECTOR,
        sa.Computed(f"to_tsvector('{TEXT_CONFIG}'::regconfig, title)", persisted=True),
    ),
    sa.Column("content_type", sa.String(8), nullable=False, server_default="text"),
    sa.Column("content_data", sa.Text, nullable=False, server_default=""),
    sa.Column("metadata", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column("tags", ARRAY(sa.String(MAX_TAG)), nullable=False, server_default=sa.text("'{}'")),
    sa.Column("quality_score", sa.Double),
    sa.Column("visibility", sa.String(8), nullable=False, server_default="private"),
    timestamp_column("created_at"),
    timestamp_column("updated_at"),
    version_column(),
    sa.CheckConstraint(_in("origin", tuple(Origin)), name="origin"),
    sa.CheckConstraint(_in("content_type", tuple(ContentType)), name="content_type"),
    sa.CheckConstraint(_in("visibility", tuple(Visibility)), name="visibility"),
    sa.CheckConstraint("quality_score BETWEEN 0 AND 1", name="quality_score"),
)
_c = content_items.c
QUALITY_KEY = sa.func.coalesce(_c.quality_score, sa.literal_column("'-1'::double precision"))
_TAIL = (_c.created_at.desc(), _c.id.desc())
sa.Index("ix_content_items_workspace_id_created_at_id", _c.workspace_id, *_TAIL)
sa.Index("ix_content_items_workspace_id_quality", _c.workspace_id, QUALITY_KEY.desc(), *_TAIL)
# Creator first: it also serves the users foreign key (a user's items, on their deletion).
sa.Index("ix_content_items_creator_id_workspace_id", _c.creator_id, _c.workspace_id, *_TAIL)
sa.Index("ix_content_items_workspace_id_content_type", _c.workspace_id, _c.content_type, *_TAIL)
sa.Index("ix_content_items_workspace_id_origin", _c.workspace_id, _c.origin, *_TAIL)
sa.Index(
    "ix_content_items_workspace_id_public",
    _c.workspace_id,
    *_TAIL,
    postgresql_where=_c.visibility == "public",
)
sa.Index("ix_content_items_tags", _c.tags, postgresql_using="gin")
sa.Index("ix_content_items_metadata", _c.metadata, postgresql_using="gin")
sa.Index("ix_content_items_title_tsv", _c.title_tsv, postgresql_using="gin")

content_count_epochs = sa.Table(
    "content_count_epochs",
    metadata,
    _workspace(primary_key=True),
    sa.Column("epoch", sa.BigInteger, nullable=False, server_default=sa.text("0")),
)

content_counts = sa.Table(
    "content_counts",
    metadata,
    _workspace(primary_key=True),
    sa.Column("filter_key", sa.String(32), primary_key=True),
    sa.Column("epoch", sa.BigInteger, nullable=False),
    sa.Column("total", sa.BigInteger, nullable=False),
    sa.Column("estimate", sa.Boolean, nullable=False),
)
