"""Audit checkpoints in PostgreSQL: `audit_checkpoints`, insert-only (migration 0005)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.audit.checkpoint_tables import audit_checkpoints
from adapters.postgres.infra.errors import translated
from domain.audit.checkpoint import AuditCheckpoint

_c = audit_checkpoints.c
_COLUMNS = (_c.sequence, _c.hash, _c.taken_at, _c.signature)


def _checkpoint(row: Mapping[str, Any]) -> AuditCheckpoint:
    signature = row["signature"]
    return AuditCheckpoint(
        int(row["sequence"]), str(row["hash"]), row["taken_at"], signature and str(signature)
    )


class SqlaAuditCheckpoints:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, checkpoint: AuditCheckpoint) -> bool:
        stmt = (
            insert(audit_checkpoints)
            .values(
                sequence=checkpoint.sequence,
                hash=checkpoint.hash,
                taken_at=checkpoint.taken_at,
                signature=checkpoint.signature,
            )
            .on_conflict_do_nothing(index_elements=[_c.sequence])
        )
        with translated():
            async with self._engine.begin() as conn:
                return (await conn.execute(stmt)).rowcount == 1

    async def latest(self) -> AuditCheckpoint | None:
        rows = await self._rows(sa.select(*_COLUMNS).order_by(_c.sequence.desc()).limit(1))
        return _checkpoint(rows[0]) if rows else None

    async def all(self) -> list[AuditCheckpoint]:
        return [
            _checkpoint(r) for r in await self._rows(sa.select(*_COLUMNS).order_by(_c.sequence))
        ]

    async def _rows(self, stmt: sa.Select[Any]) -> list[Mapping[str, Any]]:
        with translated():
            async with self._engine.connect() as conn:
                return list((await conn.execute(stmt)).mappings())
