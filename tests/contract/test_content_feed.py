"""GetFeed on the memory and PostgreSQL adapters: a session never repeats an item nor
shows one its user has seen, while items and recommendations arrive between pages."""

from __future__ import annotations

import asyncio
import random

import pytest

from domain.content.feed_mix import FeedEntry
from domain.content.values import Visibility
from domain.kernel.errors import InvalidArgument, PermissionDenied
from tests.contract.engagement_kit import Engagement, principal


@pytest.fixture
async def e(uow_factory, make, seed) -> Engagement:
    return await Engagement(make, uow_factory).seed(seed)


def _sources(entries: list[FeedEntry]) -> str:
    return "".join("r" if x.recommendation else "f" for x in entries)


async def test_a_page_mixes_two_recommendations_to_one_fresh_item(e) -> None:
    items = await e.items(9)
    await e.upsert.execute(
        principal(e.admin), e.ws.id, [e.rec(e.bob, i, 0.1 * n) for n, i in enumerate(items[:4])]
    )
    page = await e.feed.execute(principal(e.bob), e.ws.id, "", 6, "")
    assert _sources(page.entries) == "rrfrrf"
    recommended = [x.item.id for x in page.entries if x.recommendation]
    assert recommended == [items[3].id, items[2].id, items[1].id, items[0].id]
    fresh = [x.item.id for x in page.entries if not x.recommendation]
    assert fresh == [items[8].id, items[7].id]  # newest first
    unserved = await e.list_recs.execute(principal(e.bob), e.ws.id, "", True, 10, "")
    assert unserved.items == []  # the feed served them


async def test_a_session_never_repeats_nor_shows_seen_items_while_new_ones_arrive(e) -> None:
    rnd = random.Random(3)
    items = await e.items(40)
    private = await e.items(5, visibility=Visibility.PRIVATE)
    seen = rnd.sample(items, 6)
    await e.record.execute(principal(e.bob), e.ws.id, [e.new(i) for i in seen])
    recommend = rnd.sample(items + private, 12)
    await e.upsert.execute(
        principal(e.admin), e.ws.id, [e.rec(e.bob, i, rnd.random()) for i in recommend]
    )
    bound = items[-1].created_at
    shown: list[str] = []
    arrived: list[str] = []
    token, session = "", ""
    for _ in range(30):
        page = await e.feed.execute(principal(e.bob), e.ws.id, "", 4, token)
        session = session or page.session_id
        assert page.session_id == session
        shown += [x.item.id for x in page.entries]
        for x in page.entries:
            assert x.recommendation is not None or x.item.created_at <= bound
        new = await e.items(2)
        arrived += [i.id for i in new]
        await e.upsert.execute(principal(e.admin), e.ws.id, [e.rec(e.bob, new[0], 0.99)])
        late = rnd.choice(items)
        await e.upsert.execute(principal(e.admin), e.ws.id, [e.rec(e.bob, late, 0.5, "v9")])
        if not (token := page.next_token):
            break
    assert not token, "the session ran out within 30 pages"
    assert len(shown) == len(set(shown)), "no item twice in a session"
    assert not set(shown) & {i.id for i in seen}, "no seen item"
    expected = {i.id for i in items} - {i.id for i in seen}
    assert expected <= set(shown), "every unseen public item of the snapshot is shown"
    assert {i.id for i in private if i in recommend} - {i.id for i in seen} <= set(shown)
    assert set(shown) - expected - {i.id for i in private} <= set(arrived)


async def test_a_new_session_starts_again_and_skips_what_the_user_has_seen(e) -> None:
    items = await e.items(3)
    first = await e.feed.execute(principal(e.bob), e.ws.id, "", 10, "")
    assert [x.item.id for x in first.entries] == [i.id for i in reversed(items)]
    await e.record.execute(principal(e.bob), e.ws.id, [e.new(items[1])])
    again = await e.feed.execute(principal(e.bob), e.ws.id, "", 10, "")
    assert again.session_id != first.session_id
    assert [x.item.id for x in again.entries] == [items[2].id, items[0].id]


async def test_a_token_is_bound_to_its_user_and_cannot_be_forged(e) -> None:
    await e.items(5)
    page = await e.feed.execute(principal(e.bob), e.ws.id, "", 2, "")
    assert page.next_token
    for who, token in ((e.alice, page.next_token), (e.bob, page.next_token[:-2] + "xx")):
        with pytest.raises(InvalidArgument) as exc:
            await e.feed.execute(principal(who), e.ws.id, "", 2, token)
        assert exc.value.violations[0].field == "page_token"


async def test_another_members_feed_needs_an_admin(e) -> None:
    await e.items(2)
    with pytest.raises(PermissionDenied):
        await e.feed.execute(principal(e.alice), e.ws.id, e.bob.id, 2, "")
    page = await e.feed.execute(principal(e.admin), e.ws.id, e.bob.id, 2, "")
    assert len(page.entries) == 2


async def test_racing_pages_of_one_session_never_show_an_item_twice(e) -> None:
    await e.items(30)
    first = await e.feed.execute(principal(e.bob), e.ws.id, "", 3, "")
    pages = await asyncio.gather(
        *(e.feed.execute(principal(e.bob), e.ws.id, "", 4, first.next_token) for _ in range(4))
    )
    shown = [x.item.id for p in (first, *pages) for x in p.entries]
    assert len(shown) == len(set(shown)) == 19
