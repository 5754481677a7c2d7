"""Feed sessions on PostgreSQL. Each page reads two index ranges in one statement: the
user's unserved recommendations (`ix_content_recommendations_unserved`) with their items,
and the workspace's public items below the session's bound and position
(`ix_content_items_workspace_id_public`), both leaving out, by index probes, what the
user has seen (`ix_content_interactions_seen`) and what the session showed
(`content_feed_served`'s key). The statements are hand-written (feed_sql) and run on the
unit of work's driver connection: one text each, prepared once, no SQLAlchemy work."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from adapters.postgres.content.feed_sql import (
    PURGE,
    REC_PREFIX,
    RECORD,
    SESSION,
    START,
    candidates_sql,
)
from adapters.postgres.content.items import item_of
from adapters.postgres.content.recommendations import recommendation_of
from adapters.postgres.content.tables_interactions import content_recommendations
from adapters.postgres.infra.repository import Repository, uuid_or_none
from ports.content.feeds import FeedCandidates, FeedKey, FeedSession, Recommended

_REC_FIELDS = [c.name for c in content_recommendations.c]


def candidates_args(session: FeedSession, after: FeedKey | None) -> list[Any]:
    bound = session.bound or (None, None)
    position = [after[0], uuid_or_none(after[1])] if after else []
    return [session.user_id, session.workspace_id, session.id, *bound, *position]


def _recommended(row: Mapping[str, Any]) -> Recommended:
    rec = recommendation_of({f: row[REC_PREFIX + f] for f in _REC_FIELDS})
    return Recommended(rec, item_of(row))


def _bound(row: Mapping[str, Any]) -> FeedKey | None:
    return (row["bound_created_at"], row["bound_id"]) if row["bound_id"] else None


class SqlaFeedRepository(Repository):
    async def start(
        self, session_id: str, workspace_id: str, user_id: str, now: datetime
    ) -> FeedSession:
        (row,) = await self.on_driver(START, session_id, workspace_id, user_id, now)
        return FeedSession(session_id, workspace_id, user_id, _bound(row), now)

    async def session(self, workspace_id: str, user_id: str, session_id: str) -> FeedSession | None:
        keys = [uuid_or_none(k) for k in (session_id, workspace_id, user_id)]
        rows = await self.on_driver(SESSION, *keys) if all(keys) else []
        if not rows:
            return None
        row = rows[0]
        return FeedSession(session_id, workspace_id, user_id, _bound(row), row["created_at"])

    async def candidates(
        self, session: FeedSession, after: FeedKey | None, limit: int
    ) -> FeedCandidates:
        sql = candidates_sql(limit, after is not None)
        rows = await self.on_driver(sql, *candidates_args(session, after))
        return FeedCandidates(
            [_recommended(r) for r in rows if r["source"] == "r"],
            [item_of(r) for r in rows if r["source"] == "f"],
        )

    async def record(self, session: FeedSession, item_ids: Sequence[str], now: datetime) -> None:
        if item_ids:
            ids = list(item_ids)
            await self.on_driver(
                RECORD, session.id, session.user_id, session.workspace_id, now, ids
            )

    async def purge_started_before(self, before: datetime, limit: int) -> int:
        (row,) = await self.on_driver(PURGE, before, limit)
        return int(row["purged"])
