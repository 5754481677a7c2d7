"""Repositories of the content context.

Rules every adapter keeps (the contract suite checks them on every adapter):
- Everything is scoped to one workspace; another workspace's rows are invisible.
- `content_items.update` writes only if the stored version is `expected_version` (else
  Aborted) and gives the item the `updated_at` the store kept.
- `content_items.find` pages by the sort's key: NEWEST (created_at, id) descending,
  OLDEST ascending, QUALITY (quality or -1, created_at, id) descending; rows after `after`
  only, or `offset` rows skipped when `after` is None. `find_ranked` pages the same way by
  (rank, created_at, id) descending, the rank being the title's BM25 score by the
  weights given (domain.content.title_bm25); `title_corpus` reads what they come from.
- `content_items.count` is exact unless it says otherwise; every write to a workspace's
  items forgets the counts kept for it, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from domain.content.model import ContentItem
from domain.content.title_bm25 import TitleCorpus, TitleWeights
from domain.content.values import ContentSort, ContentType, Origin, Visibility
from ports.content.digests import (
    DigestItemRepository,
    DigestRepository,
    FeedbackRepository,
    ModelVersionRepository,
    PreferenceWeightRepository,
)
from ports.content.feeds import FeedRepository
from ports.content.interactions import (
    AnalyticsRetention,
    InteractionRepository,
    RecommendationRepository,
)
from ports.uow import UnitOfWork

ContentKey = tuple[Any, ...]  # the sort's key of the last item of a page


@dataclass(frozen=True, slots=True)
class ContentFilter:
    workspace_id: str
    creator_id: str | None = None
    content_type: ContentType | None = None
    origin: Origin | None = None
    tags_any: tuple[str, ...] = ()
    tags_all: tuple[str, ...] = ()
    metadata_contains: dict[str, Any] = field(default_factory=dict)
    metadata_has_key: str | None = None
    visibility: Visibility | None = None
    min_quality: float | None = None
    query: str = ""  # title words, web search syntax

    def query_dict(self) -> dict[str, Any]:
        """The filter as a page token's and a cached count's fingerprint sees it."""
        return {
            "w": self.workspace_id,
            "c": self.creator_id,
            "t": self.content_type,
            "o": self.origin,
            "ta": list(self.tags_any),
            "tl": list(self.tags_all),
            "m": self.metadata_contains,
            "k": self.metadata_has_key,
            "v": self.visibility,
            "q": self.min_quality,
            "s": self.query,
        }


@dataclass(frozen=True, slots=True)
class Total:
    count: int
    estimate: bool = False


@dataclass(frozen=True, slots=True)
class ContentStats:
    total: int
    by_type: dict[str, int]
    by_origin: dict[str, int]
    by_visibility: dict[str, int]
    rated: int
    mean_quality: float | None
    top_tags: list[tuple[str, int]]


class ContentItemRepository(Protocol):
    async def add(self, item: ContentItem) -> None: ...
    async def get(self, workspace_id: str, item_id: str) -> ContentItem | None: ...
    async def update(self, item: ContentItem, expected_version: int) -> None: ...
    async def delete(self, workspace_id: str, item_id: str) -> bool: ...

    async def find(
        self,
        filt: ContentFilter,
        sort: ContentSort,
        after: ContentKey | None,
        limit: int,
        offset: int = 0,
    ) -> list[ContentItem]: ...

    async def find_ranked(
        self,
        filt: ContentFilter,
        weights: TitleWeights,
        after: ContentKey | None,
        limit: int,
        offset: int = 0,
    ) -> list[tuple[ContentItem, float]]:
        """RELEVANCE: each item with its title's BM25 score by `weights`; `filt.query` is
        not empty."""
        ...

    async def title_corpus(self, workspace_id: str, words: tuple[str, ...]) -> TitleCorpus:
        """The workspace's titles as BM25 sees them now, for the query's `words`."""
        ...

    async def count(self, filt: ContentFilter) -> Total:
        """How many items match; an estimate (flagged) when counting would be costly."""
        ...

    async def stats(self, workspace_id: str, top_tags: int) -> ContentStats: ...


class ContentUnitOfWork(UnitOfWork, Protocol):
    content_items: ContentItemRepository
    interactions: InteractionRepository
    recommendations: RecommendationRepository
    feeds: FeedRepository
    digests: DigestRepository
    digest_items: DigestItemRepository
    model_versions: ModelVersionRepository
    preference_weights: PreferenceWeightRepository
    feedback: FeedbackRepository
    analytics_retention: AnalyticsRetention
