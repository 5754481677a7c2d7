"""RELEVANCE ranks titles by Okapi BM25 with the workspace's statistics, on every adapter:
exact scores on small corpora against tests.contract.title_reference, the statistics
following every write, and later pages ranked with the corpus the first one saw."""

from __future__ import annotations

from typing import Any

import pytest

from domain.content.listing import content_filter, page_key, sort_key
from domain.content.model import ContentItem
from domain.content.title_bm25 import DEFAULT_TITLE_RANKING, QueryTerms, TitleCorpus
from domain.content.title_search import ranked_page
from domain.content.values import ContentSort
from ports.uow import UnitOfWorkFactory
from tests.contract.content_kit import ContentKit
from tests.contract.title_reference import title_bm25, title_words

RELEVANCE = ContentSort.RELEVANCE
CORPORA: dict[str, tuple[list[str], str]] = {
    "a rare word outweighs a common one": (
        ["river stone", "river cloud", "river", "river delta", "stone age", "cloud river"],
        "river or stone",
    ),
    "short titles beat long ones": (
        ["jazz", "jazz night in the old town", "a jazz club", "rock", "blues"],
        "jazz",
    ),
    "a repeated word counts, saturating": (
        ["rain rain rain go away", "rain on the plain", "the rain", "sun", "sun and rain"],
        "rain",
    ),
    "a word the query says twice weighs twice": (
        ["alpha beta", "alpha", "beta", "beta beta gamma", "gamma delta", "delta"],
        "alpha or beta or beta",
    ),
}


@pytest.fixture
async def kit(make: Any, seed: Any) -> ContentKit:
    kit = ContentKit(make)
    await seed(*kit.entities())
    return kit


async def _add(uow_factory: UnitOfWorkFactory, items: list[ContentItem]) -> None:
    async with uow_factory() as uow:
        for item in items:
            await uow.content_items.add(item)
        await uow.commit()


async def _ranked(uow_factory: UnitOfWorkFactory, kit: ContentKit, query: str) -> list[Any]:
    f = content_filter(kit.ws.id, query=query)
    async with uow_factory(read_only=True) as uow:
        ranked, _ = await ranked_page(uow, f, DEFAULT_TITLE_RANKING, None, None, 100, 0)
    return [(i.id, score) for i, score in ranked]


@pytest.mark.parametrize("name", list(CORPORA))
async def test_scores_are_a_reference_bm25s_over_the_workspaces_titles(
    uow_factory, kit, name: str
) -> None:
    titles, query = CORPORA[name]
    items = [kit.item(title=t, minutes=n) for n, t in enumerate(titles)]
    await _add(uow_factory, [*items, kit.item(ws=kit.other_ws, title=titles[0])])
    want = title_bm25({i.id: i.title for i in items}, query.replace(" or ", " "))
    by_id = {i.id: i for i in items}
    order = sorted(want, key=lambda i: (want[i], by_id[i].created_at, i), reverse=True)
    got = await _ranked(uow_factory, kit, query)
    assert [i for i, _ in got] == order
    assert [s for _, s in got] == pytest.approx([want[i] for i in order], rel=1e-12)


def _corpus(titles: list[str], words: tuple[str, ...]) -> TitleCorpus:
    said = [title_words(t) for t in titles]
    df = tuple(sum(w in s for s in said) for w in words)
    return TitleCorpus(len(said), sum(map(len, said)), df)


async def test_the_statistics_follow_inserts_retitles_and_deletes(uow_factory, kit) -> None:
    words = QueryTerms.of("river stone cloud jazz").words
    items = [kit.item(title=t) for t in ("River stone", "river river", "Cloud", "stone age")]
    await _add(uow_factory, items)
    async with uow_factory() as uow:
        retitled = await uow.content_items.get(kit.ws.id, items[0].id)
        assert retitled is not None
        retitled.title, retitled.version = "Jazz on the river", retitled.version + 1
        await uow.content_items.update(retitled, retitled.version - 1)
        rated = await uow.content_items.get(kit.ws.id, items[1].id)
        assert rated is not None
        rated.quality_score, rated.version = 0.5, rated.version + 1
        await uow.content_items.update(rated, rated.version - 1)
        await uow.content_items.delete(kit.ws.id, items[2].id)
        await uow.commit()
    async with uow_factory(read_only=True) as uow:
        got = await uow.content_items.title_corpus(kit.ws.id, words)
        elsewhere = await uow.content_items.title_corpus(kit.other_ws.id, words)
    titles = ["Jazz on the river", "river river", "stone age"]
    assert got == _corpus(titles, words)
    assert elsewhere == TitleCorpus(0, 0, (0, 0, 0, 0))


async def test_later_pages_rank_with_the_corpus_the_first_page_saw(uow_factory, kit) -> None:
    before = [kit.item(title=f"river {'stone ' * (n % 3)}old {n}", minutes=n) for n in range(20)]
    await _add(uow_factory, before)
    f = content_filter(kit.ws.id, query="river or stone")
    first = [i for i, _ in await _ranked(uow_factory, kit, "river or stone")]
    seen: list[str] = []
    token_key = None
    for n in range(20):
        async with uow_factory(read_only=True) as uow:
            after = page_key(RELEVANCE, token_key)
            page, corpus = await ranked_page(uow, f, DEFAULT_TITLE_RANKING, token_key, after, 3, 0)
        seen += [i.id for i, _ in page]
        if len(page) < 3:
            break
        token_key = sort_key(RELEVANCE, *page[-1], corpus)
        # Titles full of "stone" make it common and the mean title long.
        arriving = [kit.item(title="stone " * 6 + f"new {n} {k}", minutes=n) for k in range(3)]
        await _add(uow_factory, arriving)
    assert len(seen) == len(set(seen)), "no item is repeated"
    assert [i for i in seen if i in set(first)] == first, "the first page's order holds"
