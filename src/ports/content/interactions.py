"""Repositories of interactions and recommendations, and the analytics store's side of
interaction statistics.

Rules every adapter keeps (the contract suite checks them on every adapter):
- Everything is scoped to one workspace; another workspace's rows are invisible.
- `interactions.add_all` stores the batch or nothing; on PostgreSQL each row also
  reaches `analytics_outbox` in the same transaction.
- `interactions.find` pages newest first by (occurred_at, id), strictly after `after`.
- Statistics count interactions with start <= occurred_at < end, by type (every type
  listed), by the text value of one metadata key (other values and a missing key count
  under ""), and per UTC day (days with interactions, oldest first).
- `recommendations.upsert` keeps one row per (user, item, algorithm_version): a repeat
  changes score, metadata and updated_at and keeps id, created_at and served_at.
- `recommendations.find` pages by (score, created_at, id) descending, after `after`.
- `recommendations.mark_served` sets served_at on those not yet served and returns
  their ids; served ones keep their time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from domain.content.interaction import Interaction
from domain.content.recommendation import Recommendation

InteractionKey = tuple[datetime, str]  # occurred_at, id
RecommendationKey = tuple[float, datetime, str]  # score, created_at, id


@dataclass(frozen=True, slots=True)
class InteractionQuery:
    """One user's interactions, or one item's (exactly one of the two is set)."""

    workspace_id: str
    user_id: str | None = None
    content_item_id: str | None = None


@dataclass(frozen=True, slots=True)
class StatsRange:
    workspace_id: str
    start: datetime
    end: datetime  # exclusive
    metadata_key: str = ""  # "": no counts by metadata


@dataclass(frozen=True, slots=True)
class InteractionStats:
    total: int
    by_type: dict[str, int]
    by_metadata: dict[str, int]
    by_day: list[tuple[date, int]]


class InteractionRepository(Protocol):
    async def add_all(self, interactions: Sequence[Interaction]) -> None: ...

    async def known_items(self, workspace_id: str, item_ids: Sequence[str]) -> set[str]:
        """Which of `item_ids` are content items of the workspace."""
        ...

    async def in_batch(self, workspace_id: str, batch_id: str) -> list[Interaction]: ...

    async def find(
        self, query: InteractionQuery, after: InteractionKey | None, limit: int
    ) -> list[Interaction]: ...

    async def stats(self, span: StatsRange) -> InteractionStats: ...


class AnalyticsRetention(Protocol):
    """The analytics side's retention per workspace (its `analytics_retention` settings)."""

    async def get(self, workspace_id: str) -> int | None:
        """The workspace's retention in days; None when it keeps the service's default."""
        ...


class InteractionHistory(Protocol):
    """Interaction statistics from the analytics store (interactions relayed through the
    outbox): the same counts as `InteractionRepository.stats` once they are relayed.
    Callers start the range no earlier than the workspace's current analytics retention
    (rows past a shortened retention stay until their TTL). Raises Unavailable when
    unreachable."""

    async def stats(self, span: StatsRange) -> InteractionStats: ...


class RecommendationRepository(Protocol):
    async def upsert(self, recommendations: Sequence[Recommendation]) -> list[Recommendation]:
        """The stored rows, in the order given."""
        ...

    async def find(
        self,
        workspace_id: str,
        user_id: str,
        unserved_only: bool,
        after: RecommendationKey | None,
        limit: int,
    ) -> list[Recommendation]: ...

    async def get_many(self, workspace_id: str, ids: Sequence[str]) -> list[Recommendation]: ...

    async def mark_served(
        self, workspace_id: str, ids: Sequence[str], now: datetime
    ) -> list[str]: ...
