"""Idempotency records on PostgreSQL: claimed with INSERT … ON CONFLICT DO NOTHING."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.postgres.infra.repository import Repository
from adapters.postgres.kernel.tables import idempotency_keys
from ports.idempotency import IdempotencyRecord


class SqlaIdempotencyStore(Repository):
    async def claim(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        inserted = await self.first(
            pg_insert(idempotency_keys)
            .values(
                scope=record.scope,
                request_id=record.request_id,
                fingerprint=record.fingerprint,
                resource_id=record.resource_id,
                created_at=record.created_at,
            )
            .on_conflict_do_nothing()
            .returning(idempotency_keys.c.scope)
        )
        return None if inserted is not None else await self.get(record.scope, record.request_id)

    async def settle(self, scope: str, request_id: str, resource_id: str) -> None:
        await self.execute(
            idempotency_keys.update()
            .where(idempotency_keys.c.scope == scope, idempotency_keys.c.request_id == request_id)
            .values(resource_id=resource_id)
        )

    async def get(self, scope: str, request_id: str) -> IdempotencyRecord | None:
        stmt = sa.select(idempotency_keys).where(
            idempotency_keys.c.scope == scope, idempotency_keys.c.request_id == request_id
        )
        row = await self.first(stmt)
        return IdempotencyRecord(**row) if row else None

    async def put(self, record: IdempotencyRecord) -> None:
        await self.execute(
            idempotency_keys.insert().values(
                scope=record.scope,
                request_id=record.request_id,
                fingerprint=record.fingerprint,
                resource_id=record.resource_id,
                created_at=record.created_at,
            )
        )
