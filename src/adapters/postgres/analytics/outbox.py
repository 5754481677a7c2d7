"""The analytics outbox on PostgreSQL: rows written by triggers in the transaction of the
change (migration 0012), taken by one relay per source under a transaction-level
advisory lock, and deleted once delivered."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from adapters.postgres.analytics.tables import analytics_outbox
from adapters.postgres.infra.repository import Repository
from ports.analytics import OUTBOX_SOURCES, Backlog, OutboxItem

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


class SqlaAnalyticsOutbox(Repository):
    async def take(self, source: str, limit: int) -> list[OutboxItem]:
        if not await self.scalar(_LOCKED, key=f"analytics_outbox:{source}"):
            return []
        stmt = analytics_outbox.select().where(_o.source == source).order_by(_o.id).limit(limit)
        return [_item(r) for r in await self.all(stmt)]

    async def remove(self, ids: Sequence[int]) -> None:
        if ids:
            await self.execute(analytics_outbox.delete().where(_o.id.in_(list(ids))))

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
