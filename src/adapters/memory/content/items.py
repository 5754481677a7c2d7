"""Content items in memory: workspace-scoped, versioned, listed by the three sorts."""

from __future__ import annotations

import copy
from collections import Counter
from statistics import fmean
from typing import Any

from adapters.memory.content.matching import matches
from domain.content import text_query
from domain.content.listing import UNRATED
from domain.content.model import ContentItem
from domain.content.title_bm25 import TitleCorpus, TitleWeights
from domain.content.values import ContentSort, ContentType, Origin, Visibility
from domain.kernel.errors import Aborted, AlreadyExists, NotFound
from ports.content import ContentFilter, ContentKey, ContentStats, Total

Tables = dict[str, dict[Any, Any]]


def _key(sort: ContentSort, item: ContentItem) -> ContentKey:
    if sort == ContentSort.QUALITY:
        quality = UNRATED if item.quality_score is None else item.quality_score
        return (quality, item.created_at, item.id)
    return (item.created_at, item.id)


def _beyond(key: ContentKey, after: ContentKey, ascending: bool) -> bool:
    return key > after if ascending else key < after


class InMemoryContentItemRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, ContentItem] = tables["content_items"]

    def _in(self, workspace_id: str, item_id: str) -> ContentItem | None:
        item = self._t.get(item_id)
        return item if item is not None and item.workspace_id == workspace_id else None

    async def add(self, item: ContentItem) -> None:
        if item.id in self._t:
            raise AlreadyExists("the resource already exists", field="id")
        for table, key in (("workspaces", item.workspace_id), ("users", item.creator_id)):
            if key not in self._tables[table]:
                raise NotFound(f"the referenced {table[:-1]} was not found")
        self._t[item.id] = copy.deepcopy(item)

    async def get(self, workspace_id: str, item_id: str) -> ContentItem | None:
        item = self._in(workspace_id, item_id)
        return copy.deepcopy(item) if item else None

    async def update(self, item: ContentItem, expected_version: int) -> None:
        stored = self._in(item.workspace_id, item.id)
        if stored is None or stored.version != expected_version:
            raise Aborted("the content item changed concurrently; read it again")
        self._t[item.id] = copy.deepcopy(item)

    async def delete(self, workspace_id: str, item_id: str) -> bool:
        return self._in(workspace_id, item_id) is not None and bool(self._t.pop(item_id))

    async def find(
        self,
        filt: ContentFilter,
        sort: ContentSort,
        after: ContentKey | None,
        limit: int,
        offset: int = 0,
    ) -> list[ContentItem]:
        ascending = sort == ContentSort.OLDEST
        rows = sorted(
            (i for i in self._t.values() if matches(i, filt)),
            key=lambda i: _key(sort, i),
            reverse=not ascending,
        )
        if after is not None:
            rows = [i for i in rows if _beyond(_key(sort, i), after, ascending)]
        return [copy.deepcopy(i) for i in rows[offset : offset + limit]]

    async def find_ranked(
        self,
        filt: ContentFilter,
        weights: TitleWeights,
        after: ContentKey | None,
        limit: int,
        offset: int = 0,
    ) -> list[tuple[ContentItem, float]]:
        ranked = sorted(
            (
                ((weights.score(i.title), i.created_at, i.id), i)
                for i in self._t.values()
                if matches(i, filt)
            ),
            key=lambda pair: pair[0],
            reverse=True,
        )
        if after is not None:
            ranked = [(k, i) for k, i in ranked if k < after]
        return [(copy.deepcopy(i), k[0]) for k, i in ranked[offset : offset + limit]]

    async def title_corpus(self, workspace_id: str, words: tuple[str, ...]) -> TitleCorpus:
        mine = self._t.values()
        titles = [text_query.words(i.title) for i in mine if i.workspace_id == workspace_id]
        df = tuple(sum(w in t for t in titles) for w in words)
        return TitleCorpus(len(titles), sum(map(len, titles)), df)

    async def count(self, filt: ContentFilter) -> Total:
        return Total(sum(1 for i in self._t.values() if matches(i, filt)))

    async def stats(self, workspace_id: str, top_tags: int) -> ContentStats:
        mine = [i for i in self._t.values() if i.workspace_id == workspace_id]
        rated = [i.quality_score for i in mine if i.quality_score is not None]
        tags = Counter(t for i in mine for t in i.tags)
        return ContentStats(
            total=len(mine),
            by_type={str(t): sum(1 for i in mine if i.content_type == t) for t in ContentType},
            by_origin={str(o): sum(1 for i in mine if i.origin == o) for o in Origin},
            by_visibility={str(v): sum(1 for i in mine if i.visibility == v) for v in Visibility},
            rated=len(rated),
            mean_quality=fmean(rated) if rated else None,
            top_tags=sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:top_tags],
        )
