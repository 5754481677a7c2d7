"""The MetaData every context's tables join (Alembic compares migrations against it), its
naming convention and column helpers, and the kernel's idempotency keys."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def id_column() -> sa.Column[str]:
    uuidv7 = sa.text("uuidv7()")
    return sa.Column("id", UUID(as_uuid=False), primary_key=True, server_default=uuidv7)


def timestamp_column(name: str) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def version_column() -> sa.Column[int]:
    return sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1"))


def fk_column(name: str, table: str, *, nullable: bool = False) -> sa.Column[str]:
    target = sa.ForeignKey(f"{table}.id", ondelete="CASCADE")
    return sa.Column(name, UUID(as_uuid=False), target, nullable=nullable)


idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("scope", sa.String(255), primary_key=True),
    sa.Column("request_id", sa.String(128), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("resource_id", sa.String(64), nullable=False),
    timestamp_column("created_at"),
)
sa.Index("ix_idempotency_keys_created_at", idempotency_keys.c.created_at)
