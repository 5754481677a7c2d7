"""ListContent's filters as Python predicates, with PostgreSQL's meaning.

`contains` is jsonb's `@>`; `title_matches` is `websearch_to_tsquery('simple', …)` as
domain.content.text_query reads it.
"""

from __future__ import annotations

from typing import Any

from domain.content.model import ContentItem
from domain.content.text_query import clauses, words
from ports.content import ContentFilter


def contains(whole: Any, part: Any) -> bool:
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(
            k in whole and contains(whole[k], v) for k, v in part.items()
        )
    if isinstance(part, list):
        return isinstance(whole, list) and all(any(contains(w, p) for w in whole) for p in part)
    if isinstance(part, bool) or isinstance(whole, bool):
        return type(part) is type(whole) and part == whole
    return bool(whole == part)


def _has_phrase(title: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(title[i : i + n]) == phrase for i in range(len(title) - n + 1))


def title_matches(title: str, query: str) -> bool:
    """Every clause holds; a query without a word matches nothing."""
    said, wanted = words(title), clauses(query)
    return bool(wanted) and all(
        any(_has_phrase(said, t.words) != t.negated for t in clause) for clause in wanted
    )


def matches(item: ContentItem, f: ContentFilter) -> bool:
    quality = item.quality_score
    return (
        item.workspace_id == f.workspace_id
        and (f.creator_id is None or item.creator_id == f.creator_id)
        and (f.content_type is None or item.content_type == f.content_type)
        and (f.origin is None or item.origin == f.origin)
        and (f.visibility is None or item.visibility == f.visibility)
        and (not f.tags_any or bool(set(f.tags_any) & set(item.tags)))
        and set(f.tags_all) <= set(item.tags)
        and contains(item.metadata, f.metadata_contains)
        and (f.metadata_has_key is None or f.metadata_has_key in item.metadata)
        and (f.min_quality is None or (quality is not None and quality >= f.min_quality))
        and (not f.query or title_matches(item.title, f.query))
    )
