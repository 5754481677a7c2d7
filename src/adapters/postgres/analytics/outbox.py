"""The analytics outbox on PostgreSQL: rows written by triggers in the transaction of the
change (migration 0012), pinned to a relay batch by one relay per source at a time
(under a transaction-level advisory lock), redelivered as that same batch until it is
delivered, then deleted."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

from adapters.postgres.analytics.tables import analytics_outbox
from adapters.postgres.infra.repository import Repository
from adapters.postgres.infra.statements import Constant
from ports.analytics import OUTBOX_SOURCES, Backlog, OutboxBatch, OutboxItem

_o = analytics_outbox.c
# One lock key per source, in the namespace hashtext gives; released when the unit of
# work ends, so a relay that dies mid-batch frees its source with its connection.
_LOCKED = sa.select(sa.func.pg_try_advisory_xact_lock(sa.func.hashtext(sa.bindparam("key"))))


def _item(row: Any) -> OutboxItem:
    return OutboxItem(
        id=row["id"],
        source=row["source"],
        event_id=str(row["event_id"]),
        workspace_id=str(row["workspace_id"]),
        occurred_at=row["occurred_at"],
        data=dict(row["data"]),
    )


def _batch(batch_id: Any, source: str, rows: list[Any]) -> OutboxBatch | None:
    items = sorted((_item(r) for r in rows), key=lambda i: i.id)
    return OutboxBatch(str(batch_id), source, tuple(items)) if items else None


# One probe of ix_analytics_outbox_source_id per source.
_wanted = (
    sa.func.unnest(sa.bindparam("sources", type_=ARRAY(sa.Text)))
    .table_valued(sa.column("name", sa.Text))
    .render_derived(name="wanted", with_types=False)
)
_WAITING = Constant(sa.select(_wanted.c.name).where(sa.exists().where(_o.source == _wanted.c.name)))


class SqlaAnalyticsOutbox(Repository):
    async def waiting(self) -> set[str]:
        rows = await self.all(_WAITING, sources=list(OUTBOX_SOURCES))
        return {r["name"] for r in rows}

    async def pin(self, source: str, limit: int) -> OutboxBatch | None:
        if not await self.scalar(_LOCKED, key=f"analytics_outbox:{source}"):
            return None
        pinned = await self._pinned(source)
        if pinned is not None:
            return pinned
        batch_id = str(uuid.uuid4())
        oldest = (
            sa.select(_o.id)
            .where(_o.source == source, _o.batch.is_(None))
            .order_by(_o.id)
            .limit(limit)
        )
        stmt = (
            analytics_outbox.update()
            .where(_o.id.in_(oldest.scalar_subquery()))
            .values(batch=batch_id)
            .returning(*analytics_outbox.c)
        )
        return _batch(batch_id, source, await self.all(stmt))

    async def _pinned(self, source: str) -> OutboxBatch | None:
        """The batch of the oldest pinned row (a source has at most one pinned at once)."""
        first = (
            sa.select(_o.batch)
            .where(_o.source == source, _o.batch.isnot(None))
            .order_by(_o.id)
            .limit(1)
            .scalar_subquery()
        )
        rows = await self.all(analytics_outbox.select().where(_o.batch == first))
        return _batch(rows[0]["batch"], source, rows) if rows else None

    async def remove(self, batch: OutboxBatch) -> int:
        stmt = analytics_outbox.delete().where(_o.batch == batch.id).returning(_o.id)
        return len(await self.all(stmt))

    async def backlog(self) -> Backlog:
        """The rows waiting, and the oldest one's time: each source's first row by id."""
        firsts = [
            sa.select(_o.occurred_at)
            .where(_o.source == source)
            .order_by(_o.id)
            .limit(1)
            .scalar_subquery()
            for source in OUTBOX_SOURCES
        ]
        rows = sa.select(sa.func.count()).select_from(analytics_outbox).scalar_subquery()
        row = await self.first(
            sa.select(rows.label("rows"), sa.func.least(*firsts).label("oldest"))
        )
        if row is None:
            return Backlog(0, None)
        return Backlog(int(row["rows"]), row["oldest"])
