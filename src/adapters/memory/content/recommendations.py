"""Recommendations in memory: one per (user, item, algorithm_version)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.content.recommendation import Recommendation
from ports.content.interactions import RecommendationKey

Tables = dict[str, dict[Any, Any]]


def best_first(r: Recommendation) -> RecommendationKey:
    return (r.score, r.created_at, r.id)


class InMemoryRecommendationRepository:
    def __init__(self, tables: Tables) -> None:
        self._t: dict[str, Recommendation] = tables["content_recommendations"]

    def _same(self, r: Recommendation) -> Recommendation | None:
        key = (r.user_id, r.content_item_id, r.algorithm_version)
        for stored in self._t.values():
            if (stored.user_id, stored.content_item_id, stored.algorithm_version) == key:
                return stored
        return None

    async def upsert(self, recommendations: Sequence[Recommendation]) -> list[Recommendation]:
        out = []
        for r in recommendations:
            stored = copy.deepcopy(r)
            if (old := self._same(r)) is not None:
                stored.id, stored.created_at, stored.served_at = (
                    old.id,
                    old.created_at,
                    old.served_at,
                )
            self._t[stored.id] = stored
            out.append(copy.deepcopy(stored))
        return out

    async def find(
        self,
        workspace_id: str,
        user_id: str,
        unserved_only: bool,
        after: RecommendationKey | None,
        limit: int,
    ) -> list[Recommendation]:
        rows = sorted(
            (
                r
                for r in self._t.values()
                if r.workspace_id == workspace_id
                and r.user_id == user_id
                and not (unserved_only and r.served_at is not None)
            ),
            key=best_first,
            reverse=True,
        )
        if after is not None:
            rows = [r for r in rows if best_first(r) < after]
        return [copy.deepcopy(r) for r in rows[:limit]]

    async def get_many(self, workspace_id: str, ids: Sequence[str]) -> list[Recommendation]:
        found = [self._t.get(i) for i in ids]
        return [copy.deepcopy(r) for r in found if r is not None and r.workspace_id == workspace_id]

    async def mark_served(self, workspace_id: str, ids: Sequence[str], now: datetime) -> list[str]:
        marked = []
        for r in await self.get_many(workspace_id, ids):
            if r.served_at is None:
                r.served_at = now
                self._t[r.id] = r
                marked.append(r.id)
        return marked
