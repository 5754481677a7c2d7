"""ListContent's filters and sorts against a plain Python answer, on every adapter: keyset
pages walked to the end, offset pages, and totals."""

from __future__ import annotations

from typing import Any

import pytest

from domain.content.listing import content_filter, page_key, sort_key
from domain.content.title_bm25 import DEFAULT_TITLE_RANKING
from domain.content.title_search import ranked_page
from domain.content.values import ContentSort, ContentType, Origin, Visibility
from ports.content import ContentFilter
from ports.uow import UnitOfWorkFactory
from tests.contract.content_kit import ContentKit, expected, expected_by_relevance

N_ITEMS = 80
ORDERS = [ContentSort.NEWEST, ContentSort.QUALITY, ContentSort.OLDEST]
QUERIES = ["query_word", "query_two_words", "query_excluding", "query_and_filters"]
PAGE = 7
FILTERS: dict[str, dict[str, Any]] = {
    "none": {},
    "creator": {"creator_id": 0},
    "content_type": {"content_type": ContentType.VIDEO},
    "origin": {"origin": Origin.AUTO},
    "tags_any": {"tags_any": ("art", "food")},
    "tags_all": {"tags_all": ("news", "tech")},
    "metadata_contains": {"metadata_contains": {"category": "science"}},
    "metadata_array_contains": {"metadata_contains": {"keywords": ["python"]}},
    "metadata_bool_contains": {"metadata_contains": {"featured": True}},
    "metadata_has_key": {"metadata_has_key": "featured"},
    "visibility": {"visibility": Visibility.PUBLIC},
    "min_quality": {"min_quality": 0.6},
    "min_quality_zero": {"min_quality": 0.0},
    "query_word": {"query": "river"},
    "query_two_words": {"query": "River stone"},
    "query_excluding": {"query": "alpha -beta"},
    "query_and_filters": {"query": "python", "origin": Origin.AUTO, "tags_any": ("news", "art")},
    "combined": {"origin": Origin.USER, "tags_any": ("tech", "art"), "min_quality": 0.3},
}


@pytest.fixture
async def listed(make: Any, seed: Any, uow_factory: UnitOfWorkFactory) -> ContentKit:
    kit = ContentKit(make)
    await seed(*kit.entities())
    kit.items = [kit.item() for _ in range(N_ITEMS)] + [kit.item(ws=kit.other_ws)]
    async with uow_factory() as uow:
        for item in kit.items:
            await uow.content_items.add(item)
        await uow.commit()
    return kit


def _filter(kit: ContentKit, name: str) -> ContentFilter:
    given = dict(FILTERS[name])
    if "creator_id" in given:
        given["creator_id"] = kit.users[given["creator_id"]].id
    return content_filter(kit.ws.id, **given)


async def _walk(uow_factory: UnitOfWorkFactory, f: ContentFilter, sort: ContentSort) -> list[str]:
    seen: list[str] = []
    token_key, corpus = None, None
    while True:
        after = page_key(sort, token_key)
        async with uow_factory(read_only=True) as uow:
            if sort == ContentSort.RELEVANCE:
                ranking = DEFAULT_TITLE_RANKING
                ranked, corpus = await ranked_page(uow, f, ranking, token_key, after, PAGE, 0)
            else:
                ranked = [(r, 0.0) for r in await uow.content_items.find(f, sort, after, PAGE)]
        seen += [r.id for r, _ in ranked]
        if len(ranked) < PAGE:
            return seen
        token_key = sort_key(sort, *ranked[-1], corpus)


@pytest.mark.parametrize("sort", ORDERS)
@pytest.mark.parametrize("name", list(FILTERS))
async def test_keyset_pages_give_the_filtered_items_in_sort_order(
    uow_factory, listed, name: str, sort: ContentSort
) -> None:
    f = _filter(listed, name)
    want = expected(listed.items, f, sort)
    assert want, "the random items exercise the filter"
    assert await _walk(uow_factory, f, sort) == want


@pytest.mark.parametrize("sort", ORDERS)
async def test_offset_pages_agree_with_keyset_pages_and_count_exactly(
    uow_factory, listed, sort: ContentSort
) -> None:
    f = _filter(listed, "combined")
    keyset = await _walk(uow_factory, f, sort)
    by_offset: list[str] = []
    async with uow_factory() as uow:
        for skip in range(0, len(keyset) + PAGE, PAGE):
            by_offset += [r.id for r in await uow.content_items.find(f, sort, None, PAGE, skip)]
        total = await uow.content_items.count(f)
    assert by_offset == keyset
    assert (total.count, total.estimate) == (len(keyset), False)


async def test_a_query_without_a_word_matches_nothing(uow_factory, listed) -> None:
    f = content_filter(listed.ws.id, query="!! --")
    assert await _walk(uow_factory, f, ContentSort.NEWEST) == []


@pytest.mark.parametrize("name", QUERIES)
async def test_relevance_pages_rank_titles_by_bm25(uow_factory, listed, name: str) -> None:
    f = _filter(listed, name)
    want = expected_by_relevance(listed.items, f)
    assert want
    assert await _walk(uow_factory, f, ContentSort.RELEVANCE) == want
