"""RELEVANCE through real stubs on both storages: BM25 over titles, and keyset pages that
neither skip nor repeat while inserts change the words' rarity between calls."""

from __future__ import annotations

import asyncio

import pytest

from strata.v1 import content_pb2 as pb
from tests.e2e.content_kit import Shelf, new_shelf
from tests.e2e.harness import Harness

pytestmark = [pytest.mark.e2e]
RELEVANCE = pb.CONTENT_SORT_RELEVANCE


@pytest.fixture
async def shelf(harness: Harness) -> Shelf:
    return await new_shelf(harness)


async def test_a_rare_word_outweighs_a_common_one_and_short_titles_long_ones(
    shelf: Shelf,
) -> None:
    for title in ("Rivers", "Rivers", "Rivers", "Rivers of stone", "Stone", "Lakes"):
        await shelf.item(title)
    ranked = await shelf.titles(query="rivers or stone", sort=RELEVANCE)
    assert ranked == ["Stone", "Rivers of stone", "Rivers", "Rivers", "Rivers"]


async def test_keyset_pages_never_skip_or_repeat_while_items_are_inserted(shelf: Shelf) -> None:
    words = ("river", "river stone", "stone old", "river river lake")
    before = {(await shelf.item(f"{words[n % 4]} old {n}")).id for n in range(24)}
    seen: list[str] = []
    token, n = "", 0
    while True:
        inserts = [shelf.item(f"stone stone old new {n} {k}") for k in range(3)]
        page, *_ = await asyncio.gather(
            shelf.page(page_size=5, sort=RELEVANCE, query="river or stone", page_token=token),
            *inserts,
        )
        seen += [i.id for i in page.items]
        n += 1
        if not (token := page.next_page_token):
            break
    assert len(seen) == len(set(seen)), "no item is repeated"
    assert before <= set(seen), "no item that was there before the walk is skipped"
