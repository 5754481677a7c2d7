"""Digests: one a day per user, ranked items added all or none, delivery moves, roles."""

from __future__ import annotations

import math

import pytest

from domain.content.digest_model import DigestStatus
from domain.content.digest_values import NewDigestItem
from domain.content.items import NewContent
from domain.kernel.errors import (
    AlreadyExists,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from domain.kernel.roles import Role
from tests.unit.domain.content_kit import C
from tests.unit.domain.digests_kit import D


@pytest.fixture
def d(uow, clock) -> D:
    return D.over(uow, clock)


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "studio")


@pytest.fixture
async def items(uow, clock, alice, ws) -> list[str]:
    c = C.over(uow, clock)
    return [
        (await c.create.execute(alice.principal, NewContent(ws.id, f"T{n}"))).id for n in range(4)
    ]


async def test_a_second_create_for_the_same_user_and_day_returns_the_first(d, alice, ws) -> None:
    first = await d.create.execute(alice.principal, ws.id, "", "2026-11-30")
    again = await d.create.execute(alice.principal, ws.id, alice.principal.user_id, "2026-11-30")
    other_day = await d.create.execute(alice.principal, ws.id, "", "2026-12-01")
    assert (first.created, again.created, other_day.created) == (True, False, True)
    assert again.digest.id == first.digest.id != other_day.digest.id
    assert first.digest.status == DigestStatus.PENDING


@pytest.mark.parametrize("day", ["", "2026-13-01", "2026-02-30", "20261130", "2026-1-01", "x" * 10])
async def test_a_day_not_written_yyyy_mm_dd_is_refused(d, alice, ws, day) -> None:
    with pytest.raises(InvalidArgument) as err:
        await d.create.execute(alice.principal, ws.id, "", day)
    assert err.value.violations[0].field == "digest_date"


async def test_members_create_their_own_digests_and_admins_anyones(d, world, alice, ws) -> None:
    bob = await world.member(ws, alice, "bob", Role.MEMBER)
    carol = await world.member(ws, alice, "carol", Role.MEMBER)
    with pytest.raises(PermissionDenied):
        await d.create.execute(bob.principal, ws.id, carol.principal.user_id, "2026-11-30")
    made = await d.create.execute(alice.principal, ws.id, bob.principal.user_id, "2026-11-30")
    assert made.digest.user_id == bob.principal.user_id
    stranger = await world.person("dave")
    with pytest.raises(NotFound):
        await d.create.execute(alice.principal, ws.id, stranger.principal.user_id, "2026-11-30")


async def test_items_come_back_in_rank_order_and_a_repeat_changes_nothing(
    d, alice, ws, items
) -> None:
    digest = (await d.create.execute(alice.principal, ws.id, "", "2026-11-30")).digest
    batch = (NewDigestItem(items[0], 2, 0.5, "because"), NewDigestItem(items[1], 1, 0.9))
    added = await d.add_items.execute(alice.principal, ws.id, digest.id, batch)
    again = await d.add_items.execute(alice.principal, ws.id, digest.id, batch)
    got = await d.get.execute(alice.principal, ws.id, digest.id)
    assert [i.rank for i in got.items] == [1, 2]
    assert [i.content_item_id for i in got.items] == [items[1], items[0]]
    assert [i.id for i in again.items] == [i.id for i in added.items] == [i.id for i in got.items]
    assert got.digest.item_count == 2


async def test_a_batch_with_a_taken_rank_adds_nothing(d, alice, ws, items) -> None:
    digest = (await d.create.execute(alice.principal, ws.id, "", "2026-11-30")).digest
    await d.add_items.execute(alice.principal, ws.id, digest.id, (NewDigestItem(items[0], 1),))
    clash = (NewDigestItem(items[1], 2), NewDigestItem(items[2], 1))
    with pytest.raises(AlreadyExists) as err:
        await d.add_items.execute(alice.principal, ws.id, digest.id, clash)
    assert err.value.field == "items[1].rank"
    twice = (NewDigestItem(items[3], 3), NewDigestItem(items[0], 4))
    with pytest.raises(AlreadyExists):
        await d.add_items.execute(alice.principal, ws.id, digest.id, twice)
    got = await d.get.execute(alice.principal, ws.id, digest.id)
    assert [i.content_item_id for i in got.items] == [items[0]]
    assert got.digest.item_count == 1


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (NewDigestItem("", 1), "items[0].content_item_id"),
        (NewDigestItem("x", 0), "items[0].rank"),
        (NewDigestItem("x", 1001), "items[0].rank"),
        (NewDigestItem("x", 1, 1.5), "items[0].score"),
        (NewDigestItem("x", 1, math.nan), "items[0].score"),
        (NewDigestItem("x", 1, 0.5, "r" * 1001), "items[0].reason"),
    ],
)
async def test_bad_items_are_refused_naming_the_field(d, alice, ws, item, field) -> None:
    digest = (await d.create.execute(alice.principal, ws.id, "", "2026-11-30")).digest
    with pytest.raises(InvalidArgument) as err:
        await d.add_items.execute(alice.principal, ws.id, digest.id, (item,))
    assert err.value.violations[0].field == field


async def test_an_unknown_content_item_is_not_found_and_adds_nothing(d, alice, ws, items) -> None:
    digest = (await d.create.execute(alice.principal, ws.id, "", "2026-11-30")).digest
    batch = (NewDigestItem(items[0], 1), NewDigestItem("0190a000-0000-7000-8000-000000000000", 2))
    with pytest.raises(NotFound):
        await d.add_items.execute(alice.principal, ws.id, digest.id, batch)
    assert (await d.get.execute(alice.principal, ws.id, digest.id)).items == []


async def test_a_list_is_one_users_newest_day_first_filtered_by_status(d, world, alice, ws) -> None:
    bob = await world.member(ws, alice, "bob", Role.VIEWER)
    days = [f"2026-11-{n:02d}" for n in range(1, 8)]
    made = [(await d.create.execute(alice.principal, ws.id, "", day)).digest for day in days]
    await d.create.execute(alice.principal, ws.id, bob.principal.user_id, "2026-11-05")
    await d.mark.execute(alice.principal, ws.id, made[2].id, DigestStatus.SENT)
    seen, token = [], ""
    while True:
        page = await d.list.execute(bob.principal, ws.id, alice.principal.user_id, None, 3, token)
        seen += [x.digest_date.isoformat() for x in page.items]
        if not (token := page.next_token):
            break
    assert seen == days[::-1]
    sent = await d.list.execute(alice.principal, ws.id, "", DigestStatus.SENT, 0, "")
    assert [x.id for x in sent.items] == [made[2].id]
    with pytest.raises(InvalidArgument):
        await d.list.execute(
            alice.principal, ws.id, "", DigestStatus.PENDING, 3, page.next_token or "x"
        )
