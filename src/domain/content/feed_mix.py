"""How a feed page mixes recommendations with fresh public content."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from domain.content.model import ContentItem
from domain.content.recommendation import Recommendation

RECOMMENDED_PER_FRESH = 2  # the page goes rec, rec, fresh, rec, rec, fresh, ...


@dataclass(frozen=True, slots=True)
class FeedEntry:
    item: ContentItem
    recommendation: Recommendation | None = None  # None: fresh content


@dataclass(frozen=True, slots=True)
class Mixed:
    entries: list[FeedEntry]
    last_fresh: ContentItem | None  # the last fresh item the page consumed


def mix(
    recommended: list[tuple[Recommendation, ContentItem]], fresh: list[ContentItem], size: int
) -> Mixed:
    """Interleave RECOMMENDED_PER_FRESH recommendations to one fresh item, each source in
    its own order; when one runs dry the other fills the page. An item shows once (the
    best of its recommendations)."""
    recs, news = deque(recommended), deque(fresh)
    entries: list[FeedEntry] = []
    shown: set[str] = set()
    last_fresh = None
    while len(entries) < size and (recs or news):
        fresh_turn = len(entries) % (RECOMMENDED_PER_FRESH + 1) == RECOMMENDED_PER_FRESH
        if news and (fresh_turn or not recs):
            item, rec = news.popleft(), None
            last_fresh = item
        else:
            rec, item = recs.popleft()
        if item.id not in shown:
            shown.add(item.id)
            entries.append(FeedEntry(item, rec))
    return Mixed(entries, last_fresh)
