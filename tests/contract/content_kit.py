"""Random content items for the content contract suites, and the answers a list or the
statistics must give, computed here in plain Python (independent of every adapter)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from typing import Any

from domain.content.model import ContentItem
from domain.content.values import ContentSort, ContentType, Origin, Visibility
from ports.content import ContentFilter
from tests.contract.conftest import Builders
from tests.contract.title_reference import title_bm25

WORDS = ("alpha", "beta", "gamma", "delta", "river", "stone", "cloud", "python")
TAGS = ("news", "sport", "tech", "art", "food", "travel")
CATEGORIES = ("technology", "science", "music")


class ContentKit:
    def __init__(self, make: Builders, seed: int = 7) -> None:
        self.make = make
        self.rnd = random.Random(seed)
        self.ws, self.other_ws = make.workspace(), make.workspace()
        self.users = [make.user(), make.user()]

    def entities(self) -> list[Any]:
        return [*self.users, self.ws, self.other_ws]

    def item(self, ws: Any = None, minutes: int | None = None, **kw: Any) -> ContentItem:
        r = self.rnd
        at = self.make.t0 + timedelta(minutes=r.randrange(40) if minutes is None else minutes)
        metadata: dict[str, Any] = {"category": r.choice(CATEGORIES)}
        if r.random() < 0.5:
            metadata["keywords"] = r.sample(WORDS, 2)
        if r.random() < 0.3:
            metadata["featured"] = r.random() < 0.5
        fields: dict[str, Any] = {
            "id": self.make.id(),
            "workspace_id": (ws or self.ws).id,
            "creator_id": r.choice(self.users).id,
            "title": " ".join(r.sample(WORDS, 3)).capitalize(),
            "created_at": at,
            "updated_at": at,
            "origin": r.choice(list(Origin)),
            "content_type": r.choice(list(ContentType)),
            "content_data": "data",
            "metadata": metadata,
            "tags": tuple(sorted(r.sample(TAGS, r.randrange(4)))),
            "quality_score": None if r.random() < 0.25 else r.randrange(11) / 10,
            "visibility": r.choice(list(Visibility)),
        }
        return ContentItem(**(fields | kw))


def _quality(item: ContentItem) -> float:
    return -1.0 if item.quality_score is None else item.quality_score


def _has(item: ContentItem, f: ContentFilter) -> bool:
    title = item.title.lower().split()
    tags = set(item.tags)
    words = f.query.lower().split()
    return all(
        [
            item.workspace_id == f.workspace_id,
            f.creator_id in (None, item.creator_id),
            f.content_type in (None, item.content_type),
            f.origin in (None, item.origin),
            f.visibility in (None, item.visibility),
            not f.tags_any or any(t in tags for t in f.tags_any),
            all(t in tags for t in f.tags_all),
            all(
                item.metadata.get(k) == v for k, v in f.metadata_contains.items() if k != "keywords"
            ),
            all(
                w in item.metadata.get("keywords", [])
                for w in f.metadata_contains.get("keywords", [])
            ),
            f.metadata_has_key is None or f.metadata_has_key in item.metadata,
            f.min_quality is None or _quality(item) >= f.min_quality,
            all((w[1:] not in title) if w.startswith("-") else (w in title) for w in words),
        ]
    )


def expected(items: list[ContentItem], f: ContentFilter, sort: ContentSort) -> list[str]:
    """The ids ListContent must give, in order."""

    def key(i: ContentItem) -> tuple[Any, ...]:
        head = (_quality(i),) if sort == ContentSort.QUALITY else ()
        return (*head, i.created_at, i.id)

    chosen = [i for i in items if _has(i, f)]
    return [i.id for i in sorted(chosen, key=key, reverse=sort != ContentSort.OLDEST)]


def expected_stats(items: list[ContentItem], workspace_id: str) -> dict[str, Any]:
    mine = [i for i in items if i.workspace_id == workspace_id]
    rated = [i.quality_score for i in mine if i.quality_score is not None]
    tags = Counter(t for i in mine for t in i.tags)
    return {
        "total": len(mine),
        "by_type": {t.value: sum(i.content_type == t for i in mine) for t in ContentType},
        "by_origin": {o.value: sum(i.origin == o for i in mine) for o in Origin},
        "by_visibility": {v.value: sum(i.visibility == v for i in mine) for v in Visibility},
        "rated": len(rated),
        "mean_quality": sum(rated) / len(rated) if rated else None,
        "tags": tags,
    }


def expected_by_relevance(items: list[ContentItem], f: ContentFilter) -> list[str]:
    """The ids a RELEVANCE list must give: each title's BM25 score for the query's words
    not after a `-` (tests.contract.title_reference), then newest."""
    titles = {i.id: i.title for i in items if i.workspace_id == f.workspace_id}
    asked = " ".join(w for w in f.query.split() if not w.startswith("-"))
    scores = title_bm25(titles, asked)

    def key(i: ContentItem) -> tuple[Any, ...]:
        return (scores.get(i.id, 0.0), i.created_at, i.id)

    return [i.id for i in sorted((i for i in items if _has(i, f)), key=key, reverse=True)]
