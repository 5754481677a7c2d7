"""ListContent's requests: filters checked before any store, tokens bound to their query."""

from __future__ import annotations

import math

import pytest

from domain.content.items import NewContent
from domain.content.listing import content_filter
from domain.content.values import ContentSort
from domain.kernel.errors import InvalidArgument
from tests.unit.domain.content_kit import C


@pytest.fixture
def c(uow, clock) -> C:
    return C.over(uow, clock)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "library")


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"tags_any": ("",)}, "tags_any"),
        ({"tags_all": tuple(f"t{i}" for i in range(33))}, "tags_all"),
        ({"metadata_has_key": "k" * 256}, "metadata_has_key"),
        ({"min_quality": math.inf}, "min_quality"),
        ({"min_quality": 2.0}, "min_quality"),
        ({"query": "q" * 256}, "query"),
    ],
)
def test_a_bad_filter_is_refused_naming_its_field(given, field) -> None:
    with pytest.raises(InvalidArgument) as exc:
        content_filter("ws", **given)
    assert [v.field for v in exc.value.violations] == [field]


async def test_a_page_token_works_only_for_its_own_filters_and_sort(c, alice, clock, ws) -> None:
    for n in range(3):
        await c.create.execute(alice.principal, NewContent(ws.id, f"Item {n}"))
        clock.advance(1)
    everything = content_filter(ws.id)
    first = await c.list.execute(alice.principal, everything, ContentSort.NEWEST, 2, "")
    assert [i.title for i in first.items] == ["Item 2", "Item 1"]
    rest = await c.list.execute(
        alice.principal, everything, ContentSort.NEWEST, 2, first.next_token
    )
    assert [i.title for i in rest.items] == ["Item 0"] and rest.next_token == ""
    for filt, sort in (
        (everything, ContentSort.OLDEST),
        (content_filter(ws.id, query="x"), ContentSort.NEWEST),
    ):
        with pytest.raises(InvalidArgument) as exc:
            await c.list.execute(alice.principal, filt, sort, 2, first.next_token)
        assert [v.field for v in exc.value.violations] == ["page_token"]
    with pytest.raises(InvalidArgument):
        await c.list.execute(alice.principal, everything, ContentSort.NEWEST, 2, "forged")


async def test_an_offset_page_carries_the_exact_total(c, alice, clock, ws) -> None:
    for n in range(5):
        await c.create.execute(alice.principal, NewContent(ws.id, f"Item {n}"))
        clock.advance(1)
    page = await c.list.execute(
        alice.principal, content_filter(ws.id), ContentSort.OLDEST, 2, "", 2
    )
    assert [i.title for i in page.items] == ["Item 2", "Item 3"]
    assert (page.total_size, page.total_is_estimate) == (5, False)
    with pytest.raises(InvalidArgument):
        await c.list.execute(
            alice.principal, content_filter(ws.id), ContentSort.OLDEST, 2, page.next_token, 2
        )
