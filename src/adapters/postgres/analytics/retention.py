"""Each workspace's analytics retention on PostgreSQL: one row when it is not the default."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from adapters.postgres.analytics.tables import analytics_retention
from adapters.postgres.infra.repository import Repository, uuid_or_none

_r = analytics_retention.c


class SqlaRetentionSettings(Repository):
    async def get(self, workspace_id: str) -> int | None:
        key = uuid_or_none(workspace_id)
        if key is None:
            return None
        days = await self.scalar(sa.select(_r.days).where(_r.workspace_id == key))
        return int(days) if days is not None else None

    async def put(self, workspace_id: str, days: int) -> None:
        stmt = insert(analytics_retention).values(workspace_id=workspace_id, days=days)
        await self.execute(
            stmt.on_conflict_do_update(
                index_elements=[_r.workspace_id],
                set_={"days": stmt.excluded.days, "updated_at": sa.func.now()},
            )
        )
