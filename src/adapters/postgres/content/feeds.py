"""Feed sessions on PostgreSQL. Each page reads two index ranges: the user's unserved
recommendations (`ix_content_recommendations_unserved`) and the workspace's public items
below the session's bound and position (`ix_content_items_workspace_id_public`), both
leaving out, by index probes, what the user has seen (`ix_content_interactions_seen`)
and what the session showed (`content_feed_served`'s key)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID, insert

from adapters.postgres.content.interactions import below
from adapters.postgres.content.items import ITEM_SELECT, item_of
from adapters.postgres.content.recommendations import BEST_FIRST, recommendation_of
from adapters.postgres.content.tables import content_items
from adapters.postgres.content.tables_interactions import (
    content_feed_served,
    content_feed_sessions,
    content_interactions,
    content_recommendations,
)
from adapters.postgres.infra.repository import Repository, uuid_or_none
from domain.content.model import ContentItem
from ports.content.feeds import FeedKey, FeedSession, Recommended

_c, _r, _s = content_items.c, content_recommendations.c, content_feed_sessions.c
_i, _l = content_interactions.c, content_feed_served.c
_NEWEST = (_c.created_at.desc(), _c.id.desc())


def _unseen(session: FeedSession, item_id: Any) -> list[sa.ColumnElement[bool]]:
    seen = sa.select(1).where(_i.user_id == session.user_id, _i.content_item_id == item_id)
    shown = sa.select(1).where(_l.session_id == session.id, _l.content_item_id == item_id)
    return [~sa.exists(seen), ~sa.exists(shown)]


def _public(workspace_id: str) -> list[sa.ColumnElement[bool]]:
    return [_c.workspace_id == workspace_id, _c.visibility == "public"]


def recommended_statement(session: FeedSession, limit: int) -> sa.Select[Any]:
    return (
        sa.select(content_recommendations)
        .where(_r.user_id == session.user_id, _r.workspace_id == session.workspace_id)
        .where(_r.served_at.is_(None), *_unseen(session, _r.content_item_id))
        .order_by(*BEST_FIRST)
        .limit(limit)
    )


def fresh_statement(session: FeedSession, after: FeedKey | None, limit: int) -> sa.Select[Any]:
    assert session.bound is not None
    bound = (session.bound[0], sa.literal(session.bound[1], UUID(as_uuid=False)))
    key = sa.tuple_(_c.created_at, _c.id)
    stmt = sa.select(*ITEM_SELECT).where(*_public(session.workspace_id), key <= sa.tuple_(*bound))
    if after is not None:
        stmt = stmt.where(below((_c.created_at, _c.id), after))
    return stmt.where(*_unseen(session, _c.id)).order_by(*_NEWEST).limit(limit)


def _session(row: Any) -> FeedSession:
    bound = (row["bound_created_at"], str(row["bound_id"])) if row["bound_id"] else None
    return FeedSession(str(row["id"]), str(row["workspace_id"]), str(row["user_id"]), bound)


class SqlaFeedRepository(Repository):
    async def start(
        self, session_id: str, workspace_id: str, user_id: str, now: datetime
    ) -> FeedSession:
        newest = sa.select(_c.created_at, _c.id).where(*_public(workspace_id))
        top = await self.first(newest.order_by(*_NEWEST).limit(1))
        stmt = content_feed_sessions.insert().values(
            id=session_id,
            workspace_id=workspace_id,
            user_id=user_id,
            bound_created_at=top["created_at"] if top else None,
            bound_id=top["id"] if top else None,
            created_at=now,
        )
        await self.execute(stmt)
        bound = (top["created_at"], str(top["id"])) if top else None
        return FeedSession(session_id, workspace_id, user_id, bound)

    async def session(self, workspace_id: str, user_id: str, session_id: str) -> FeedSession | None:
        stmt = (
            sa.select(content_feed_sessions)
            .where(_s.id == uuid_or_none(session_id), _s.workspace_id == uuid_or_none(workspace_id))
            .where(_s.user_id == uuid_or_none(user_id))
            .with_for_update()
        )
        row = await self.first(stmt)
        return _session(row) if row else None

    async def recommended(self, session: FeedSession, limit: int) -> list[Recommended]:
        recs = [recommendation_of(r) for r in await self.all(recommended_statement(session, limit))]
        if not recs:
            return []
        wanted = {r.content_item_id for r in recs}
        rows = await self.all(sa.select(*ITEM_SELECT).where(_c.id.in_(wanted)))
        items = {str(r["id"]): item_of(r) for r in rows}
        return [Recommended(r, items[r.content_item_id]) for r in recs]

    async def fresh(
        self, session: FeedSession, after: FeedKey | None, limit: int
    ) -> list[ContentItem]:
        if session.bound is None:
            return []
        return [item_of(r) for r in await self.all(fresh_statement(session, after, limit))]

    async def record(self, session: FeedSession, item_ids: Sequence[str], now: datetime) -> None:
        if not item_ids:
            return
        rows = [
            {"session_id": session.id, "content_item_id": i, "served_at": now} for i in item_ids
        ]
        await self.execute(insert(content_feed_served).values(rows).on_conflict_do_nothing())
        served = (
            content_recommendations.update()
            .where(_r.user_id == session.user_id, _r.workspace_id == session.workspace_id)
            .where(_r.served_at.is_(None), _r.content_item_id.in_(list(item_ids)))
            .values(served_at=now)
        )
        await self.execute(served)
