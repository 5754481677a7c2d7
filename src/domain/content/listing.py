"""The filters and page keys of ListContent, checked before any store is read."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from domain.content.model import ContentItem
from domain.content.title_bm25 import TitleCorpus
from domain.content.values import (
    MAX_KEY,
    MAX_QUERY,
    ContentSort,
    ContentType,
    Origin,
    Visibility,
    check_quality,
    check_tags,
)
from domain.kernel.errors import InvalidArgument
from domain.kernel.masks import check_text
from ports.content import ContentFilter, ContentKey

UNRATED = -1.0  # where an unrated item sorts under QUALITY: below every score


def content_filter(
    workspace_id: str,
    *,
    creator_id: str = "",
    content_type: ContentType | None = None,
    origin: Origin | None = None,
    tags_any: tuple[str, ...] = (),
    tags_all: tuple[str, ...] = (),
    metadata_contains: dict[str, Any] | None = None,
    metadata_has_key: str = "",
    visibility: Visibility | None = None,
    min_quality: float | None = None,
    query: str = "",
) -> ContentFilter:
    return ContentFilter(
        workspace_id,
        creator_id or None,
        content_type,
        origin,
        check_tags(tags_any, "tags_any"),
        check_tags(tags_all, "tags_all"),
        dict(metadata_contains or {}),
        check_text(metadata_has_key, "metadata_has_key", MAX_KEY) or None,
        visibility,
        check_quality(min_quality, "min_quality"),
        check_text(query, "query", MAX_QUERY),
    )


def sort_key(
    sort: ContentSort, item: ContentItem, rank: float = 0.0, corpus: TitleCorpus | None = None
) -> tuple[str, ...]:
    """The page token's key of `item` (with its `rank` under RELEVANCE, and the corpus it
    was ranked with): strings, as the token holds them."""
    moment = item.created_at.isoformat()
    if sort == ContentSort.RELEVANCE:
        carried = corpus.carried() if corpus else ()
        return (repr(float(rank)), moment, item.id, *carried)
    if sort == ContentSort.QUALITY:
        quality = UNRATED if item.quality_score is None else item.quality_score
        return (repr(float(quality)), moment, item.id)
    return (moment, item.id)


def check_sort(sort: ContentSort, filt: ContentFilter) -> ContentSort:
    if sort == ContentSort.RELEVANCE and not filt.query:
        raise InvalidArgument.of("sort", "RELEVANCE orders by the query: give one")
    return sort


def page_key(sort: ContentSort, after: tuple[Any, ...] | None) -> ContentKey | None:
    """The key a page continues after; INVALID_ARGUMENT for anything else."""
    if after is None:
        return None
    try:
        if sort in (ContentSort.QUALITY, ContentSort.RELEVANCE):
            raw_quality, moment, item_id = after[:3] if sort == ContentSort.RELEVANCE else after
            quality = float(raw_quality)
            if not math.isfinite(quality):
                raise ValueError
            return (quality, _moment(moment), str(item_id))
        moment, item_id = after
        return (_moment(moment), str(item_id))
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None


def _moment(raw: str) -> datetime:
    at = datetime.fromisoformat(raw)
    if at.tzinfo is None:
        raise ValueError
    return at
