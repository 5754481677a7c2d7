"""Feed sessions in memory: the bound pinned at the start, and the ledger of served items."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from adapters.memory.content.recommendations import best_first
from domain.content.model import ContentItem
from domain.content.values import Visibility
from ports.content.feeds import FeedCandidates, FeedKey, FeedSession, Recommended

Tables = dict[str, dict[Any, Any]]


class InMemoryFeedRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._sessions: dict[str, FeedSession] = tables["content_feed_sessions"]
        self._served: dict[tuple[str, str], datetime] = tables["content_feed_served"]

    def _public(self, workspace_id: str) -> list[ContentItem]:
        items = self._tables["content_items"].values()
        return [
            i for i in items if i.workspace_id == workspace_id and i.visibility == Visibility.PUBLIC
        ]

    def _hidden(self, session: FeedSession) -> set[str]:
        """Items the user has interacted with, and the ones the session showed."""
        seen = {
            i.content_item_id
            for i in self._tables["content_interactions"].values()
            if i.user_id == session.user_id
        }
        return seen | {item for s, item in self._served if s == session.id}

    async def start(
        self, session_id: str, workspace_id: str, user_id: str, now: datetime
    ) -> FeedSession:
        keys = [(i.created_at, i.id) for i in self._public(workspace_id)]
        session = FeedSession(session_id, workspace_id, user_id, max(keys, default=None), now)
        self._sessions[session_id] = session
        return session

    async def session(self, workspace_id: str, user_id: str, session_id: str) -> FeedSession | None:
        s = self._sessions.get(session_id)
        return (
            s if s is not None and (s.workspace_id, s.user_id) == (workspace_id, user_id) else None
        )

    async def candidates(
        self, session: FeedSession, after: FeedKey | None, limit: int
    ) -> FeedCandidates:
        return FeedCandidates(self._recommended(session, limit), self._fresh(session, after, limit))

    def _recommended(self, session: FeedSession, limit: int) -> list[Recommended]:
        hidden, items = self._hidden(session), self._tables["content_items"]
        recs = sorted(
            (
                r
                for r in self._tables["content_recommendations"].values()
                if (r.workspace_id, r.user_id) == (session.workspace_id, session.user_id)
                and r.served_at is None
                and r.content_item_id not in hidden
            ),
            key=best_first,
            reverse=True,
        )
        return [
            Recommended(copy.deepcopy(r), copy.deepcopy(items[r.content_item_id]))
            for r in recs[:limit]
        ]

    def _fresh(self, session: FeedSession, after: FeedKey | None, limit: int) -> list[ContentItem]:
        if session.bound is None:
            return []
        hidden, bound = self._hidden(session), session.bound
        rows = sorted(
            (
                i
                for i in self._public(session.workspace_id)
                if (i.created_at, i.id) <= bound
                and (after is None or (i.created_at, i.id) < after)
                and i.id not in hidden
            ),
            key=lambda i: (i.created_at, i.id),
            reverse=True,
        )
        return [copy.deepcopy(i) for i in rows[:limit]]

    async def record(self, session: FeedSession, item_ids: Sequence[str], now: datetime) -> None:
        shown = set(item_ids)
        for item_id in shown:
            self._served.setdefault((session.id, item_id), now)
        recs = self._tables["content_recommendations"]
        for r in list(recs.values()):
            mine = (r.workspace_id, r.user_id) == (session.workspace_id, session.user_id)
            if mine and r.served_at is None and r.content_item_id in shown:
                served = copy.deepcopy(r)
                served.served_at = now
                recs[r.id] = served

    async def purge_started_before(self, before: datetime, limit: int) -> int:
        expired = [s.id for s in self._sessions.values() if s.started_at < before][:limit]
        gone = set(expired)
        for session_id in expired:
            del self._sessions[session_id]
        for key in [k for k in self._served if k[0] in gone]:
            del self._served[key]
        return len(expired)
