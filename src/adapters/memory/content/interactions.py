"""Interactions in memory: appended in batches, listed newest first, counted."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC
from typing import Any

from domain.content.interaction import Interaction, every_type
from domain.kernel.errors import NotFound
from ports.content.interactions import (
    InteractionKey,
    InteractionQuery,
    InteractionStats,
    StatsRange,
)

Tables = dict[str, dict[Any, Any]]


def metadata_value(metadata: dict[str, Any], key: str) -> str:
    """The key's value when it is text; "" for any other value or none."""
    value = metadata.get(key)
    return value if isinstance(value, str) else ""


def count(rows: Sequence[tuple[str, Any, dict[str, Any]]], key: str) -> InteractionStats:
    """Statistics of (type, occurred_at, metadata) rows."""
    days = Counter(at.astimezone(UTC).date() for _, at, _ in rows)
    return InteractionStats(
        total=len(rows),
        by_type=every_type(Counter(t for t, _, _ in rows)),
        by_metadata=dict(Counter(metadata_value(m, key) for _, _, m in rows)) if key else {},
        by_day=sorted(days.items()),
    )


class InMemoryInteractionRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, Interaction] = tables["content_interactions"]

    async def add_all(self, interactions: Sequence[Interaction]) -> None:
        for i in interactions:
            if i.user_id not in self._tables["users"]:
                raise NotFound("the referenced user was not found")
            self._t[i.id] = i

    async def known_items(self, workspace_id: str, item_ids: Sequence[str]) -> set[str]:
        items = self._tables["content_items"]
        return {i for i in item_ids if i in items and items[i].workspace_id == workspace_id}

    async def in_batch(self, workspace_id: str, batch_id: str) -> list[Interaction]:
        rows = [i for i in self._t.values() if i.batch_id == batch_id]
        return [i for i in rows if i.workspace_id == workspace_id]

    async def find(
        self, query: InteractionQuery, after: InteractionKey | None, limit: int
    ) -> list[Interaction]:
        rows = sorted(
            (i for i in self._t.values() if _matches(i, query)),
            key=lambda i: (i.occurred_at, i.id),
            reverse=True,
        )
        if after is not None:
            rows = [i for i in rows if (i.occurred_at, i.id) < after]
        return rows[:limit]

    async def stats(self, span: StatsRange) -> InteractionStats:
        rows = [
            (str(i.interaction_type), i.occurred_at, i.metadata)
            for i in self._t.values()
            if i.workspace_id == span.workspace_id and span.start <= i.occurred_at < span.end
        ]
        return count(rows, span.metadata_key)


def _matches(i: Interaction, q: InteractionQuery) -> bool:
    if i.workspace_id != q.workspace_id:
        return False
    if q.user_id is not None and i.user_id != q.user_id:
        return False
    return q.content_item_id is None or i.content_item_id == q.content_item_id
